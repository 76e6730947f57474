using System.Globalization;

namespace Station.Core.Tests.Orbits;

/// <summary>One row of tcppver.out: minutes since epoch, TEME position (km) and velocity (km/s).</summary>
internal readonly record struct ValladoRow(double Minutes, double X, double Y, double Z, double Vx, double Vy, double Vz);

/// <summary>One case of tcppver.out: the "NNNNN xx" header and its rows.</summary>
internal sealed record ValladoCase(int CatalogNumber, List<ValladoRow> Rows);

/// <summary>Reads tcppver.out (Vallado's testcpp output).</summary>
internal static class ValladoReferenceOutput
{
    public static List<ValladoCase> Read(string path)
    {
        var cases = new List<ValladoCase>();
        foreach (string raw in File.ReadLines(path))
        {
            string[] f = raw.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length == 0)
            {
                continue;
            }

            if (f.Length == 2 && f[1] == "xx")
            {
                cases.Add(new ValladoCase(int.Parse(f[0], CultureInfo.InvariantCulture), []));
                continue;
            }

            double P(int i) => double.Parse(f[i], CultureInfo.InvariantCulture);
            cases[^1].Rows.Add(new ValladoRow(P(0), P(1), P(2), P(3), P(4), P(5), P(6)));
        }

        return cases;
    }
}

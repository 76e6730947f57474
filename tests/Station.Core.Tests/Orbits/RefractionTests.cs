using FsCheck.Xunit;
using Station.Core.Orbits;
using UnitsNet;
using Xunit.Abstractions;

namespace Station.Core.Tests.Orbits;

public class RefractionTests(ITestOutputHelper output)
{
    [Fact]
    public void Bennett_and_refract_match_skyfield()
    {
        FixtureCsv csv = FixtureCsv.Load("skyfield", "refraction.csv");
        var bennett = new MaxError("refraction(apparent), deg");
        var forward = new MaxError("geometric -> apparent vs skyfield refract(), deg");
        foreach (string[] row in csv.Rows)
        {
            double alt = csv.Num(row, "alt_deg");
            double t = csv.Num(row, "temp_c");
            double p = csv.Num(row, "pressure_mbar");
            string where = $"{alt} deg {t} C {p} mbar";
            bennett.Add(Refraction.BennettDeg(alt, t, p) - csv.Num(row, "refraction_at_apparent_deg"), where);
            forward.Add(Refraction.ApparentFromGeometricDeg(alt, t, p) - csv.Num(row, "apparent_from_geometric_deg"), where);
        }

        output.WriteLine(bennett.ToString());
        output.WriteLine(forward.ToString());
        Assert.True(bennett.Value < 1e-9, bennett.ToString());
        // skyfield stops iterating at a 3e-5 deg step; we iterate to convergence.
        Assert.True(forward.Value < 3e-5, forward.ToString());
    }

    [Fact]
    public void Domain_edges_follow_skyfield()
    {
        Assert.Equal(0.0, Refraction.BennettDeg(-1.0001, 10, 1010));
        Assert.Equal(0.0, Refraction.BennettDeg(89.95, 10, 1010));
        Assert.True(Refraction.BennettDeg(-1.0, 10, 1010) > 0.8);
        Assert.Equal(-1.5, Refraction.ApparentFromGeometricDeg(-1.5, 10, 1010));
        Assert.InRange(Refraction.ApparentFromGeometricDeg(0.0, 10, 1010), 0.47, 0.50);   // ~29′ at the horizon
        Assert.Equal(Refraction.StandardPressureMbar(3153), 1010 * Math.Exp(-3153 / 9100.0), 12);
    }

    [Fact]
    public void UnitsNet_overloads()
    {
        Angle app = Refraction.ApparentFromGeometric(Angle.FromDegrees(10), Temperature.FromDegreesCelsius(10), Pressure.FromHectopascals(1010));
        Assert.Equal(Refraction.ApparentFromGeometricDeg(10, 10, 1010), app.Degrees, 12);
        Angle geo = Refraction.GeometricFromApparent(app, Temperature.FromDegreesCelsius(10), Pressure.FromMillibars(1010));
        Assert.Equal(10.0, geo.Degrees, 9);
    }

    // For any geometric elevation above the −1° cut and any plausible weather, the inverse undoes the forward mapping.
    [Property(MaxTest = 500)]
    public bool Apparent_then_geometric_round_trips(ushort elevationCode, byte tempCode, byte pressureCode)
    {
        double geometric = -0.5 + (elevationCode / (double)ushort.MaxValue * 89.3);
        double t = -40.0 + (tempCode / 255.0 * 80.0);
        double p = 500.0 + (pressureCode / 255.0 * 600.0);
        double apparent = Refraction.ApparentFromGeometricDeg(geometric, t, p);
        return apparent >= geometric && Math.Abs(Refraction.GeometricFromApparentDeg(apparent, t, p) - geometric) < 1e-9;
    }
}

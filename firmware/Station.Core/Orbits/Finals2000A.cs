using System.Globalization;

namespace Station.Core.Orbits;

/// <summary>Thrown when an Earth orientation file does not parse; the message names the line and column.</summary>
public sealed class EarthOrientationFormatException : FormatException
{
    public EarthOrientationFormatException()
    {
    }

    public EarthOrientationFormatException(string message)
        : base(message)
    {
    }

    public EarthOrientationFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public EarthOrientationFormatException(int line, int column, string message)
        : base($"line {line}, column {column}: {message}")
    {
        Line = line;
        Column = column;
    }

    /// <summary>1-based line number of the fault.</summary>
    public int Line { get; }

    /// <summary>1-based column of the fault (the first column of the field).</summary>
    public int Column { get; }
}

/// <summary>
/// Parser for the IERS Rapid Service fixed-column <c>finals2000A</c> files (<c>finals2000A.all/.data/.daily</c>).
/// Uses MJD (cols 8–15), polar motion x/y (19–27, 38–46, arcsec), UT1 − UTC (59–68, s) and LOD (80–86, ms) of
/// Bulletin A, and prefers the Bulletin B x/y/UT1 − UTC (135–144, 145–154, 155–165) where present.
/// Rows that only reserve a date (no polar motion and no UT1) are skipped.
/// </summary>
public static class Finals2000A
{
    /// <summary>Parses finals2000A text. Throws <see cref="EarthOrientationFormatException"/> naming line and column.</summary>
    public static EarthOrientation Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        using var reader = new StringReader(text);
        return Parse(reader);
    }

    /// <summary>Reads and parses a finals2000A file.</summary>
    public static EarthOrientation Load(string path)
    {
        using var reader = new StreamReader(path);
        return Parse(reader);
    }

    public static EarthOrientation Parse(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var mjd = new List<double>();
        var dut1 = new List<double>();
        var xp = new List<double>();
        var yp = new List<double>();
        var lod = new List<double>();
        int lineNo = 0;
        string? line;
        while ((line = reader.ReadLine()) != null)
        {
            lineNo++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            double m = Field(line, lineNo, 8, 15, "MJD") ?? throw new EarthOrientationFormatException(lineNo, 8, "MJD (columns 8-15) is missing");
            double? xA = Field(line, lineNo, 19, 27, "Bulletin A PM-x");
            double? yA = Field(line, lineNo, 38, 46, "Bulletin A PM-y");
            double? dA = Field(line, lineNo, 59, 68, "Bulletin A UT1-UTC");
            if (xA is null && yA is null && dA is null)
            {
                continue;   // a date the IERS has reserved but not yet filled
            }

            if (xA is null || yA is null || dA is null)
            {
                int col = xA is null ? 19 : yA is null ? 38 : 59;
                throw new EarthOrientationFormatException(lineNo, col, "Bulletin A polar motion and UT1-UTC must all be present");
            }

            double? lodMs = Field(line, lineNo, 80, 86, "Bulletin A LOD");
            double? xB = Field(line, lineNo, 135, 144, "Bulletin B PM-x");
            double? yB = Field(line, lineNo, 145, 154, "Bulletin B PM-y");
            double? dB = Field(line, lineNo, 155, 165, "Bulletin B UT1-UTC");
            bool useB = xB is not null && yB is not null && dB is not null;

            if (mjd.Count > 0 && !(m > mjd[^1]))
            {
                throw new EarthOrientationFormatException(lineNo, 8, $"MJD {m.ToString(CultureInfo.InvariantCulture)} does not follow MJD {mjd[^1].ToString(CultureInfo.InvariantCulture)}");
            }

            mjd.Add(m);
            xp.Add(useB ? xB!.Value : xA.Value);
            yp.Add(useB ? yB!.Value : yA.Value);
            dut1.Add(useB ? dB!.Value : dA.Value);
            lod.Add((lodMs ?? 0.0) / 1000.0);
        }

        return new EarthOrientation([.. mjd], [.. dut1], [.. xp], [.. yp], [.. lod]);
    }

    // Reads 1-based inclusive columns [first, last]; null if blank or beyond the line's end.
    private static double? Field(string line, int lineNo, int first, int last, string what)
    {
        if (line.Length < first)
        {
            return null;
        }

        int end = Math.Min(last, line.Length);
        ReadOnlySpan<char> s = line.AsSpan(first - 1, end - first + 1).Trim();
        if (s.IsEmpty)
        {
            return null;
        }

        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
        {
            throw new EarthOrientationFormatException(lineNo, first, $"{what} (columns {first}-{last}) is not a number: '{s.ToString()}'");
        }

        return v;
    }
}

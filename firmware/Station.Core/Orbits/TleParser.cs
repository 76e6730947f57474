using System.Globalization;

namespace Station.Core.Orbits;

/// <summary>
/// Parses two-line element sets (optionally with a name line, with or without the "0 " prefix), checking
/// each field against the fixed-column format: line numbers, lengths, separators, numbers, ranges,
/// catalogue numbers (Alpha-5 included) and checksums.
/// </summary>
public static class TleParser
{
    /// <summary>Standard TLE line length; column 69 holds the checksum.</summary>
    public const int LineLength = 69;

    /// <summary>Parses one element set, enforcing or warning about checksums; throws when it is malformed.</summary>
    /// <exception cref="ArgumentNullException">A line is null.</exception>
    /// <exception cref="TleFormatException">The set is malformed; the exception lists every problem.</exception>
    public static ElementSet Parse(string line1, string line2, string? name = null, ChecksumPolicy checksumPolicy = ChecksumPolicy.Enforce)
    {
        TleParseResult result = ParseSet(name, line1, line2, checksumPolicy);
        return result.Entry?.Elements ?? throw new TleFormatException(result.Errors);
    }

    /// <summary>
    /// Parses one element set without throwing for malformed input. Lines are numbered as in a file holding
    /// just this set: name line 1 (when given), then the two element lines.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="line1"/> or <paramref name="line2"/> is null.</exception>
    public static TleParseResult ParseSet(string? nameLine, string line1, string line2, ChecksumPolicy checksumPolicy = ChecksumPolicy.Enforce)
    {
        ArgumentNullException.ThrowIfNull(line1);
        ArgumentNullException.ThrowIfNull(line2);
        int first = nameLine is null ? 1 : 2;
        return ParseSet(nameLine, 1, line1, first, line2, first + 1, checksumPolicy);
    }

    /// <summary>Parses one set whose lines sit at the given line numbers of a larger text.</summary>
    internal static TleParseResult ParseSet(string? nameLine, int nameLineNumber, string line1, int line1Number,
        string line2, int line2Number, ChecksumPolicy checksumPolicy)
    {
        var errors = new List<TleDiagnostic>();
        var warnings = new List<TleDiagnostic>();
        var checksumProblems = checksumPolicy == ChecksumPolicy.Warn ? warnings : errors;

        var l1 = new TleLine(line1.TrimEnd(), line1Number, '1', errors, checksumProblems);
        var l2 = new TleLine(line2.TrimEnd(), line2Number, '2', errors, checksumProblems);
        bool line1Usable = l1.CheckFrame(allowExtraNumbers: false);
        bool line2Usable = l2.CheckFrame(allowExtraNumbers: true);
        if (!line1Usable || !line2Usable)
        {
            return new TleParseResult(null, errors, warnings);
        }

        // ---- line 1 ----
        l1.ExpectSpaces(2, 9, 18, 33, 44, 53, 62, 64);
        (int catalogNumber, string catalogText) = l1.CatalogNumber();
        char classification = l1.Classification();
        string designator = l1.Text(10, 17);
        int epochYear = l1.Integer(19, 20, "epoch year", "2 digits", 0, 99, allowBlank: false);
        double epochDay = l1.Number(21, 32, "epoch day", "day of year DDD.DDDDDDDD", 1.0, 367.0, maxExclusive: true);
        double ndotOver2 = l1.Number(34, 43, "mean motion derivative / 2", "a number such as -.00001234", -1.0, 1.0);
        double nddotOver6 = l1.Exponent(45, 52, "mean motion second derivative / 6");
        double bstar = l1.Exponent(54, 61, "B*");
        int ephemerisType = l1.Integer(63, 63, "ephemeris type", "a digit", 0, 9, allowBlank: true);
        int elementSetNumber = l1.Integer(65, 68, "element set number", "up to 4 digits", 0, 9999, allowBlank: true);
        l1.Checksum();

        // ---- line 2 ----
        l2.ExpectSpaces(2, 8, 17, 26, 34, 43, 52);
        (int catalogNumber2, string catalogText2) = l2.CatalogNumber();
        if (catalogNumber >= 0 && catalogNumber2 >= 0 && catalogNumber != catalogNumber2)
        {
            errors.Add(new TleDiagnostic(line2Number, 3, 7,
                $"catalogue number {catalogText2} does not match line 1's {catalogText}"));
        }

        double inclination = l2.Number(9, 16, "inclination", "degrees 0 to 180", 0.0, 180.0);
        double raan = l2.Number(18, 25, "right ascension of the node", "degrees 0 to 360", 0.0, 360.0);
        double eccentricity = l2.ImpliedDecimal(27, 33, "eccentricity");
        double argPerigee = l2.Number(35, 42, "argument of perigee", "degrees 0 to 360", 0.0, 360.0);
        double meanAnomaly = l2.Number(44, 51, "mean anomaly", "degrees 0 to 360", 0.0, 360.0);
        double meanMotion = l2.Number(53, 63, "mean motion", "revolutions per day > 0", 0.0, 100.0, minExclusive: true);
        int revolution = l2.Integer(64, 68, "revolution number", "up to 5 digits", 0, 99999, allowBlank: true);
        l2.Checksum();
        ValladoTimeRange? timeRange = l2.ExtraTimeRange();

        if (errors.Count > 0)
        {
            return new TleParseResult(null, errors, warnings);
        }

        // Two-digit years: 57–99 are 1957–1999 (the first satellites), 00–56 are 2000–2056.
        int year = epochYear < 57 ? 2000 + epochYear : 1900 + epochYear;
        double wholeDay = Math.Floor(epochDay);
        double jdWhole = JulianDate.WholeForDate(year, 1, 1) - 1.0 + wholeDay;
        // Read the fraction from its own digits: "078.12958500" - 78 would keep the day's rounding (~1e-14 day).
        string dayText = line1[20..32].Trim();
        int point = dayText.IndexOf('.', StringComparison.Ordinal);
        double jdFraction = point < 0 ? 0.0 : double.Parse("0" + dayText[point..], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        var elements = new ElementSet
        {
            CatalogNumber = catalogNumber,
            CatalogNumberText = catalogText,
            Name = CleanName(nameLine),
            InternationalDesignator = designator,
            Classification = classification,
            EpochUtc = JulianDate.ToUtc(jdWhole, jdFraction),
            EpochJulianDateWhole = jdWhole,
            EpochJulianDateFraction = jdFraction,
            MeanMotionRevPerDay = meanMotion,
            MeanMotionDotOver2RevPerDay2 = ndotOver2,
            MeanMotionDdotOver6RevPerDay3 = nddotOver6,
            BStar = bstar,
            InclinationDeg = inclination,
            RightAscensionOfAscendingNodeDeg = raan,
            Eccentricity = eccentricity,
            ArgumentOfPerigeeDeg = argPerigee,
            MeanAnomalyDeg = meanAnomaly,
            ElementSetNumber = elementSetNumber,
            RevolutionNumberAtEpoch = revolution,
            EphemerisType = ephemerisType,
        };
        int firstLine = nameLine is null ? line1Number : nameLineNumber;
        return new TleParseResult(new TleEntry(elements, firstLine, timeRange), errors, warnings);
    }

    /// <summary>The TLE checksum of a line's first 68 columns: digits summed, '-' counting 1, modulo 10.</summary>
    public static int ComputeChecksum(ReadOnlySpan<char> line)
    {
        int sum = 0;
        foreach (char c in line[..Math.Min(line.Length, LineLength - 1)])
        {
            if (char.IsAsciiDigit(c))
            {
                sum += c - '0';
            }
            else if (c == '-')
            {
                sum++;
            }
        }

        return sum % 10;
    }

    /// <summary>Strips the "0 " prefix of 3LE name lines and surrounding blanks; null for an empty name.</summary>
    internal static string? CleanName(string? nameLine)
    {
        if (nameLine is null)
        {
            return null;
        }

        string name = nameLine.Trim();
        if (name.StartsWith("0 ", StringComparison.Ordinal))
        {
            name = name[2..].Trim();
        }

        return name.Length == 0 ? null : name;
    }

    internal static string Invariant(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}

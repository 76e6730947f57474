using System.Globalization;
using System.Text.RegularExpressions;

namespace Station.Core.Orbits;

/// <summary>
/// Turns the keyword/value pairs of one OMM (from JSON or XML alike) into an <see cref="ElementSet"/>,
/// checking presence, number format and range of each field.
/// </summary>
internal static partial class OmmFields
{
    public static ElementSet? ToElementSet(int index, IReadOnlyDictionary<string, string> fields, List<OmmDiagnostic> errors)
    {
        string? name = Optional(fields, "OBJECT_NAME");
        int errorCount = errors.Count;
        void Error(string field, string problem) => errors.Add(new OmmDiagnostic(index, name, field, problem));

        // Only SGP4 mean elements in TEME/UTC can be fed to SGP4.
        ExpectIfPresent(fields, "MEAN_ELEMENT_THEORY", "SGP4", Error);
        ExpectIfPresent(fields, "REF_FRAME", "TEME", Error);
        ExpectIfPresent(fields, "TIME_SYSTEM", "UTC", Error);
        ExpectIfPresent(fields, "CENTER_NAME", "EARTH", Error);

        (double whole, double fraction)? epoch = Epoch(fields, Error);
        double meanMotion = Number(fields, "MEAN_MOTION", "revolutions per day > 0", v => v > 0.0 && v < 100.0, Error);
        double eccentricity = Number(fields, "ECCENTRICITY", "0 <= e < 1", v => v is >= 0.0 and < 1.0, Error);
        double inclination = Number(fields, "INCLINATION", "degrees 0 to 180", v => v is >= 0.0 and <= 180.0, Error);
        double raan = Number(fields, "RA_OF_ASC_NODE", "degrees 0 to 360", v => v is >= 0.0 and <= 360.0, Error);
        double argPerigee = Number(fields, "ARG_OF_PERICENTER", "degrees 0 to 360", v => v is >= 0.0 and <= 360.0, Error);
        double meanAnomaly = Number(fields, "MEAN_ANOMALY", "degrees 0 to 360", v => v is >= 0.0 and <= 360.0, Error);
        double bstar = Number(fields, "BSTAR", "a number (inverse Earth radii)", double.IsFinite, Error);
        double ndot = Number(fields, "MEAN_MOTION_DOT", "a number (rev/day²)", double.IsFinite, Error, defaultValue: 0.0);
        double nddot = Number(fields, "MEAN_MOTION_DDOT", "a number (rev/day³)", double.IsFinite, Error, defaultValue: 0.0);
        int catalogNumber = Integer(fields, "NORAD_CAT_ID", "a catalogue number >= 0", 0, int.MaxValue, Error, defaultValue: null);
        int ephemerisType = Integer(fields, "EPHEMERIS_TYPE", "a digit", 0, 9, Error, defaultValue: 0);
        int elementSetNumber = Integer(fields, "ELEMENT_SET_NO", "an integer >= 0", 0, int.MaxValue, Error, defaultValue: 0);
        int revolution = Integer(fields, "REV_AT_EPOCH", "an integer >= 0", 0, int.MaxValue, Error, defaultValue: 0);
        char classification = 'U';
        if (Optional(fields, "CLASSIFICATION_TYPE") is { } c)
        {
            if (c is "U" or "C" or "S")
            {
                classification = c[0];
            }
            else
            {
                Error("CLASSIFICATION_TYPE", $"'{c}' is not a classification, expected U, C or S");
            }
        }

        if (errors.Count > errorCount || epoch is not { } e)
        {
            return null;
        }

        return new ElementSet
        {
            CatalogNumber = catalogNumber,
            CatalogNumberText = catalogNumber.ToString(CultureInfo.InvariantCulture),
            Name = name,
            InternationalDesignator = Optional(fields, "OBJECT_ID") ?? "",
            Classification = classification,
            EpochUtc = JulianDate.ToUtc(e.whole, e.fraction),
            EpochJulianDateWhole = e.whole,
            EpochJulianDateFraction = e.fraction,
            MeanMotionRevPerDay = meanMotion,
            MeanMotionDotOver2RevPerDay2 = ndot,
            MeanMotionDdotOver6RevPerDay3 = nddot,
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
    }

    private static string? Optional(IReadOnlyDictionary<string, string> fields, string key) =>
        fields.TryGetValue(key, out string? v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

    private static void ExpectIfPresent(IReadOnlyDictionary<string, string> fields, string key, string expected, Action<string, string> error)
    {
        if (Optional(fields, key) is { } value && !string.Equals(value, expected, StringComparison.OrdinalIgnoreCase))
        {
            error(key, $"'{value}', expected {expected}");
        }
    }

    private static double Number(IReadOnlyDictionary<string, string> fields, string key, string expected,
        Func<double, bool> isValid, Action<string, string> error, double? defaultValue = null)
    {
        string? text = Optional(fields, key);
        if (text is null)
        {
            if (defaultValue is null)
            {
                error(key, $"missing, expected {expected}");
            }

            return defaultValue ?? 0.0;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
        {
            error(key, $"'{text}' is not a number, expected {expected}");
            return 0.0;
        }

        if (!isValid(value))
        {
            error(key, $"{TleParser.Invariant(value)} is out of range, expected {expected}");
        }

        return value;
    }

    private static int Integer(IReadOnlyDictionary<string, string> fields, string key, string expected, int min, int max,
        Action<string, string> error, int? defaultValue)
    {
        string? text = Optional(fields, key);
        if (text is null)
        {
            if (defaultValue is null)
            {
                error(key, $"missing, expected {expected}");
            }

            return defaultValue ?? 0;
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value))
        {
            error(key, $"'{text}' is not an integer, expected {expected}");
            return 0;
        }

        if (value < min || value > max)
        {
            error(key, $"{value} is out of range, expected {expected}");
        }

        return value;
    }

    /// <summary>Reads EPOCH (calendar <c>yyyy-MM-ddTHH:mm:ss.ffffff</c> or day-of-year <c>yyyy-DDDTHH:mm:ss</c>, optional Z) at full precision.</summary>
    private static (double Whole, double Fraction)? Epoch(IReadOnlyDictionary<string, string> fields, Action<string, string> error)
    {
        const string Expected = "an ISO 8601 UTC time such as 2025-02-14T14:36:48.662784";
        string? text = Optional(fields, "EPOCH");
        if (text is null)
        {
            error("EPOCH", $"missing, expected {Expected}");
            return null;
        }

        Match m = EpochPattern().Match(text);
        if (!m.Success)
        {
            error("EPOCH", $"'{text}' is not a time, expected {Expected}");
            return null;
        }

        int I(string group) => int.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);
        int year = I("year");
        int hour = I("hour");
        int minute = I("minute");
        double seconds = double.Parse(m.Groups["second"].Value, CultureInfo.InvariantCulture);
        double whole;
        if (m.Groups["doy"].Success)
        {
            int doy = I("doy");
            bool ok = doy >= 1 && doy <= (DateTime.IsLeapYear(year) ? 366 : 365);
            whole = ok ? JulianDate.WholeForDate(year, 1, 1) + doy - 1 : double.NaN;
        }
        else
        {
            int month = I("month");
            int day = I("day");
            bool ok = year >= 1 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month);
            whole = ok ? JulianDate.WholeForDate(year, month, day) : double.NaN;
        }

        if (double.IsNaN(whole) || hour > 23 || minute > 59 || seconds >= 60.0)
        {
            error("EPOCH", $"'{text}' is not a valid date and time, expected {Expected}");
            return null;
        }

        return (whole, ((hour * 3600.0) + (minute * 60.0) + seconds) / 86400.0);
    }

    [GeneratedRegex(@"^(?<year>\d{4})-(?:(?<month>\d{2})-(?<day>\d{2})|(?<doy>\d{3}))T(?<hour>\d{2}):(?<minute>\d{2}):(?<second>\d{2}(?:\.\d+)?)Z?$",
        RegexOptions.CultureInvariant)]
    private static partial Regex EpochPattern();
}

using System.Globalization;

namespace Station.Core.Orbits;

/// <summary>Built-in stations and parsing of <c>LAT,LON,HEIGHT_M</c> station strings.</summary>
public static class StationCatalog
{
    /// <summary>Delingha, Qinghai: 37°22′44.43″N 97°43′37.01″E, 3,153 m (Yin et al., Nature 582, 501, 2020).</summary>
    public static GroundStation Delingha { get; } = new("delingha", Dms(37, 22, 44.43), Dms(97, 43, 37.01), 3153.0);

    /// <summary>Nanshan, Xinjiang: 43°28′31.66″N 87°10′36.07″E, 2,028 m (Yin et al., Nature 582, 501, 2020).</summary>
    public static GroundStation Nanshan { get; } = new("nanshan", Dms(43, 28, 31.66), Dms(87, 10, 36.07), 2028.0);

    public static IReadOnlyList<GroundStation> All { get; } = [Delingha, Nanshan];

    /// <summary>Finds a built-in station by name, ignoring case; null if there is none.</summary>
    public static GroundStation? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (GroundStation s in All)
        {
            if (string.Equals(s.Name, name.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return s;
            }
        }

        return null;
    }

    /// <summary>
    /// A built-in station name, or <c>LAT,LON,HEIGHT_M</c> (decimal degrees north/east, negatives allowed; metres
    /// above the WGS-84 ellipsoid), e.g. <c>37.379,97.727,3153</c>. Throws <see cref="FormatException"/> saying what is wrong.
    /// </summary>
    public static GroundStation Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        GroundStation? named = Find(text);
        if (named is not null)
        {
            return named;
        }

        string[] parts = text.Split(',');
        if (parts.Length != 3)
        {
            throw new FormatException(
                $"Station '{text}' is neither a known station ({string.Join(", ", All.Select(s => s.Name))}) " +
                $"nor LAT,LON,HEIGHT_M: expected 3 comma-separated numbers, found {parts.Length} field(s).");
        }

        double lat = Number(parts[0], "latitude", text);
        double lon = Number(parts[1], "longitude", text);
        double h = Number(parts[2], "height", text);
        if (lat < -90.0 || lat > 90.0)
        {
            throw new FormatException($"Station '{text}': latitude {Fmt(lat)} is outside -90..90 degrees.");
        }

        if (lon < -180.0 || lon > 360.0)
        {
            throw new FormatException($"Station '{text}': longitude {Fmt(lon)} is outside -180..360 degrees.");
        }

        if (h < -1000.0 || h > 100_000.0)
        {
            throw new FormatException($"Station '{text}': height {Fmt(h)} m is outside -1000..100000 m.");
        }

        return new GroundStation(FormattableString.Invariant($"{lat},{lon},{h}"), lat, lon, h);
    }

    /// <summary>Non-throwing <see cref="Parse"/>; <paramref name="error"/> holds the message on failure.</summary>
    public static bool TryParse(string text, out GroundStation? station, out string? error)
    {
        try
        {
            station = Parse(text);
            error = null;
            return true;
        }
        catch (FormatException ex)
        {
            station = null;
            error = ex.Message;
            return false;
        }
    }

    private static double Number(string field, string what, string text)
    {
        string f = field.Trim();
        if (f.Length == 0)
        {
            throw new FormatException($"Station '{text}': {what} is empty.");
        }

        if (!double.TryParse(f, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
        {
            throw new FormatException($"Station '{text}': {what} '{f}' is not a decimal number.");
        }

        return v;
    }

    private static string Fmt(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static double Dms(int d, int m, double s) => d + (m / 60.0) + (s / 3600.0);
}

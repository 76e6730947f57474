using System.Globalization;
using System.Text;
using Station.Core.Orbits;

namespace Station.Cli.Orbits;

/// <summary>Bad command-line input for an orbit command; the message says what is wrong and is printed as is.</summary>
internal sealed class OrbitInputException(string message) : Exception(message)
{
    public OrbitInputException() : this("Bad input.") { }

    public OrbitInputException(string message, Exception inner) : this(message + " " + inner.Message) { }
}

/// <summary>Reading and checking what the orbit commands are given: TLE files, satellites, stations, times, air.</summary>
internal static class OrbitInput
{
    private static readonly string[] IsoFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd",
    ];

    /// <summary>Loads a TLE file; every rejected set is reported on <paramref name="error"/>. Fails if the file is missing or holds no usable set.</summary>
    public static TleCatalog LoadTle(FileInfo file, ChecksumPolicy checksums, TextWriter error)
    {
        if (!file.Exists)
        {
            throw new OrbitInputException($"TLE file '{file.FullName}' does not exist.");
        }

        TleCatalog catalog;
        try
        {
            using var reader = new StreamReader(file.FullName, Encoding.UTF8);
            catalog = TleCatalog.Parse(reader, checksums);
        }
        catch (IOException ex)
        {
            throw new OrbitInputException($"Cannot read TLE file '{file.FullName}':", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new OrbitInputException($"Cannot read TLE file '{file.FullName}':", ex);
        }

        foreach (TleDiagnostic d in catalog.Errors)
        {
            error.WriteLine($"# error: {file.Name}: {d.Message}");
        }

        foreach (TleDiagnostic d in catalog.Warnings)
        {
            error.WriteLine($"# warning: {file.Name}: {d.Message}");
        }

        if (catalog.ElementSets.Count == 0)
        {
            throw new OrbitInputException($"TLE file '{file.FullName}' holds no valid element set.");
        }

        return catalog;
    }

    /// <summary>
    /// The element sets a <c>--sat</c> value names: a catalogue number (<c>25544</c>, <c>00900</c>, Alpha-5 <c>A0001</c>)
    /// or a name, ignoring case. Fails naming the file when nothing matches.
    /// </summary>
    public static IReadOnlyList<ElementSet> Select(TleCatalog catalog, string id, FileInfo file)
    {
        string key = id.Trim();
        List<ElementSet> matches;
        if (int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out int number))
        {
            matches = [.. catalog.ElementSets.Where(e => e.CatalogNumber == number)];
        }
        else
        {
            matches = [.. catalog.ElementSets.Where(e =>
                string.Equals(e.CatalogNumberText, key, StringComparison.OrdinalIgnoreCase)
                || string.Equals(e.Name?.Trim(), key, StringComparison.OrdinalIgnoreCase))];
        }

        return matches.Count > 0 ? matches
            : throw new OrbitInputException($"--sat '{id}': no satellite with that catalogue number or name in '{file.Name}'.");
    }

    /// <summary>Of several sets for one satellite (a history file), the one whose epoch is nearest <paramref name="utc"/>.</summary>
    public static ElementSet Nearest(IReadOnlyList<ElementSet> sets, DateTime utc) =>
        sets.MinBy(e => Math.Abs((e.EpochUtc - utc).Ticks))!;

    /// <summary>A built-in station name or LAT,LON,HEIGHT_M.</summary>
    public static GroundStation Station(string text)
    {
        if (!StationCatalog.TryParse(text, out GroundStation? station, out string? problem))
        {
            throw new OrbitInputException($"--station: {problem}");
        }

        return station!;
    }

    /// <summary>An ISO 8601 time: with <c>Z</c> or an offset (converted to UTC), or without either (taken as UTC).</summary>
    public static DateTime Time(string text, string option)
    {
        if (!DateTime.TryParseExact(text.Trim(), IsoFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out DateTime utc))
        {
            throw new OrbitInputException($"{option} '{text}' is not an ISO 8601 UTC time such as 2026-03-19T00:00:00Z.");
        }

        return DateTime.SpecifyKind(utc, DateTimeKind.Utc);
    }

    /// <summary>A finite number within [min, max], else a message naming the option.</summary>
    public static double InRange(double value, double min, double max, string option)
    {
        if (!double.IsFinite(value) || value < min || value > max)
        {
            throw new OrbitInputException(string.Create(CultureInfo.InvariantCulture,
                $"{option} {value} is outside {min}..{max}."));
        }

        return value;
    }

    /// <summary>Refraction conditions from the options: none without <c>--refraction</c>; defaults 10 °C and skyfield's standard pressure at the station's height.</summary>
    public static AtmosphereConditions? Air(bool refraction, double? pressureHpa, double? temperatureC, GroundStation station)
    {
        if (!refraction)
        {
            if (pressureHpa is not null || temperatureC is not null)
            {
                throw new OrbitInputException("--pressure-hpa and --temperature-c need --refraction.");
            }

            return null;
        }

        double p = InRange(pressureHpa ?? Refraction.StandardPressureMbar(station.HeightM), 0.0, 1200.0, "--pressure-hpa");
        double t = InRange(temperatureC ?? Refraction.StandardTemperatureC, -80.0, 60.0, "--temperature-c");
        return new AtmosphereConditions(t, p);
    }

    /// <summary>UTC as ISO 8601 with milliseconds and Z, rounded to the nearest millisecond.</summary>
    public static string Iso(DateTime utc)
    {
        long ticks = (utc.Ticks + (TimeSpan.TicksPerMillisecond / 2)) / TimeSpan.TicksPerMillisecond * TimeSpan.TicksPerMillisecond;
        return new DateTime(ticks, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
    }

    /// <summary>A CSV field, quoted when it holds a comma, quote or line break (RFC 4180).</summary>
    public static string Csv(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public static string F(double value, int decimals) => value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}

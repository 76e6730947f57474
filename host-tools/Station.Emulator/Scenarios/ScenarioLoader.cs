using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Station.Core.Orbits;
using Station.Devices.Board;
using Station.Emulator.Faults;

namespace Station.Emulator.Scenarios;

/// <summary>
/// Reads scenario files (JSON, snake_case keys, units in the key names; see Scenarios/README.md). Every problem is
/// reported at once, each as <c>$.json.path: got …; expected …</c>; unknown keys are refused; fault devices are
/// checked against the pin map and against what each device can suffer.
/// </summary>
public static partial class ScenarioLoader
{
    /// <summary>Source name of the built-in scenario in messages.</summary>
    public const string BuiltInSourceName = "built-in scenario";

    /// <summary>How far from the TLE epoch a scenario may start: SGP4 predictions degrade beyond a few weeks.</summary>
    public static readonly TimeSpan MaxEpochDistance = TimeSpan.FromDays(30);

    private const string BuiltInResourceName = "Station.Emulator.Scenarios.builtin-micius-delingha.json";

    private static readonly string[] TopKeys =
        ["name", "seed", "station", "tle", "start_utc", "min_elevation_deg", "truth", "weather", "turbulence", "clouds", "faults"];

    private static readonly string[] StationKeys = ["latitude_deg", "longitude_deg", "height_m"];
    private static readonly string[] TruthKeys = ["along_track_s", "cross_track_m"];
    private static readonly string[] WeatherKeys = ["pressure_hpa", "temperature_c"];
    private static readonly string[] TurbulenceKeys = ["tilt_rms_urad_zenith"];
    private static readonly string[] CloudKeys = ["start_s", "duration_s"];
    private static readonly string[] FaultKeys = ["at_s", "duration_s", "kind", "device"];

    private static readonly JsonDocumentOptions DocumentOptions = new() { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 16 };

    /// <summary>Reads and checks a scenario file; fault devices are checked against <paramref name="pinMap"/> (default: <see cref="PinMapLoader.LoadDefault"/>).</summary>
    public static Scenario Load(string path, PinMap? pinMap = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new ScenarioException(path, [$"cannot read the scenario: {exception.Message}"], exception);
        }

        return Parse(json, path, pinMap);
    }

    /// <param name="json">The scenario text.</param>
    /// <param name="sourceName">Names the text in error messages, normally its file path.</param>
    /// <param name="pinMap">Checks fault devices (default: <see cref="PinMapLoader.LoadDefault"/>).</param>
    public static Scenario Parse(string json, string sourceName = "scenario", PinMap? pinMap = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException exception)
        {
            string position = exception.LineNumber is { } line
                ? string.Create(CultureInfo.InvariantCulture, $" at line {line + 1}, byte {exception.BytePositionInLine + 1}")
                : string.Empty;
            string reason = exception.Message;
            int cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
            throw new ScenarioException(sourceName, [$"malformed JSON{position}: {(cut >= 0 ? reason[..cut] : reason)}"], exception);
        }

        using (document)
        {
            var problems = new List<string>();
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new ScenarioException(sourceName, [$"$: got {JsonObjectReader.Describe(root)}; expected an object with {string.Join(", ", TopKeys)}"]);
            }

            var scenario = Read(new JsonObjectReader(root, "$", TopKeys, problems), pinMap ?? PinMapLoader.LoadDefault(), problems);
            return problems.Count == 0 && scenario is not null ? scenario : throw new ScenarioException(sourceName, problems);
        }
    }

    /// <summary>The text of the built-in scenario (Micius over Delingha), as embedded at build time.</summary>
    public static string ReadBuiltInJson()
    {
        using var stream = typeof(ScenarioLoader).Assembly.GetManifestResourceStream(BuiltInResourceName)
            ?? throw new InvalidOperationException($"Station.Emulator was built without the resource {BuiltInResourceName}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static Scenario? Read(JsonObjectReader top, PinMap pinMap, List<string> problems)
    {
        string? name = top.String("name", "a name of 1–64 letters, digits, '.', '_' or '-' (it names the output folder)",
            text => NamePattern().IsMatch(text) ? null : "a name of 1–64 letters, digits, '.', '_' or '-' (it names the output folder)");
        long? seed = top.Integer("seed", 0, int.MaxValue);
        var stations = ReadStations(top, problems);
        var (tle, elements) = ReadTle(top, problems);
        DateTimeOffset? start = ReadStart(top, elements);
        double minElevation = top.Number("min_elevation_deg", 0, 89, "degrees", required: false) ?? Scenario.DefaultMinElevationDeg;

        var truth = top.Object("truth", TruthKeys, required: false) is { } t
            ? Pair(t.Number("along_track_s", -60, 60, "s"), t.Number("cross_track_m", -50_000, 50_000, "m"), (a, c) => new ScenarioTruth(a, c))
            : new ScenarioTruth(0, 0);
        var weather = top.Object("weather", WeatherKeys, required: false) is { } w
            ? Pair(w.Number("pressure_hpa", 300, 1100, "hPa"), w.Number("temperature_c", -60, 50, "°C"), (p, c) => new ScenarioWeather(p, c))
            : stations is null ? null : new ScenarioWeather(Refraction.StandardPressureMbar(stations[0].HeightM), Scenario.DefaultTemperatureC);
        var turbulence = top.Object("turbulence", TurbulenceKeys, required: false) is { } u
            ? u.Number("tilt_rms_urad_zenith", 0, 100, "µrad") is { } rms ? new ScenarioTurbulence(rms) : null
            : new ScenarioTurbulence(Scenario.DefaultTiltRmsUradZenith);
        var clouds = ReadList(top, "clouds", CloudKeys, problems, c =>
            Pair(c.Number("start_s", 0, 86_400, "s after AOS"), c.Number("duration_s", 0, 3_600, "s", minExclusive: true), (s, d) => new ScenarioCloud(s, d)));
        var faults = ReadList(top, "faults", FaultKeys, problems, f => ReadFault(f, pinMap));

        if (name is null || seed is null || stations is null || tle is null || elements is null || start is null
            || truth is null || weather is null || turbulence is null || clouds is null || faults is null)
        {
            return null;
        }

        return new Scenario
        {
            Name = name,
            Seed = (int)seed.Value,
            Stations = stations,
            Tle = tle,
            Elements = elements,
            StartUtc = start.Value,
            MinElevationDeg = minElevation,
            Truth = truth,
            Weather = weather,
            Turbulence = turbulence,
            Clouds = clouds,
            Faults = faults,
        };
    }

    private static T? Pair<T>(double? first, double? second, Func<double, double, T> make)
        where T : class => first is { } a && second is { } b ? make(a, b) : null;

    /// <summary>
    /// <c>station</c>: one station (a catalogue name or an object with its coordinates), or an array of two for a
    /// common-view scenario (both fly the same pass of the same satellite in one world).
    /// </summary>
    private static List<GroundStation>? ReadStations(JsonObjectReader top, List<string> problems)
    {
        string names = string.Join(", ", StationCatalog.All.Select(s => s.Name));
        string one = $"a station name ({names}) or an object with {string.Join(", ", StationKeys)}";
        string expected = $"{one}, or an array of two such stations (common view)";
        if (top.Value("station", expected) is not { } value)
        {
            return null;
        }

        string path = JsonObjectReader.Child(top.Path, "station");
        if (value.ValueKind != JsonValueKind.Array)
        {
            return ReadStation(value, path, one, problems) is { } single ? [single] : null;
        }

        if (value.GetArrayLength() != 2)
        {
            problems.Add($"{path}: got an array of {value.GetArrayLength()}; expected {one}, or an array of exactly two stations");
            return null;
        }

        var stations = new List<GroundStation>();
        int index = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (ReadStation(item, JsonObjectReader.Index(path, index++), one, problems) is { } station)
            {
                stations.Add(station);
            }
        }

        if (stations.Count == 2 && string.Equals(stations[0].Name, stations[1].Name, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"{path}: both stations are '{stations[0].Name}'; expected two different stations");
            return null;
        }

        return stations.Count == 2 ? stations : null;
    }

    private static GroundStation? ReadStation(JsonElement value, string path, string expected, List<string> problems)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            var known = StationCatalog.Find(value.GetString()!);
            if (known is null)
            {
                problems.Add($"{path}: got {JsonObjectReader.Describe(value)}; expected {expected}");
            }

            return known;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"{path}: got {JsonObjectReader.Describe(value)}; expected {expected}");
            return null;
        }

        var place = new JsonObjectReader(value, path, StationKeys, problems);
        double? lat = place.Number("latitude_deg", -90, 90, "degrees north");
        double? lon = place.Number("longitude_deg", -180, 180, "degrees east");
        double? height = place.Number("height_m", -500, 9_000, "m above the WGS-84 ellipsoid");
        return lat is { } la && lon is { } lo && height is { } h
            ? new GroundStation(FormattableString.Invariant($"{la},{lo},{h}"), la, lo, h)
            : null;
    }

    private static (IReadOnlyList<string>? Lines, ElementSet? Elements) ReadTle(JsonObjectReader top, List<string> problems)
    {
        const string expected = "an array of 2 or 3 strings: an optional name line, TLE line 1, TLE line 2";
        if (top.Array("tle", expected) is not { } items)
        {
            return (null, null);
        }

        string path = JsonObjectReader.Child(top.Path, "tle");
        if (items.Count is not (2 or 3))
        {
            top.Problem("tle", top.Value("tle", expected)!.Value, expected);
            return (null, null);
        }

        var lines = new List<string>();
        for (int i = 0; i < items.Count; i++)
        {
            if (items[i].ValueKind != JsonValueKind.String)
            {
                problems.Add($"{JsonObjectReader.Index(path, i)}: got {JsonObjectReader.Describe(items[i])}; expected a TLE line (a string)");
                continue;
            }

            lines.Add(items[i].GetString()!);
        }

        if (lines.Count != items.Count)
        {
            return (null, null);
        }

        string? nameLine = lines.Count == 3 ? lines[0] : null;
        var result = TleParser.ParseSet(nameLine, lines[^2], lines[^1]);
        foreach (var error in result.Errors)
        {
            // ParseSet numbers the lines from 1 in array order (the name line first when there is one).
            string columns = error.FirstColumn <= 0 ? string.Empty
                : error.FirstColumn == error.LastColumn ? string.Create(CultureInfo.InvariantCulture, $"column {error.FirstColumn}: ")
                : string.Create(CultureInfo.InvariantCulture, $"columns {error.FirstColumn}-{error.LastColumn}: ");
            problems.Add($"{JsonObjectReader.Index(path, error.LineNumber - 1)}: {columns}{error.Problem}");
        }

        return result.Entry is { } entry ? (lines, entry.Elements) : (null, null);
    }

    private static DateTimeOffset? ReadStart(JsonObjectReader top, ElementSet? elements)
    {
        const string expected = "an ISO 8601 UTC time such as \"2016-12-20T17:55:00Z\"";
        string? text = top.String("start_utc", expected, t => TryParseUtc(t, out _) ? null : expected);
        if (text is null || !TryParseUtc(text, out var start))
        {
            return null;
        }

        if (elements is not null)
        {
            var epoch = new DateTimeOffset(elements.EpochUtc, TimeSpan.Zero);
            if ((start - epoch).Duration() > MaxEpochDistance)
            {
                top.Problem("start_utc", top.Value("start_utc", expected)!.Value, string.Create(CultureInfo.InvariantCulture,
                    $"a time within {MaxEpochDistance.TotalDays} days of the TLE epoch {epoch:yyyy-MM-ddTHH:mm:ssZ} (SGP4 predictions degrade further away)"));
                return null;
            }
        }

        return start;
    }

    private static bool TryParseUtc(string text, out DateTimeOffset time)
    {
        time = default;
        return ExplicitOffsetPattern().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out time);
    }

    private static ScenarioFault? ReadFault(JsonObjectReader fault, PinMap pinMap)
    {
        double? at = fault.Number("at_s", 0, 86_400, "s after AOS");
        double? duration = fault.Number("duration_s", 0, 86_400, "s", minExclusive: true);
        string kinds = "one of: " + string.Join(", ", FaultNames.All);
        string? kindName = fault.String("kind", kinds, text => FaultNames.All.Contains(text, StringComparer.Ordinal) ? null : kinds);
        FaultKind? kind = kindName is null ? null : FaultNames.Parse(kindName);
        string devices = "a pin-map device id: " + string.Join(", ", pinMap.Devices.Select(d => d.Id));
        string? device = fault.String("device", devices, text =>
            pinMap.FindDevice(text) is null ? devices
            : kind is { } k && !FaultTargets.Honours(k, text) ? $"a device that {kindName} affects: {string.Join(", ", FaultTargets.DevicesFor(k))}"
            : null);
        return at is { } a && duration is { } d && kind is { } fk && device is not null ? new ScenarioFault(a, d, fk, device) : null;
    }

    private static List<T>? ReadList<T>(JsonObjectReader top, string key, string[] keys, List<string> problems, Func<JsonObjectReader, T?> read)
        where T : class
    {
        string expected = $"an array of objects with {string.Join(", ", keys)}";
        if (!top.Has(key))
        {
            return [];
        }

        if (top.Array(key, expected) is not { } items)
        {
            return null;
        }

        var list = new List<T>();
        string path = JsonObjectReader.Child(top.Path, key);
        bool complete = true;
        for (int i = 0; i < items.Count; i++)
        {
            string itemPath = JsonObjectReader.Index(path, i);
            if (items[i].ValueKind != JsonValueKind.Object)
            {
                problems.Add($"{itemPath}: got {JsonObjectReader.Describe(items[i])}; expected an object with {string.Join(", ", keys)}");
                complete = false;
                continue;
            }

            if (read(new JsonObjectReader(items[i], itemPath, keys, problems)) is { } item)
            {
                list.Add(item);
            }
            else
            {
                complete = false;
            }
        }

        return complete ? list : null;
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"(Z|[+-]\d{2}:\d{2})$", RegexOptions.IgnoreCase)]
    private static partial Regex ExplicitOffsetPattern();
}

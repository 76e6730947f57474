using System.Globalization;
using System.Text.Json.Nodes;

namespace Station.Calibration.Common;

/// <summary>A script-specific option: <c>--name value</c>, with what a value looks like and its default.</summary>
/// <param name="Name">Without the dashes, e.g. <c>stars</c>.</param>
/// <param name="Expected">What a value must be, for messages and usage, e.g. "an integer from 8 to 200".</param>
/// <param name="Default">The value when the option is not given (as typed on a command line).</param>
/// <param name="Validate">Whether a value's text is acceptable (the message then names the option and <paramref name="Expected"/>).</param>
public sealed record CalibrationOption(string Name, string Expected, string Default, Func<string, bool> Validate)
{
    /// <summary>An integer option within [min, max].</summary>
    public static CalibrationOption WholeNumber(string name, int defaultValue, int min, int max) =>
        new(name, string.Create(CultureInfo.InvariantCulture, $"an integer from {min} to {max}"), defaultValue.ToString(CultureInfo.InvariantCulture),
            text => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) && v >= min && v <= max);

    /// <summary>A real-number option within [min, max].</summary>
    public static CalibrationOption Number(string name, double defaultValue, double min, double max) =>
        new(name, string.Create(CultureInfo.InvariantCulture, $"a number from {min} to {max}"), defaultValue.ToString("R", CultureInfo.InvariantCulture),
            text => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v) && v >= min && v <= max);
}

/// <summary>
/// The command line every calibration script shares — <c>--hardware</c>, <c>--out DIR</c>, <c>--seed N</c>,
/// <c>--station NAME</c>, <c>--scenario FILE</c>, <c>--config FILE</c> — plus the options the script declares. Anything unknown or
/// malformed is an error naming the option and what was expected, raised before anything runs.
/// </summary>
public sealed class CalibrationArguments
{
    /// <summary>Where results go when <c>--out</c> is not given.</summary>
    public const string DefaultOutputDirectory = "calibration-out";

    /// <summary>The seed of the emulated truths when <c>--seed</c> is not given.</summary>
    public const int DefaultSeed = 1;

    private static readonly string[] SharedOptions = ["--hardware", "--out DIR", "--seed N", "--station NAME", "--scenario FILE", "--config FILE"];

    /// <summary>Options some scripts take and others do not: the unknown-option message then says which take them.</summary>
    private static readonly Dictionary<string, string> OtherScriptsOptions = new(StringComparer.Ordinal)
    {
        ["calibration-source"] = "only the scripts that drive the bench calibration source take it (gate-delay-scan, filter-wheel-offsets, detector-characterization)",
    };
    private readonly Dictionary<string, string> _values;
    private readonly Dictionary<string, CalibrationOption> _options;

    private CalibrationArguments(Dictionary<string, string> values, Dictionary<string, CalibrationOption> options, bool hardware)
    {
        _values = values;
        _options = options;
        Hardware = hardware;
    }

    /// <summary>Run on the station's real buses and clock instead of the emulator.</summary>
    public bool Hardware { get; }

    /// <summary>The output directory (default <see cref="DefaultOutputDirectory"/>).</summary>
    public string OutputDirectory => _values["out"];

    /// <summary>The seed of the emulated station's truths (mount errors, camera, noise).</summary>
    public int Seed => int.Parse(_values["seed"], CultureInfo.InvariantCulture);

    /// <summary>The station (a catalogue name or LAT,LON,H), or null for the scenario's station.</summary>
    public string? Station => _values.GetValueOrDefault("station");

    /// <summary>The scenario file of the emulated world, or null for the built-in scenario.</summary>
    public string? ScenarioPath => _values.GetValueOrDefault("scenario");

    /// <summary>
    /// The station firmware's appsettings.json, or null for the one built with the firmware
    /// (<see cref="StationConfiguration.DefaultPath"/>). With <c>--hardware</c> it gives the pin map and the mount; on the
    /// emulator the emulated station's own are used, and it gives only what a script reads besides (the filter wheels).
    /// </summary>
    public string? ConfigPath => _values.GetValueOrDefault("config");

    /// <summary>The script option <paramref name="name"/> as text (its default when not given).</summary>
    public string Get(string name) =>
        _values.TryGetValue(name, out var value) ? value
        : _options.TryGetValue(name, out var option) ? option.Default
        : throw new ArgumentException($"'{name}' is not an option of this script.", nameof(name));

    public int GetInt(string name) => int.Parse(Get(name), CultureInfo.InvariantCulture);

    public double GetDouble(string name) => double.Parse(Get(name), CultureInfo.InvariantCulture);

    /// <summary>Every option with its value (defaults included): the <c>inputs</c> of the calibration file.</summary>
    public JsonObject ToInputs()
    {
        var inputs = new JsonObject
        {
            ["hardware"] = Hardware,
            ["seed"] = Seed,
            ["station"] = Station,
            ["scenario"] = ScenarioPath,
            ["config"] = ConfigPath,
        };
        foreach (var name in _options.Keys.Order(StringComparer.Ordinal))
        {
            inputs[name] = Get(name);
        }

        return inputs;
    }

    /// <summary>Parses <paramref name="args"/> against the shared options and <paramref name="scriptOptions"/>.</summary>
    /// <exception cref="CalibrationArgumentException">An unknown, repeated, valueless or malformed option.</exception>
    public static CalibrationArguments Parse(IReadOnlyList<string> args, IReadOnlyList<CalibrationOption>? scriptOptions = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = (scriptOptions ?? []).ToDictionary(o => o.Name, StringComparer.Ordinal);
        var values = new Dictionary<string, string>(StringComparer.Ordinal) { ["out"] = DefaultOutputDirectory, ["seed"] = DefaultSeed.ToString(CultureInfo.InvariantCulture) };
        var given = new HashSet<string>(StringComparer.Ordinal);
        bool hardware = false;
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                throw new CalibrationArgumentException($"unexpected argument '{arg}'; expected an option such as --seed N ({Usage(options.Values)})");
            }

            string name = arg[2..];
            if (!given.Add(name))
            {
                throw new CalibrationArgumentException($"option --{name} is given twice");
            }

            if (name == "hardware")
            {
                hardware = true;
                continue;
            }

            string expected = name switch
            {
                "out" => "a directory",
                "seed" => "an integer",
                "station" => "a station name (delingha, nanshan) or LAT,LON,H",
                "scenario" => "a scenario file (JSON)",
                "config" => "the station firmware's appsettings.json",
                _ when options.TryGetValue(name, out var option) => option.Expected,
                _ when OtherScriptsOptions.TryGetValue(name, out string? which) => throw new CalibrationArgumentException($"unknown option --{name} for this script: {which}; expected one of {Usage(options.Values)}"),
                _ => throw new CalibrationArgumentException($"unknown option --{name}; expected one of {Usage(options.Values)}"),
            };
            if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                throw new CalibrationArgumentException($"option --{name} needs a value: {expected}");
            }

            string value = args[++i];
            bool ok = name switch
            {
                "seed" => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _),
                "out" or "station" or "scenario" or "config" => !string.IsNullOrWhiteSpace(value),
                _ => options[name].Validate(value),
            };
            if (!ok)
            {
                throw new CalibrationArgumentException($"option --{name} is '{value}'; expected {expected}");
            }

            values[name] = value;
        }

        if (hardware && values.ContainsKey("scenario"))
        {
            throw new CalibrationArgumentException("option --scenario describes an emulated world; it cannot be used with --hardware");
        }

        if (hardware && !values.ContainsKey("station"))
        {
            throw new CalibrationArgumentException("option --hardware needs --station NAME (the station the calibration file is made for)");
        }

        return new CalibrationArguments(values, options, hardware);
    }

    /// <summary>The usage line of the shared options and <paramref name="scriptOptions"/>.</summary>
    public static string Usage(IEnumerable<CalibrationOption> scriptOptions) =>
        string.Join(", ", SharedOptions
            .Concat((scriptOptions ?? []).Select(o => $"--{o.Name} <{o.Expected}, default {o.Default}>")));
}

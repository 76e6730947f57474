using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Station.Core.Calibration;
using Station.Core.Orbits;
using Station.Firmware.Detectors;
using Station.Firmware.Filters;
using Station.Firmware.Sequencing;

namespace Station.Firmware.Calibration;

/// <summary>
/// The <c>Station:Calibration</c> paths of the bench calibration files for the detectors and filter wheels (empty: none;
/// the configured values stand).
/// </summary>
public sealed class BenchCalibrationFilesOptions
{
    public const string SectionName = "Station:Calibration";

    /// <summary>Gate-delay scan result: replaces <c>Station:GateDelays</c>' instrument delays.</summary>
    public string? GateDelaysPath { get; set; }

    /// <summary>Filter-wheel slot table: replaces the configured slot offsets of the wheels it lists.</summary>
    public string? FilterWheelsPath { get; set; }

    /// <summary>Detector characterization: the count monitor's dark rates and dead time.</summary>
    public string? DetectorsPath { get; set; }
}

/// <summary>
/// The bench calibration files, read once from the paths in configuration and checked against the station
/// (<c>Station:Name</c>, else the schedule's site), their format and version, and the configured channels and wheels. Built from the raw
/// configuration so the options it adjusts can depend on it without a cycle; every problem is reported at start-up
/// by <see cref="BenchCalibrationFilesValidator"/>, and a file with a problem changes nothing.
/// </summary>
public sealed class BenchCalibrationFiles
{
    private readonly Lazy<Loaded<GateDelayCalibrationFile>> _gateDelays;
    private readonly Lazy<Loaded<FilterWheelCalibrationFile>> _filterWheels;
    private readonly Lazy<Loaded<DetectorCalibrationFile>> _detectors;

    public BenchCalibrationFiles(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var paths = configuration.GetSection(BenchCalibrationFilesOptions.SectionName).Get<BenchCalibrationFilesOptions>() ?? new();
        // The station the files must be made for: Station:Name (as for the pointing model), else the schedule's site.
        string site = configuration[ScheduleOptions.SectionName + ":Site"] ?? new ScheduleOptions().Site;
        string? station = configuration["Station:Name"] is { Length: > 0 } name ? name
            : StationCatalog.TryParse(site, out var ground, out _) ? ground!.Name : null;
        var gateOptions = configuration.GetSection(GateDelayServiceOptions.SectionName).Get<GateDelayServiceOptions>() ?? new();
        var wheelOptions = configuration.GetSection(FilterWheelServiceOptions.SectionName).Get<FilterWheelServiceOptions>() ?? new();
        int monitored = 4; // the count monitor watches the board's four channels
        _gateDelays = new(() => Load(paths.GateDelaysPath, "GateDelaysPath", (text, source) => GateDelayCalibrationFile.Parse(text, source, station), (f, s) => f.Mismatches(gateOptions, s)));
        _filterWheels = new(() => Load(paths.FilterWheelsPath, "FilterWheelsPath", (text, source) => FilterWheelCalibrationFile.Parse(text, source, station), (f, s) => f.Mismatches(wheelOptions, s)));
        _detectors = new(() => Load(paths.DetectorsPath, "DetectorsPath", (text, source) => DetectorCalibrationFile.Parse(text, source, station), (f, s) => f.Mismatches(monitored, s)));
    }

    /// <summary>The gate-delay file when one is configured and usable.</summary>
    public GateDelayCalibrationFile? GateDelays => _gateDelays.Value.File;

    public FilterWheelCalibrationFile? FilterWheels => _filterWheels.Value.File;

    public DetectorCalibrationFile? Detectors => _detectors.Value.File;

    /// <summary>Every problem with the configured files, each naming the option, the file and the field.</summary>
    public IReadOnlyList<string> Problems => [.. _gateDelays.Value.Problems, .. _filterWheels.Value.Problems, .. _detectors.Value.Problems];

    private static Loaded<T> Load<T>(string? path, string option, Func<string, string, T> parse, Func<T, string, IReadOnlyList<string>> mismatches)
        where T : class
    {
        if (path is not { Length: > 0 })
        {
            return new(null, []);
        }

        string prefix = $"{BenchCalibrationFilesOptions.SectionName}:{option}";
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new(null, [$"{prefix} '{path}' cannot be read: {ex.Message}"]);
        }

        try
        {
            var file = parse(text, path);
            var problems = mismatches(file, path);
            return problems.Count == 0 ? new(file, []) : new(null, [.. problems.Select(p => $"{prefix}: {p}")]);
        }
        catch (CalibrationFileException ex)
        {
            return new(null, [$"{prefix}: {ex.Message}"]);
        }
    }

    private sealed record Loaded<T>(T? File, IReadOnlyList<string> Problems);
}

/// <summary>Fails start-up, naming every problem, when a configured bench calibration file is unusable.</summary>
public sealed class BenchCalibrationFilesValidator(BenchCalibrationFiles files) : IValidateOptions<BenchCalibrationFilesOptions>
{
    public ValidateOptionsResult Validate(string? name, BenchCalibrationFilesOptions options)
    {
        var problems = files.Problems;
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}

public static class BenchCalibrationFilesServiceCollectionExtensions
{
    /// <summary>
    /// Registers <c>Station:Calibration</c> (validated at start-up: the files parse, belong to this station and fit the
    /// configuration) and applies the files: instrument delays to <c>Station:GateDelays</c>, slot offsets to
    /// <c>Station:FilterWheels</c>; the safety loop takes the detector file for its count monitor.
    /// </summary>
    public static IServiceCollection AddBenchCalibrationFiles(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<BenchCalibrationFiles>();
        services.AddOptions<BenchCalibrationFilesOptions>().BindConfiguration(BenchCalibrationFilesOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BenchCalibrationFilesOptions>, BenchCalibrationFilesValidator>());
        services.AddOptions<GateDelayServiceOptions>().PostConfigure<BenchCalibrationFiles>((options, files) => files.GateDelays?.ApplyTo(options));
        services.AddOptions<FilterWheelServiceOptions>().PostConfigure<BenchCalibrationFiles>((options, files) => files.FilterWheels?.ApplyTo(options));
        return services;
    }
}

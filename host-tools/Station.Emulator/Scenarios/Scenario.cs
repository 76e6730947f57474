using Station.Core.Orbits;
using Station.Emulator.Faults;

namespace Station.Emulator.Scenarios;

/// <summary>How far the satellite's true orbit is from the operator's TLE: seconds along track (positive: the
/// satellite is ahead of the prediction) and metres across track (positive: to the left of the velocity, i.e. along
/// the orbit normal).</summary>
public sealed record ScenarioTruth(double AlongTrackS, double CrossTrackM);

/// <summary>Air at the station: pressure in hPa and temperature in °C (they scale refraction).</summary>
public sealed record ScenarioWeather(double PressureHpa, double TemperatureC);

/// <summary>Atmospheric tip/tilt: rms per axis at zenith in µrad (it grows with the airmass away from zenith).</summary>
public sealed record ScenarioTurbulence(double TiltRmsUradZenith);

/// <summary>A cloud that hides the satellite: it starts <see cref="StartS"/> seconds after AOS and lasts <see cref="DurationS"/> seconds.</summary>
public sealed record ScenarioCloud(double StartS, double DurationS);

/// <summary>A fault injected <see cref="AtS"/> seconds after AOS for <see cref="DurationS"/> seconds on pin-map device <see cref="Device"/>.</summary>
public sealed record ScenarioFault(double AtS, double DurationS, FaultKind Kind, string Device);

/// <summary>A cloud outage in absolute time.</summary>
public readonly record struct CloudInterval(DateTimeOffset Start, DateTimeOffset End)
{
    public bool Contains(DateTimeOffset time) => time >= Start && time < End;
}

/// <summary>
/// What one emulated pass is made of: the station, the satellite's elements, when to start looking for the pass,
/// how reality differs from the prediction, the weather, turbulence, clouds and faults. Read from JSON by
/// <see cref="ScenarioLoader"/>; keys and units in Scenarios/README.md.
/// </summary>
public sealed record Scenario
{
    /// <summary>Default elevation mask when the file gives none.</summary>
    public const double DefaultMinElevationDeg = 10;

    /// <summary>Default turbulence when the file gives none: a good night site (DESIGN.md: ~2 µrad rms per axis at zenith).</summary>
    public const double DefaultTiltRmsUradZenith = 2;

    /// <summary>Default temperature when the file gives no weather.</summary>
    public const double DefaultTemperatureC = 10;

    private static readonly Lazy<Scenario> BuiltInScenario = new(() => ScenarioLoader.Parse(ScenarioLoader.ReadBuiltInJson(), ScenarioLoader.BuiltInSourceName));

    /// <summary>Names the run and its output folder.</summary>
    public required string Name { get; init; }

    /// <summary>Seeds every random process of the emulated world, so a scenario replays identically.</summary>
    public required int Seed { get; init; }

    public required IReadOnlyList<GroundStation> Stations { get; init; }

    /// <summary>The (first) station: the only one, or station A of a common-view scenario.</summary>
    public GroundStation Station => Stations[0];

    /// <summary>Whether two stations fly the pass together (common view).</summary>
    public bool IsCommonView => Stations.Count > 1;

    /// <summary>The TLE lines as given (optional name line, line 1, line 2).</summary>
    public required IReadOnlyList<string> Tle { get; init; }

    public required ElementSet Elements { get; init; }

    /// <summary>The first pass rising above <see cref="MinElevationDeg"/> after this time is flown.</summary>
    public required DateTimeOffset StartUtc { get; init; }

    /// <summary>Elevation mask for choosing the pass (apparent elevation, refracted with <see cref="Weather"/>).</summary>
    public double MinElevationDeg { get; init; } = DefaultMinElevationDeg;

    public ScenarioTruth Truth { get; init; } = new(0, 0);

    public required ScenarioWeather Weather { get; init; }

    public ScenarioTurbulence Turbulence { get; init; } = new(DefaultTiltRmsUradZenith);

    public IReadOnlyList<ScenarioCloud> Clouds { get; init; } = [];

    public IReadOnlyList<ScenarioFault> Faults { get; init; } = [];

    /// <summary>The scenario flown when none is given: Micius over Delingha on a December night (embedded resource).</summary>
    public static Scenario BuiltIn => BuiltInScenario.Value;

    /// <summary>
    /// The first pass whose AOS is after <see cref="StartUtc"/> (a pass already up at the start is skipped) within
    /// <paramref name="searchWindow"/> (default two days), or null when there is none.
    /// </summary>
    public SatellitePass? FindFirstPass(TimeSpan? searchWindow = null)
    {
        var window = searchWindow ?? TimeSpan.FromDays(2);
        var finder = new PassFinder(Station, SearchOptions());
        var start = StartUtc.UtcDateTime;
        var passes = finder.Find(new Sgp4Propagator(Elements), start, start + window);
        return passes.Passes.FirstOrDefault(pass => pass.AosUtc is not null);
    }

    /// <summary>
    /// The passes to fly, one per station: the first pass after <see cref="StartUtc"/>, or for a common-view scenario the
    /// passes of the first window (within <paramref name="searchWindow"/>, default two days) in which the satellite is
    /// above the minimum elevation at both stations at once. Null when there is none.
    /// </summary>
    public ScenarioPasses? FindPasses(TimeSpan? searchWindow = null)
    {
        if (!IsCommonView)
        {
            return FindFirstPass(searchWindow) is { } pass ? new ScenarioPasses([pass], null) : null;
        }

        var window = searchWindow ?? TimeSpan.FromDays(2);
        var finder = new CommonViewFinder(Stations[0], Stations[1], SearchOptions());
        var start = StartUtc.UtcDateTime;
        var result = finder.Find(new Sgp4Propagator(Elements), start, start + window);
        foreach (var common in result.Windows)
        {
            var a = result.PassesA.Passes.FirstOrDefault(p => p.AosUtc is not null && p.StartUtc <= common.StartUtc && p.EndUtc >= common.EndUtc);
            var b = result.PassesB.Passes.FirstOrDefault(p => p.AosUtc is not null && p.StartUtc <= common.StartUtc && p.EndUtc >= common.EndUtc);
            if (a is not null && b is not null)
            {
                return new ScenarioPasses([a, b], common);
            }
        }

        return null;
    }

    private PassSearchOptions SearchOptions() => new()
    {
        MinElevationDeg = MinElevationDeg,
        Refraction = new AtmosphereConditions(Weather.TemperatureC, Weather.PressureHpa),
        MaxDegreeOfParallelism = 1,
    };

    /// <summary>Schedules every fault of the scenario on <paramref name="injector"/>, relative to <paramref name="aosUtc"/>.</summary>
    public IReadOnlyList<ScheduledFault> ScheduleFaults(FaultInjector injector, DateTimeOffset aosUtc)
    {
        ArgumentNullException.ThrowIfNull(injector);
        return [.. Faults.Select(fault => injector.Schedule(fault.Kind, fault.Device, aosUtc + TimeSpan.FromSeconds(fault.AtS), TimeSpan.FromSeconds(fault.DurationS)))];
    }

    /// <summary>The cloud outages in absolute time, relative to <paramref name="aosUtc"/>, in file order.</summary>
    public IReadOnlyList<CloudInterval> CloudIntervals(DateTimeOffset aosUtc) =>
        [.. Clouds.Select(cloud => new CloudInterval(aosUtc + TimeSpan.FromSeconds(cloud.StartS), aosUtc + TimeSpan.FromSeconds(cloud.StartS + cloud.DurationS)))];
}

/// <summary>The pass each station flies (in the scenario's station order) and, for two stations, their common-view window.</summary>
public sealed record ScenarioPasses(IReadOnlyList<SatellitePass> PerStation, CommonViewWindow? CommonView);

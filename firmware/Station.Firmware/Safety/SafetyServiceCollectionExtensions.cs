using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Station.Core.Orbits;
using Station.Core.Safety;
using Station.Devices.Board;
using Station.Devices.Buses;
using Station.Devices.GateCounter;
using Station.Devices.Interlocks;
using Station.Devices.UplinkLaser;
using Station.Firmware.Calibration;
using Station.Firmware.Detectors;
using Station.Firmware.Filters;
using Station.Firmware.Motion;
using Station.Firmware.Sequencing;
using Station.Firmware.Telemetry;

namespace Station.Firmware.Safety;

/// <summary>
/// The <c>Station:Safety</c> configuration section. Off by default: the loop needs the station's site for the sun, and a
/// firmware without it leaves every gate enable and the laser at their boot level (off). Plain numbers and strings
/// so the configuration binder can fill it; everything else takes <see cref="SafetyLoopOptions"/>' defaults.
/// </summary>
public sealed class SafetyHostOptions
{
    public const string SectionName = "Station:Safety";

    /// <summary>Run the safety loop (it then owns the gate/counter board's bring-up, the gate enables, the laser and the heartbeat).</summary>
    public bool Enabled { get; set; }

    /// <summary>Geodetic latitude of the station, degrees north (with the longitude; both unset: the schedule's site, <c>Station:Schedule:Site</c>).</summary>
    public double? SiteLatitudeDeg { get; set; }

    /// <summary>Longitude of the station, degrees east (with the latitude).</summary>
    public double? SiteLongitudeDeg { get; set; }

    /// <summary>Height above the WGS84 ellipsoid, metres.</summary>
    public double SiteHeightM { get; set; }

    /// <summary>The control tick in milliseconds.</summary>
    public double ControlTickMs { get; set; } = 10;

    /// <summary>
    /// Filter wheels by name with their slot names in slot order and the daylight-approved slots. Empty: the wheels of
    /// the filter-wheel service (<c>Station:FilterWheels</c>, slots marked <c>DaylightApproved</c>), so one table serves both.
    /// </summary>
    public List<SafetyWheelConfiguration> FilterWheels { get; set; } = [];

    /// <summary>The loop's options from this section (defaults for everything not configured here).</summary>
    public SafetyLoopOptions ToLoopOptions(IReadOnlyList<FilterWheelSafety>? serviceWheels = null) => new()
    {
        ControlTick = TimeSpan.FromMilliseconds(ControlTickMs),
        Safety = new SafetyOptions
        {
            FilterWheels = FilterWheels.Count > 0 || serviceWheels is null
                ? [.. FilterWheels.Select(w => new FilterWheelSafety(w.Name, [.. w.Slots], [.. w.DaylightApprovedSlots]))]
                : serviceWheels,
        },
    };

    /// <summary>The site for the sun: this section's latitude/longitude when given, else <paramref name="scheduleSite"/>.</summary>
    public GroundStation Site(GroundStation scheduleSite) => SiteLatitudeDeg is { } lat && SiteLongitudeDeg is { } lon
        ? new GroundStation("site", lat, lon, SiteHeightM)
        : scheduleSite;

    /// <summary>Every problem, naming the option (empty when usable or disabled).</summary>
    public IReadOnlyList<string> Validate()
    {
        if (!Enabled)
        {
            return [];
        }

        var problems = new List<string>();
        bool siteHere = SiteLatitudeDeg is not null || SiteLongitudeDeg is not null;
        if (siteHere && (SiteLatitudeDeg is not { } lat || !double.IsFinite(lat) || lat is < -90 or > 90))
        {
            problems.Add(F($"{SectionName}:SiteLatitudeDeg is {Show(SiteLatitudeDeg)}; expected −90…90 with the longitude, or neither (the schedule's site)"));
        }

        if (siteHere && (SiteLongitudeDeg is not { } lon || !double.IsFinite(lon) || lon is < -180 or > 360))
        {
            problems.Add(F($"{SectionName}:SiteLongitudeDeg is {Show(SiteLongitudeDeg)}; expected −180…360 with the latitude, or neither (the schedule's site)"));
        }

        if (!double.IsFinite(SiteHeightM) || SiteHeightM is < -500 or > 9000)
        {
            problems.Add(F($"{SectionName}:SiteHeightM is {SiteHeightM}; expected −500…9000 m"));
        }

        if (!double.IsFinite(ControlTickMs) || ControlTickMs <= 0)
        {
            problems.Add(F($"{SectionName}:ControlTickMs is {ControlTickMs}; expected 1…50"));
            return problems;
        }

        problems.AddRange(ToLoopOptions().Validate().Select(p => SectionName + ": " + p));
        return problems;
    }

    private static string Show(double? value) => value is { } v ? v.ToString(CultureInfo.InvariantCulture) : "missing";

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>One filter wheel as the safety configuration names it.</summary>
public sealed class SafetyWheelConfiguration
{
    public string Name { get; set; } = "";

    public List<string> Slots { get; set; } = [];

    public List<string> DaylightApprovedSlots { get; set; } = [];
}

/// <summary>Validates <see cref="SafetyHostOptions"/> at start-up.</summary>
public sealed class SafetyHostOptionsValidator : IValidateOptions<SafetyHostOptions>
{
    public ValidateOptionsResult Validate(string? name, SafetyHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}

/// <summary>Registers the <see cref="SafetyLoop"/> with the Generic Host (section <c>Station:Safety</c>).</summary>
public static class SafetyServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates <see cref="SafetyHostOptions"/>; registers the detector and interlock bindings from the pin map
    /// (unless registered already), the loop as itself and as <see cref="IDetectorGateGuard"/>, and a hosted service that
    /// starts it after the mount and stops it (everything off) first on shutdown. The mount position comes from the axes'
    /// step counts; an <see cref="IFilterWheelSenseSource"/>, <see cref="ITrackerLockSource"/> or <see cref="ITelemetrySink"/>
    /// registered by other services is used when present.
    /// </summary>
    public static IServiceCollection AddStationSafety(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<SafetyHostOptions>().BindConfiguration(SafetyHostOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SafetyHostOptions>, SafetyHostOptionsValidator>());
        services.TryAddSingleton(sp => GateCounterBoard.Open(sp.GetRequiredService<IBusProvider>(), sp.GetRequiredService<PinMap>()));
        services.TryAddSingleton(sp => Interlocks.Open(sp.GetRequiredService<IBusProvider>(), sp.GetRequiredService<PinMap>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => UplinkLaser.Open(sp.GetRequiredService<IBusProvider>(), sp.GetRequiredService<PinMap>(), sp.GetRequiredService<Interlocks>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => WatchdogHeartbeat.Open(sp.GetRequiredService<IBusProvider>(), sp.GetRequiredService<PinMap>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(CreateLoop);
        services.TryAddSingleton<IDetectorGateGuard>(sp => sp.GetRequiredService<SafetyLoop>());
        services.TryAddSingleton<IPassSafetyDemands>(sp => sp.GetRequiredService<SafetyLoop>());
        services.TryAddSingleton<IEmergencyStopSource>(sp => sp.GetRequiredService<SafetyLoop>());
        services.AddHostedService<SafetyLoopHostedService>();
        return services;
    }

    private static SafetyLoop CreateLoop(IServiceProvider sp)
    {
        var options = sp.GetRequiredService<IOptions<SafetyHostOptions>>().Value;
        var mount = sp.GetRequiredService<MountAxes>();
        var site = options.Site(sp.GetRequiredService<IOptions<ScheduleOptions>>().Value.ParseSite());
        var serviceWheels = sp.GetService<IOptions<FilterWheelServiceOptions>>()?.Value.Wheels
            .Select(w => new FilterWheelSafety(w.Name, [.. w.Slots.Select(s => s.Name)], [.. w.Slots.Where(s => s.DaylightApproved).Select(s => s.Name)]))
            .ToList();
        var loopOptions = options.ToLoopOptions(serviceWheels);
        if (sp.GetService<BenchCalibrationFiles>()?.Detectors is { } detectors)
        {
            // The characterized detectors: expected dark counts through each channel's gate, and the dead-time ceiling.
            var gates = sp.GetRequiredService<IOptions<GateDelayServiceOptions>>().Value;
            loopOptions = loopOptions with { CountMonitor = detectors.ApplyTo(loopOptions.CountMonitor, gates.GateDuties(GateCounterBoard.ChannelCount)) };
        }

        var devices = new SafetyLoopDevices(sp.GetRequiredService<GateCounterBoard>(), sp.GetRequiredService<Interlocks>(), sp.GetRequiredService<UplinkLaser>(), sp.GetRequiredService<WatchdogHeartbeat>());
        var sources = new SafetyLoopSources(
            new AxisMountPositionSource(new StepCountAxisSensor(mount.Azimuth), new StepCountAxisSensor(mount.Elevation)),
            new StationSunSource(site),
            new DeferredFilterWheelSource(sp, loopOptions.Safety.FilterWheels.Count),
            new DeferredTrackerSource(sp));
        return new SafetyLoop(loopOptions, devices, sources, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<SafetyLoop>>(), sp.GetService<ITelemetrySink>());
    }
}

/// <summary>
/// The filter-wheel service's sense source, resolved at first use: that service takes the loop as its gate guard, so
/// resolving it while the loop is being built would be a dependency cycle. None registered: every wheel reads Unknown.
/// </summary>
internal sealed class DeferredFilterWheelSource(IServiceProvider services, int configuredWheels) : IFilterWheelSenseSource
{
    private readonly Lazy<IFilterWheelSenseSource?> _source = new(services.GetService<IFilterWheelSenseSource>);

    public int WheelCount => _source.Value?.WheelCount ?? configuredWheels;

    public FilterWheelSense Sense(int index) => _source.Value?.Sense(index) ?? default;
}

/// <summary>The tracker's lock, resolved at first use (see <see cref="DeferredFilterWheelSource"/>); none registered: Unknown.</summary>
internal sealed class DeferredTrackerSource(IServiceProvider services) : ITrackerLockSource
{
    private readonly Lazy<ITrackerLockSource?> _source = new(services.GetService<ITrackerLockSource>);

    public Sensed<bool> TrackerLocked => _source.Value?.TrackerLocked ?? default;
}

/// <summary>Starts the safety loop when enabled; stops it (laser and gates off) when the host stops.</summary>
internal sealed partial class SafetyLoopHostedService(IOptions<SafetyHostOptions> options, IServiceProvider services, ILogger<SafetyLoopHostedService> logger) : IHostedService
{
    private SafetyLoop? _loop;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            LogDisabled();
            return Task.CompletedTask;
        }

        _loop = services.GetRequiredService<SafetyLoop>();
        _loop.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _loop?.Stop();
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The safety loop is disabled (Station:Safety:Enabled): detector gates and the uplink laser stay off")]
    private partial void LogDisabled();
}

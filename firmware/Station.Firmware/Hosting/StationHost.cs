using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Station.Core.Pointing;
using Station.Core.Timing;
using Station.Devices.Board;
using Station.Devices.Buses;
using Station.Devices.Tmc5160;
using Station.Firmware.Calibration;
using Station.Firmware.Detectors;
using Station.Firmware.Filters;
using Station.Firmware.Motion;
using Station.Firmware.Safety;
using Station.Firmware.Telemetry;

namespace Station.Firmware.Hosting;

/// <summary>
/// Composes the firmware as a Generic Host. The firmware executable uses the Raspberry Pi buses and the
/// system clock; the emulator composes the very same services with its own bus provider and a simulated
/// clock (<see cref="StationHostOverrides"/>), which is how HIL runs use unchanged firmware code.
/// </summary>
public static partial class StationHost
{
    /// <summary>Creates the host builder with configuration from appsettings.json, environment and command line.</summary>
    public static HostApplicationBuilder CreateBuilder(string[] args, StationHostOverrides? overrides = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Services.AddSystemd();
        AddStation(builder.Services, overrides);
        // Acquisition needs the camera, quad-cell and mirror: registered only when configured on.
        builder.Services.AddBeaconAcquisition(builder.Configuration.GetValue<bool>(AcquisitionHostOptions.SectionName + ":Enabled"));
        builder.AddIndiInterface();
        return builder;
    }

    /// <summary>Registers the station's services.</summary>
    public static IServiceCollection AddStation(IServiceCollection services, StationHostOverrides? overrides = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<StationOptions>().BindConfiguration(StationOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StationOptions>, StationOptionsValidator>());
        if (overrides?.BusProvider is not null)
        {
            services.PostConfigure<StationOptions>(o => o.BusProvider = "Emulated");
        }

        AddClock(services, overrides);
        services.AddSingleton(sp => LoadPinMap(sp.GetRequiredService<IOptions<StationOptions>>().Value));
        services.AddSingleton(sp => CreateBusProvider(sp, overrides));
        services.AddSingleton(sp => CreateMount(sp));
        services.AddSingleton(sp => LoadPointingModel(sp.GetRequiredService<IOptions<StationOptions>>().Value, sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StationHost))));
        services.AddHostedService<MountStartupService>();
        services.AddBoresightCalibration();
        services.AddStationTelemetry();
        services.AddStationSafety(); // after the mount, so the loop starts once the axes are up
        services.AddBenchCalibrationFiles(); // detector and filter-wheel calibration files, applied to the sections below
        services.AddFilterWheels();
        services.AddGateDelays();
        services.AddPassSequencing(); // last: the sequencer starts once everything it drives is up
        services.AddRotctld(); // operator interface over the mount; off unless Station:Interfaces:Rotctld:Enabled
        return services;
    }

    /// <summary>
    /// The station clock. On the station (and on the desktop emulator) it is a <see cref="SimulatedTimeProvider"/> that the
    /// control-loop thread advances in fixed steps in step with the system clock, so every timer of the station fires on
    /// that one thread in due-time order; a simulation passes its own clock and drives it itself.
    /// </summary>
    private static void AddClock(IServiceCollection services, StationHostOverrides? overrides)
    {
        if (overrides?.TimeProvider is { } given && !overrides.PacedToWallClock)
        {
            services.TryAddSingleton(given);
            return;
        }

        var clock = overrides?.TimeProvider as SimulatedTimeProvider;
        if (overrides?.TimeProvider is not null && clock is null)
        {
            throw new ArgumentException("PacedToWallClock needs a SimulatedTimeProvider for the control loop to advance.", nameof(overrides));
        }

        clock ??= new SimulatedTimeProvider(TimeProvider.System.GetUtcNow());
        services.TryAddSingleton<TimeProvider>(clock);
        services.AddSingleton(sp => new RealTimePacer(clock, TimeProvider.System,
            TimeSpan.FromMilliseconds(sp.GetRequiredService<IOptions<StationOptions>>().Value.ControlLoopStepMs)));
        services.AddHostedService<ControlLoopService>(); // first hosted service: starts first, stops last
    }

    /// <summary>Loads and validates the configured pin map (a <see cref="PinMapException"/> stops start-up).</summary>
    public static PinMap LoadPinMap(StationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.PinMapPath is { Length: > 0 } path ? PinMapLoader.Load(path) : PinMapLoader.LoadDefault();
    }

    /// <summary>
    /// The mount's pointing model from the configured calibration file (validated at start-up), or the identity
    /// model, with a warning, when none is configured.
    /// </summary>
    public static PointingModel LoadPointingModel(StationOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        if (options.PointingModelPath is not { Length: > 0 } path)
        {
            LogNoPointingModel(logger);
            return PointingModel.Identity;
        }

        var file = PointingModelFile.Parse(File.ReadAllText(path), path, options.ExpectedStation);
        LogPointingModel(logger, path, file.Station, file.CreatedUtc, file.Terms.Count, file.RmsAfterArcsec);
        return file.ToModel();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No pointing model configured (Station:PointingModelPath): the mount points by its axis angles alone")]
    private static partial void LogNoPointingModel(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pointing model {Path} for {Station} of {Created:O}: {Terms} terms, residual rms {RmsArcsec:0.00} arcsec")]
    private static partial void LogPointingModel(ILogger logger, string path, string station, DateTimeOffset created, int terms, double rmsArcsec);

    private static IBusProvider CreateBusProvider(IServiceProvider services, StationHostOverrides? overrides)
    {
        if (overrides?.BusProvider is { } emulated)
        {
            return emulated(services);
        }

        var options = services.GetRequiredService<IOptions<StationOptions>>().Value;
        if (options.BusProvider == "Emulated")
        {
            throw new InvalidOperationException("Station:BusProvider is 'Emulated' but no emulator hosts this firmware; run the emulated station through stationctl, or set Station:BusProvider to RaspberryPi.");
        }

        return new RaspberryPiBusProvider(services.GetRequiredService<TimeProvider>());
    }

    private static MountAxes CreateMount(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<StationOptions>>().Value;
        var pinMap = services.GetRequiredService<PinMap>();
        var buses = services.GetRequiredService<IBusProvider>();
        var time = services.GetRequiredService<TimeProvider>();
        var logger = services.GetRequiredService<ILogger<MountAxis>>();
        var az = new MountAxis("az", new Tmc5160(buses.OpenSpi(pinMap.GetSpiConnectionSettings(DeviceId.AzMotor))), options.Azimuth, time, logger);
        var el = new MountAxis("el", new Tmc5160(buses.OpenSpi(pinMap.GetSpiConnectionSettings(DeviceId.ElMotor))), options.Elevation, time, logger);
        return new MountAxes(az, el);
    }
}

/// <summary>What the emulator replaces when it hosts the firmware.</summary>
/// <param name="BusProvider">Creates the bus provider (instead of the Raspberry Pi's).</param>
/// <param name="TimeProvider">The clock (instead of the station clock paced to the system clock).</param>
/// <param name="PacedToWallClock">Whether the firmware's control-loop thread advances <paramref name="TimeProvider"/>
/// (a <see cref="SimulatedTimeProvider"/>) in step with the system clock — the desktop emulator — rather than the
/// simulation driving it as fast as it can.</param>
public sealed record StationHostOverrides(Func<IServiceProvider, IBusProvider>? BusProvider = null, TimeProvider? TimeProvider = null, bool PacedToWallClock = false);

/// <summary>Brings the mount's motion controllers up at start-up (checks the chips, configures driver and ramp).</summary>
internal sealed partial class MountStartupService(MountAxes mount, PinMap pinMap, IBusProvider buses, ILogger<MountStartupService> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        LogStarting(pinMap.SourceName, buses.Description);
        mount.Azimuth.Initialize();
        mount.Elevation.Initialize();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Station starting with pin map {PinMap} on {Buses}")]
    private partial void LogStarting(string pinMap, string buses);
}

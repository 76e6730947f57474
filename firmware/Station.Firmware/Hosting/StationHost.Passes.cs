using System.Device.I2c;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Station.Core.Orbits;
using Station.Core.Pointing;
using Station.Devices.AbsoluteEncoder;
using Station.Devices.Board;
using Station.Devices.GateCounter;
using Station.Devices.Buses;
using Station.Devices.Weather;
using Station.Firmware.Filters;
using Station.Firmware.Motion;
using Station.Firmware.Sequencing;
using Station.Firmware.Telemetry;

namespace Station.Firmware.Hosting;

/// <summary>The mount's angle sensors: the absolute encoders resolved into multi-turn axis angles (homing sets their zeros).</summary>
public sealed record MountSensors(EncoderAxisSensor Azimuth, EncoderAxisSensor Elevation);

/// <summary>The weather station as the planner's source of air for refraction (null when it has no good reading).</summary>
public sealed class WeatherStationAirSource(WeatherStation weather) : IAirSource
{
    public AtmosphereConditions? Read()
    {
        var reading = weather.Read();
        return reading.IsOk ? new AtmosphereConditions(reading.Temperature!.Value.DegreesCelsius, reading.Pressure!.Value.Millibars) : null;
    }
}

public static partial class StationHost
{
    /// <summary>
    /// Registers what flies passes: encoders and the multi-turn axis sensors, the <see cref="MountController"/>
    /// (section <c>Station:Mount</c>; homed at start-up), the pass mount over it, the weather station as the air for
    /// refraction, the schedule and the sequencer service (after every other hosted service, so it starts last).
    /// </summary>
    public static IServiceCollection AddPassSequencing(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<ScheduleOptions>().BindConfiguration(ScheduleOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ScheduleOptions>>(new DelegateValidator<ScheduleOptions>(o => o.Validate()));
        services.AddOptions<MountControllerOptions>().BindConfiguration(MountControllerOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MountControllerOptions>>(sp => new DelegateValidator<MountControllerOptions>(o =>
        {
            try
            {
                var station = sp.GetRequiredService<IOptions<StationOptions>>().Value;
                return [.. o.Validate(station.Azimuth, station.Elevation).Select(p => "Station:" + p)];
            }
            catch (OptionsValidationException)
            {
                return []; // the axes' own problems are reported by the Station section's validator
            }
        }));
        services.AddSingleton(CreateMountSensors);
        services.AddSingleton(sp =>
        {
            var sensors = sp.GetRequiredService<MountSensors>();
            var site = sp.GetRequiredService<IOptions<ScheduleOptions>>().Value.ParseSite();
            return new MountController(sp.GetRequiredService<MountAxes>(), sensors.Azimuth, sensors.Elevation,
                sp.GetRequiredService<IOptions<MountControllerOptions>>().Value,
                at => Sun.Apparent(at.UtcDateTime, site) is var sun ? (sun.AzimuthDeg, sun.ElevationDeg) : default,
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>());
        });
        services.AddHostedService<MountHomingService>();
        services.AddSingleton<IPassMount>(sp =>
        {
            var sensors = sp.GetRequiredService<MountSensors>();
            return new ControllerPassMount(sp.GetRequiredService<MountController>(), sensors.Azimuth, sensors.Elevation, sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton(sp =>
        {
            var pinMap = sp.GetRequiredService<PinMap>();
            var i2c = pinMap.GetI2c(DeviceId.Weather);
            var weather = new WeatherStation(sp.GetRequiredService<IBusProvider>().OpenI2c(new I2cConnectionSettings(i2c.Bus, i2c.Address)), sp.GetRequiredService<TimeProvider>(), DeviceId.Weather);
            weather.Start();
            return weather;
        });
        services.AddSingleton<IAirSource>(sp => new WeatherStationAirSource(sp.GetRequiredService<WeatherStation>()));
        services.AddSingleton(sp => new StationSequencerService(
            sp.GetRequiredService<IOptions<ScheduleOptions>>(),
            sp.GetRequiredService<IPassMount>(),
            sp.GetRequiredService<PointingModel>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<StationSequencerService>>(),
            sp.GetService<IPassAcquisition>(),
            sp.GetService<IPassSafetyDemands>(),
            sp.GetRequiredService<IAirSource>(),
            sp.GetService<ITelemetrySink>(),
            sp.GetService<IPassFilters>(),
            sp.GetService<IEmergencyStopSource>(),
            new OpticsSampler(sp.GetService<Safety.IFilterWheelSenseSource>(), sp.GetService<Devices.UplinkLaser.UplinkLaser>(), sp.GetService<Devices.SteeringMirror.SteeringMirror>())));
        services.AddSingleton<IPassFilters>(sp => new FilterWheelPassFilters(sp.GetRequiredService<FilterWheelService>(), sp.GetRequiredService<GateCounterBoard>(), sp.GetRequiredService<IOptions<ScheduleOptions>>()));
        services.AddHostedService<StationHealthService>(); // clock and weather into the telemetry, once a second
        services.AddHostedService(sp => sp.GetRequiredService<StationSequencerService>());
        return services;
    }

    private static MountSensors CreateMountSensors(IServiceProvider services)
    {
        var pinMap = services.GetRequiredService<PinMap>();
        var buses = services.GetRequiredService<IBusProvider>();
        var axes = services.GetRequiredService<MountAxes>();
        // A resting axis repeats a reading a few frames in a row through the readhead's jitter: declare an encoder
        // frozen only after half a second of identical frames at the 100 Hz loop.
        var azEncoder = new AbsoluteEncoder(buses.OpenSpi(pinMap.GetSpiConnectionSettings(DeviceId.AzEncoder)), DeviceId.AzEncoder, frozenFrameLimit: 50);
        var elEncoder = new AbsoluteEncoder(buses.OpenSpi(pinMap.GetSpiConnectionSettings(DeviceId.ElEncoder)), DeviceId.ElEncoder, frozenFrameLimit: 50);
        // Until homing sets the zeros, take the power-up readings as axis zero (the controller refuses motion unhomed).
        return new MountSensors(
            new EncoderAxisSensor(azEncoder, axes.Azimuth, azEncoder.ReadAngle().Degrees),
            new EncoderAxisSensor(elEncoder, axes.Elevation, elEncoder.ReadAngle().Degrees));
    }

    /// <summary>Options validation by a function returning every problem.</summary>
    private sealed class DelegateValidator<T>(Func<T, IReadOnlyList<string>> validate) : IValidateOptions<T>
        where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var problems = validate(options);
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}

/// <summary>Homes the mount when the host starts (the controller refuses every motion until then).</summary>
internal sealed class MountHomingService(MountController controller) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        controller.Home();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        controller.Abort();
        return Task.CompletedTask;
    }
}

using System.Device.I2c;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Station.Core.Orbits;
using Station.Core.Pointing;
using Station.Devices.AbsoluteEncoder;
using Station.Devices.Board;
using Station.Devices.Buses;
using Station.Devices.Weather;
using Station.Firmware.Motion;
using Station.Firmware.Sequencing;
using Station.Firmware.Telemetry;

namespace Station.Firmware.Hosting;

/// <summary>The mount's angle sensors: the absolute encoders resolved into multi-turn axis angles.</summary>
public sealed record MountSensors(IAxisAngleSensor Azimuth, IAxisAngleSensor Elevation);

/// <summary>The <c>Station:Mount</c> section: the park position and the pass planner's share of the axes' limits.</summary>
public sealed class MountPassOptions
{
    public const string SectionName = "Station:Mount";

    public double ParkAzimuthDeg { get; set; }

    public double ParkElevationDeg { get; set; } = 85;

    /// <summary>
    /// Share of each axis's rate and acceleration the planner may use (the rest is headroom for the position loop to
    /// correct errors, even in the keyhole).
    /// </summary>
    public double PlannerShare { get; set; } = 0.9;

    /// <summary>Mount-loop following error beyond which a track faults, degrees (the beacon camera's half field).</summary>
    public double FollowingErrorLimitDeg { get; set; } = 0.1;

    /// <summary>
    /// Encoder readings at axis angle zero, degrees; null: the reading at start-up (the mount powers up parked at its
    /// axis zeros, as the emulated mount does).
    /// </summary>
    public double? AzimuthEncoderZeroDeg { get; set; }

    public double? ElevationEncoderZeroDeg { get; set; }

    public IReadOnlyList<string> Validate(StationOptions station)
    {
        ArgumentNullException.ThrowIfNull(station);
        var problems = new List<string>();
        if (!double.IsFinite(PlannerShare) || PlannerShare is <= 0.1 or > 1)
        {
            problems.Add($"{SectionName}:PlannerShare is {PlannerShare}; expected 0.1 < share ≤ 1");
        }

        if (!double.IsFinite(FollowingErrorLimitDeg) || FollowingErrorLimitDeg is <= 0 or > 10)
        {
            problems.Add($"{SectionName}:FollowingErrorLimitDeg is {FollowingErrorLimitDeg}; expected 0 < limit ≤ 10 degrees");
        }

        if (PlannerLimits(station).CheckPosition(ParkAzimuthDeg, ParkElevationDeg) is { } outside)
        {
            problems.Add($"{SectionName}: the park position ({ParkAzimuthDeg}°, {ParkElevationDeg}°) is beyond the limits: {outside}");
        }

        return problems;
    }

    /// <summary>The planner's limits: the axes' travel (elevation 0–90°) and <see cref="PlannerShare"/> of their rate and acceleration.</summary>
    public MountLimits PlannerLimits(StationOptions station) => new()
    {
        AzimuthMinDeg = station.Azimuth.MinAngleDeg,
        AzimuthMaxDeg = station.Azimuth.MaxAngleDeg,
        ElevationMinDeg = Math.Max(0, station.Elevation.MinAngleDeg),
        ElevationMaxDeg = Math.Min(90, station.Elevation.MaxAngleDeg),
        AzimuthMaxRateDegPerS = PlannerShare * station.Azimuth.MaxSpeedDegPerSec,
        ElevationMaxRateDegPerS = PlannerShare * station.Elevation.MaxSpeedDegPerSec,
        AzimuthMaxAccelerationDegPerS2 = PlannerShare * station.Azimuth.AccelerationDegPerSec2,
        ElevationMaxAccelerationDegPerS2 = PlannerShare * station.Elevation.AccelerationDegPerSec2,
    };
}

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
    /// Registers what flies passes: encoders and the multi-turn axis sensors, the mount's position loop
    /// (<see cref="MountTracker"/>), the pass mount (slews, tracking, park), the weather station as the air for
    /// refraction, the schedule and the sequencer service (after every other hosted service, so it starts last).
    /// </summary>
    public static IServiceCollection AddPassSequencing(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<ScheduleOptions>().BindConfiguration(ScheduleOptions.SectionName)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ScheduleOptions>>(new DelegateValidator<ScheduleOptions>(o => o.Validate()));
        services.AddOptions<MountPassOptions>().BindConfiguration(MountPassOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MountPassOptions>>(sp => new DelegateValidator<MountPassOptions>(o =>
        {
            try
            {
                return o.Validate(sp.GetRequiredService<IOptions<StationOptions>>().Value);
            }
            catch (OptionsValidationException)
            {
                return []; // the axes' own problems are reported by the Station section's validator
            }
        }));
        services.AddSingleton(CreateMountSensors);
        services.AddSingleton(sp =>
        {
            var station = sp.GetRequiredService<IOptions<StationOptions>>().Value;
            var mount = sp.GetRequiredService<IOptions<MountPassOptions>>().Value;
            var sensors = sp.GetRequiredService<MountSensors>();
            return new MountTracker(sp.GetRequiredService<MountAxes>(), sensors.Azimuth, sensors.Elevation,
                LoopOptions(station.Azimuth, mount), LoopOptions(station.Elevation, mount),
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<MountTracker>>(), StationSequencerService.ControlRateHz);
        });
        services.AddSingleton<IPassMount>(sp =>
        {
            var station = sp.GetRequiredService<IOptions<StationOptions>>().Value;
            var mount = sp.GetRequiredService<IOptions<MountPassOptions>>().Value;
            var sensors = sp.GetRequiredService<MountSensors>();
            var site = sp.GetRequiredService<IOptions<ScheduleOptions>>().Value.ParseSite();
            return new TrackerPassMount(sp.GetRequiredService<MountAxes>(), sensors.Azimuth, sensors.Elevation, sp.GetRequiredService<MountTracker>(),
                mount.PlannerLimits(station), site, (mount.ParkAzimuthDeg, mount.ParkElevationDeg), sp.GetRequiredService<TimeProvider>());
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
            sp.GetService<ITelemetrySink>()));
        services.AddHostedService(sp => sp.GetRequiredService<StationSequencerService>());
        return services;
    }

    private static AxisControllerOptions LoopOptions(AxisOptions axis, MountPassOptions mount) => new()
    {
        MaxRateDegPerS = axis.MaxSpeedDegPerSec,
        MaxAccelerationDegPerS2 = axis.AccelerationDegPerSec2,
        FollowingErrorLimitDeg = mount.FollowingErrorLimitDeg,
    };

    private static MountSensors CreateMountSensors(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<MountPassOptions>>().Value;
        var pinMap = services.GetRequiredService<PinMap>();
        var buses = services.GetRequiredService<IBusProvider>();
        var axes = services.GetRequiredService<MountAxes>();
        var azEncoder = new AbsoluteEncoder(buses.OpenSpi(pinMap.GetSpiConnectionSettings(DeviceId.AzEncoder)), DeviceId.AzEncoder, frozenFrameLimit: 50);
        var elEncoder = new AbsoluteEncoder(buses.OpenSpi(pinMap.GetSpiConnectionSettings(DeviceId.ElEncoder)), DeviceId.ElEncoder, frozenFrameLimit: 50);
        return new MountSensors(
            new EncoderAxisSensor(azEncoder, axes.Azimuth, options.AzimuthEncoderZeroDeg ?? azEncoder.ReadAngle().Degrees),
            new EncoderAxisSensor(elEncoder, axes.Elevation, options.ElevationEncoderZeroDeg ?? elEncoder.ReadAngle().Degrees));
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

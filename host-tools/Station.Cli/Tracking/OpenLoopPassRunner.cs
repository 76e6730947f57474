using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Station.Core.Orbits;
using Station.Core.Pointing;
using Station.Core.Timing;
using Station.Devices.AbsoluteEncoder;
using Station.Devices.Board;
using Station.Devices.Tmc5160;
using Station.Devices.Weather;
using Station.Emulator;
using Station.Firmware.Motion;

namespace Station.Cli.Tracking;

/// <summary>
/// Flies one pass open-loop on the emulated station in simulated time, with the firmware's own motion code:
/// the emulated station powers up two minutes before AOS, the firmware reads the weather station, takes the
/// pointing model from calibration, plans the track (refraction, pointing model, cable wrap, keyhole), slews
/// sun-safe to the AOS point and follows the trajectory with <see cref="MountTracker"/> on the absolute
/// encoders. Each control tick the emulator's truth (where the optics point through the true pointing errors,
/// and where the satellite is) gives the line-of-sight error.
/// </summary>
public static class OpenLoopPassRunner
{
    /// <summary>How long before AOS the emulated station is switched on.</summary>
    public static readonly TimeSpan PowerUpBeforeAos = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The mount's axis options: the hardware rate and acceleration limits of the drive trains (a fast azimuth,
    /// as satellite-tracking mounts have, so the keyhole near the zenith stays short).
    /// </summary>
    public static AxisOptions AzimuthAxis { get; } = new() { MaxSpeedDegPerSec = 10, AccelerationDegPerSec2 = 5 };

    public static AxisOptions ElevationAxis { get; } = new() { MinAngleDeg = -2, MaxAngleDeg = 92, MaxSpeedDegPerSec = 5, AccelerationDegPerSec2 = 3 };

    /// <summary>
    /// The planner's limits: the travel and 90 % of the axes' rate and acceleration, so the position loop keeps
    /// headroom above the feed-forward to correct errors even at the keyhole.
    /// </summary>
    public static MountLimits PlannerLimits { get; } = new()
    {
        AzimuthMinDeg = AzimuthAxis.MinAngleDeg,
        AzimuthMaxDeg = AzimuthAxis.MaxAngleDeg,
        ElevationMinDeg = 0,
        ElevationMaxDeg = 90,
        AzimuthMaxRateDegPerS = 0.9 * AzimuthAxis.MaxSpeedDegPerSec,
        ElevationMaxRateDegPerS = 0.9 * ElevationAxis.MaxSpeedDegPerSec,
        AzimuthMaxAccelerationDegPerS2 = 0.9 * AzimuthAxis.AccelerationDegPerSec2,
        ElevationMaxAccelerationDegPerS2 = 0.9 * ElevationAxis.AccelerationDegPerSec2,
    };

    public static OpenLoopPassResult Run(OpenLoopPassRequest request, PinMap? pinMap = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var wall = Stopwatch.StartNew();
        var pass = PassSelection.FirstPass(request);
        DateTime aos = pass.AosUtc!.Value, los = pass.LosUtc!.Value;
        var time = new SimulatedTimeProvider(new DateTimeOffset(aos - PowerUpBeforeAos, TimeSpan.Zero));
        pinMap ??= PinMapLoader.LoadDefault();
        using var station = EmulatedStation.FromPinMap(time, pinMap, EmulatedMountTruth.FromSeed(request.Seed));
        station.Weather.PressurePascals = Refraction.StandardPressureMbar(request.Station.HeightM) * 100;
        station.Weather.TemperatureCelsius = -8;
        foreach (var fault in request.Faults)
        {
            station.Faults.Schedule(fault.Kind, fault.DeviceId, new DateTimeOffset(aos + fault.AfterAos, TimeSpan.Zero), fault.Duration);
        }

        // Firmware side: the same bindings and services as on the Pi, on the emulated buses.
        var (pressureMbar, temperatureC) = ReadWeather(station, pinMap, time);
        using var mount = new MountAxes(OpenAxis("az", DeviceId.AzMotor, AzimuthAxis), OpenAxis("el", DeviceId.ElMotor, ElevationAxis));
        mount.Azimuth.Initialize();
        mount.Elevation.Initialize();
        // A frozen encoder is declared after half a second of identical readings at the control rate: a resting
        // axis repeats a value a few frames in a row now and then through the readhead's jitter.
        int frozenFrames = (int)(request.ControlRateHz / 2);
        using var azEncoder = new AbsoluteEncoder(station.Buses.OpenSpi(pinMap.GetSpiConnectionSettings(DeviceId.AzEncoder)), DeviceId.AzEncoder, frozenFrameLimit: frozenFrames);
        using var elEncoder = new AbsoluteEncoder(station.Buses.OpenSpi(pinMap.GetSpiConnectionSettings(DeviceId.ElEncoder)), DeviceId.ElEncoder, frozenFrameLimit: frozenFrames);

        // The emulated axes power up at axis angle 0, so the encoder readings now are the encoder zeros.
        var azSensor = new EncoderAxisSensor(azEncoder, mount.Azimuth, azEncoder.ReadAngle().Degrees);
        var elSensor = new EncoderAxisSensor(elEncoder, mount.Elevation, elEncoder.ReadAngle().Degrees);

        PointingFitResult? calibration = null;
        var model = request.PointingModel;
        if (model is null)
        {
            calibration = SyntheticPointingSurvey.Fit(station.TruePointingModel, request.Seed);
            model = calibration.Model;
        }

        var satellite = new Sgp4Propagator(request.Satellite);
        var (trajectory, refusal) = TrackPlanner.Plan(new TrackRequest(satellite, request.Station, aos, los)
        {
            ControlRateHz = request.ControlRateHz,
            PressureMbar = pressureMbar,
            TemperatureC = temperatureC,
            PointingModel = model,
            Limits = PlannerLimits,
            CurrentAzimuthDeg = azSensor.ReadDegrees(),
        });
        if (trajectory is null)
        {
            throw new PassTrackException($"The pass at {aos:O} cannot be flown: {refusal}");
        }

        string slew = SlewToStart(mount, azSensor, elSensor, trajectory, request.Station, time);
        time.AdvanceTo(new DateTimeOffset(trajectory.StartUtc, TimeSpan.Zero));

        var statistics = new PassTrackStatistics(request.StatisticsFloorDeg, new TrackRequest(satellite, request.Station, aos, los).LockLossThresholdDeg, trajectory.Keyholes);
        var truth = new TruthObserver(station, satellite, request.Station);
        using var tracker = new MountTracker(mount, azSensor, elSensor, LoopOptions(AzimuthAxis), LoopOptions(ElevationAxis), time, NullLogger<MountTracker>.Instance, request.ControlRateHz)
        {
            TickObserver = tick =>
            {
                var (errorArcsec, targetEl) = truth.LineOfSightError(tick.Time.UtcDateTime);
                string? violation = Violation(station);
                statistics.Add(tick.Time, errorArcsec, targetEl, violation);
            },
        };
        tracker.Start(trajectory);
        var end = new DateTimeOffset(trajectory.EndUtc, TimeSpan.Zero) + TimeSpan.FromSeconds(1);
        time.AdvanceUntil(() => tracker.State != MountTrackerState.Tracking, end - time.GetUtcNow());
        string trackerState = tracker.State.ToString();
        string? trackerFault = tracker.FaultReason;
        tracker.Stop();
        wall.Stop();
        return new OpenLoopPassResult(pass, calibration, pressureMbar, temperatureC, trajectory, slew,
            trackerState, trackerFault, statistics, azEncoder.RetryCount + elEncoder.RetryCount, time.GetUtcNow() - new DateTimeOffset(aos - PowerUpBeforeAos, TimeSpan.Zero), wall.Elapsed);

        MountAxis OpenAxis(string name, string deviceId, AxisOptions options) =>
            new(name, new Tmc5160(station.Buses.OpenSpi(pinMap.GetSpiConnectionSettings(deviceId)), name: deviceId), options, time, NullLogger<MountAxis>.Instance);
    }

    /// <summary>The position loop of one axis, bounded by that axis's hardware rate and acceleration.</summary>
    public static AxisControllerOptions LoopOptions(AxisOptions axis)
    {
        ArgumentNullException.ThrowIfNull(axis);
        // A following error beyond the beacon camera's half field for 0.2 s means the track is lost (a stalled or
        // blocked axis): stop and fault rather than chase it.
        return new AxisControllerOptions { MaxRateDegPerS = axis.MaxSpeedDegPerSec, MaxAccelerationDegPerS2 = axis.AccelerationDegPerSec2, FollowingErrorLimitDeg = 0.1 };
    }

    private static (double PressureMbar, double TemperatureC) ReadWeather(EmulatedStation station, PinMap pinMap, SimulatedTimeProvider time)
    {
        var i2c = pinMap.GetI2c(DeviceId.Weather);
        using var weather = new WeatherStation(station.Buses.OpenI2c(new System.Device.I2c.I2cConnectionSettings(i2c.Bus, i2c.Address)), time, DeviceId.Weather);
        weather.Start();
        time.Advance(WeatherStation.FirstMeasurementTime + TimeSpan.FromMilliseconds(100));
        var reading = weather.Read();
        if (!reading.IsOk)
        {
            throw new PassTrackException($"The weather station gave no reading for refraction: {reading.Problem}");
        }

        return (reading.Pressure!.Value.Millibars, reading.Temperature!.Value.DegreesCelsius);
    }

    private static string SlewToStart(MountAxes mount, EncoderAxisSensor az, EncoderAxisSensor el, MountTrajectory trajectory, GroundStation site, SimulatedTimeProvider time)
    {
        var sun = Sun.Apparent(time.GetUtcNow().UtcDateTime, site);
        var (plan, refusal) = SlewPlanner.Plan(az.ReadDegrees(), el.ReadDegrees(), trajectory.PlannedAzimuth[0], trajectory.PlannedElevation[0], sun.AzimuthDeg, sun.ElevationDeg, PlannerLimits);
        if (plan is null)
        {
            throw new PassTrackException($"No sun-safe slew to the start of the track: {refusal}");
        }

        foreach (var (waypointAz, waypointEl) in plan.Waypoints)
        {
            var azMove = mount.Azimuth.MoveTo(UnitsNet.Angle.FromDegrees(waypointAz));
            var elMove = mount.Elevation.MoveTo(UnitsNet.Angle.FromDegrees(waypointEl));
            var limit = TimeSpan.FromSeconds(plan.DurationSeconds + 30);
            if (!time.AdvanceUntil(() => azMove.IsCompleted && elMove.IsCompleted, limit) || azMove.Result!.Outcome != AxisMoveOutcome.Reached || elMove.Result!.Outcome != AxisMoveOutcome.Reached)
            {
                throw new PassTrackException($"The slew to the start of the track failed: azimuth {azMove.Result?.Outcome} {azMove.Result?.Reason}, elevation {elMove.Result?.Outcome} {elMove.Result?.Reason}.");
            }

            if (time.GetUtcNow().UtcDateTime > trajectory.StartUtc)
            {
                throw new PassTrackException(string.Create(CultureInfo.InvariantCulture, $"The slew to the start of the track ended at {time.GetUtcNow():HH:mm:ss}Z, after AOS."));
            }
        }

        return plan.Strategy.ToString();
    }

    /// <summary>A limit the true mount breaks at this tick: beyond its travel, or faster than the axis can go.</summary>
    private static string? Violation(EmulatedStation station)
    {
        double az = station.Azimuth.AngleDegrees, el = station.Elevation.AngleDegrees;
        double azRate = station.Azimuth.RateDegreesPerSecond, elRate = station.Elevation.RateDegreesPerSecond;
        var c = CultureInfo.InvariantCulture;
        if (PlannerLimits.CheckPosition(az, el) is { } outside)
        {
            return outside;
        }

        // The true axis rings on its drive-train resonance: allow 2 % above the hardware rate for that.
        if (Math.Abs(azRate) > AzimuthAxis.MaxSpeedDegPerSec * 1.02)
        {
            return string.Create(c, $"azimuth rate {azRate:0.###}°/s beyond {AzimuthAxis.MaxSpeedDegPerSec}°/s");
        }

        return Math.Abs(elRate) > ElevationAxis.MaxSpeedDegPerSec * 1.02
            ? string.Create(c, $"elevation rate {elRate:0.###}°/s beyond {ElevationAxis.MaxSpeedDegPerSec}°/s")
            : null;
    }

    /// <summary>Where the satellite truly is (its apparent direction through the emulator's air) versus where the optics truly point.</summary>
    private sealed class TruthObserver(EmulatedStation station, Sgp4Propagator satellite, GroundStation site)
    {
        public (double ErrorArcsec, double TargetElevationDeg) LineOfSightError(DateTime utc)
        {
            var state = satellite.PropagateToUtc(utc);
            var look = Topocentric.Look(new Vec3(state.XKm, state.YKm, state.ZKm), new Vec3(state.VxKmPerS, state.VyKmPerS, state.VzKmPerS), utc, site);
            double el = Refraction.ApparentFromGeometricDeg(look.ElevationDeg, station.Weather.TemperatureCelsius, station.Weather.PressurePascals / 100);
            var (losAz, losEl) = station.TrueLineOfSight();
            return (SlewPlanner.Separation(losAz, losEl, look.AzimuthDeg, el) * 3600, el);
        }
    }
}

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

using Station.Emulator.Truth;

namespace Station.Cli.Tracking;

/// <summary>
/// Everything a pass flight shares, open- or closed-loop, up to the start of the track: the pass chosen, the
/// emulated station powered up two minutes before AOS in simulated time (weather, faults scheduled from AOS), the
/// firmware's mount axes and absolute encoders on the emulated buses, the weather read for refraction, the pointing
/// model (from the request or calibrated on the emulated mount), the planned trajectory and the sun-safe slew to its
/// start. <see cref="CreateTracker"/> then gives the firmware's <see cref="MountTracker"/> on those axes.
/// </summary>
public sealed class EmulatedPassSession : IDisposable
{
    private readonly Stopwatch _wall = Stopwatch.StartNew();
    private readonly EmulatedStation _station;
    private readonly MountAxes _mount;
    private readonly AbsoluteEncoder _azEncoder;
    private readonly AbsoluteEncoder _elEncoder;

    private EmulatedPassSession(OpenLoopPassRequest request, PinMap pinMap)
    {
        Request = request;
        PinMap = pinMap;
        Pass = PassSelection.FirstPass(request);
        DateTime aos = Pass.AosUtc!.Value, los = Pass.LosUtc!.Value;
        DateTime trackEnd = request.TrackFor is { } duration && duration > TimeSpan.Zero && aos + duration < los ? aos + duration : los;
        PowerOn = new DateTimeOffset(aos - OpenLoopPassRunner.PowerUpBeforeAos, TimeSpan.Zero);
        Time = new SimulatedTimeProvider(PowerOn);
        _station = EmulatedStation.FromPinMap(Time, pinMap, EmulatedMountTruth.FromSeed(request.Seed));
        try
        {
            _station.Weather.PressurePascals = Refraction.StandardPressureMbar(request.Station.HeightM) * 100;
            _station.Weather.TemperatureCelsius = -8;
            foreach (var fault in request.Faults)
            {
                _station.Faults.Schedule(fault.Kind, fault.DeviceId, new DateTimeOffset(aos + fault.AfterAos, TimeSpan.Zero), fault.Duration);
            }

            // Firmware side: the same bindings and services as on the Pi, on the emulated buses.
            (PressureMbar, TemperatureC) = ReadWeather();
            _mount = new MountAxes(OpenAxis("az", DeviceId.AzMotor, EmulatedMountConfiguration.AzimuthAxis), OpenAxis("el", DeviceId.ElMotor, EmulatedMountConfiguration.ElevationAxis));
            _mount.Azimuth.Initialize();
            _mount.Elevation.Initialize();
            // A frozen encoder is declared after half a second of identical readings at the control rate: a resting
            // axis repeats a value a few frames in a row now and then through the readhead's jitter.
            int frozenFrames = (int)(request.ControlRateHz / 2);
            _azEncoder = new AbsoluteEncoder(_station.Buses.OpenSpi(pinMap.GetSpiConnectionSettings(DeviceId.AzEncoder)), DeviceId.AzEncoder, frozenFrameLimit: frozenFrames);
            _elEncoder = new AbsoluteEncoder(_station.Buses.OpenSpi(pinMap.GetSpiConnectionSettings(DeviceId.ElEncoder)), DeviceId.ElEncoder, frozenFrameLimit: frozenFrames);

            // The emulated axes power up at axis angle 0, so the encoder readings now are the encoder zeros.
            AzimuthSensor = new EncoderAxisSensor(_azEncoder, _mount.Azimuth, _azEncoder.ReadAngle().Degrees);
            ElevationSensor = new EncoderAxisSensor(_elEncoder, _mount.Elevation, _elEncoder.ReadAngle().Degrees);

            var model = request.PointingModel;
            if (model is null)
            {
                Calibration = SyntheticPointingSurvey.Fit(_station.TruePointingModel, request.Seed);
                model = Calibration.Model;
            }

            Satellite = new Sgp4Propagator(request.Satellite);
            var (trajectory, refusal) = TrackPlanner.Plan(new TrackRequest(Satellite, request.Station, aos, trackEnd)
            {
                ControlRateHz = request.ControlRateHz,
                PressureMbar = PressureMbar,
                TemperatureC = TemperatureC,
                PointingModel = model,
                Limits = EmulatedMountConfiguration.PlannerLimits,
                CurrentAzimuthDeg = AzimuthSensor.ReadDegrees(),
            });
            Trajectory = trajectory ?? throw new PassTrackException($"The pass at {aos:O} cannot be flown: {refusal}");
            LockLossThresholdDeg = new TrackRequest(Satellite, request.Station, aos, los).LockLossThresholdDeg;
            SlewStrategy = SlewToStart();
            Time.AdvanceTo(new DateTimeOffset(Trajectory.StartUtc, TimeSpan.Zero));
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public OpenLoopPassRequest Request { get; }

    public PinMap PinMap { get; }

    public SatellitePass Pass { get; }

    public DateTimeOffset PowerOn { get; }

    public SimulatedTimeProvider Time { get; }

    public EmulatedStation Station => _station;

    public Sgp4Propagator Satellite { get; }

    public PointingFitResult? Calibration { get; }

    public double PressureMbar { get; }

    public double TemperatureC { get; }

    public EncoderAxisSensor AzimuthSensor { get; } = null!;

    public EncoderAxisSensor ElevationSensor { get; } = null!;

    public MountTrajectory Trajectory { get; } = null!;

    public double LockLossThresholdDeg { get; }

    public string SlewStrategy { get; } = string.Empty;

    /// <summary>Encoder frames re-read after errors so far.</summary>
    public long EncoderRetries => _azEncoder.RetryCount + _elEncoder.RetryCount;

    public TimeSpan WallTime => _wall.Elapsed;

    public TimeSpan SimulatedTime => Time.GetUtcNow() - PowerOn;

    /// <summary>Powers up the emulated station and brings the firmware to the start of the track.</summary>
    public static EmulatedPassSession Prepare(OpenLoopPassRequest request, PinMap? pinMap = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new EmulatedPassSession(request, pinMap ?? PinMapLoader.LoadDefault());
    }

    /// <summary>The firmware's mount tracker on this session's axes and encoders (not started).</summary>
    public MountTracker CreateTracker() =>
        new(_mount, AzimuthSensor, ElevationSensor, OpenLoopPassRunner.LoopOptions(EmulatedMountConfiguration.AzimuthAxis), OpenLoopPassRunner.LoopOptions(EmulatedMountConfiguration.ElevationAxis), Time, NullLogger<MountTracker>.Instance, Request.ControlRateHz);

    /// <summary>Flies <paramref name="tracker"/> (already started) until it stops or the track ends; returns its final state and fault.</summary>
    public (string State, string? Fault) FlyToEnd(MountTracker tracker)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        var end = new DateTimeOffset(Trajectory.EndUtc, TimeSpan.Zero) + TimeSpan.FromSeconds(1);
        Time.AdvanceUntil(() => tracker.State != MountTrackerState.Tracking, end - Time.GetUtcNow());
        return (tracker.State.ToString(), tracker.FaultReason);
    }

    /// <summary>A limit the true mount breaks now: beyond its travel, or faster than the axis can go.</summary>
    public string? Violation()
    {
        double az = _station.Azimuth.AngleDegrees, el = _station.Elevation.AngleDegrees;
        double azRate = _station.Azimuth.RateDegreesPerSecond, elRate = _station.Elevation.RateDegreesPerSecond;
        var c = CultureInfo.InvariantCulture;
        if (EmulatedMountConfiguration.PlannerLimits.CheckPosition(az, el) is { } outside)
        {
            return outside;
        }

        // The true axis rings on its drive-train resonance: allow 2 % above the hardware rate for that.
        double azLimit = EmulatedMountConfiguration.AzimuthAxis.MaxSpeedDegPerSec, elLimit = EmulatedMountConfiguration.ElevationAxis.MaxSpeedDegPerSec;
        if (Math.Abs(azRate) > azLimit * 1.02)
        {
            return string.Create(c, $"azimuth rate {azRate:0.###}°/s beyond {azLimit}°/s");
        }

        return Math.Abs(elRate) > elLimit * 1.02 ? string.Create(c, $"elevation rate {elRate:0.###}°/s beyond {elLimit}°/s") : null;
    }

    public void Dispose()
    {
        _azEncoder?.Dispose();
        _elEncoder?.Dispose();
        _mount?.Dispose();
        _station.Dispose();
    }

    private MountAxis OpenAxis(string name, string deviceId, AxisOptions options) =>
        new(name, new Tmc5160(_station.Buses.OpenSpi(PinMap.GetSpiConnectionSettings(deviceId)), name: deviceId), options, Time, NullLogger<MountAxis>.Instance);

    private (double PressureMbar, double TemperatureC) ReadWeather()
    {
        var i2c = PinMap.GetI2c(DeviceId.Weather);
        using var weather = new WeatherStation(_station.Buses.OpenI2c(new System.Device.I2c.I2cConnectionSettings(i2c.Bus, i2c.Address)), Time, DeviceId.Weather);
        weather.Start();
        Time.Advance(WeatherStation.FirstMeasurementTime + TimeSpan.FromMilliseconds(100));
        var reading = weather.Read();
        if (!reading.IsOk)
        {
            throw new PassTrackException($"The weather station gave no reading for refraction: {reading.Problem}");
        }

        return (reading.Pressure!.Value.Millibars, reading.Temperature!.Value.DegreesCelsius);
    }

    private string SlewToStart()
    {
        var sun = Sun.Apparent(Time.GetUtcNow().UtcDateTime, Request.Station);
        var limits = EmulatedMountConfiguration.PlannerLimits;
        var (plan, refusal) = SlewPlanner.Plan(AzimuthSensor.ReadDegrees(), ElevationSensor.ReadDegrees(), Trajectory.PlannedAzimuth[0], Trajectory.PlannedElevation[0], sun.AzimuthDeg, sun.ElevationDeg, limits);
        if (plan is null)
        {
            throw new PassTrackException($"No sun-safe slew to the start of the track: {refusal}");
        }

        foreach (var (waypointAz, waypointEl) in plan.Waypoints)
        {
            var azMove = _mount.Azimuth.MoveTo(UnitsNet.Angle.FromDegrees(waypointAz));
            var elMove = _mount.Elevation.MoveTo(UnitsNet.Angle.FromDegrees(waypointEl));
            var limit = TimeSpan.FromSeconds(plan.DurationSeconds + 30);
            if (!Time.AdvanceUntil(() => azMove.IsCompleted && elMove.IsCompleted, limit) || azMove.Result!.Outcome != AxisMoveOutcome.Reached || elMove.Result!.Outcome != AxisMoveOutcome.Reached)
            {
                throw new PassTrackException($"The slew to the start of the track failed: azimuth {azMove.Result?.Outcome} {azMove.Result?.Reason}, elevation {elMove.Result?.Outcome} {elMove.Result?.Reason}.");
            }

            if (Time.GetUtcNow().UtcDateTime > Trajectory.StartUtc)
            {
                throw new PassTrackException(string.Create(CultureInfo.InvariantCulture, $"The slew to the start of the track ended at {Time.GetUtcNow():HH:mm:ss}Z, after AOS."));
            }
        }

        return plan.Strategy.ToString();
    }
}

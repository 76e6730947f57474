using System.Globalization;
using Microsoft.Extensions.Logging;
using Station.Core.Pointing;

namespace Station.Firmware.Motion;

/// <summary>State of the tracking loop.</summary>
public enum MountTrackerState
{
    Idle,
    Tracking,
    Completed,
    Faulted,
}

/// <summary>One control tick as the loop saw it (degrees, degrees per second).</summary>
public readonly record struct MountTrackerTick(
    DateTimeOffset Time,
    double SetpointAzimuthDeg,
    double SetpointElevationDeg,
    double MeasuredAzimuthDeg,
    double MeasuredElevationDeg,
    double AzimuthRateCommandDegPerS,
    double ElevationRateCommandDegPerS);

/// <summary>
/// An offset added to the trajectory's setpoint every control tick (beacon acquisition: search pattern, coarse
/// loop, mirror offload). Called on the tracker's tick with the track's own setpoint and the encoder angles just
/// read, so the provider also learns where the mount actually is relative to the track. Must not allocate.
/// </summary>
public interface IMountSetpointOffset
{
    /// <summary>The offset (degrees, degrees per second on each axis) to add to <paramref name="track"/> at <paramref name="now"/>.</summary>
    MountSetpointOffset OffsetAt(DateTimeOffset now, in MountSetpoint track, double measuredAzimuthDeg, double measuredElevationDeg);
}

/// <summary>An axis-space offset from the track: angles in degrees, rates (velocity feed-forward) in degrees per second.</summary>
public readonly record struct MountSetpointOffset(double AzimuthDeg, double ElevationDeg, double AzimuthRateDegPerS, double ElevationRateDegPerS);

/// <summary>
/// The mount's closed position loop: at the control rate, the trajectory's setpoint and feed-forward rate,
/// the axis encoders, one <see cref="AxisController"/> per axis, and rate commands to the motion controllers.
/// A following error, a refused rate or a sensor failure stops both axes and faults the track with the reason.
/// Each tick is reported to an optional observer (telemetry, tests).
/// </summary>
public sealed partial class MountTracker : IDisposable
{
    private readonly MountAxes _mount;
    private readonly IAxisAngleSensor _azimuthSensor;
    private readonly IAxisAngleSensor _elevationSensor;
    private readonly AxisController _azimuthLoop;
    private readonly AxisController _elevationLoop;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TimeSpan _period;
    private readonly Lock _gate = new();
    private ITimer? _timer;
    private MountTrajectory? _trajectory;
    private DateTimeOffset _lastTick;

    public MountTracker(
        MountAxes mount,
        IAxisAngleSensor azimuthSensor,
        IAxisAngleSensor elevationSensor,
        AxisControllerOptions azimuthLoop,
        AxisControllerOptions elevationLoop,
        TimeProvider timeProvider,
        ILogger<MountTracker> logger,
        double controlRateHz = 100)
    {
        _mount = mount ?? throw new ArgumentNullException(nameof(mount));
        _azimuthSensor = azimuthSensor ?? throw new ArgumentNullException(nameof(azimuthSensor));
        _elevationSensor = elevationSensor ?? throw new ArgumentNullException(nameof(elevationSensor));
        _azimuthLoop = new AxisController(azimuthLoop);
        _elevationLoop = new AxisController(elevationLoop);
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        if (controlRateHz is <= 0 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(controlRateHz), controlRateHz, "The control rate must be within 0…1000 Hz.");
        }

        _period = TimeSpan.FromSeconds(1 / controlRateHz);
    }

    /// <summary>Optional offset added to the trajectory's setpoint each tick (null: the trajectory alone).</summary>
    public IMountSetpointOffset? SetpointOffset { get; set; }

    /// <summary>Called on every tick with what the loop saw and commanded.</summary>
    public Action<MountTrackerTick>? TickObserver { get; set; }

    public MountTrackerState State { get; private set; }

    /// <summary>Why the track faulted (null unless <see cref="State"/> is Faulted).</summary>
    public string? FaultReason { get; private set; }

    /// <summary>Starts following <paramref name="trajectory"/> from now until its end.</summary>
    public void Start(MountTrajectory trajectory)
    {
        ArgumentNullException.ThrowIfNull(trajectory);
        lock (_gate)
        {
            _trajectory = trajectory;
            _azimuthLoop.Reset();
            _elevationLoop.Reset();
            State = MountTrackerState.Tracking;
            FaultReason = null;
            _lastTick = _time.GetUtcNow();
            _timer ??= _time.CreateTimer(_ => Tick(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _timer.Change(_period, _period);
            LogStarted(trajectory.StartUtc, trajectory.EndUtc, trajectory.WrapOffsetDeg);
        }
    }

    /// <summary>Stops tracking: both axes brake to standstill.</summary>
    public void Stop()
    {
        lock (_gate)
        {
            Halt(MountTrackerState.Idle, null);
        }
    }

    private void Tick()
    {
        lock (_gate)
        {
            var trajectory = _trajectory;
            if (trajectory is null || State != MountTrackerState.Tracking)
            {
                return;
            }

            var now = _time.GetUtcNow();
            double dt = Math.Max((now - _lastTick).TotalSeconds, 1e-6);
            _lastTick = now;
            if (now.UtcDateTime > trajectory.EndUtc)
            {
                Halt(MountTrackerState.Completed, null);
                LogCompleted();
                return;
            }

            double az, el;
            try
            {
                az = _azimuthSensor.ReadDegrees();
                el = _elevationSensor.ReadDegrees();
            }
            catch (IOException ex)
            {
                Halt(MountTrackerState.Faulted, "axis sensor failed: " + ex.Message);
                return;
            }

            var setpoint = trajectory.Sample(now.UtcDateTime);
            if (SetpointOffset?.OffsetAt(now, setpoint, az, el) is { } offset)
            {
                setpoint = setpoint with
                {
                    AzimuthDeg = setpoint.AzimuthDeg + offset.AzimuthDeg,
                    ElevationDeg = setpoint.ElevationDeg + offset.ElevationDeg,
                    AzimuthRateDegPerS = setpoint.AzimuthRateDegPerS + offset.AzimuthRateDegPerS,
                    ElevationRateDegPerS = setpoint.ElevationRateDegPerS + offset.ElevationRateDegPerS,
                };
            }

            var azOut = _azimuthLoop.Update(setpoint.AzimuthDeg, setpoint.AzimuthRateDegPerS, az, dt);
            var elOut = _elevationLoop.Update(setpoint.ElevationDeg, setpoint.ElevationRateDegPerS, el, dt);
            if (azOut.FollowingErrorFault || elOut.FollowingErrorFault)
            {
                Halt(MountTrackerState.Faulted, string.Create(CultureInfo.InvariantCulture, $"following error: azimuth {azOut.ErrorDeg:0.####}°, elevation {elOut.ErrorDeg:0.####}°"));
                return;
            }

            string? refusal = _mount.Azimuth.CommandRate(azOut.RateCommandDegPerS) ?? _mount.Elevation.CommandRate(elOut.RateCommandDegPerS);
            TickObserver?.Invoke(new MountTrackerTick(now, setpoint.AzimuthDeg, setpoint.ElevationDeg, az, el, azOut.RateCommandDegPerS, elOut.RateCommandDegPerS));
            if (refusal is not null)
            {
                Halt(MountTrackerState.Faulted, refusal);
            }
        }
    }

    private void Halt(MountTrackerState state, string? reason)
    {
        _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _mount.Azimuth.Stop();
        _mount.Elevation.Stop();
        State = state;
        FaultReason = reason;
        if (reason is not null)
        {
            LogFaulted(reason);
        }
    }

    public void Dispose() => _timer?.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "Tracking {Start:O} → {End:O} on wrap offset {WrapDeg}°")]
    private partial void LogStarted(DateTime start, DateTime end, double wrapDeg);

    [LoggerMessage(Level = LogLevel.Information, Message = "Track completed")]
    private partial void LogCompleted();

    [LoggerMessage(Level = LogLevel.Error, Message = "Track faulted: {Reason}")]
    private partial void LogFaulted(string reason);
}

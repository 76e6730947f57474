using System.Globalization;
using Microsoft.Extensions.Logging;
using Station.Core.Pointing;

namespace Station.Firmware.Motion;

/// <summary>
/// One state machine owning both mount axes: Unhomed → Homing → Idle, and from Idle Slewing, Tracking and
/// Parking (→ Parked); Abort brakes any motion at the configured deceleration (Stopping), a failure faults the
/// mount (Faulted), and EStop stops and disables the drivers (EStopped) whatever the state. Commands are checked
/// before anything is sent: a refused command throws <see cref="MountCommandRefusedException"/> naming the
/// reason, and sends no datagram to the motion controllers (the checks use the position the controller last
/// established, not a fresh read). Motions then run on the station's <see cref="TimeProvider"/>: a supervision
/// timer advances homing, slew legs and stops, and <see cref="MountTracker"/> runs the position loop. Every
/// state change is logged and raised as <see cref="StateChanged"/> for telemetry.
/// Commands (MountController.cs), their execution (MountController.Execution.cs), homing (MountController.Homing.cs).
/// </summary>
public sealed partial class MountController : IDisposable
{
    private readonly MountAxes _mount;
    private readonly EncoderAxisSensor _azimuthSensor;
    private readonly EncoderAxisSensor _elevationSensor;
    private readonly MountControllerOptions _options;
    private readonly MountLimits _slewLimits;
    private readonly Func<DateTimeOffset, (double AzimuthDeg, double ElevationDeg)> _sunPosition;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly MountTracker _tracker;
    private readonly ITimer _supervisor;
    private readonly TimeSpan _poll;
    private readonly Lock _gate = new();
    private bool _homed;
    private double _azimuthDeg;
    private double _elevationDeg;

    /// <param name="mount">The two axes (initialised: driver and ramp configured).</param>
    /// <param name="azimuthSensor">The azimuth encoder; homing sets its zero.</param>
    /// <param name="elevationSensor">The elevation encoder; homing sets its zero.</param>
    /// <param name="options">Park, homing, abort and limits (validated here).</param>
    /// <param name="sunPosition">The sun's apparent azimuth (0–360°) and elevation at a time, degrees.</param>
    /// <param name="timeProvider">The station clock.</param>
    /// <param name="loggerFactory">Loggers for the controller and its tracker.</param>
    public MountController(
        MountAxes mount,
        EncoderAxisSensor azimuthSensor,
        EncoderAxisSensor elevationSensor,
        MountControllerOptions options,
        Func<DateTimeOffset, (double AzimuthDeg, double ElevationDeg)> sunPosition,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory)
    {
        _mount = mount ?? throw new ArgumentNullException(nameof(mount));
        _azimuthSensor = azimuthSensor ?? throw new ArgumentNullException(nameof(azimuthSensor));
        _elevationSensor = elevationSensor ?? throw new ArgumentNullException(nameof(elevationSensor));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _sunPosition = sunPosition ?? throw new ArgumentNullException(nameof(sunPosition));
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var az = mount.Azimuth.Options;
        var el = mount.Elevation.Options;
        var problems = options.Validate(az, el);
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid mount options: " + string.Join("; ", problems), nameof(options));
        }

        _logger = loggerFactory.CreateLogger<MountController>();
        // Slews are planned with the rates and accelerations the axes' ramps really fly, so the path whose sun
        // distance the planner checks is the path the mount takes.
        _slewLimits = options.Limits with
        {
            AzimuthMaxRateDegPerS = az.MaxSpeedDegPerSec,
            AzimuthMaxAccelerationDegPerS2 = az.AccelerationDegPerSec2,
            ElevationMaxRateDegPerS = el.MaxSpeedDegPerSec,
            ElevationMaxAccelerationDegPerS2 = el.AccelerationDegPerSec2,
        };
        _tracker = new MountTracker(mount, azimuthSensor, elevationSensor, LoopOptions(az, options.FollowingErrorLimitDeg), LoopOptions(el, options.FollowingErrorLimitDeg), timeProvider, loggerFactory.CreateLogger<MountTracker>(), options.ControlRateHz);
        _poll = TimeSpan.FromMilliseconds(options.PollIntervalMs);
        _supervisor = timeProvider.CreateTimer(_ => Supervise(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Raised on every state change (on the thread that caused it).</summary>
    public event EventHandler<MountStateChange>? StateChanged;

    public MountState State { get; private set; } = MountState.Unhomed;

    /// <summary>Why the mount is Faulted or EStopped (null otherwise).</summary>
    public string? FaultReason { get; private set; }

    /// <summary>Whether homing has established the axis angles.</summary>
    public bool IsHomed
    {
        get
        {
            lock (_gate)
            {
                return _homed;
            }
        }
    }

    /// <summary>The mount position the controller last established (at the end of homing, a slew, a stop), degrees.</summary>
    public (double AzimuthDeg, double ElevationDeg) KnownPosition
    {
        get
        {
            lock (_gate)
            {
                return (_azimuthDeg, _elevationDeg);
            }
        }
    }

    /// <summary>The options in force.</summary>
    public MountControllerOptions Options => _options;

    /// <summary>Starts homing both axes on their index switches. Allowed when Unhomed, Idle or Parked.</summary>
    public void Home()
    {
        lock (_gate)
        {
            Require("Home", MountState.Unhomed, MountState.Idle, MountState.Parked);
            StartHoming();
        }
    }

    /// <summary>
    /// Slews to a mount position on a sun-safe path. Refused (nothing sent) beyond the travel, inside the sun
    /// cone, with no safe path, or unless Idle.
    /// </summary>
    public SlewPlan SlewTo(double azimuthDeg, double elevationDeg)
    {
        lock (_gate)
        {
            Require("SlewTo", MountState.Idle);
            var plan = PlanSlew("SlewTo", azimuthDeg, elevationDeg);
            StartSlew(plan, MountState.Slewing, string.Create(CultureInfo.InvariantCulture, $"slew to az {azimuthDeg:0.####}° el {elevationDeg:0.####}° ({plan.Strategy})"));
            return plan;
        }
    }

    /// <summary>Slews to the park position (sun-safe) and stays Parked there. Allowed when Idle.</summary>
    public SlewPlan Park()
    {
        lock (_gate)
        {
            Require("Park", MountState.Idle);
            var plan = PlanSlew("Park", _options.ParkAzimuthDeg, _options.ParkElevationDeg);
            StartSlew(plan, MountState.Parking, string.Create(CultureInfo.InvariantCulture, $"parking at az {_options.ParkAzimuthDeg}° el {_options.ParkElevationDeg}°"));
            return plan;
        }
    }

    /// <summary>Leaves the park state (no motion). Allowed only when Parked.</summary>
    public void Unpark()
    {
        lock (_gate)
        {
            Require("Unpark", MountState.Parked);
            SetState(MountState.Idle, "unparked");
        }
    }

    /// <summary>
    /// Follows <paramref name="trajectory"/> from now with the position loop. Refused unless Idle, when a
    /// setpoint lies beyond the travel, when the trajectory has ended, or when the mount is not at the present
    /// setpoint (slew there first).
    /// </summary>
    public void Track(MountTrajectory trajectory)
    {
        ArgumentNullException.ThrowIfNull(trajectory);
        lock (_gate)
        {
            Require("Track", MountState.Idle);
            var now = _time.GetUtcNow().UtcDateTime;
            if (now >= trajectory.EndUtc)
            {
                throw Refuse("Track", $"the trajectory ended at {trajectory.EndUtc:O}, before now ({now:O})");
            }

            for (int i = 0; i < trajectory.Count; i++)
            {
                if (_options.Limits.CheckPosition(trajectory.PlannedAzimuth[i], trajectory.PlannedElevation[i]) is { } outside)
                {
                    throw Refuse("Track", $"setpoint {i} at {trajectory.TimeOf(i):HH:mm:ss.fff}Z is beyond the limits: {outside}");
                }
            }

            var start = trajectory.Sample(now);
            double distance = SlewPlanner.Separation(_azimuthDeg, _elevationDeg, start.AzimuthDeg, start.ElevationDeg);
            if (Math.Abs(_azimuthDeg - start.AzimuthDeg) > 180 || distance > _options.TrackStartToleranceDeg)
            {
                throw Refuse("Track", F($"the mount (az {_azimuthDeg:0.####}° el {_elevationDeg:0.####}°) is {distance:0.####}° from the trajectory's present setpoint (az {start.AzimuthDeg:0.####}° el {start.ElevationDeg:0.####}°), beyond {_options.TrackStartToleranceDeg}°: slew there first"));
            }

            _tracker.Start(trajectory);
            SetState(MountState.Tracking, F($"tracking {trajectory.StartUtc:O} → {trajectory.EndUtc:O}"));
            _supervisor.Change(_poll, _poll);
        }
    }

    /// <summary>
    /// Stops any motion (homing, slew, park, track) at <see cref="MountControllerOptions.AbortDecelerationDegPerS2"/>;
    /// the mount is Idle (Unhomed if it was homing) once both axes stand still. Returns false, sending nothing,
    /// when nothing was moving.
    /// </summary>
    public bool Abort()
    {
        lock (_gate)
        {
            if (State is not (MountState.Homing or MountState.Slewing or MountState.Parking or MountState.Tracking))
            {
                return false;
            }

            if (State == MountState.Tracking)
            {
                _tracker.Stop();
            }

            _returnAfterStop = _homed ? MountState.Idle : MountState.Unhomed;
            CancelMotionPlans();
            BrakeBoth(_options.AbortDecelerationDegPerS2);
            SetState(MountState.Stopping, "abort");
            _supervisor.Change(_poll, _poll);
            return true;
        }
    }

    /// <summary>Emergency stop, in any state: the ramps stop and the drivers are disabled (TOFF = 0, motor de-energised).</summary>
    public void EStop(string reason = "e-stop")
    {
        lock (_gate)
        {
            _supervisor.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            CancelMotionPlans();
            if (State == MountState.Tracking)
            {
                _tracker.Stop();
            }

            _mount.Azimuth.EmergencyStop();
            _mount.Elevation.EmergencyStop();
            FaultReason = reason;
            SetState(MountState.EStopped, reason);
        }
    }

    /// <summary>
    /// Clears a fault or an e-stop: the drivers are configured (and so enabled) again, and a homed mount takes its
    /// axis angles from the absolute encoders (steps lost while coasting do not matter) and is Idle; otherwise Unhomed.
    /// </summary>
    public void ResetFault()
    {
        lock (_gate)
        {
            Require("ResetFault", MountState.Faulted, MountState.EStopped);
            _mount.Azimuth.Initialize();
            _mount.Elevation.Initialize();
            FaultReason = null;
            if (!_homed)
            {
                SetState(MountState.Unhomed, "fault reset; homing needed");
                return;
            }

            try
            {
                _azimuthDeg = ResyncFromEncoder(_mount.Azimuth, _azimuthSensor);
                _elevationDeg = ResyncFromEncoder(_mount.Elevation, _elevationSensor);
                SetState(MountState.Idle, F($"fault reset; axes re-referenced from the encoders at az {_azimuthDeg:0.####}° el {_elevationDeg:0.####}°"));
            }
            catch (IOException ex)
            {
                Fault("fault reset failed: " + ex.Message);
            }
        }
    }

    private static double ResyncFromEncoder(MountAxis axis, EncoderAxisSensor sensor)
    {
        double angle = sensor.ReadDegrees();
        axis.DefineAngle(UnitsNet.Angle.FromDegrees(angle));
        return angle;
    }

    private SlewPlan PlanSlew(string command, double azimuthDeg, double elevationDeg)
    {
        var sun = _sunPosition(_time.GetUtcNow());
        var (plan, refusal) = SlewPlanner.Plan(_azimuthDeg, _elevationDeg, azimuthDeg, elevationDeg, sun.AzimuthDeg, sun.ElevationDeg, _slewLimits);
        return plan ?? throw Refuse(command, refusal ?? "no plan");
    }

    /// <summary>Throws the refusal for <paramref name="command"/> unless the state is one of <paramref name="allowed"/>.</summary>
    private void Require(string command, params MountState[] allowed)
    {
        if (Array.IndexOf(allowed, State) >= 0)
        {
            return;
        }

        string reason = State switch
        {
            MountState.Unhomed => "the mount is not homed; Home first",
            MountState.Parked => "the mount is parked; Unpark first",
            MountState.Faulted => $"the mount is faulted ({FaultReason}); ResetFault first",
            MountState.EStopped => $"the e-stop is active ({FaultReason}); ResetFault after releasing it",
            MountState.Idle => $"the mount is idle; {command} applies only when {string.Join(" or ", allowed)}",
            _ => $"the mount is busy ({State}); Abort first",
        };
        throw Refuse(command, reason);
    }

    private MountCommandRefusedException Refuse(string command, string reason)
    {
        LogRefused(command, State, reason);
        return new MountCommandRefusedException(command, State, reason);
    }

    private void SetState(MountState state, string reason)
    {
        var from = State;
        State = state;
        LogStateChanged(from, state, reason);
        StateChanged?.Invoke(this, new MountStateChange(from, state, _time.GetUtcNow(), reason));
    }

    private static AxisControllerOptions LoopOptions(AxisOptions axis, double followingErrorLimitDeg) =>
        new() { MaxRateDegPerS = axis.MaxSpeedDegPerSec, MaxAccelerationDegPerS2 = axis.AccelerationDegPerSec2, FollowingErrorLimitDeg = followingErrorLimitDeg };

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    public void Dispose()
    {
        _supervisor.Dispose();
        _tracker.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Mount {From} → {To}: {Reason}")]
    private partial void LogStateChanged(MountState from, MountState to, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mount {Command} refused in {State}: {Reason}")]
    private partial void LogRefused(string command, MountState state, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Mount faulted: {Reason}")]
    private partial void LogFaulted(string reason);
}

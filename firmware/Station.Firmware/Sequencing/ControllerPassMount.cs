using Station.Core.Pointing;
using Station.Firmware.Motion;

namespace Station.Firmware.Sequencing;

/// <summary>
/// The mount as the pass sequencer drives it, through the <see cref="MountController"/>: pre-point is a sun-safe slew to
/// where the trajectory will be when the slew ends, track is the controller's position loop, park its park. A command
/// that needs the controller Idle while it is still braking (after an abort) waits for it; a refusal is returned with
/// the controller's reason. Pending commands advance on a 10 Hz timer.
/// </summary>
public sealed class ControllerPassMount : IPassMount, IDisposable
{
    /// <summary>Margin added to the planned slew time when choosing where to join a pass in progress.</summary>
    public static readonly TimeSpan JoinMargin = TimeSpan.FromSeconds(5);

    private readonly MountController _controller;
    private readonly IAxisAngleSensor _azimuth;
    private readonly IAxisAngleSensor _elevation;
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private readonly Lock _gate = new();
    private Func<string?>? _pending;
    private MountState _demandState = MountState.Idle;
    private DateTimeOffset _joinAt = DateTimeOffset.MinValue;
    private (double Az, double El) _target = (double.NaN, double.NaN);
    private MountTrackerTick? _lastTick;
    private string? _pendingFault;

    public ControllerPassMount(MountController controller, IAxisAngleSensor azimuth, IAxisAngleSensor elevation, TimeProvider timeProvider)
    {
        _controller = controller ?? throw new ArgumentNullException(nameof(controller));
        _azimuth = azimuth ?? throw new ArgumentNullException(nameof(azimuth));
        _elevation = elevation ?? throw new ArgumentNullException(nameof(elevation));
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        var previous = controller.TickObserver;
        controller.TickObserver = tick =>
        {
            previous?.Invoke(tick);
            _lastTick = tick;
        };
        _timer = _time.CreateTimer(_ => RunPending(), null, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100));
    }

    public MountLimits Limits => _controller.Options.Limits;

    public string? Fault => _controller.State is MountState.Faulted or MountState.EStopped
        ? _controller.FaultReason ?? _controller.State.ToString()
        : _pendingFault;

    public bool AtDemand
    {
        get
        {
            lock (_gate)
            {
                return _pending is null && _controller.State == _demandState && _time.GetUtcNow() >= _joinAt
                    && _demandState is MountState.Idle or MountState.Parked && !double.IsNaN(_target.Az);
            }
        }
    }

    public double CurrentAzimuthDeg => ReadOrNaN(_azimuth);

    public string? PrePoint(MountTrajectory trajectory)
    {
        ArgumentNullException.ThrowIfNull(trajectory);
        return Command(() =>
        {
            var now = _time.GetUtcNow();
            double az = ReadOrNaN(_azimuth), el = ReadOrNaN(_elevation);
            if (double.IsNaN(az) || double.IsNaN(el))
            {
                return "the mount's encoders cannot be read";
            }

            var start = (Az: trajectory.PlannedAzimuth[0], El: trajectory.PlannedElevation[0]);
            double startSeconds = SlewSeconds(az, el, start.Az, start.El);
            if (now + TimeSpan.FromSeconds(startSeconds) + JoinMargin <= new DateTimeOffset(trajectory.StartUtc, TimeSpan.Zero))
            {
                return Slew(start.Az, start.El, DateTimeOffset.MinValue);
            }

            // Joining a pass in progress: aim where the satellite will be once the slew is over, then wait for it there.
            var join = now + TimeSpan.FromSeconds(startSeconds) + JoinMargin;
            for (int attempt = 0; attempt < 4 && join.UtcDateTime < trajectory.EndUtc; attempt++)
            {
                var point = trajectory.Sample(join.UtcDateTime);
                double seconds = SlewSeconds(az, el, point.AzimuthDeg, point.ElevationDeg);
                if (now + TimeSpan.FromSeconds(seconds) + JoinMargin <= join)
                {
                    return Slew(point.AzimuthDeg, point.ElevationDeg, join);
                }

                join = now + TimeSpan.FromSeconds(seconds) + JoinMargin + JoinMargin;
            }

            return "the pass ends before the mount can reach it";
        });
    }

    public string? Track(MountTrajectory trajectory)
    {
        ArgumentNullException.ThrowIfNull(trajectory);
        return Command(() =>
        {
            _controller.Track(trajectory);
            _demandState = MountState.Tracking;
            return null;
        });
    }

    public string? Park() => Command(() =>
    {
        var plan = _controller.Park();
        _demandState = MountState.Parked;
        _target = (_controller.Options.ParkAzimuthDeg, _controller.Options.ParkElevationDeg);
        _joinAt = DateTimeOffset.MinValue;
        return null;
    });

    public void Hold()
    {
        lock (_gate)
        {
            _pending = null;
            _pendingFault = null;
            _target = (double.NaN, double.NaN);
            _demandState = MountState.Idle;
            _controller.Abort();
        }
    }

    public void EmergencyStop(string reason)
    {
        lock (_gate)
        {
            _pending = null;
            _target = (double.NaN, double.NaN);
            _controller.EStop(reason);
        }
    }

    public bool TryRecover()
    {
        lock (_gate)
        {
            _pendingFault = null;
            if (_controller.State is not (MountState.Faulted or MountState.EStopped))
            {
                return false;
            }

            try
            {
                _controller.ResetFault();
                return true;
            }
            catch (Exception exception) when (exception is MountCommandRefusedException or IOException)
            {
                return false;
            }
        }
    }

    public MountSnapshot Snapshot()
    {
        if (_controller.State == MountState.Tracking && _lastTick is { } tick)
        {
            return new MountSnapshot(tick.SetpointAzimuthDeg, tick.SetpointElevationDeg, tick.MeasuredAzimuthDeg, tick.MeasuredElevationDeg);
        }

        return new MountSnapshot(_target.Az, _target.El, ReadOrNaN(_azimuth), ReadOrNaN(_elevation));
    }

    /// <summary>An encoder that cannot be read (a fault the controller reports) gives NaN here: telemetry records a gap.</summary>
    private static double ReadOrNaN(IAxisAngleSensor sensor)
    {
        try
        {
            return sensor.ReadDegrees();
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }

    public void Dispose() => _timer.Dispose();

    private string? Slew(double az, double el, DateTimeOffset joinAt)
    {
        _controller.SlewTo(az, el);
        _demandState = MountState.Idle;
        _target = (az, el);
        _joinAt = joinAt;
        return null;
    }

    private double SlewSeconds(double fromAz, double fromEl, double toAz, double toEl)
    {
        var az = _controller.Options.Limits;
        return Math.Max(
            SlewPlanner.MoveSeconds(Math.Abs(toAz - fromAz), az.AzimuthMaxRateDegPerS, az.AzimuthMaxAccelerationDegPerS2),
            SlewPlanner.MoveSeconds(Math.Abs(toEl - fromEl), az.ElevationMaxRateDegPerS, az.ElevationMaxAccelerationDegPerS2)) * 1.5; // a detour round the sun costs more
    }

    /// <summary>Runs <paramref name="action"/> now if the controller can take it, later (once it is Idle) if it is still stopping or parked.</summary>
    private string? Command(Func<string?> action)
    {
        lock (_gate)
        {
            _pendingFault = null;
            if (_controller.State is MountState.Stopping or MountState.Slewing or MountState.Parking or MountState.Tracking or MountState.Parked or MountState.Unhomed or MountState.Homing)
            {
                if (_controller.State is MountState.Slewing or MountState.Parking or MountState.Tracking)
                {
                    _controller.Abort();
                }

                _pending = action;
                _target = (double.NaN, double.NaN);
                return null;
            }

            return Run(action);
        }
    }

    private void RunPending()
    {
        lock (_gate)
        {
            if (_pending is not { } action)
            {
                return;
            }

            switch (_controller.State)
            {
                case MountState.Parked:
                    _controller.Unpark();
                    goto case MountState.Idle;
                case MountState.Idle:
                    _pending = null;
                    _pendingFault = Run(action);
                    break;
                case MountState.Unhomed:
                    _controller.Home();
                    break;
            }
        }
    }

    private static string? Run(Func<string?> action)
    {
        try
        {
            return action();
        }
        catch (MountCommandRefusedException refused)
        {
            return refused.Message;
        }
    }

}

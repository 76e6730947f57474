using System.Globalization;
using Station.Core.Orbits;
using Station.Core.Pointing;
using Station.Firmware.Motion;

namespace Station.Firmware.Sequencing;

/// <summary>
/// The mount as the pass sequencer drives it: sun-safe slews (<see cref="SlewPlanner"/> waypoints executed as
/// supervised axis moves) to the pre-point and to park, and <see cref="MountTracker"/> to follow a trajectory.
/// Waypoints advance on a 10 Hz timer. A failed move or a faulted track becomes <see cref="Fault"/> until the next
/// command.
/// </summary>
public sealed class TrackerPassMount : IPassMount, IDisposable
{
    /// <summary>Margin added to the planned slew time when choosing where to join a pass in progress.</summary>
    public static readonly TimeSpan JoinMargin = TimeSpan.FromSeconds(5);

    private readonly MountAxes _axes;
    private readonly IAxisAngleSensor _azimuth;
    private readonly IAxisAngleSensor _elevation;
    private readonly MountTracker _tracker;
    private readonly GroundStation _site;
    private readonly (double Az, double El) _park;
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private readonly Lock _gate = new();
    private Queue<(double Az, double El)> _waypoints = new();
    private (AxisMove Az, AxisMove El)? _move;
    private DateTimeOffset _joinAt;
    private (double Az, double El) _commanded = (double.NaN, double.NaN);
    private MountTrackerTick? _lastTick;
    private string? _slewFault;
    private bool _slewDone;

    public TrackerPassMount(MountAxes axes, IAxisAngleSensor azimuth, IAxisAngleSensor elevation, MountTracker tracker, MountLimits limits,
        GroundStation site, (double AzimuthDeg, double ElevationDeg) park, TimeProvider timeProvider)
    {
        _axes = axes ?? throw new ArgumentNullException(nameof(axes));
        _azimuth = azimuth ?? throw new ArgumentNullException(nameof(azimuth));
        _elevation = elevation ?? throw new ArgumentNullException(nameof(elevation));
        _tracker = tracker ?? throw new ArgumentNullException(nameof(tracker));
        Limits = limits ?? throw new ArgumentNullException(nameof(limits));
        _site = site ?? throw new ArgumentNullException(nameof(site));
        if (limits.CheckPosition(park.AzimuthDeg, park.ElevationDeg) is { } outside)
        {
            throw new ArgumentOutOfRangeException(nameof(park), park, "The park position is beyond the limits: " + outside);
        }

        _park = park;
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _tracker.TickObserver += tick =>
        {
            _commanded = (tick.SetpointAzimuthDeg, tick.SetpointElevationDeg);
            _lastTick = tick;
        };
        _timer = _time.CreateTimer(_ => AdvanceSlew(), null, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100));
    }

    public MountLimits Limits { get; }

    public string? Fault
    {
        get
        {
            lock (_gate)
            {
                return _slewFault ?? (_tracker.State == MountTrackerState.Faulted ? _tracker.FaultReason : null);
            }
        }
    }

    public bool AtDemand
    {
        get
        {
            lock (_gate)
            {
                return _slewDone && _slewFault is null && _time.GetUtcNow() >= _joinAt;
            }
        }
    }

    public double CurrentAzimuthDeg => _azimuth.ReadDegrees();

    public string? PrePoint(MountTrajectory trajectory)
    {
        ArgumentNullException.ThrowIfNull(trajectory);
        var now = _time.GetUtcNow();
        double az = _azimuth.ReadDegrees(), el = _elevation.ReadDegrees();
        var sun = Sun.Apparent(now.UtcDateTime, _site);

        // Where to meet the trajectory: its start if the slew ends before it, else as far along as the slew takes.
        var (startPlan, startRefusal) = SlewPlanner.Plan(az, el, trajectory.PlannedAzimuth[0], trajectory.PlannedElevation[0], sun.AzimuthDeg, sun.ElevationDeg, Limits);
        if (startPlan is not null && now + TimeSpan.FromSeconds(startPlan.DurationSeconds) + JoinMargin <= new DateTimeOffset(trajectory.StartUtc, TimeSpan.Zero))
        {
            return BeginSlew(startPlan, DateTimeOffset.MinValue);
        }

        var join = now + TimeSpan.FromSeconds(startPlan?.DurationSeconds ?? 30) + JoinMargin;
        for (int attempt = 0; attempt < 4; attempt++)
        {
            if (join.UtcDateTime >= trajectory.EndUtc)
            {
                return "the pass ends before the mount can reach it" + (startRefusal is null ? string.Empty : " (" + startRefusal + ")");
            }

            var point = trajectory.Sample(join.UtcDateTime);
            var (plan, refusal) = SlewPlanner.Plan(az, el, point.AzimuthDeg, point.ElevationDeg, sun.AzimuthDeg, sun.ElevationDeg, Limits);
            if (plan is null)
            {
                return "no sun-safe slew to the pass: " + refusal;
            }

            if (now + TimeSpan.FromSeconds(plan.DurationSeconds) + JoinMargin <= join)
            {
                return BeginSlew(plan, join);
            }

            join = now + TimeSpan.FromSeconds(plan.DurationSeconds) + JoinMargin + JoinMargin;
        }

        return "no joining point on the pass the slew can reach in time";
    }

    public string? Track(MountTrajectory trajectory)
    {
        ArgumentNullException.ThrowIfNull(trajectory);
        lock (_gate)
        {
            CancelSlew();
            _slewDone = false;
            _slewFault = null;
        }

        _tracker.Start(trajectory);
        return null;
    }

    public string? Park()
    {
        var now = _time.GetUtcNow();
        var sun = Sun.Apparent(now.UtcDateTime, _site);
        var (plan, refusal) = SlewPlanner.Plan(_azimuth.ReadDegrees(), _elevation.ReadDegrees(), _park.Az, _park.El, sun.AzimuthDeg, sun.ElevationDeg, Limits);
        return plan is null ? "no sun-safe slew to park: " + refusal : BeginSlew(plan, DateTimeOffset.MinValue);
    }

    public void Hold()
    {
        _tracker.Stop();
        lock (_gate)
        {
            CancelSlew();
            _slewDone = false;
        }
    }

    /// <summary>
    /// While tracking, the setpoint and the encoder angles of the position loop's last tick (one instant, so their
    /// difference is the loop's error, not the time between two readings); otherwise the slew target and the encoders now.
    /// </summary>
    public MountSnapshot Snapshot()
    {
        if (_tracker.State == MountTrackerState.Tracking && _lastTick is { } tick)
        {
            return new MountSnapshot(tick.SetpointAzimuthDeg, tick.SetpointElevationDeg, tick.MeasuredAzimuthDeg, tick.MeasuredElevationDeg);
        }

        var (az, el) = _commanded;
        return new MountSnapshot(az, el, _azimuth.ReadDegrees(), _elevation.ReadDegrees());
    }

    public void Dispose() => _timer.Dispose();

    private string? BeginSlew(SlewPlan plan, DateTimeOffset joinAt)
    {
        _tracker.Stop();
        lock (_gate)
        {
            CancelSlew();
            _waypoints = new Queue<(double Az, double El)>(plan.Waypoints);
            _joinAt = joinAt;
            _slewDone = false;
            _slewFault = null;
            StartNextWaypoint();
        }

        return null;
    }

    private void AdvanceSlew()
    {
        lock (_gate)
        {
            if (_move is not { } move || !move.Az.IsCompleted || !move.El.IsCompleted)
            {
                return;
            }

            _move = null;
            if (move.Az.Result is not { Outcome: AxisMoveOutcome.Reached } || move.El.Result is not { Outcome: AxisMoveOutcome.Reached })
            {
                _slewFault = string.Create(CultureInfo.InvariantCulture,
                    $"slew failed: azimuth {move.Az.Result?.Outcome} {move.Az.Result?.Reason}, elevation {move.El.Result?.Outcome} {move.El.Result?.Reason}");
                _waypoints.Clear();
                return;
            }

            StartNextWaypoint();
        }
    }

    private void StartNextWaypoint()
    {
        if (!_waypoints.TryDequeue(out var waypoint))
        {
            _slewDone = true;
            return;
        }

        _commanded = waypoint;
        try
        {
            _move = (_axes.Azimuth.MoveTo(UnitsNet.Angle.FromDegrees(waypoint.Az)), _axes.Elevation.MoveTo(UnitsNet.Angle.FromDegrees(waypoint.El)));
        }
        catch (AxisCommandRefusedException exception)
        {
            _slewFault = "slew refused: " + exception.Message;
            _waypoints.Clear();
        }
    }

    private void CancelSlew()
    {
        if (_move is not null)
        {
            _axes.Azimuth.Stop();
            _axes.Elevation.Stop();
            _move = null;
        }

        _waypoints.Clear();
    }
}

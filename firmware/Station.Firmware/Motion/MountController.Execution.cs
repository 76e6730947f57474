using System.Globalization;
using Station.Core.Pointing;
using UnitsNet;

namespace Station.Firmware.Motion;

/// <summary>Execution: the supervision timer advancing slew legs, stops, tracking and homing, and faults.</summary>
public sealed partial class MountController
{
    private IReadOnlyList<(double AzimuthDeg, double ElevationDeg)>? _legs;
    private int _leg;
    private AxisMove? _azimuthMove;
    private AxisMove? _elevationMove;
    private MountState _returnAfterStop = MountState.Idle;

    private void StartSlew(SlewPlan plan, MountState state, string reason)
    {
        _legs = plan.Waypoints;
        _leg = 0;
        SetState(state, reason);
        StartLeg();
        _supervisor.Change(_poll, _poll);
    }

    private void StartLeg()
    {
        var (az, el) = _legs![_leg];
        _azimuthMove = _mount.Azimuth.MoveTo(Angle.FromDegrees(az));
        _elevationMove = _mount.Elevation.MoveTo(Angle.FromDegrees(el));
    }

    private void CancelMotionPlans()
    {
        _legs = null;
        _azimuthMove = _elevationMove = null;
        _azimuthHoming = _elevationHoming = null;
    }

    private void BrakeBoth(double decelerationDegPerS2)
    {
        _mount.Azimuth.Brake(decelerationDegPerS2);
        _mount.Elevation.Brake(decelerationDegPerS2);
    }

    private void Supervise()
    {
        lock (_gate)
        {
            try
            {
                switch (State)
                {
                    case MountState.Slewing or MountState.Parking:
                        SuperviseSlew();
                        break;
                    case MountState.Stopping:
                        SuperviseStop();
                        break;
                    case MountState.Tracking:
                        SuperviseTrack();
                        break;
                    case MountState.Homing:
                        SuperviseHoming();
                        break;
                    default:
                        _supervisor.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                        break;
                }
            }
            catch (IOException ex)
            {
                // SPI to a motion controller or an encoder failed after the bindings' retries.
                Fault("communication lost: " + ex.Message);
            }
        }
    }

    private void SuperviseSlew()
    {
        if (_azimuthMove is not { IsCompleted: true } az || _elevationMove is not { IsCompleted: true } el)
        {
            return;
        }

        foreach (var (name, result) in new[] { ("azimuth", az.Result!), ("elevation", el.Result!) })
        {
            if (result.Outcome != AxisMoveOutcome.Reached)
            {
                Fault(F($"{name} {result.Outcome} during {State.ToString().ToLowerInvariant()} (leg {_leg + 1} of {_legs!.Count}): {result.Reason}"));
                return;
            }
        }

        _azimuthDeg = az.Result!.FinalAngle.Degrees;
        _elevationDeg = el.Result!.FinalAngle.Degrees;
        if (++_leg < _legs!.Count)
        {
            StartLeg();
            return;
        }

        _legs = null;
        _supervisor.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        SetState(State == MountState.Parking ? MountState.Parked : MountState.Idle, F($"arrived at az {_azimuthDeg:0.####}° el {_elevationDeg:0.####}°"));
    }

    private void SuperviseStop()
    {
        if (!_mount.Azimuth.IsStandingStill() || !_mount.Elevation.IsStandingStill())
        {
            return;
        }

        _mount.Azimuth.RestoreRamp();
        _mount.Elevation.RestoreRamp();
        _supervisor.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        if (_returnAfterStop == MountState.Idle)
        {
            _azimuthDeg = _mount.Azimuth.ReadAngle().Degrees;
            _elevationDeg = _mount.Elevation.ReadAngle().Degrees;
        }
        else
        {
            _mount.Azimuth.DisarmIndexLatch();
            _mount.Elevation.DisarmIndexLatch();
        }

        SetState(_returnAfterStop, F($"stopped at az {_mount.Azimuth.ReadAngle().Degrees:0.####}° el {_mount.Elevation.ReadAngle().Degrees:0.####}°"));
    }

    private void SuperviseTrack()
    {
        switch (_tracker.State)
        {
            case MountTrackerState.Completed:
                _supervisor.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                _returnAfterStop = MountState.Idle;
                SetState(MountState.Stopping, "track completed");
                _supervisor.Change(_poll, _poll); // Idle once both axes have braked to rest
                break;
            case MountTrackerState.Faulted:
                Fault("tracking: " + _tracker.FaultReason);
                break;
        }
    }

    /// <summary>Brakes both axes (best effort: the fault may be the bus itself) and enters Faulted with the reason.</summary>
    private void Fault(string reason)
    {
        _supervisor.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        CancelMotionPlans();
        try
        {
            BrakeBoth(_options.AbortDecelerationDegPerS2);
        }
        catch (IOException)
        {
            // The motion controllers cannot be reached; their own stall and ramp limits are all that is left.
        }

        FaultReason = reason;
        LogFaulted(reason);
        SetState(MountState.Faulted, reason);
    }
}

using System.Globalization;
using UnitsNet;

namespace Station.Firmware.Motion;

/// <summary>
/// Homing. Each axis has an index switch on REFL, active from its index angle upwards over a short arc, and a
/// side cam on REFR, high everywhere above the index angle, so the cam says at power-up which way the index is.
/// Per axis: leave the index side if above it (run down until both inputs are low), seek upwards at the search
/// speed until XLATCH catches the index edge, back off below the edge, creep up onto it again at the creep
/// speed (XLATCH latches in hardware, so the edge is as sharp as the creep is slow), stop, and define the angle
/// there as the index angle plus the distance since the edge; then set the encoder zero so the encoder reads the
/// same angle. Always approaching the edge upwards makes the result independent of where the axis started.
/// A search beyond the allowed distance, a cam that contradicts the index, or the timeout faults the mount
/// naming the axis and the switch.
/// </summary>
public sealed partial class MountController
{
    private AxisHoming? _azimuthHoming;
    private AxisHoming? _elevationHoming;
    private DateTimeOffset _homingStarted;

    private void StartHoming()
    {
        _homed = false;
        _azimuthHoming = new AxisHoming("azimuth", _mount.Azimuth, _azimuthSensor, _options.AzimuthIndexDeg, _options);
        _elevationHoming = new AxisHoming("elevation", _mount.Elevation, _elevationSensor, _options.ElevationIndexDeg, _options);
        _homingStarted = _time.GetUtcNow();
        SetState(MountState.Homing, "homing on the index switches");
        _supervisor.Change(_poll, _poll);
    }

    private void SuperviseHoming()
    {
        var az = _azimuthHoming!;
        var el = _elevationHoming!;
        az.Step();
        el.Step();
        string? failure = az.Failure ?? el.Failure;
        if (failure is not null)
        {
            Fault("homing: " + failure);
            return;
        }

        if (az.HomedAngleDeg is { } azDeg && el.HomedAngleDeg is { } elDeg)
        {
            _supervisor.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _homed = true;
            (_azimuthDeg, _elevationDeg) = (azDeg, elDeg);
            _azimuthHoming = _elevationHoming = null;
            SetState(MountState.Idle, F($"homed at az {azDeg:0.######}° el {elDeg:0.######}°"));
            return;
        }

        double elapsed = (_time.GetUtcNow() - _homingStarted).TotalSeconds;
        if (elapsed > _options.HomingTimeoutSeconds)
        {
            string waiting = string.Join("; ", new[] { az, el }.Where(h => h.HomedAngleDeg is null).Select(h => h.Waiting));
            Fault(F($"homing timed out after {_options.HomingTimeoutSeconds} s: {waiting}"));
        }
    }

    /// <summary>The homing sequence of one axis, advanced one step per supervision tick.</summary>
    private sealed class AxisHoming(string name, MountAxis axis, EncoderAxisSensor sensor, double indexDeg, MountControllerOptions options)
    {
        private Phase _phase;
        private int _phaseStart;
        private int _target;
        private int _edge;

        private enum Phase
        {
            Start,
            LeavingIndexSide,
            BrakingBelowIndex,
            Seeking,
            BrakingAboveIndex,
            BackingOff,
            Creeping,
            BrakingOnEdge,
            Done,
        }

        /// <summary>Why homing failed, naming the axis and the switch (null while fine).</summary>
        public string? Failure { get; private set; }

        /// <summary>The axis angle defined at the end (null until done).</summary>
        public double? HomedAngleDeg { get; private set; }

        /// <summary>What the axis is waiting for, for a timeout message.</summary>
        public string Waiting => _phase switch
        {
            Phase.Start or Phase.LeavingIndexSide or Phase.BrakingBelowIndex => $"{name} waiting for the side cam (REFR) and the index switch (REFL) to read low below the index",
            Phase.Seeking or Phase.BrakingAboveIndex => $"{name} waiting for the index switch (REFL) on the search",
            _ => $"{name} waiting for the index switch (REFL) on the final approach",
        };

        private double DegreesPerMicrostep => axis.Options.DegreesPerMicrostep;

        private double BrakeDeceleration => axis.Options.AccelerationDegPerSec2;

        public void Step()
        {
            if (Failure is not null || _phase == Phase.Done)
            {
                return;
            }

            switch (_phase)
            {
                case Phase.Start:
                    _phaseStart = axis.ReadMicrosteps();
                    var inputs = axis.ReadReferenceInputs();
                    if (inputs.ReferenceRightHigh || inputs.ReferenceLeftHigh)
                    {
                        axis.RunUnreferenced(-options.HomingSearchSpeedDegPerS);
                        _phase = Phase.LeavingIndexSide;
                    }
                    else
                    {
                        StartSeeking();
                    }

                    break;
                case Phase.LeavingIndexSide:
                    var levels = axis.ReadReferenceInputs();
                    if (!levels.ReferenceRightHigh && !levels.ReferenceLeftHigh)
                    {
                        axis.Brake(BrakeDeceleration);
                        _phase = Phase.BrakingBelowIndex;
                    }
                    else if (Travelled() > options.HomingMaxSearchDeg)
                    {
                        Fail($"the side cam (REFR) or the index switch (REFL) still reads high {Travelled():0.#}° below where homing started (limit {options.HomingMaxSearchDeg}°): a switch or its wiring is faulty");
                    }

                    break;
                case Phase.BrakingBelowIndex:
                    if (axis.IsStandingStill())
                    {
                        axis.RestoreRamp();
                        _phaseStart = axis.ReadMicrosteps();
                        StartSeeking();
                    }

                    break;
                case Phase.Seeking:
                    if (axis.ReadIndexLatch() is { } latch)
                    {
                        _edge = latch;
                        axis.Brake(BrakeDeceleration);
                        _phase = Phase.BrakingAboveIndex;
                    }
                    else if (Travelled() > options.HomingMaxSearchDeg)
                    {
                        Fail($"the index switch (REFL) was not found within {options.HomingMaxSearchDeg}° of upward travel (the side cam REFR read low, so the index should have been above)");
                    }

                    break;
                case Phase.BrakingAboveIndex:
                    if (axis.IsStandingStill())
                    {
                        axis.RestoreRamp();
                        if (!axis.ReadReferenceInputs().ReferenceRightHigh)
                        {
                            Fail("the side cam (REFR) reads low above the index (the index switch REFL was passed): the cam or its wiring is faulty");
                            return;
                        }

                        _target = _edge - (int)Math.Round(options.HomingBackoffDeg / DegreesPerMicrostep);
                        axis.MoveUnreferenced(_target);
                        _phase = Phase.BackingOff;
                    }

                    break;
                case Phase.BackingOff:
                    if (axis.IsPositionReached() && axis.ReadMicrosteps() == _target)
                    {
                        if (axis.ReadReferenceInputs().ReferenceLeftHigh)
                        {
                            Fail($"the index switch (REFL) is still active {options.HomingBackoffDeg}° below its edge: it is stuck or wired wrongly");
                            return;
                        }

                        _phaseStart = _target;
                        axis.ArmIndexLatch();
                        axis.RunUnreferenced(options.HomingCreepSpeedDegPerS);
                        _phase = Phase.Creeping;
                    }

                    break;
                case Phase.Creeping:
                    if (axis.ReadIndexLatch() is { } edge)
                    {
                        _edge = edge;
                        axis.Brake(BrakeDeceleration);
                        _phase = Phase.BrakingOnEdge;
                    }
                    else if (Travelled() > 2 * options.HomingBackoffDeg)
                    {
                        Fail($"the index switch (REFL) was not found again on the final approach within {2 * options.HomingBackoffDeg}°");
                    }

                    break;
                case Phase.BrakingOnEdge:
                    if (axis.IsStandingStill())
                    {
                        Finish();
                    }

                    break;
            }
        }

        private void StartSeeking()
        {
            axis.ArmIndexLatch();
            axis.RunUnreferenced(options.HomingSearchSpeedDegPerS);
            _phase = Phase.Seeking;
        }

        private void Finish()
        {
            axis.DisarmIndexLatch();
            double angle = indexDeg + ((axis.ReadMicrosteps() - _edge) * DegreesPerMicrostep);
            axis.DefineAngle(Angle.FromDegrees(angle));
            // The encoder zero that makes the encoder read this same angle here (the reading picks the turn from
            // XACTUAL, now right, so only the part within a turn changes).
            double reading = sensor.ReadDegrees();
            double zero = (sensor.EncoderZeroDeg + reading - angle) % 360;
            sensor.EncoderZeroDeg = zero < 0 ? zero + 360 : zero;
            HomedAngleDeg = axis.ReadAngle().Degrees;
            _phase = Phase.Done;
        }

        private double Travelled() => Math.Abs(axis.ReadMicrosteps() - _phaseStart) * DegreesPerMicrostep;

        private void Fail(string reason)
        {
            Failure = string.Create(CultureInfo.InvariantCulture, $"{name} axis: {reason}");
        }
    }
}

using Station.Devices.Tmc5160;
using UnitsNet;

namespace Station.Firmware.Motion;

/// <summary>
/// What the mount controller needs beyond moves and rates: homing on the reference inputs (REFL index,
/// REFR side cam) with XLATCH, re-referencing XACTUAL, braking at a given deceleration, and the driver state.
/// The unreferenced motions skip the travel check on purpose: before homing XACTUAL says nothing about the
/// axis angle, so the homing sequence bounds its own search distance instead.
/// </summary>
public sealed partial class MountAxis
{
    /// <summary>The axis options (travel, rate and acceleration, gearing).</summary>
    public AxisOptions Options => _options;

    /// <summary>Datagrams sent to this axis's motion controller so far.</summary>
    public long DatagramCount => _driver.DatagramCount;

    /// <summary>Levels on the reference inputs: REFL (the index) and REFR (the side cam).</summary>
    public Tmc5160Inputs ReadReferenceInputs()
    {
        lock (_gate)
        {
            return _driver.ReadInputs();
        }
    }

    /// <summary>Arms XLATCH to capture XACTUAL, in hardware, when REFL (the index) becomes active.</summary>
    public void ArmIndexLatch()
    {
        lock (_gate)
        {
            _driver.ConfigureSwitches(new Tmc5160SwitchConfiguration { StopOnStall = true, LatchLeftOnActive = true });
            _driver.ClearRampEvents(Tmc5160RampStatus.StatusLatchLeft);
        }
    }

    /// <summary>The microstep position latched on the index edge, or null when the index has not been reached since arming.</summary>
    public int? ReadIndexLatch()
    {
        lock (_gate)
        {
            return (_driver.ReadRampStatus() & Tmc5160RampStatus.StatusLatchLeft) != 0 ? _driver.ReadLatchedPosition() : null;
        }
    }

    /// <summary>Disarms the index latch (back to the normal switch configuration).</summary>
    public void DisarmIndexLatch()
    {
        lock (_gate)
        {
            _driver.ConfigureSwitches(new Tmc5160SwitchConfiguration { StopOnStall = true });
        }
    }

    /// <summary>The position in microsteps (XACTUAL).</summary>
    public int ReadMicrosteps()
    {
        lock (_gate)
        {
            return _driver.ActualPosition;
        }
    }

    /// <summary>Runs at a signed rate (degrees per second, clamped to the axis maximum) without a travel check: homing only.</summary>
    public void RunUnreferenced(double degreesPerSecond)
    {
        var ramp = Ramp;
        lock (_gate)
        {
            SupersedeCurrent(null, "homing took over");
            _supervisor?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            double rate = Math.Clamp(degreesPerSecond, -_options.MaxSpeedDegPerSec, _options.MaxSpeedDegPerSec);
            _driver.WriteRegister(Tmc5160Register.VMax, Math.Min(ramp.VMax, _driver.VelocityToRegister(Math.Abs(rate) / _options.DegreesPerMicrostep)));
            _driver.RampMode = rate < 0 ? Tmc5160RampMode.VelocityNegative : Tmc5160RampMode.VelocityPositive;
            _rateMode = true;
        }
    }

    /// <summary>Moves to a microstep position without a travel check (positioning mode, the configured ramp): homing only.</summary>
    public void MoveUnreferenced(int targetMicrosteps)
    {
        var ramp = Ramp;
        lock (_gate)
        {
            SupersedeCurrent(null, "homing took over");
            _supervisor?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _driver.ClearRampEvents(Tmc5160RampStatus.EventPositionReached);
            _driver.TargetPosition = targetMicrosteps;
            _driver.WriteRegister(Tmc5160Register.VMax, ramp.VMax);
            _driver.RampMode = Tmc5160RampMode.Positioning;
            _rateMode = false;
        }
    }

    /// <summary>Whether a positioning move has arrived (RAMP_STAT.position_reached).</summary>
    public bool IsPositionReached()
    {
        lock (_gate)
        {
            return (_driver.ReadRampStatus() & Tmc5160RampStatus.PositionReached) != 0;
        }
    }

    /// <summary>Whether the ramp generator stands still (RAMP_STAT.vzero).</summary>
    public bool IsStandingStill()
    {
        lock (_gate)
        {
            return (_driver.ReadRampStatus() & Tmc5160RampStatus.VelocityZero) != 0;
        }
    }

    /// <summary>
    /// Brakes to standstill at <paramref name="decelerationDegPerS2"/> (velocity mode, VMAX = 0, AMAX set to the
    /// deceleration, which velocity mode brakes with). <see cref="RestoreRamp"/> puts the configured ramp back.
    /// </summary>
    public void Brake(double decelerationDegPerS2)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(decelerationDegPerS2);
        lock (_gate)
        {
            SupersedeCurrent(null, "braking to a stop");
            _supervisor?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _driver.WriteRegister(Tmc5160Register.AMax, _driver.AccelerationToRegister(decelerationDegPerS2 / _options.DegreesPerMicrostep));
            _driver.WriteRegister(Tmc5160Register.VMax, 0);
            if (!_rateMode)
            {
                _driver.RampMode = Tmc5160RampMode.VelocityPositive; // VMAX = 0: brakes whichever way it moves
                _rateMode = true;
            }
        }
    }

    /// <summary>Writes the configured ramp again (after <see cref="Brake"/>) and holds position in positioning mode.</summary>
    public void RestoreRamp()
    {
        var ramp = Ramp;
        lock (_gate)
        {
            _driver.ConfigureRamp(ramp);
            _driver.TargetPosition = _driver.ActualPosition;
            _driver.RampMode = Tmc5160RampMode.Positioning;
            _rateMode = false;
        }
    }

    /// <summary>
    /// Re-references the axis at rest: from now on XACTUAL reads <paramref name="angle"/> here (hold mode while
    /// XACTUAL and XTARGET are written, so the chip does not move to reconcile them).
    /// </summary>
    public void DefineAngle(Angle angle)
    {
        int steps = ToMicrosteps(angle);
        lock (_gate)
        {
            _driver.RampMode = Tmc5160RampMode.Hold;
            _driver.ActualPosition = steps;
            _driver.TargetPosition = steps;
            _driver.ConfigureRamp(Ramp);
            _driver.RampMode = Tmc5160RampMode.Positioning;
            _rateMode = false;
        }
    }

    /// <summary>Whether the driver stage is switched on (CHOPCONF.TOFF ≠ 0); an e-stop switches it off.</summary>
    public bool ReadDriverEnabled()
    {
        lock (_gate)
        {
            return (_driver.ReadRegister(Tmc5160Register.ChopConf) & 0xF) != 0;
        }
    }
}

using Station.Devices.Tmc5160;

namespace Station.Devices.FilterWheel;

/// <summary>The supervisor: polls the controller while an operation runs and ends it with a result or a fault.</summary>
public sealed partial class FilterWheel
{
    private void Poll()
    {
        lock (_gate)
        {
            var operation = _operation;
            if (operation is null || _phase == Phase.Idle)
            {
                StopSupervising();
                return;
            }

            try
            {
                Step(operation);
            }
            catch (Tmc5160Exception ex)
            {
                // SPI failed after the binding's retries: where the wheel is stays in the chip, but this
                // operation cannot be supervised to its end.
                Finish(operation, ex);
            }
        }
    }

    private void Step(FilterWheelOperation operation)
    {
        var now = _time.GetUtcNow();
        var status = _driver.ReadRampStatus();
        if ((_driver.LastStatus & (Tmc5160SpiStatus.ResetFlag | Tmc5160SpiStatus.DriverError)) != 0)
        {
            FailDriver(operation);
            return;
        }

        if ((status & Tmc5160RampStatus.EventStopStallGuard) != 0)
        {
            FailStall(operation);
            return;
        }

        switch (_phase)
        {
            case Phase.SeekLeading when (status & Tmc5160RampStatus.StatusLatchLeft) != 0:
                _leading = _driver.ReadLatchedPosition();
                _driver.ConfigureSwitches(Switches(latchOnInactive: true));
                _driver.ClearRampEvents(Tmc5160RampStatus.StatusLatchLeft);
                _phase = Phase.SeekTrailing;
                return;
            case Phase.SeekTrailing when (status & Tmc5160RampStatus.StatusLatchLeft) != 0:
                long width = FilterWheelGeometry.Wrap(_driver.ReadLatchedPosition() - _leading, MicrostepsPerRevolution);
                if (width == 0 || width > MicrostepsPerRevolution / 4)
                {
                    StopMotion(velocityMode: true);
                    Fail(operation, new FilterWheelIndexException(Name, null, Format(
                        $"{Name}: the index magnet measured {width} microsteps wide (leading edge at {_leading}); expected 1…{MicrostepsPerRevolution / 4}. Check the hall sensor.")));
                    return;
                }

                IndexWidthMicrosteps = (int)width;
                _driver.StopVelocity(MotorAcceleration(_options.Acceleration));
                _phase = Phase.Stopping;
                return;
            case Phase.Stopping when (status & Tmc5160RampStatus.VelocityZero) != 0:
                FinishHoming(operation, now);
                return;
            case Phase.Moving when (status & Tmc5160RampStatus.PositionReached) != 0:
                FinishMove(operation, status, now);
                return;
            default:
                break;
        }

        if (now > _deadline)
        {
            StopMotion(velocityMode: _phase != Phase.Moving);
            string what = _phase switch
            {
                Phase.SeekLeading => "the index never passed the sensor",
                Phase.SeekTrailing => "the index sensor never released",
                Phase.Stopping => "the wheel did not come to a stop",
                _ => Format($"the target {_target} was not reached (at {_driver.ActualPosition})"),
            };
            Fail(operation, new FilterWheelTimeoutException(Name, now - operation.StartedAt, Format(
                $"{Name}: {operation.Kind} to {operation.Target} timed out after {(now - operation.StartedAt).TotalSeconds:0.###} s: {what}.")));
        }
    }

    private void FinishHoming(FilterWheelOperation operation, DateTimeOffset now)
    {
        long here = _driver.ActualPosition;
        long referenced = here - _leading;
        // Positioning with XTARGET = XACTUAL before the ramp is written: VMAX must not restart velocity mode.
        _driver.ActualPosition = checked((int)referenced);
        _driver.StartPositioning((int)referenced);
        _driver.ConfigureRamp(Ramp);
        _driver.ConfigureSwitches(Switches(latchOnInactive: false));
        _driver.ClearRampEvents(Tmc5160RampStatus.StatusLatchLeft | Tmc5160RampStatus.EventPositionReached);
        IsHomed = true;
        CurrentSlot = SlotAt(referenced);
        Finish(operation, new FilterWheelResult(CurrentSlot, referenced, now, IndexWidthMicrosteps: IndexWidthMicrosteps));
    }

    private void FinishMove(FilterWheelOperation operation, Tmc5160RampStatus status, DateTimeOffset now)
    {
        long at = _driver.ActualPosition;
        if (at != _target)
        {
            return; // position_reached of an earlier target; this move is still on its way
        }

        bool latched = (status & Tmc5160RampStatus.StatusLatchLeft) != 0;
        int? indexError = null;
        if (_expectedLatch is long expected && !_ambiguousLatch)
        {
            if (!latched)
            {
                FailIndex(operation, null, Format($"{Name}: moving {_moveFrom} → {_target} the index should have latched at {expected}, but it did not pass the sensor: the wheel slipped or did not turn."));
                return;
            }

            long latch = _driver.ReadLatchedPosition();
            long error = latch - expected;
            if (Math.Abs(error) > _options.IndexToleranceMicrosteps)
            {
                FailIndex(operation, latch, Format($"{Name}: moving {_moveFrom} → {_target} the index latched at {latch}, {error} microsteps from the expected {expected} (tolerance ±{_options.IndexToleranceMicrosteps}): the wheel slipped."));
                return;
            }

            indexError = (int)error;
            IndexChecksPassed++;
        }
        else if (_expectedLatch is null && latched && !_ambiguousLatch)
        {
            long latch = _driver.ReadLatchedPosition();
            FailIndex(operation, latch, Format($"{Name}: moving {_moveFrom} → {_target} should not cross the index, yet it latched at {latch}: the wheel slipped."));
            return;
        }

        CurrentSlot = _positionMove ? SlotAt(at) : operation.Target;
        Finish(operation, new FilterWheelResult(CurrentSlot, at, now, indexError, IndexWidthMicrosteps));
    }

    private void FailStall(FilterWheelOperation operation)
    {
        long at = _driver.ActualPosition;
        StopMotion(velocityMode: _phase != Phase.Moving);
        _driver.ClearRampEvents(Tmc5160RampStatus.EventStopStallGuard); // released only after the target was made safe
        Fail(operation, new FilterWheelStallException(Name, at, Format(
            $"{Name}: StallGuard2 stopped the motor at {at} microsteps during {operation.Kind} to {operation.Target}: the wheel is jammed or overloaded; home it again.")));
    }

    private void FailDriver(FilterWheelOperation operation)
    {
        string health = _driver.ReadHealth().ToString();
        Fail(operation, new FilterWheelDriverException(Name, health, $"{Name}: the motor driver reports {health} during {operation.Kind} to {operation.Target}; the position is lost."));
    }

    private void FailIndex(FilterWheelOperation operation, long? latch, string message) =>
        Fail(operation, new FilterWheelIndexException(Name, latch, message));

    /// <summary>Stops commanding motion: VMAX = 0 in velocity mode, XTARGET = XACTUAL in positioning mode.</summary>
    private void StopMotion(bool velocityMode)
    {
        if (velocityMode)
        {
            _driver.StopVelocity(MotorAcceleration(_options.Acceleration));
        }
        else
        {
            _driver.TargetPosition = _driver.ActualPosition;
        }
    }

    private void Fail(FilterWheelOperation operation, Exception error)
    {
        IsHomed = false;
        CurrentSlot = null;
        Finish(operation, error);
    }

    private void Finish(FilterWheelOperation operation, FilterWheelResult result)
    {
        _phase = Phase.Idle;
        StopSupervising();
        operation.Succeed(result);
    }

    private void Finish(FilterWheelOperation operation, Exception error)
    {
        _phase = Phase.Idle;
        StopSupervising();
        operation.Fail(error);
    }

    private void StopSupervising() => _supervisor?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
}

using Microsoft.Extensions.Logging;
using Station.Devices.FilterWheel;
using Station.Devices.Tmc5160;

namespace Station.Firmware.Filters;

/// <summary>The work on one wheel: gate hold, driver operation, supervision, settling, faults; and the log messages.</summary>
public sealed partial class FilterWheelService
{
    private FilterSelection Begin(FilterWheelUnit unit, string? slot, bool homeFirst, string? thenSlot)
    {
        // Gates off before anything turns; the hold of a faulted wheel is still open and is simply kept.
        if (unit.GateHold is null)
        {
            string reason = homeFirst ? $"filter wheel '{unit.Name}' homing" : $"filter wheel '{unit.Name}' moving to '{slot}'";
            try
            {
                unit.GateHold = _guard().HoldGatesOff(reason);
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException)
            {
                throw new FilterWheelCommandRefusedException($"Filter wheel '{unit.Name}' did not move: the detectors could not be gated off ({ex.Message}). Nothing was moved.", ex);
            }
        }

        var now = _time.GetUtcNow();
        var selection = new FilterSelection(unit.Name, slot ?? thenSlot, now);
        unit.Selection = selection;
        unit.IndexErrorMicrosteps = null;
        unit.HomedInSelection = homeFirst;
        unit.PendingSlot = homeFirst ? thenSlot : null;

        unit.Fault = null;
        unit.SlotIndex = -1;
        unit.Phase = homeFirst ? WheelPhase.Homing : WheelPhase.Moving;
        unit.Publish();
        try
        {
            if (homeFirst)
            {
                unit.Operation = unit.Driver.Home();
                LogHoming(unit.Name);
            }
            else
            {
                unit.Operation = unit.Driver.MoveTo(slot!);
                LogMoving(unit.Name, slot!);
            }
        }
        catch (Exception ex) when (ex is Tmc5160Exception or InvalidOperationException)
        {
            Fault(unit, ex);
            return selection;
        }

        Supervise(unit, unit.Operation.TimeLimit);
        return selection;
    }

    private void Supervise(FilterWheelUnit unit, TimeSpan operationLimit)
    {
        var interval = TimeSpan.FromMilliseconds(unit.Configuration.PollIntervalMs);
        unit.Deadline = _time.GetUtcNow() + operationLimit + TimeSpan.FromMilliseconds(unit.Configuration.SettleTimeMs) + TimeSpan.FromSeconds(2);
        unit.Poller ??= _time.CreateTimer(state => Poll((FilterWheelUnit)state!), unit, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        unit.Poller.Change(interval, interval);
    }

    private void Poll(FilterWheelUnit unit)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            var now = _time.GetUtcNow();
            switch (unit.Phase)
            {
                case WheelPhase.Homing or WheelPhase.Moving when unit.Operation is { IsCompleted: true } operation:
                    OperationEnded(unit, operation, now);
                    return;
                case WheelPhase.Settling when now >= unit.SettleUntil:
                    Settled(unit, now);
                    return;
                case WheelPhase.Homing or WheelPhase.Moving or WheelPhase.Settling when now > unit.Deadline:
                    Fault(unit, new TimeoutException($"the driver did not report the end of the operation by {unit.Deadline:O}"));
                    return;
                case WheelPhase.Homing or WheelPhase.Moving or WheelPhase.Settling:
                    return;
                default:
                    unit.Poller?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                    return;
            }
        }
    }

    private void OperationEnded(FilterWheelUnit unit, FilterWheelOperation operation, DateTimeOffset now)
    {
        if (operation.Error is { } error)
        {
            Fault(unit, error);
            return;
        }

        if (unit.Phase == WheelPhase.Homing)
        {
            unit.MovesWithoutIndexCheck = 0;
            LogHomed(unit.Name, operation.Result!.IndexWidthMicrosteps ?? 0);
            if (unit.PendingSlot is { } next)
            {
                unit.PendingSlot = null;
                unit.Phase = WheelPhase.Moving;
                unit.Publish();
                try
                {
                    unit.Operation = unit.Driver.MoveTo(next);
                    LogMoving(unit.Name, next);
                }
                catch (Exception ex) when (ex is Tmc5160Exception or InvalidOperationException)
                {
                    Fault(unit, ex);
                    return;
                }

                Supervise(unit, unit.Operation.TimeLimit);
                return;
            }
        }
        else if (operation.Result!.IndexErrorMicrosteps is int indexError)
        {
            unit.IndexErrorMicrosteps = indexError;
            unit.MovesWithoutIndexCheck = 0;
        }
        else
        {
            unit.MovesWithoutIndexCheck++;
        }

        unit.Phase = WheelPhase.Settling;
        unit.SettleUntil = now + TimeSpan.FromMilliseconds(unit.Configuration.SettleTimeMs);
        unit.Publish();
    }

    private void Settled(FilterWheelUnit unit, DateTimeOffset now)
    {
        unit.Poller?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        unit.Operation = null;
        unit.SlotIndex = unit.SlotIndexOf(unit.Driver.CurrentSlot);
        unit.Phase = WheelPhase.Idle;
        unit.Publish(); // not moving, slot known: published before the hold goes, so the supervisor never sees a gap
        unit.GateHold?.Dispose();
        unit.GateHold = null;
        string? slot = unit.SlotIndex >= 0 ? unit.Configuration.Slots[unit.SlotIndex].Name : null;
        LogSettled(unit.Name, slot ?? "(between slots)", (now - unit.Selection!.StartedAt).TotalSeconds);
        unit.Selection.Succeed(new FilterSelectionResult(unit.Name, slot, now, unit.IndexErrorMicrosteps, unit.HomedInSelection));
    }

    /// <summary>The wheel is Faulted: its gate hold stays open until a homing succeeds; the selection fails naming wheel and slot.</summary>
    private void Fault(FilterWheelUnit unit, Exception cause)
    {
        unit.Poller?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        var selection = unit.Selection;
        string? slot = selection?.Slot;
        string what = unit.Phase == WheelPhase.Homing || slot is null ? "homing" : $"selecting '{slot}'";
        unit.Phase = WheelPhase.Faulted;
        unit.SlotIndex = -1;
        unit.Operation = null;
        unit.PendingSlot = null;
        unit.Fault = $"{what} failed: {cause.Message}";
        unit.Publish();
        LogFault(unit.Name, unit.Fault);
        selection?.Fail(new FilterWheelFaultException(unit.Name, slot, $"Filter wheel '{unit.Name}' {what} failed: {cause.Message} The detectors stay gated off; home the wheel.", cause));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Filter wheel {Wheel} ({DeviceId}) initialised: {Microsteps} microsteps per turn, slots {Slots}")]
    private partial void LogInitialized(string wheel, string deviceId, int microsteps, string slots);

    [LoggerMessage(Level = LogLevel.Error, Message = "Filter wheel {Wheel} was not homed at start-up: {Reason}")]
    private partial void LogStartupHomingRefused(string wheel, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Filter wheel {Wheel} homing (detectors gated off)")]
    private partial void LogHoming(string wheel);

    [LoggerMessage(Level = LogLevel.Information, Message = "Filter wheel {Wheel} homed; index magnet {Width} microsteps wide")]
    private partial void LogHomed(string wheel, int width);

    [LoggerMessage(Level = LogLevel.Information, Message = "Filter wheel {Wheel} moving to {Slot} (detectors gated off)")]
    private partial void LogMoving(string wheel, string slot);

    [LoggerMessage(Level = LogLevel.Information, Message = "Filter wheel {Wheel} settled at {Slot} after {Seconds:0.###} s; gate hold released")]
    private partial void LogSettled(string wheel, string slot, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Filter wheel {Wheel}: {Moves} moves in a row without crossing the index; homing before the next move")]
    private partial void LogRehoming(string wheel, int moves);

    [LoggerMessage(Level = LogLevel.Error, Message = "Filter wheel {Wheel} faulted: {Fault}; detectors stay gated off until it is homed")]
    private partial void LogFault(string wheel, string fault);
}

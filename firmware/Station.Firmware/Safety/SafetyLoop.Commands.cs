using System.Globalization;
using Microsoft.Extensions.Logging;
using Station.Core.Detectors;
using Station.Core.Safety;
using Station.Devices.GateCounter;

namespace Station.Firmware.Safety;

/// <summary>The answer to an operator command: accepted, or refused with its reason (a refusal changed nothing).</summary>
/// <param name="Accepted">The command took effect (or there was nothing to do).</param>
/// <param name="Message">What happened, or why not, in words.</param>
/// <param name="Reasons">The supervisor reasons behind a refusal, where there are any.</param>
public readonly record struct SafetyCommandResult(bool Accepted, string Message, SafetyReason Reasons = SafetyReason.None);

/// <summary>Operator commands. Each is refused with its reason when not allowed, and a refusal changes nothing.</summary>
public sealed partial class SafetyLoop
{
    /// <summary>
    /// Arms the uplink laser: from the next tick it fires whenever every other condition holds (key, aircraft
    /// detector, mask, lock, no-fire zones, e-stop, watchdog). Refused while a hazard holds (see
    /// <see cref="LaserArming"/>) or before the first evaluation.
    /// </summary>
    public SafetyCommandResult ArmLaser()
    {
        lock (_gate)
        {
            if (_arming.IsArmed)
            {
                return Accept("ArmLaser", "the laser is already armed");
            }

            SafetyReason hazards = _arming.Arm(_permissions);
            if (hazards != SafetyReason.None)
            {
                return Refuse("ArmLaser", "arming refused: " + SafetyReasons.Describe(hazards), hazards);
            }

            _armedAt = _time.GetUtcNow();
            SafetyReason remaining = _permissions.LaserReasons & ~SafetyReason.NotArmed;
            return Accept("ArmLaser", remaining == SafetyReason.None
                ? "armed; the laser fires from the next tick"
                : "armed; the laser stays off while: " + SafetyReasons.Describe(remaining));
        }
    }

    /// <summary>Disarms the uplink laser; it goes off at the next tick (always accepted).</summary>
    public SafetyCommandResult DisarmLaser()
    {
        lock (_gate)
        {
            if (!_arming.IsArmed)
            {
                return Accept("DisarmLaser", "the laser was not armed");
            }

            _arming.Disarm();
            return Accept("DisarmLaser", "disarmed; the laser goes off at the next tick");
        }
    }

    /// <summary>
    /// Releases a latched count-monitor trip on <paramref name="channel"/> and clears the board's bright-light flag
    /// for it. Refused for a channel that does not exist, with no trip latched, with no recent window, while the latest
    /// window still shows the cause, after invalid data, or within the hold-off after the last tripping window.
    /// </summary>
    public SafetyCommandResult ResetTrip(int channel)
    {
        lock (_gate)
        {
            if ((uint)channel >= (uint)_channels)
            {
                return Refuse("ResetTrip", F($"channel {channel} does not exist; the configured detector channels are 0…{_channels - 1}"));
            }

            var now = _time.GetUtcNow();
            var result = _monitor.Reset(channel, now);
            if (result != TripResetResult.Accepted)
            {
                return Refuse("ResetTrip", F($"channel {channel}: {ResetRefusal(channel, result)}"), SafetyReason.TripLatched);
            }

            int bit = 1 << channel;
            try
            {
                _board.ClearTripFlags((GateChannels)bit);
            }
            catch (GateCounterException exception)
            {
                _pendingFlagClear |= bit; // the tick retries; until then the flag keeps the gate off
                return Accept("ResetTrip", F($"channel {channel}: trip released; the board's flag could not be cleared yet ({exception.Message}), retried every tick"));
            }

            return Accept("ResetTrip", F($"channel {channel}: trip released; the gate opens at the next tick if everything else permits (probation window)"));
        }
    }

    /// <summary>
    /// Daylight mode lets the detectors work while the sun is up, behind an approved filter. Enabling is refused
    /// unless an approved filter is in the beam now (settled) on some wheel; disabling is always accepted.
    /// </summary>
    public SafetyCommandResult SetDaylightMode(bool enabled)
    {
        lock (_gate)
        {
            if (enabled == _daylightMode)
            {
                return Accept("SetDaylightMode", enabled ? "daylight mode is already on" : "daylight mode is already off");
            }

            if (!enabled)
            {
                _daylightMode = false;
                return Accept("SetDaylightMode", "daylight mode off; the detectors work only with the sun below the night limit");
            }

            var wheels = _config.Options.FilterWheels;
            if (!wheels.Any(w => w.DaylightApprovedSlots.Count > 0))
            {
                return Refuse("SetDaylightMode", "no filter wheel has a daylight-approved slot configured (Safety.FilterWheels[].DaylightApprovedSlots)", SafetyReason.DaylightFilterNotInBeam);
            }

            long nowTicks = _time.GetUtcNow().UtcTicks;
            var seen = new List<string>();
            for (int w = 0; w < wheels.Count; w++)
            {
                var sense = _state.Wheel(w);
                bool settled = sense.Moving is { Status: SensorStatus.Valid, Value: false } && nowTicks - sense.Moving.SampledAt.UtcTicks <= _config.Options.MaxAges.FilterWheels.ToTimeSpan().Ticks;
                bool slotValid = sense.Slot.Status == SensorStatus.Valid && nowTicks - sense.Slot.SampledAt.UtcTicks <= _config.Options.MaxAges.FilterWheels.ToTimeSpan().Ticks;
                if (settled && slotValid && _config.IsDaylightApproved(w, sense.Slot.Value))
                {
                    _daylightMode = true;
                    return Accept("SetDaylightMode", F($"daylight mode on; approved filter '{wheels[w].Slots[sense.Slot.Value]}' is in the beam on wheel '{wheels[w].Name}'"));
                }

                seen.Add(DescribeWheel(wheels[w], sense, settled, slotValid));
            }

            return Refuse("SetDaylightMode", "put a daylight-approved filter in the beam first: " + string.Join("; ", seen), SafetyReason.DaylightFilterNotInBeam);
        }
    }

    private static string DescribeWheel(FilterWheelSafety wheel, FilterWheelSense sense, bool settled, bool slotValid)
    {
        string where = !slotValid ? "its slot is unknown"
            : !settled ? "it is moving or not reporting"
            : sense.Slot.Value >= 0 && sense.Slot.Value < wheel.Slots.Count ? F($"slot '{wheel.Slots[sense.Slot.Value]}' is in the beam")
            : "it is between slots";
        return F($"wheel '{wheel.Name}': {where} (approved: {string.Join(", ", wheel.DaylightApprovedSlots)})");
    }

    private string ResetRefusal(int channel, TripResetResult result) => result switch
    {
        TripResetResult.NotLatched => "no trip is latched",
        TripResetResult.NoRecentWindow => "no count window in the last two window lengths (is the board reporting?), so the cause cannot be judged",
        TripResetResult.CausePersists => "the latest window still shows the cause (counts over the trip level, saturation, or a board trip)",
        TripResetResult.DataFaulted => "the latest count window was invalid data",
        TripResetResult.HoldOff => F($"the hold-off of {_monitor.ResetHoldOff(channel).TotalSeconds:0.###} s since the last tripping window has not passed"),
        _ => result.ToString(),
    };

    private SafetyCommandResult Accept(string command, string message)
    {
        LogCommand(command, "accepted", message);
        WriteEvent(_time.GetUtcNow(), "operator_command", command + " accepted: " + message);
        return new SafetyCommandResult(true, message);
    }

    private SafetyCommandResult Refuse(string command, string message, SafetyReason reasons = SafetyReason.None)
    {
        LogCommand(command, "refused", message);
        WriteEvent(_time.GetUtcNow(), "operator_command", command + " refused: " + message);
        return new SafetyCommandResult(false, message, reasons);
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Information, Message = "Operator command {Command} {Outcome}: {Message}")]
    private partial void LogCommand(string command, string outcome, string message);
}

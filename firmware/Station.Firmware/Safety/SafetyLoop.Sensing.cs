using Microsoft.Extensions.Logging;
using Station.Core.Detectors;
using Station.Core.Safety;
using Station.Devices.GateCounter;
using Station.Firmware.Telemetry;

namespace Station.Firmware.Safety;

/// <summary>
/// Sensing: every supervisor input from the drivers and sources, stamped with the tick time; a failed read is
/// Faulted, a missing source Unknown, both forbidding. Count monitoring (issue 7, item 3): each tick reads the board's sticky bright-light flags (the supervisor's
/// bright-light input) and, when a new integration window has latched, feeds every channel's counts to the
/// <see cref="CountMonitor"/>. A software trip latches in the tick that reads the window, and the same tick's
/// evaluation gates the channel off: within one window of the light's first full window, plus one tick. Security
/// events (trips, saturation, collapse, invalid data, resets) go to the log and the telemetry journal.
/// </summary>
public sealed partial class SafetyLoop
{
    private int _pendingFlagClear;

    private void Sense(DateTimeOffset now)
    {
        _state.Now = now;
        var interlocks = _interlocks.Read();
        _state.EStopOk = Sensed.Ok(interlocks.EstopOk, now);
        _state.HardwareKeyOk = interlocks.ExpanderReadable ? Sensed.Ok(interlocks.KeyOk, now) : Sensed.Faulted<bool>(now);
        _state.WatchdogAlive = interlocks.ExpanderReadable ? Sensed.Ok(interlocks.WatchdogOk, now) : Sensed.Faulted<bool>(now);
        _state.AircraftOk = Sensed.Ok(_laser.ReadAircraftOk(), now);
        _state.TrackerLocked = _sources.Tracker?.TrackerLocked ?? default;
        _state.MountPosition = _sources.Mount.ReadMountPosition(now);
        if (_sun.Status == SensorStatus.Unknown || now - _sunComputedAt >= _options.SunRefreshInterval || now < _sunComputedAt)
        {
            _sun = _sources.Sun.SunAt(now);
            _sunComputedAt = now;
        }

        _state.Sun = _sun;
        for (int w = 0; w < _config.FilterWheelCount; w++)
        {
            _state.SetWheel(w, _sources.FilterWheels?.Sense(w) ?? default);
        }

        _state.LaserArmed = _arming.IsArmed;
        _state.DaylightMode = _daylightMode;
        SenseDetectors(now);
    }

    private void SenseDetectors(DateTimeOffset now)
    {
        GateChannels flags;
        try
        {
            if (_pendingFlagClear != 0)
            {
                // A reset the operator made could not clear the board's flag then; keep trying.
                _board.ClearTripFlags((GateChannels)_pendingFlagClear);
                _pendingFlagClear = 0;
            }

            flags = _board.ReadTripFlags();
            ReadWindow(now);
        }
        catch (GateCounterException)
        {
            // The board did not answer (after its retries): every bright-light input is Faulted, so every gate is off.
            for (int ch = 0; ch < _channels; ch++)
            {
                _state.SetChannel(ch, new DetectorChannelSense(_monitor.TripState(ch), Sensed.Faulted<bool>(now)));
            }

            return;
        }

        for (int ch = 0; ch < _channels; ch++)
        {
            bool bright = ((int)flags & (1 << ch)) != 0;
            _state.SetChannel(ch, new DetectorChannelSense(_monitor.TripState(ch), Sensed.Ok(bright, now)));
        }
    }

    private void ReadWindow(DateTimeOffset now)
    {
        if (!_board.TryReadWindow(out var window))
        {
            return;
        }

        WindowCount++;
        int trippedMask = 0;
        var counts = default(ChannelArray<uint>);
        for (int ch = 0; ch < _channels; ch++)
        {
            int bit = 1 << ch;
            bool hardwareTripped = ((int)window.TrippedInWindow & bit) != 0;
            counts[ch] = window[ch];
            // The window ended at most one tick before this read; the station clock stamps it.
            var verdict = _monitor.Observe(new CountWindow(ch, now, window[ch], window.IsComplete(ch), hardwareTripped, 0));
            if (verdict == CountVerdict.Tripped)
            {
                trippedMask |= bit;
            }
        }

        _telemetry?.WriteDetector(new DetectorSample(now, _options.CountMonitor.IntegrationWindow.Seconds, _channels, counts, _appliedGates, trippedMask));
    }

    private void RecordSecurityEvent(in SecurityEvent securityEvent)
    {
        string text = securityEvent.Describe();
        if (securityEvent.Kind is SecurityEventKind.TripReset)
        {
            LogSecurityInformation(text);
        }
        else
        {
            LogSecurityEvent(text);
        }

        _telemetry?.WriteEvent(new EventRecord(securityEvent.At, "count_monitor", KindName(securityEvent.Kind), text));
    }

    private static string KindName(SecurityEventKind kind) => kind switch
    {
        SecurityEventKind.SoftwareTrip => "software_trip",
        SecurityEventKind.HardwareTrip => "hardware_trip",
        SecurityEventKind.Saturation => "saturation",
        SecurityEventKind.CountCollapse => "count_collapse",
        SecurityEventKind.InvalidCountData => "invalid_count_data",
        SecurityEventKind.TripReset => "trip_reset",
        _ => "security_event",
    };

    private sealed class SecurityEventSink(SafetyLoop loop) : ISecurityEventSink
    {
        public void Record(in SecurityEvent securityEvent) => loop.RecordSecurityEvent(securityEvent);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Detector security event: {Event}")]
    private partial void LogSecurityEvent(string @event);

    [LoggerMessage(Level = LogLevel.Information, Message = "Detector event: {Event}")]
    private partial void LogSecurityInformation(string @event);
}

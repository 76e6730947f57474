using System.Device.Gpio;
using Station.Emulator.Buses;
using Station.Emulator.Faults;
using Station.Emulator.World;

namespace Station.Emulator.Devices;

/// <summary>States of the external hardware watchdog.</summary>
public enum EmulatedWatchdogState
{
    /// <summary>After power-up or a reset: outputs cut until the heartbeat has run steadily for the arming time.</summary>
    AwaitingHeartbeat,

    /// <summary>Heartbeat healthy: laser and gates allowed.</summary>
    Running,

    /// <summary>The heartbeat stopped for longer than the timeout: laser and gates cut until <see cref="EmulatedWatchdog.Reset"/>.</summary>
    Tripped,
}

/// <summary>
/// The station's external hardware watchdog, watching the heartbeat line (BCM1). Any edge counts as a beat. If
/// no edge arrives for more than <see cref="Timeout"/> (100 ms) while running, it trips and cuts the uplink laser
/// and every detector gate in hardware, and stays tripped until its front-panel reset button is pressed
/// (<see cref="Reset"/>; the Pi has no line left to reset it, and a human should look first). After power-up and
/// after a reset it keeps the outputs cut until the heartbeat has toggled steadily (no gap over the timeout) for
/// <see cref="ArmingTime"/>, so the few edges the boot ROM makes on BCM1 while probing for a HAT EEPROM do not
/// count as a heartbeat. It checks the timeout at every world step (1 ms), so it cuts 100–101 ms after the last
/// edge. Fault <c>watchdog_starvation</c> (on <c>interlocks</c>): edges stop reaching it.
/// </summary>
public sealed class EmulatedWatchdog : IWorldComponent
{
    private readonly TimeProvider _time;
    private readonly int _line;
    private readonly FaultInjector _faults;
    private readonly string _deviceId;
    private readonly Lock _gate = new();
    private DateTimeOffset? _runStart;

    public EmulatedWatchdog(TimeProvider timeProvider, EmulatedGpioDriver gpio, int heartbeatLine, FaultInjector faults,
        string deviceId = "interlocks", TimeSpan? timeout = null, TimeSpan? armingTime = null)
    {
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        ArgumentNullException.ThrowIfNull(gpio);
        _faults = faults ?? throw new ArgumentNullException(nameof(faults));
        _line = heartbeatLine;
        _deviceId = deviceId;
        Timeout = timeout ?? TimeSpan.FromMilliseconds(100);
        ArmingTime = armingTime ?? TimeSpan.FromMilliseconds(250);
        gpio.OutputChanged += OnOutputChanged;
    }

    public TimeSpan Timeout { get; }

    public TimeSpan ArmingTime { get; }

    public EmulatedWatchdogState State { get; private set; } = EmulatedWatchdogState.AwaitingHeartbeat;

    /// <summary>Whether the laser and the gates are cut (any state but <see cref="EmulatedWatchdogState.Running"/>).</summary>
    public bool IsCut => State != EmulatedWatchdogState.Running;

    /// <summary>The last heartbeat edge that reached the watchdog.</summary>
    public DateTimeOffset? LastEdgeAt { get; private set; }

    /// <summary>When it last tripped.</summary>
    public DateTimeOffset? TrippedAt { get; private set; }

    /// <summary>Edges received; edges lost to <c>watchdog_starvation</c> are not counted.</summary>
    public long EdgeCount { get; private set; }

    /// <summary>Raised when the cut output changes (true: cut).</summary>
    public event Action<bool>? CutChanged;

    /// <summary>The front-panel reset button: a tripped watchdog re-arms (and stays cut until the heartbeat is steady).</summary>
    public void Reset()
    {
        lock (_gate)
        {
            if (State != EmulatedWatchdogState.Tripped)
            {
                return;
            }

            State = EmulatedWatchdogState.AwaitingHeartbeat;
            _runStart = null;
            LastEdgeAt = null;
        }
    }

    public void Advance(DateTimeOffset now)
    {
        bool? cut;
        lock (_gate)
        {
            cut = Evaluate(now);
        }

        Notify(cut);
    }

    private void OnOutputChanged(int line, PinValue value)
    {
        if (line != _line || _faults.IsActive(FaultKind.WatchdogStarvation, _deviceId))
        {
            return;
        }

        bool? cut;
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            cut = Evaluate(now); // a late edge still trips first
            if (State == EmulatedWatchdogState.AwaitingHeartbeat && (_runStart is null || LastEdgeAt is null || now - LastEdgeAt > Timeout))
            {
                _runStart = now; // a steady run starts (again)
            }

            LastEdgeAt = now;
            EdgeCount++;
            cut ??= Evaluate(now);
        }

        Notify(cut);
    }

    /// <summary>Advances the state machine; returns the new cut level when it changed.</summary>
    private bool? Evaluate(DateTimeOffset now)
    {
        switch (State)
        {
            case EmulatedWatchdogState.Running when LastEdgeAt is { } last && now - last > Timeout:
                State = EmulatedWatchdogState.Tripped;
                TrippedAt = now;
                return true;
            case EmulatedWatchdogState.AwaitingHeartbeat when LastEdgeAt is { } last && now - last > Timeout:
                _runStart = null;
                return null;
            case EmulatedWatchdogState.AwaitingHeartbeat when _runStart is { } start && now - start >= ArmingTime:
                State = EmulatedWatchdogState.Running;
                return false;
            default:
                return null;
        }
    }

    private void Notify(bool? cut)
    {
        if (cut is { } level)
        {
            CutChanged?.Invoke(level);
        }
    }
}

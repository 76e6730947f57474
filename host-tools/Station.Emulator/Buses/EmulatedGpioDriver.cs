using System.Device.Gpio;

namespace Station.Emulator.Buses;

/// <summary>
/// A <see cref="GpioDriver"/> for the 28 BCM lines of a Raspberry Pi header, wired to the emulated world.
/// The firmware drives outputs; emulated devices drive inputs with <see cref="DriveInput"/> and watch
/// outputs through <see cref="OutputChanged"/>. An undriven input reads its pull (pull-up high, pull-down
/// low); an undriven input without a pull reads low here, where real hardware would float.
/// </summary>
public sealed class EmulatedGpioDriver : GpioDriver
{
    /// <summary>BCM lines 0–27 of the 40-pin header.</summary>
    public const int LineCount = 28;

    private readonly Lock _gate = new();
    private readonly Line[] _lines = Enumerable.Range(0, LineCount).Select(_ => new Line()).ToArray();

    /// <summary>Raised after the firmware changes an output's level (line, new level).</summary>
    public event Action<int, PinValue>? OutputChanged;

    protected override int PinCount => LineCount;

    /// <summary>Whether the firmware has opened the line.</summary>
    public bool IsOpen(int line)
    {
        lock (_gate)
        {
            return Get(line).Open;
        }
    }

    /// <summary>The mode the firmware set on the line.</summary>
    public PinMode ModeOf(int line)
    {
        lock (_gate)
        {
            return Get(line).Mode;
        }
    }

    /// <summary>The electrical level on the line as the outside world sees it.</summary>
    public PinValue LevelOf(int line)
    {
        lock (_gate)
        {
            return LevelUnderLock(Get(line));
        }
    }

    /// <summary>Drives an input line from the emulated world (null releases it to its pull).</summary>
    public void DriveInput(int line, PinValue? level)
    {
        List<(PinChangeEventHandler Handler, PinEventTypes Type)> toNotify = [];
        lock (_gate)
        {
            var state = Get(line);
            PinValue before = LevelUnderLock(state);
            state.ExternalDrive = level;
            PinValue after = LevelUnderLock(state);
            if (before != after && state.Mode is not PinMode.Output)
            {
                var type = after == PinValue.High ? PinEventTypes.Rising : PinEventTypes.Falling;
                toNotify.AddRange(state.Callbacks.Where(c => (c.Types & type) != 0).Select(c => (c.Handler, type)));
                state.Changed.Release();
            }
        }

        foreach (var (handler, type) in toNotify)
        {
            handler(this, new PinValueChangedEventArgs(type, line));
        }
    }

    protected override void OpenPin(int pinNumber)
    {
        lock (_gate)
        {
            Get(pinNumber).Open = true;
        }
    }

    protected override void ClosePin(int pinNumber)
    {
        lock (_gate)
        {
            var state = Get(pinNumber);
            state.Open = false;
            state.Callbacks.Clear();
        }
    }

    protected override void SetPinMode(int pinNumber, PinMode mode)
    {
        lock (_gate)
        {
            Get(pinNumber).Mode = mode;
        }
    }

    protected override PinMode GetPinMode(int pinNumber)
    {
        lock (_gate)
        {
            return Get(pinNumber).Mode;
        }
    }

    protected override bool IsPinModeSupported(int pinNumber, PinMode mode) =>
        mode is PinMode.Input or PinMode.Output or PinMode.InputPullUp or PinMode.InputPullDown;

    protected override PinValue Read(int pinNumber) => LevelOf(pinNumber);

    protected override void Write(int pinNumber, PinValue value)
    {
        bool changed;
        lock (_gate)
        {
            var state = Get(pinNumber);
            changed = state.OutputLatch != value;
            state.OutputLatch = value;
            if (state.Mode != PinMode.Output)
            {
                return; // the latch is kept, as on the real SoC, and appears when the line becomes an output
            }
        }

        if (changed)
        {
            OutputChanged?.Invoke(pinNumber, value);
        }
    }

    protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken)
    {
        SemaphoreSlim changed;
        PinValue start;
        lock (_gate)
        {
            var state = Get(pinNumber);
            changed = state.Changed;
            start = LevelUnderLock(state);
        }

        while (true)
        {
            try
            {
                changed.Wait(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return new WaitForEventResult { TimedOut = true, EventTypes = PinEventTypes.None };
            }

            PinValue now = LevelOf(pinNumber);
            var type = now == PinValue.High ? PinEventTypes.Rising : PinEventTypes.Falling;
            if (now != start && (eventTypes & type) != 0)
            {
                return new WaitForEventResult { TimedOut = false, EventTypes = type };
            }

            start = now;
        }
    }

    protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback)
    {
        lock (_gate)
        {
            Get(pinNumber).Callbacks.Add((eventTypes, callback));
        }
    }

    protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback)
    {
        lock (_gate)
        {
            Get(pinNumber).Callbacks.RemoveAll(c => c.Handler == callback);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var line in _lines)
            {
                line.Changed.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    private static PinValue LevelUnderLock(Line state) => state.Mode switch
    {
        PinMode.Output => state.OutputLatch,
        _ when state.ExternalDrive is { } driven => driven,
        PinMode.InputPullUp => PinValue.High,
        _ => PinValue.Low,
    };

    private Line Get(int line)
    {
        if ((uint)line >= LineCount)
        {
            throw new ArgumentOutOfRangeException(nameof(line), line, $"BCM line {line} does not exist; the header has lines 0–{LineCount - 1}.");
        }

        return _lines[line];
    }

    private sealed class Line
    {
        public bool Open { get; set; }

        public PinMode Mode { get; set; } = PinMode.Input;

        public PinValue OutputLatch { get; set; } = PinValue.Low;

        public PinValue? ExternalDrive { get; set; }

        public List<(PinEventTypes Types, PinChangeEventHandler Handler)> Callbacks { get; } = [];

        public SemaphoreSlim Changed { get; } = new(0);
    }
}

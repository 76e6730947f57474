using System.Device.Gpio;
using Station.Devices.Board;
using Station.Devices.Buses;

namespace Station.Devices.Interlocks;

/// <summary>
/// Toggles the heartbeat line to the external hardware watchdog from a <see cref="TimeProvider"/> timer. The
/// watchdog cuts the uplink laser and every detector gate if no edge arrives for more than 100 ms, so the toggle
/// period must be well inside that (default 10 ms; at most 50 ms). An optional health check lets the firmware
/// starve the watchdog on purpose when its control loop is not healthy: a toggle is skipped whenever the check
/// returns false. Stopping or disposing leaves the line where it is, so the watchdog times out: fail safe.
/// </summary>
public sealed class WatchdogHeartbeat : IDisposable
{
    public static readonly TimeSpan DefaultTogglePeriod = TimeSpan.FromMilliseconds(10);
    public static readonly TimeSpan MaxTogglePeriod = TimeSpan.FromMilliseconds(50);

    private readonly GpioController _gpio;
    private readonly GpioLineAssignment _line;
    private readonly TimeProvider _time;
    private readonly Func<bool>? _isHealthy;
    private readonly Lock _gate = new();
    private ITimer? _timer;
    private bool _level;
    private bool _opened;

    public WatchdogHeartbeat(GpioController gpio, GpioLineAssignment line, TimeProvider timeProvider, TimeSpan? togglePeriod = null, Func<bool>? isHealthy = null)
    {
        _gpio = gpio ?? throw new ArgumentNullException(nameof(gpio));
        _line = line ?? throw new ArgumentNullException(nameof(line));
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        if (line.Direction != GpioDirection.Output)
        {
            throw new ArgumentException($"Heartbeat line {line.Name} (BCM {line.Line}) is an {line.Direction}; it must be an output.", nameof(line));
        }

        TogglePeriod = togglePeriod ?? DefaultTogglePeriod;
        if (TogglePeriod < TimeSpan.FromMilliseconds(1) || TogglePeriod > MaxTogglePeriod)
        {
            throw new ArgumentOutOfRangeException(nameof(togglePeriod), togglePeriod,
                $"The heartbeat toggle period must be 1-{MaxTogglePeriod.TotalMilliseconds:0} ms, well inside the watchdog's 100 ms timeout.");
        }

        _isHealthy = isHealthy;
    }

    /// <summary>The heartbeat line of the pin map's <c>interlocks</c> device.</summary>
    public static WatchdogHeartbeat Open(IBusProvider buses, PinMap pinMap, TimeProvider timeProvider, TimeSpan? togglePeriod = null, Func<bool>? isHealthy = null)
    {
        ArgumentNullException.ThrowIfNull(buses);
        ArgumentNullException.ThrowIfNull(pinMap);
        return new WatchdogHeartbeat(buses.Gpio, pinMap.GetGpioLine(DeviceId.Interlocks, "watchdog_heartbeat"), timeProvider, togglePeriod, isHealthy);
    }

    public TimeSpan TogglePeriod { get; }

    public bool IsRunning
    {
        get
        {
            lock (_gate)
            {
                return _timer is not null;
            }
        }
    }

    /// <summary>Edges produced.</summary>
    public long ToggleCount { get; private set; }

    /// <summary>Toggles skipped because the health check said no.</summary>
    public long SkippedCount { get; private set; }

    public DateTimeOffset? LastToggleAt { get; private set; }

    public void Start()
    {
        lock (_gate)
        {
            if (_timer is not null)
            {
                return;
            }

            if (!_opened)
            {
                _gpio.OpenPin(_line.Line, PinMode.Output, _line.InactiveValue);
                _opened = true;
                _level = false;
            }

            _timer = _time.CreateTimer(_ => Toggle(), null, TogglePeriod, TogglePeriod);
        }
    }

    /// <summary>Stops toggling; the watchdog trips after its timeout.</summary>
    public void Stop()
    {
        lock (_gate)
        {
            _timer?.Dispose();
            _timer = null;
        }
    }

    public void Dispose() => Stop();

    /// <summary>
    /// One heartbeat edge now, for a control loop that toggles the line itself once per healthy tick (so the watchdog
    /// cuts when that loop stops or keeps failing). Not to be mixed with <see cref="Start"/>'s own timer.
    /// </summary>
    /// <exception cref="InvalidOperationException">The heartbeat's own timer is running.</exception>
    public void Beat()
    {
        lock (_gate)
        {
            if (_timer is not null)
            {
                throw new InvalidOperationException($"Heartbeat line {_line.Name} is toggled by its own timer; Beat() is for a loop that drives it instead.");
            }

            if (!_opened)
            {
                _gpio.OpenPin(_line.Line, PinMode.Output, _line.InactiveValue);
                _opened = true;
                _level = false;
            }

            _level = !_level;
            WriteLevel();
            ToggleCount++;
            LastToggleAt = _time.GetUtcNow();
        }
    }

    private void Toggle()
    {
        lock (_gate)
        {
            if (_timer is null)
            {
                return;
            }

            if (_isHealthy is not null && !_isHealthy())
            {
                SkippedCount++;
                return;
            }

            _level = !_level;
            WriteLevel();
            ToggleCount++;
            LastToggleAt = _time.GetUtcNow();
        }
    }

    /// <summary>
    /// Drives the line to <see cref="_level"/> through the span overload of <see cref="GpioController.Write(ReadOnlySpan{PinValuePair})"/>:
    /// the single-pin overload allocates 40 B per call in System.Device.Gpio, and this runs every control tick.
    /// </summary>
    private void WriteLevel()
    {
        Span<PinValuePair> pair = [new PinValuePair(_line.Line, _level ? PinValue.High : PinValue.Low)];
        _gpio.Write(pair);
    }
}

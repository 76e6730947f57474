using System.Device.Gpio;
using Station.Devices.Board;
using Station.Devices.Buses;
using Station.Devices.Interlocks;

namespace Station.Devices.UplinkLaser;

/// <summary>
/// The 671 nm uplink beacon: laser_enable and shutter_open outputs, the aircraft detector's aircraft_ok input, and
/// the station <see cref="Interlocks.Interlocks"/> (e-stop, key, watchdog). It refuses to switch on while any of
/// them reads not OK, and while on it switches off at once when one goes not OK:
/// <list type="bullet">
/// <item>aircraft_ok and estop_ok (header GPIO): edge events, so the outputs drop within the GPIO event latency
/// (libgpiod, well under 1 ms on the Pi; immediate in the emulator);</item>
/// <item>key_ok and watchdog_ok (I2C expander, no interrupt line): polled every <see cref="PollPeriod"/> (default
/// 5 ms), so the outputs drop within one poll period plus one I2C read (about 0.5 ms at 100 kHz). Both also act in
/// hardware: the key's power pole and the watchdog's cut stop emission without software.</item>
/// </list>
/// A trip leaves the laser <see cref="UplinkLaserState.Tripped"/>: it does not come back by itself when the input
/// recovers. Outputs start inactive and return inactive on dispose.
/// </summary>
public sealed class UplinkLaser : IDisposable
{
    public static readonly TimeSpan DefaultPollPeriod = TimeSpan.FromMilliseconds(5);

    private readonly GpioController _gpio;
    private readonly GpioLineAssignment _enable;
    private readonly GpioLineAssignment _shutter;
    private readonly GpioLineAssignment _aircraftOk;
    private readonly Interlocks.Interlocks _interlocks;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private ITimer? _poll;
    private bool _disposed;

    public UplinkLaser(GpioController gpio, GpioLineAssignment laserEnable, GpioLineAssignment shutterOpen, GpioLineAssignment aircraftOk,
        Interlocks.Interlocks interlocks, TimeProvider timeProvider, TimeSpan? pollPeriod = null, string deviceName = DeviceId.UplinkLaser)
    {
        _gpio = gpio ?? throw new ArgumentNullException(nameof(gpio));
        _enable = Require(laserEnable, GpioDirection.Output, nameof(laserEnable));
        _shutter = Require(shutterOpen, GpioDirection.Output, nameof(shutterOpen));
        _aircraftOk = Require(aircraftOk, GpioDirection.Input, nameof(aircraftOk));
        _interlocks = interlocks ?? throw new ArgumentNullException(nameof(interlocks));
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        PollPeriod = pollPeriod ?? DefaultPollPeriod;
        if (PollPeriod < TimeSpan.FromMilliseconds(1) || PollPeriod > TimeSpan.FromMilliseconds(50))
        {
            throw new ArgumentOutOfRangeException(nameof(pollPeriod), pollPeriod, "The interlock poll period must be 1-50 ms.");
        }

        DeviceName = deviceName;
        _gpio.OpenPin(_enable.Line, PinMode.Output, _enable.InactiveValue);
        _gpio.OpenPin(_shutter.Line, PinMode.Output, _shutter.InactiveValue);
        _gpio.OpenPin(_aircraftOk.Line, _aircraftOk.PinMode);
        _gpio.RegisterCallbackForPinValueChangedEvent(_aircraftOk.Line, PinEventTypes.Rising | PinEventTypes.Falling, OnAircraftEdge);
        _interlocks.FastInputChanged += OnEstopEdge;
    }

    /// <summary>The laser as the pin map wires it.</summary>
    public static UplinkLaser Open(IBusProvider buses, PinMap pinMap, Interlocks.Interlocks interlocks, TimeProvider timeProvider, TimeSpan? pollPeriod = null)
    {
        ArgumentNullException.ThrowIfNull(buses);
        ArgumentNullException.ThrowIfNull(pinMap);
        return new UplinkLaser(
            buses.Gpio,
            pinMap.GetGpioLine(DeviceId.UplinkLaser, "laser_enable"),
            pinMap.GetGpioLine(DeviceId.UplinkLaser, "shutter_open"),
            pinMap.GetGpioLine(DeviceId.UplinkLaser, "aircraft_ok"),
            interlocks,
            timeProvider,
            pollPeriod);
    }

    public string DeviceName { get; }

    public TimeSpan PollPeriod { get; }

    public UplinkLaserState State { get; private set; } = UplinkLaserState.Off;

    public bool IsOn => State == UplinkLaserState.On;

    /// <summary>What switched the laser off last, and when.</summary>
    public (InterlockFaults Faults, DateTimeOffset Time)? LastTrip { get; private set; }

    /// <summary>Raised after an interlock switched the laser off (outputs already inactive).</summary>
    public event EventHandler<UplinkLaserTrippedEventArgs>? Tripped;

    /// <summary>Whether the aircraft detector reports "clear" now (one GPIO read).</summary>
    public bool ReadAircraftOk() => _aircraftOk.IsActive(_gpio.Read(_aircraftOk.Line));

    /// <summary>Everything that forbids the laser now (reads the GPIO inputs and the expander).</summary>
    public InterlockFaults CheckInterlocks() =>
        _interlocks.Read().Faults | (ReadAircraftOk() ? InterlockFaults.None : InterlockFaults.AircraftAlarm);

    /// <summary>Switches the laser and its shutter on if every interlock is OK; otherwise says why not (and stays off).</summary>
    public LaserSwitchResult TrySwitchOn()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var faults = CheckInterlocks();
            if (faults != InterlockFaults.None)
            {
                DriveOff();
                if (State == UplinkLaserState.On)
                {
                    State = UplinkLaserState.Off;
                }

                return new LaserSwitchResult(false, faults, $"{DeviceName}: refused to switch on: {InterlockFaultText.Describe(faults)}.");
            }

            _gpio.Write(_enable.Line, _enable.ActiveValue);
            _gpio.Write(_shutter.Line, _shutter.ActiveValue);
            State = UplinkLaserState.On;
            _poll ??= _time.CreateTimer(_ => Poll(), null, PollPeriod, PollPeriod);
            return new LaserSwitchResult(true, InterlockFaults.None, "");
        }
    }

    /// <summary>Like <see cref="TrySwitchOn"/>, but a refusal throws <see cref="UplinkLaserInterlockException"/>.</summary>
    public void SwitchOn()
    {
        var result = TrySwitchOn();
        if (!result.Accepted)
        {
            throw new UplinkLaserInterlockException(DeviceName, result.Refusal);
        }
    }

    public void SwitchOff()
    {
        lock (_gate)
        {
            DriveOff();
            State = UplinkLaserState.Off;
            StopPolling();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            DriveOff();
            StopPolling();
            State = UplinkLaserState.Off;
            _interlocks.FastInputChanged -= OnEstopEdge;
            _gpio.UnregisterCallbackForPinValueChangedEvent(_aircraftOk.Line, OnAircraftEdge);
            _gpio.ClosePin(_aircraftOk.Line);
            _disposed = true;
        }
    }

    private void Poll()
    {
        InterlockFaults faults;
        lock (_gate)
        {
            if (State != UplinkLaserState.On)
            {
                return;
            }

            faults = CheckInterlocks();
        }

        if (faults != InterlockFaults.None)
        {
            Trip(faults);
        }
    }

    private void OnAircraftEdge(object sender, PinValueChangedEventArgs args)
    {
        bool ok = _aircraftOk.IsActive(args.ChangeType == PinEventTypes.Rising ? PinValue.High : PinValue.Low);
        if (!ok)
        {
            Trip(InterlockFaults.AircraftAlarm);
        }
    }

    private void OnEstopEdge(bool estopOk)
    {
        if (!estopOk)
        {
            Trip(InterlockFaults.EstopPressed);
        }
    }

    private void Trip(InterlockFaults faults)
    {
        UplinkLaserTrippedEventArgs args;
        lock (_gate)
        {
            if (State != UplinkLaserState.On)
            {
                return;
            }

            DriveOff();
            State = UplinkLaserState.Tripped;
            StopPolling();
            var now = _time.GetUtcNow();
            LastTrip = (faults, now);
            args = new UplinkLaserTrippedEventArgs(faults, now);
        }

        Tripped?.Invoke(this, args);
    }

    /// <summary>Enable first (emission stops), then the shutter.</summary>
    private void DriveOff()
    {
        _gpio.Write(_enable.Line, _enable.InactiveValue);
        _gpio.Write(_shutter.Line, _shutter.InactiveValue);
    }

    private void StopPolling()
    {
        _poll?.Dispose();
        _poll = null;
    }

    private static GpioLineAssignment Require(GpioLineAssignment line, GpioDirection direction, string name)
    {
        ArgumentNullException.ThrowIfNull(line, name);
        return line.Direction == direction
            ? line
            : throw new ArgumentException($"Uplink laser line {line.Name} (BCM {line.Line}) must be an {direction.ToString().ToLowerInvariant()}.", name);
    }
}

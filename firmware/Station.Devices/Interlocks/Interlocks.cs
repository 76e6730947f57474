using System.Device.Gpio;
using System.Device.I2c;
using Iot.Device.Mcp23xxx;
using Station.Devices.Board;
using Station.Devices.Buses;

namespace Station.Devices.Interlocks;

/// <summary>
/// The station's interlock inputs: the e-stop chain and the dome sensor on header GPIO lines, and the slow status
/// inputs (laser key, watchdog relay, spares) on the MCP23017 expander at I2C1 0x20, read with the unmodified
/// <c>Iot.Device.Mcp23xxx.Mcp23017</c> binding. <see cref="Read"/> returns one <see cref="InterlockSnapshot"/>;
/// every input is interpreted through its pin-map active level, so "OK" is the fail-closed asserted state. The
/// expander is configured (and created) lazily and re-configured after a failed read, so an expander that does not
/// answer yields "key off, watchdog tripped, expander unreadable" instead of an exception: fail closed. E-stop
/// edges are also reported at once through <see cref="FastInputChanged"/> (a GPIO event, no polling). Axis limit
/// switches are not here: they go to the TMC5160 REFL/REFR inputs (read them with <c>Tmc5160.ReadRampStatus</c>).
/// </summary>
public sealed class Interlocks : IDisposable
{
    private readonly GpioController _gpio;
    private readonly GpioLineAssignment _estopOk;
    private readonly GpioLineAssignment _domeOpen;
    private readonly I2cDevice _i2c;
    private readonly ExpanderAssignment _expander;
    private readonly ExpanderPinAssignment _keyOk;
    private readonly ExpanderPinAssignment _watchdogOk;
    private readonly TimeProvider _time;
    private readonly bool _shouldDispose;
    private readonly Lock _gate = new();
    private Mcp23017? _mcp;
    private GpioController? _expanderPins;
    private bool _disposed;

    /// <param name="gpio">The header's controller (the bus provider's; not disposed here).</param>
    /// <param name="estopOk">The e-stop chain input.</param>
    /// <param name="domeOpen">The dome sensor input.</param>
    /// <param name="expanderDevice">The MCP23017 on I2C.</param>
    /// <param name="expander">The expander's pins from the pin map (must include key_ok and watchdog_ok).</param>
    /// <param name="timeProvider">Stamps snapshots.</param>
    /// <param name="deviceName">The pin-map id for messages.</param>
    /// <param name="i2cRetries">Repeats of a failed expander read before reporting it unreadable.</param>
    /// <param name="shouldDispose">Whether disposing this binding disposes <paramref name="expanderDevice"/>.</param>
    public Interlocks(GpioController gpio, GpioLineAssignment estopOk, GpioLineAssignment domeOpen, I2cDevice expanderDevice,
        ExpanderAssignment expander, TimeProvider timeProvider, string deviceName = DeviceId.Interlocks, int i2cRetries = 2, bool shouldDispose = true)
    {
        _gpio = gpio ?? throw new ArgumentNullException(nameof(gpio));
        _estopOk = RequireInput(estopOk, nameof(estopOk));
        _domeOpen = RequireInput(domeOpen, nameof(domeOpen));
        _i2c = expanderDevice ?? throw new ArgumentNullException(nameof(expanderDevice));
        _expander = expander ?? throw new ArgumentNullException(nameof(expander));
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        ArgumentOutOfRangeException.ThrowIfNegative(i2cRetries);
        _keyOk = RequireExpanderInput(expander, "key_ok");
        _watchdogOk = RequireExpanderInput(expander, "watchdog_ok");
        DeviceName = deviceName;
        I2cRetries = i2cRetries;
        _shouldDispose = shouldDispose;
        _gpio.OpenPin(_estopOk.Line, _estopOk.PinMode);
        _gpio.OpenPin(_domeOpen.Line, _domeOpen.PinMode);
        _gpio.RegisterCallbackForPinValueChangedEvent(_estopOk.Line, PinEventTypes.Rising | PinEventTypes.Falling, OnEstopEdge);
    }

    /// <summary>The interlocks as the pin map wires them.</summary>
    public static Interlocks Open(IBusProvider buses, PinMap pinMap, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(buses);
        ArgumentNullException.ThrowIfNull(pinMap);
        return new Interlocks(
            buses.Gpio,
            pinMap.GetGpioLine(DeviceId.Interlocks, "estop_ok"),
            pinMap.GetGpioLine(DeviceId.Interlocks, "dome_open"),
            buses.OpenI2c(pinMap.GetI2cConnectionSettings(DeviceId.Interlocks)),
            pinMap.GetExpander(DeviceId.Interlocks),
            timeProvider);
    }

    public string DeviceName { get; }

    public int I2cRetries { get; }

    /// <summary>The e-stop line (BCM), for drivers that watch it too.</summary>
    public GpioLineAssignment EstopLine => _estopOk;

    /// <summary>Expander reads that failed (each attempt counts).</summary>
    public long ExpanderFailures { get; private set; }

    /// <summary>Expander reads that succeeded.</summary>
    public long ExpanderReads { get; private set; }

    /// <summary>Raised on every e-stop edge, from the GPIO event (argument: the e-stop chain is OK now).</summary>
    public event Action<bool>? FastInputChanged;

    /// <summary>Whether the e-stop chain is OK now (one GPIO read, no I2C).</summary>
    public bool ReadEstopOk() => _estopOk.IsActive(_gpio.Read(_estopOk.Line));

    /// <summary>Every interlock input now. Never throws for an expander fault: it reports it, fail closed.</summary>
    public InterlockSnapshot Read()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        bool estopOk = ReadEstopOk();
        bool domeOpen = _domeOpen.IsActive(_gpio.Read(_domeOpen.Line));
        string? error = null;
        for (int attempt = 0; attempt <= I2cRetries; attempt++)
        {
            try
            {
                ushort pins = ReadExpanderPins();
                ExpanderReads++;
                return new InterlockSnapshot(_time.GetUtcNow(), estopOk, domeOpen,
                    _keyOk.IsActive(Bit(pins, _keyOk)), _watchdogOk.IsActive(Bit(pins, _watchdogOk)), true, pins, null);
            }
            catch (IOException exception)
            {
                ExpanderFailures++;
                error = $"{DeviceName}: {_expander.Part} at I2C{_i2c.ConnectionSettings.BusId} 0x{_i2c.ConnectionSettings.DeviceAddress:X2}: {exception.Message}";
                ForgetExpander(); // configure afresh next time: it may have been power-cycled
            }
        }

        return new InterlockSnapshot(_time.GetUtcNow(), estopOk, domeOpen, false, false, false, 0, error);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _gpio.UnregisterCallbackForPinValueChangedEvent(_estopOk.Line, OnEstopEdge);
            _gpio.ClosePin(_estopOk.Line);
            _gpio.ClosePin(_domeOpen.Line);
            ForgetExpander();
            if (_shouldDispose)
            {
                _i2c.Dispose();
            }
        }
    }

    private ushort ReadExpanderPins()
    {
        lock (_gate)
        {
            if (_mcp is null)
            {
                ConfigureExpander();
            }

            return _mcp!.ReadUInt16(Register.GPIO);
        }
    }

    /// <summary>
    /// Creates the binding (which writes the power-on state: all inputs, IPOL 0) and sets every pin's mode through
    /// the binding's GPIO driver: listed inputs as the map says, listed outputs at their inactive level, and every
    /// unlisted pin as an input with pull-up so none floats.
    /// </summary>
    private void ConfigureExpander()
    {
        var mcp = new Mcp23017(_i2c, shouldDispose: false);
        var pins = new GpioController(mcp);
        try
        {
            for (int pin = 0; pin < 16; pin++)
            {
                var assignment = _expander.Pins.FirstOrDefault(candidate => candidate.PinNumber == pin);
                if (assignment is { Direction: GpioDirection.Output })
                {
                    pins.OpenPin(pin, PinMode.Output);
                    pins.Write(pin, assignment.ActiveHigh ? PinValue.Low : PinValue.High);
                }
                else
                {
                    pins.OpenPin(pin, assignment is { Pull: GpioPull.None } ? PinMode.Input : PinMode.InputPullUp);
                }
            }
        }
        catch
        {
            pins.Dispose();
            throw;
        }

        _mcp = mcp;
        _expanderPins = pins;
    }

    private void ForgetExpander()
    {
        lock (_gate)
        {
            // The controller disposes its driver (the Mcp23017), which leaves the I2C device to us.
            _expanderPins?.Dispose();
            _expanderPins = null;
            _mcp = null;
        }
    }

    private void OnEstopEdge(object sender, PinValueChangedEventArgs args) =>
        FastInputChanged?.Invoke(_estopOk.IsActive(args.ChangeType == PinEventTypes.Rising ? PinValue.High : PinValue.Low));

    private static bool Bit(ushort pins, ExpanderPinAssignment pin) => (pins & (1 << pin.PinNumber!.Value)) != 0;

    private static GpioLineAssignment RequireInput(GpioLineAssignment line, string name)
    {
        ArgumentNullException.ThrowIfNull(line, name);
        return line.Direction == GpioDirection.Input
            ? line
            : throw new ArgumentException($"Interlock line {line.Name} (BCM {line.Line}) must be an input.", name);
    }

    private static ExpanderPinAssignment RequireExpanderInput(ExpanderAssignment expander, string name)
    {
        var pin = expander.FindPin(name)
            ?? throw new ArgumentException($"The interlock expander has no pin '{name}' (it has: {string.Join(", ", expander.Pins.Select(p => p.Name))}).", nameof(expander));
        return pin is { Direction: GpioDirection.Input, PinNumber: not null }
            ? pin
            : throw new ArgumentException($"Expander pin {name} ({pin.Pin}) must be a valid input pin.", nameof(expander));
    }
}

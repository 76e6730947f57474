using Station.Emulator.Buses;
using Station.Emulator.Faults;

namespace Station.Emulator.Devices;

/// <summary>
/// An emulated Microchip MCP23017 16-bit I2C GPIO expander at register level, so that the unmodified
/// <c>Iot.Device.Mcp23xxx.Mcp23017</c> binding drives it: a write transaction sets the register pointer (first
/// byte) and writes the following bytes; a read transaction reads from the pointer; the pointer then advances as
/// IOCON.BANK/SEQOP say (BANK = 0, sequential: through 0x00–0x15 and round). IODIR (reset 0xFF: all inputs),
/// IPOL (inverts input pins in GPIO), GPPU (100 kΩ pull-ups), GPIO (reads the pins; writes go to OLAT) and OLAT
/// behave as in the datasheet; GPINTEN/DEFVAL/INTCON are stored, INTF/INTCAP read 0 because the station leaves
/// INTA/INTB unconnected. An input that nobody drives reads its pull-up, or low without one (a real one floats).
/// Fault: <c>no_response</c> on the owning device makes every transaction fail as an address NAK.
/// </summary>
public sealed class EmulatedMcp23017 : IEmulatedI2cPeripheral
{
    private const int Iodir = 0, Ipol = 1, Iocon = 5, Gppu = 6, Intf = 7, Intcap = 8, Gpio = 9, Olat = 10;
    private readonly byte[,] _registers = new byte[11, 2];
    private readonly bool?[] _drive = new bool?[16];
    private readonly FaultInjector _faults;
    private readonly Lock _gate = new();
    private int _pointer;

    /// <param name="faults">The fault schedule.</param>
    /// <param name="deviceId">The pin-map device that owns the expander (faults are aimed at it).</param>
    /// <param name="address">The 7-bit address, for messages.</param>
    public EmulatedMcp23017(FaultInjector faults, string deviceId, int address = 0x20)
    {
        _faults = faults ?? throw new ArgumentNullException(nameof(faults));
        DeviceId = deviceId;
        Address = address;
        _registers[Iodir, 0] = 0xFF;
        _registers[Iodir, 1] = 0xFF;
    }

    public string PartName => "MCP23017";

    public string DeviceId { get; }

    public int Address { get; }

    /// <summary>I2C transactions answered.</summary>
    public long TransactionCount { get; private set; }

    /// <summary>IODIR as a 16-bit value (bit n = pin n; 1 = input).</summary>
    public ushort Directions => Word(Iodir);

    /// <summary>GPPU as a 16-bit value (1 = pull-up on).</summary>
    public ushort PullUps => Word(Gppu);

    /// <summary>IPOL as a 16-bit value (1 = input read inverted).</summary>
    public ushort InputPolarity => Word(Ipol);

    /// <summary>Drives pin 0–15 (GPA0 = 0 … GPB7 = 15) from the outside world; null releases it.</summary>
    public void DriveInput(int pin, bool? high)
    {
        ValidatePin(pin);
        lock (_gate)
        {
            _drive[pin] = high;
        }
    }

    /// <summary>The electrical level of a pin: the output latch for outputs; drive, pull-up or low for inputs.</summary>
    public bool LevelOf(int pin)
    {
        ValidatePin(pin);
        lock (_gate)
        {
            return Level(pin);
        }
    }

    public void Write(ReadOnlySpan<byte> data)
    {
        lock (_gate)
        {
            Acknowledge();
            if (data.Length == 0)
            {
                return;
            }

            _pointer = data[0];
            foreach (byte value in data[1..])
            {
                WriteAt(_pointer, value);
                _pointer = NextPointer(_pointer);
            }
        }
    }

    public void Read(Span<byte> data)
    {
        lock (_gate)
        {
            Acknowledge();
            for (int i = 0; i < data.Length; i++)
            {
                data[i] = ReadAt(_pointer);
                _pointer = NextPointer(_pointer);
            }
        }
    }

    private void Acknowledge()
    {
        if (_faults.IsActive(FaultKind.NoResponse, DeviceId))
        {
            // What i2c-dev reports when no device acknowledges its address (EREMOTEIO).
            throw new IOException($"I2C address 0x{Address:X2} ({PartName} of {DeviceId}) did not acknowledge (no_response fault).");
        }

        TransactionCount++;
    }

    private bool Bank1 => (_registers[Iocon, 0] & 0x80) != 0;

    private bool ByteMode => (_registers[Iocon, 0] & 0x20) != 0;

    /// <summary>(register, port) for an address, or register −1 when the address is unused.</summary>
    private (int Register, int Port) Map(int address) => Bank1
        ? address switch
        {
            <= 0x0A => (address, 0),
            >= 0x10 and <= 0x1A => (address - 0x10, 1),
            _ => (-1, 0),
        }
        : address <= 0x15 ? (address >> 1, address & 1) : (-1, 0);

    private int NextPointer(int pointer)
    {
        if (Bank1)
        {
            return ByteMode ? pointer : pointer switch
            {
                0x0A => 0x10,
                >= 0x1A => 0x00,
                _ => pointer + 1,
            };
        }

        return ByteMode ? pointer ^ 1 : (pointer + 1) % 0x16;
    }

    private void WriteAt(int address, byte value)
    {
        var (register, port) = Map(address);
        switch (register)
        {
            case < 0 or Intf or Intcap:
                return; // unused or read-only
            case Iocon:
                _registers[Iocon, 0] = value; // one register seen at both addresses
                _registers[Iocon, 1] = value;
                return;
            case Gpio:
                _registers[Olat, port] = value; // writing GPIO writes the output latch
                return;
            default:
                _registers[register, port] = value;
                return;
        }
    }

    private byte ReadAt(int address)
    {
        var (register, port) = Map(address);
        return register switch
        {
            < 0 or Intf or Intcap => 0,
            Gpio => PortPins(port),
            _ => _registers[register, port],
        };
    }

    private byte PortPins(int port)
    {
        int value = 0;
        for (int bit = 0; bit < 8; bit++)
        {
            int pin = (port * 8) + bit;
            bool input = (_registers[Iodir, port] & (1 << bit)) != 0;
            bool level = Level(pin);
            if (input && (_registers[Ipol, port] & (1 << bit)) != 0)
            {
                level = !level;
            }

            value |= level ? 1 << bit : 0;
        }

        return (byte)value;
    }

    private bool Level(int pin)
    {
        int port = pin >> 3, bit = pin & 7;
        if ((_registers[Iodir, port] & (1 << bit)) == 0)
        {
            return (_registers[Olat, port] & (1 << bit)) != 0;
        }

        return _drive[pin] ?? (_registers[Gppu, port] & (1 << bit)) != 0;
    }

    private ushort Word(int register)
    {
        lock (_gate)
        {
            return (ushort)(_registers[register, 0] | (_registers[register, 1] << 8));
        }
    }

    private static void ValidatePin(int pin)
    {
        if ((uint)pin > 15)
        {
            throw new ArgumentOutOfRangeException(nameof(pin), pin, "MCP23017 pins are 0-15 (GPA0-GPA7, GPB0-GPB7).");
        }
    }
}

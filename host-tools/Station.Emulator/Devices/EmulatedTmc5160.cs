using System.Buffers.Binary;
using System.Device.Spi;
using Station.Emulator.Buses;

namespace Station.Emulator.Devices;

/// <summary>
/// An emulated TMC5160 on SPI: decodes the 40-bit datagrams, keeps the register file, and answers each
/// datagram with the status byte and the data the <em>previous</em> datagram asked for (for a read, the
/// register as it was when the read arrived; after a write, the data written), as the real chip does.
/// The ramp generator runs in simulated time: every access, and every world step, first brings it up to
/// the provider's present. The driver stage moves the motor only while enabled (CHOPCONF.TOFF ≠ 0, no
/// driver error), so a misconfigured driver leaves XACTUAL counting while the rotor stands still.
/// </summary>
public sealed class EmulatedTmc5160 : IEmulatedSpiPeripheral
{
    private const byte Version = 0x30;
    private const uint ChopConfReset = 0x10410150; // datasheet reset value: TOFF = 0, driver off
    private readonly TimeProvider _time;
    private readonly double _clockHz;
    private readonly Dictionary<byte, uint> _registers = [];
    private readonly Lock _gate = new();
    private long _lastTimestamp;
    private uint _pendingReply;
    private uint _gstat = 0x1; // reset flag set at power-up
    private uint _rampEvents;
    private bool _wasAtPosition = true;
    private double _lastPositionForRotor;

    public EmulatedTmc5160(TimeProvider timeProvider, double clockHz = 12e6)
    {
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _clockHz = clockHz;
        _lastTimestamp = _time.GetTimestamp();
        _registers[0x6C] = ChopConfReset;
    }

    public string PartName => "TMC5160";

    public SpiMode Mode => SpiMode.Mode3;

    public int MaxClockHz => 4_000_000;

    /// <summary>The ramp generator (motion of XACTUAL).</summary>
    public Tmc5160RampGenerator Ramp { get; } = new();

    /// <summary>Rotor position in full steps (follows XACTUAL while the driver is enabled).</summary>
    public double RotorFullSteps { get; private set; }

    /// <summary>When the last positioning move came to rest on its target (null before any).</summary>
    public DateTimeOffset? PositionReachedAt { get; private set; }

    /// <summary>When the most recent XTARGET write arrived.</summary>
    public DateTimeOffset? TargetWrittenAt { get; private set; }

    /// <summary>Number of datagrams received.</summary>
    public long DatagramCount { get; private set; }

    /// <summary>Whether the driver stage energises the motor (TOFF ≠ 0 and no driver error).</summary>
    public bool DriverEnabled => (Register(0x6C) & 0xF) != 0 && (_gstat & 0x2) == 0;

    /// <summary>Microsteps per full step from CHOPCONF.MRES.</summary>
    public int MicrostepsPerFullStep => 256 >> (int)Math.Min(8, (Register(0x6C) >> 24) & 0xF);

    /// <summary>Left reference switch input (REFL), driven by the emulated world.</summary>
    public bool ReferenceLeftActive { get; set; }

    /// <summary>Right reference switch input (REFR), driven by the emulated world.</summary>
    public bool ReferenceRightActive { get; set; }

    /// <summary>Fault injection: the driver shuts down as on overtemperature (GSTAT.drv_err, DRV_STATUS.ot).</summary>
    public void InjectDriverError()
    {
        lock (_gate)
        {
            Synchronize();
            _gstat |= 0x2;
            Ramp.HardStop();
        }
    }

    /// <summary>Brings the ramp generator and rotor up to the present simulated time.</summary>
    public void Synchronize()
    {
        lock (_gate)
        {
            long now = _time.GetTimestamp();
            double seconds = (now - _lastTimestamp) / (double)_time.TimestampFrequency;
            _lastTimestamp = now;
            if (seconds <= 0)
            {
                return;
            }

            Ramp.Profile = ReadProfile();
            ApplyReferenceSwitches();
            double? arrival = Ramp.Advance(seconds);
            double moved = Ramp.Position - _lastPositionForRotor;
            _lastPositionForRotor = Ramp.Position;
            if (DriverEnabled)
            {
                RotorFullSteps += moved / MicrostepsPerFullStep;
            }

            bool atPosition = Ramp.PositionReached;
            if (atPosition && !_wasAtPosition)
            {
                _rampEvents |= 1u << 7; // event_pos_reached
                // Exact arrival inside the interval, not the (coarser) moment of this synchronisation.
                PositionReachedAt = _time.GetUtcNow() - TimeSpan.FromSeconds(seconds - (arrival ?? seconds));
            }

            _wasAtPosition = atPosition;
        }
    }

    public void Transfer(ReadOnlySpan<byte> mosi, Span<byte> miso)
    {
        lock (_gate)
        {
            Synchronize();
            DatagramCount++;
            if (mosi.Length != 5)
            {
                // A real TMC5160 shifts garbage for a wrong-length frame; reply with the bus idle level.
                miso.Fill(0xFF);
                return;
            }

            miso[0] = StatusByte();
            BinaryPrimitives.WriteUInt32BigEndian(miso[1..], _pendingReply);
            byte address = (byte)(mosi[0] & 0x7F);
            uint data = BinaryPrimitives.ReadUInt32BigEndian(mosi[1..]);
            if ((mosi[0] & 0x80) != 0)
            {
                WriteRegister(address, data);
                _pendingReply = data;
            }
            else
            {
                _pendingReply = ReadRegister(address);
            }
        }
    }

    private void WriteRegister(byte address, uint data)
    {
        switch (address)
        {
            case 0x01: // GSTAT: write 1 to clear; drv_err stays while the cause persists (not modelled: cleared)
                _gstat &= ~(data & 0x7);
                break;
            case 0x20:
                Ramp.SetMode((int)(data & 0x3));
                _registers[address] = data & 0x3;
                break;
            case 0x21:
                Ramp.SetPosition(unchecked((int)data));
                _lastPositionForRotor = Ramp.Position;
                break;
            case 0x2D:
                Ramp.Profile = ReadProfile();
                Ramp.SetTarget(unchecked((int)data));
                _registers[address] = data;
                TargetWrittenAt = _time.GetUtcNow();
                _wasAtPosition = Ramp.PositionReached;
                break;
            case 0x35: // RAMP_STAT: event bits write-1-to-clear
                _rampEvents &= ~data;
                break;
            default:
                _registers[address] = data;
                break;
        }
    }

    private uint ReadRegister(byte address) => address switch
    {
        0x01 => _gstat,
        0x04 => (uint)Version << 24,
        0x20 => (uint)Ramp.Mode,
        0x21 => unchecked((uint)(int)Math.Round(Ramp.Position)),
        0x22 => unchecked((uint)(int)Math.Round(Ramp.Velocity * (1 << 24) / _clockHz)) & 0xFFFFFF,
        0x2D => unchecked((uint)(int)Ramp.Target),
        0x35 => RampStat(),
        0x6F => DriverStatus(),
        _ => Register(address),
    };

    private uint RampStat()
    {
        uint value = _rampEvents;
        if (ReferenceLeftActive)
        {
            value |= 1u << 0;
        }

        if (ReferenceRightActive)
        {
            value |= 1u << 1;
        }

        if (Ramp.VelocityReached)
        {
            value |= 1u << 8;
        }

        if (Ramp.PositionReached)
        {
            value |= 1u << 9;
        }

        if (Ramp.Velocity == 0)
        {
            value |= 1u << 10;
        }

        return value;
    }

    private uint DriverStatus()
    {
        uint value = 0;
        uint iHoldIRun = Register(0x10);
        bool standstill = Ramp.Velocity == 0;
        uint current = standstill ? iHoldIRun & 0x1F : (iHoldIRun >> 8) & 0x1F;
        value |= current << 16;
        if ((_gstat & 0x2) != 0)
        {
            value |= 1u << 25; // ot: the injected driver error presents as overtemperature
        }

        if (standstill)
        {
            value |= 1u << 31;
        }

        return value;
    }

    private byte StatusByte()
    {
        uint rampStat = RampStat();
        uint drv = DriverStatus();
        int status = (int)(_gstat & 0x3)
            | (int)(((drv >> 24) & 1) << 2)
            | (int)(((drv >> 31) & 1) << 3)
            | (int)(((rampStat >> 8) & 1) << 4)
            | (int)(((rampStat >> 9) & 1) << 5)
            | (int)((rampStat & 0x3) << 6);
        return (byte)status;
    }

    private void ApplyReferenceSwitches()
    {
        uint swMode = Register(0x34);
        bool stopLeft = (swMode & 0x1) != 0 && ReferenceLeftActive && Ramp.Velocity < 0;
        bool stopRight = (swMode & 0x2) != 0 && ReferenceRightActive && Ramp.Velocity > 0;
        if (stopLeft || stopRight)
        {
            Ramp.HardStop();
            _rampEvents |= stopLeft ? 1u << 4 : 1u << 5;
        }
    }

    private RampProfile ReadProfile()
    {
        double v = _clockHz / (1 << 24);
        double a = _clockHz * _clockHz / Math.Pow(2, 41);
        return new RampProfile(
            VStart: (Register(0x23) & 0x3FFFF) * v,
            A1: (Register(0x24) & 0xFFFF) * a,
            V1: (Register(0x25) & 0xFFFFF) * v,
            AMax: (Register(0x26) & 0xFFFF) * a,
            VMax: (Register(0x27) & 0x7FFFFF) * v,
            DMax: (Register(0x28) & 0xFFFF) * a,
            D1: (Register(0x2A) & 0xFFFF) * a,
            VStop: (Register(0x2B) & 0x3FFFF) * v);
    }

    private uint Register(byte address) => _registers.TryGetValue(address, out uint value) ? value : 0;
}

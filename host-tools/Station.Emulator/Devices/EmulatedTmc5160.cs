using System.Buffers.Binary;
using System.Device.Spi;
using Station.Emulator.Buses;
using Station.Emulator.Faults;

namespace Station.Emulator.Devices;

/// <summary>
/// An emulated TMC5160 on SPI: decodes the 40-bit datagrams, keeps the register file, and answers each
/// datagram with the status byte and the data the <em>previous</em> datagram asked for (for a read, the
/// register as it was when the read arrived; after a write, the data written), as the real chip does.
/// The ramp generator runs in simulated time: every access, and every world step, first brings it up to
/// the provider's present (EmulatedTmc5160.Motion.cs: reference switches, XLATCH, StallGuard2, rotor).
/// The driver stage moves the motor only while enabled (CHOPCONF.TOFF ≠ 0, no driver error, charge pump
/// fine), so a misconfigured or faulted driver leaves XACTUAL counting while the rotor stands still.
/// Faults (after <see cref="AttachFaults"/>): <c>no_response</c> — MISO reads all ones and the chip hears
/// nothing; <c>spi_crc</c> — replies arrive with flipped bits (the chip has no CRC, so the binding sees
/// garbage); <c>motor_stall</c> — the load exceeds the motor's pull-out torque.
/// </summary>
public sealed partial class EmulatedTmc5160 : IEmulatedSpiPeripheral
{
    private const byte Version = 0x30;
    private const uint ChopConfReset = 0x10410150; // datasheet reset value: TOFF = 0, driver off
    private const uint RampStatWriteToClear = (1u << 2) | (1u << 3) | (1u << 6) | (1u << 7) | (1u << 12);
    private readonly TimeProvider _time;
    private readonly double _clockHz;
    private readonly uint[] _registers = new uint[128]; // by 7-bit address; an array, not a map: read three times per 50 µs ramp step
    private readonly Lock _gate = new();
    private readonly Random _random;
    private FaultInjector? _faults;
    private uint _pendingReply;

    /// <param name="timeProvider">The simulation clock.</param>
    /// <param name="clockHz">The chip clock (12 MHz internal).</param>
    /// <param name="seed">Seed for the garbling of replies under <c>spi_crc</c>.</param>
    public EmulatedTmc5160(TimeProvider timeProvider, double clockHz = 12e6, int seed = 5160)
    {
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clockHz);
        _clockHz = clockHz;
        _random = new Random(seed);
        _lastTimestamp = _time.GetTimestamp();
        _registers[0x6C] = ChopConfReset;
    }

    public string PartName => "TMC5160";

    public SpiMode Mode => SpiMode.Mode3;

    public int MaxClockHz => 4_000_000;

    /// <summary>The pin-map device id faults are aimed at (null until <see cref="AttachFaults"/>).</summary>
    public string? DeviceId { get; private set; }

    /// <summary>Under <c>spi_crc</c>, the probability that a reply is garbled (1–2 flipped bits). Default 0.1.</summary>
    public double GarbleProbability
    {
        get;
        set => field = value is >= 0 and <= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "A probability lies in 0…1.");
    } = 0.1;

    /// <summary>Number of datagrams received (not counting those lost to <c>no_response</c>).</summary>
    public long DatagramCount { get; private set; }

    /// <summary>Number of replies garbled under <c>spi_crc</c>.</summary>
    public long GarbledReplyCount { get; private set; }

    /// <summary>Makes the chip consult <paramref name="faults"/> for faults aimed at <paramref name="deviceId"/>.</summary>
    public void AttachFaults(FaultInjector faults, string deviceId)
    {
        ArgumentNullException.ThrowIfNull(faults);
        ArgumentException.ThrowIfNullOrWhiteSpace(deviceId);
        lock (_gate)
        {
            _faults = faults;
            DeviceId = deviceId;
        }
    }

    public void Transfer(ReadOnlySpan<byte> mosi, Span<byte> miso)
    {
        lock (_gate)
        {
            Synchronize();
            if (IsFaultActive(FaultKind.NoResponse))
            {
                miso.Fill(0xFF); // nobody drives MISO: the pull-up wins, and nothing was received
                return;
            }

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

            if (IsFaultActive(FaultKind.SpiCrc) && _random.NextDouble() < GarbleProbability)
            {
                GarbledReplyCount++;
                int flips = _random.Next(4) == 0 ? 2 : 1;
                for (int i = 0; i < flips; i++)
                {
                    int bit = _random.Next(40);
                    miso[bit >> 3] ^= (byte)(0x80 >> (bit & 7));
                }
            }
        }
    }

    private bool IsFaultActive(FaultKind kind) => _faults is { } faults && faults.IsActive(kind, DeviceId!);

    private void WriteRegister(byte address, uint data)
    {
        switch (address)
        {
            case 0x01: // GSTAT: write 1 to clear; drv_err and uv_cp stay while their cause persists
                ClearGlobalStatus(data);
                break;
            case 0x20:
                Ramp.SetMode((int)(data & 0x3));
                _registers[address & 0x7F] = data & 0x3;
                break;
            case 0x21:
                Ramp.SetPosition(unchecked((int)data));
                break;
            case 0x2D:
                Ramp.Profile = ReadProfile();
                Ramp.SetTarget(unchecked((int)data));
                _registers[address & 0x7F] = data;
                TargetWrittenAt = _time.GetUtcNow();
                _wasAtPosition = Ramp.PositionReached;
                break;
            case 0x35: // RAMP_STAT: status_latch_l/r, event_stop_sg, event_pos_reached, second_move are write-1-to-clear
                _rampEvents &= ~(data & RampStatWriteToClear);
                break;
            case 0x6C:
                _registers[address & 0x7F] = data;
                if ((data & 0xF) == 0)
                {
                    ReleaseShortLatches(); // TOFF = 0 disables the driver, which resets the short detectors
                }

                break;
            default:
                _registers[address & 0x7F] = data;
                break;
        }
    }

    private uint ReadRegister(byte address) => address switch
    {
        0x01 => GlobalStatus(),
        0x04 => InputLevels(),
        0x12 => TStep(),
        0x20 => (uint)Ramp.Mode,
        0x21 => unchecked((uint)(int)Math.Round(Ramp.Position)),
        0x22 => unchecked((uint)(int)Math.Round(Ramp.Velocity * (1 << 24) / _clockHz)) & 0xFFFFFF,
        0x2D => unchecked((uint)(int)Ramp.Target),
        0x35 => RampStat(),
        0x36 => _xlatch,
        0x6F => DriverStatus(),
        _ => Register(address),
    };

    /// <summary>IOIN: REFL (bit 0) and REFR (bit 1) levels, DRV_ENN low (bit 4), version in bits 31..24.</summary>
    private uint InputLevels() =>
        ((uint)Version << 24) | (ReferenceLeftActive ? 1u : 0) | (ReferenceRightActive ? 2u : 0);

    private uint RampStat()
    {
        uint switches = Register(0x34);
        uint value = _rampEvents | _stopEvents;
        if (LeftActive(switches))
        {
            value |= 1u << 0;
        }

        if (RightActive(switches))
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

        if (_stallFlag)
        {
            value |= 1u << 13;
        }

        return value;
    }

    private byte StatusByte()
    {
        uint rampStat = RampStat();
        uint drv = DriverStatus();
        int status = (int)(GlobalStatus() & 0x3)
            | (int)(((drv >> 24) & 1) << 2)
            | (int)(((drv >> 31) & 1) << 3)
            | (int)(((rampStat >> 8) & 1) << 4)
            | (int)(((rampStat >> 9) & 1) << 5)
            | (int)((rampStat & 0x3) << 6);
        return (byte)status;
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

    private uint Register(byte address) => _registers[address & 0x7F];
}

using System.Buffers.Binary;
using System.Device.Spi;
using UnitsNet;

namespace Station.Devices.Tmc5160;

/// <summary>
/// Trinamic TMC5160 stepper motion controller and driver over SPI (mode 3, 40-bit datagrams).
/// Each datagram is 8 bits of address (bit 7 set for a write) and 32 bits of big-endian data; the chip
/// answers every datagram with its status byte and the data requested by the <em>previous</em> datagram,
/// so a register read takes two transfers.
/// </summary>
public sealed class Tmc5160 : IDisposable
{
    /// <summary>The silicon version in IOIN bits 31..24.</summary>
    public const byte ExpectedVersion = 0x30;

    /// <summary>The internal clock frequency the datasheet specifies (12 MHz nominal).</summary>
    public static readonly Frequency InternalClock = Frequency.FromMegahertz(12);

    /// <summary>SPI mode the chip requires.</summary>
    public const SpiMode RequiredSpiMode = SpiMode.Mode3;

    /// <summary>Highest SPI clock with the internal oscillator (datasheet: fSCK ≤ 4 MHz … fCLK/2 at worst).</summary>
    public const int MaxSpiClockHz = 4_000_000;

    private const byte WriteBit = 0x80;
    private readonly SpiDevice _spi;
    private readonly bool _shouldDispose;
    private readonly double _clockHz;
    private readonly byte[] _tx = new byte[5];
    private readonly byte[] _rx = new byte[5];

    /// <param name="spiDevice">The SPI device (mode 3).</param>
    /// <param name="clock">The chip clock; <see cref="InternalClock"/> unless an external clock is fitted.</param>
    /// <param name="fullStepsPerRevolution">Full steps per motor revolution (200 for a 1.8° motor).</param>
    /// <param name="shouldDispose">Whether disposing this binding disposes <paramref name="spiDevice"/>.</param>
    public Tmc5160(SpiDevice spiDevice, Frequency? clock = null, int fullStepsPerRevolution = 200, bool shouldDispose = true)
    {
        _spi = spiDevice ?? throw new ArgumentNullException(nameof(spiDevice));
        if (_spi.ConnectionSettings.Mode != RequiredSpiMode)
        {
            throw new ArgumentException($"TMC5160 needs SPI mode 3; the device on SPI{_spi.ConnectionSettings.BusId}.{_spi.ConnectionSettings.ChipSelectLine} is set to {_spi.ConnectionSettings.Mode}.", nameof(spiDevice));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fullStepsPerRevolution);
        _clockHz = (clock ?? InternalClock).Hertz;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(_clockHz, nameof(clock));
        FullStepsPerRevolution = fullStepsPerRevolution;
        _shouldDispose = shouldDispose;
    }

    /// <summary>Full steps per motor revolution.</summary>
    public int FullStepsPerRevolution { get; }

    /// <summary>Microsteps per full step as last configured by <see cref="ConfigureDriver"/> (256 after reset).</summary>
    public int MicrostepsPerFullStep { get; private set; } = 256;

    /// <summary>Microsteps per motor revolution.</summary>
    public int MicrostepsPerRevolution => FullStepsPerRevolution * MicrostepsPerFullStep;

    /// <summary>The status byte of the most recent datagram.</summary>
    public Tmc5160SpiStatus LastStatus { get; private set; }

    /// <summary>Number of datagrams exchanged (for diagnostics and bus-load accounting).</summary>
    public long DatagramCount { get; private set; }

    /// <summary>Encodes one datagram: address (with the write bit for writes) and big-endian data.</summary>
    public static void EncodeDatagram(Tmc5160Register register, bool write, uint data, Span<byte> datagram)
    {
        if (datagram.Length != 5)
        {
            throw new ArgumentException($"A TMC5160 datagram is 5 bytes; got {datagram.Length}.", nameof(datagram));
        }

        datagram[0] = (byte)((byte)register | (write ? WriteBit : 0));
        BinaryPrimitives.WriteUInt32BigEndian(datagram[1..], data);
    }

    /// <summary>Decodes a reply: the status byte and the 32-bit big-endian data.</summary>
    public static (Tmc5160SpiStatus Status, uint Data) DecodeReply(ReadOnlySpan<byte> reply)
    {
        if (reply.Length != 5)
        {
            throw new ArgumentException($"A TMC5160 reply is 5 bytes; got {reply.Length}.", nameof(reply));
        }

        return ((Tmc5160SpiStatus)reply[0], BinaryPrimitives.ReadUInt32BigEndian(reply[1..]));
    }

    /// <summary>Writes a register.</summary>
    public void WriteRegister(Tmc5160Register register, uint value) => Exchange(register, write: true, value);

    /// <summary>Reads a register (two datagrams: the request, then a second one that carries the answer).</summary>
    public uint ReadRegister(Tmc5160Register register)
    {
        Exchange(register, write: false, 0);
        return Exchange(register, write: false, 0);
    }

    /// <summary>Reads the status byte alone (one datagram).</summary>
    public Tmc5160SpiStatus ReadStatus()
    {
        Exchange(Tmc5160Register.GStat, write: false, 0);
        return LastStatus;
    }

    /// <summary>The silicon version from IOIN (0x30 for a TMC5160).</summary>
    public byte ReadVersion() => (byte)(ReadRegister(Tmc5160Register.IoIn) >> 24);

    /// <summary>
    /// Checks the chip answers with the TMC5160 version and configures the driver stage: chopper
    /// (SpreadCycle, TOFF = 3, TBL = 2, HSTRT = 4, HEND = 1, the datasheet's start-up values), microstep
    /// resolution, currents and power-down delay. Clears GSTAT.
    /// </summary>
    public void ConfigureDriver(Tmc5160DriverSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        byte version = ReadVersion();
        if (version != ExpectedVersion)
        {
            throw new InvalidOperationException($"No TMC5160 on SPI{_spi.ConnectionSettings.BusId}.{_spi.ConnectionSettings.ChipSelectLine}: IOIN version is 0x{version:X2}, expected 0x{ExpectedVersion:X2}.");
        }

        uint mres = (uint)(8 - System.Numerics.BitOperations.Log2((uint)settings.MicrostepsPerFullStep));
        const uint chopperBase = 0x000100C3; // TOFF=3, HSTRT=4, HEND=1, TBL=2, SpreadCycle
        WriteRegister(Tmc5160Register.GConf, settings.StealthChop ? 1u << 2 : 0u);
        WriteRegister(Tmc5160Register.ChopConf, chopperBase | (mres << 24));
        WriteRegister(Tmc5160Register.IHoldIRun, (uint)settings.HoldCurrent | ((uint)settings.RunCurrent << 8) | ((uint)settings.HoldDelay << 16));
        WriteRegister(Tmc5160Register.TPowerDown, 10);
        WriteRegister(Tmc5160Register.GStat, 0x7);
        MicrostepsPerFullStep = settings.MicrostepsPerFullStep;
    }

    /// <summary>Writes the ramp registers (validated first; nothing is written when invalid).</summary>
    public void ConfigureRamp(Tmc5160Ramp ramp)
    {
        ArgumentNullException.ThrowIfNull(ramp);
        var problems = ramp.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid TMC5160 ramp: " + string.Join("; ", problems), nameof(ramp));
        }

        WriteRegister(Tmc5160Register.VStart, ramp.VStart);
        WriteRegister(Tmc5160Register.A1, ramp.A1);
        WriteRegister(Tmc5160Register.V1, ramp.V1);
        WriteRegister(Tmc5160Register.AMax, ramp.AMax);
        WriteRegister(Tmc5160Register.VMax, ramp.VMax);
        WriteRegister(Tmc5160Register.DMax, ramp.DMax);
        WriteRegister(Tmc5160Register.D1, ramp.D1);
        WriteRegister(Tmc5160Register.VStop, ramp.VStop);
    }

    /// <summary>The ramp mode.</summary>
    public Tmc5160RampMode RampMode
    {
        get => (Tmc5160RampMode)(ReadRegister(Tmc5160Register.RampMode) & 0x3);
        set => WriteRegister(Tmc5160Register.RampMode, (uint)value);
    }

    /// <summary>Actual position in microsteps (XACTUAL). Writing it re-references the position.</summary>
    public int ActualPosition
    {
        get => unchecked((int)ReadRegister(Tmc5160Register.XActual));
        set => WriteRegister(Tmc5160Register.XActual, unchecked((uint)value));
    }

    /// <summary>Target position in microsteps (XTARGET); writing it starts a move in positioning mode.</summary>
    public int TargetPosition
    {
        get => unchecked((int)ReadRegister(Tmc5160Register.XTarget));
        set => WriteRegister(Tmc5160Register.XTarget, unchecked((uint)value));
    }

    /// <summary>Actual velocity register (VACTUAL, signed 24-bit) in register units.</summary>
    public int ReadActualVelocityRegister()
    {
        uint raw = ReadRegister(Tmc5160Register.VActual) & 0xFFFFFF;
        return (int)(raw << 8) >> 8; // sign-extend 24 bits
    }

    /// <summary>Actual motor shaft velocity.</summary>
    public RotationalSpeed ActualVelocity => RotationalSpeed.FromRevolutionsPerSecond(VelocityFromRegister(ReadActualVelocityRegister()) / MicrostepsPerRevolution);

    /// <summary>Motor shaft angle of XACTUAL.</summary>
    public Angle ActualAngle => Angle.FromRevolutions((double)ActualPosition / MicrostepsPerRevolution);

    /// <summary>Reads RAMP_STAT. Event bits stay set until <see cref="ClearRampEvents"/>.</summary>
    public Tmc5160RampStatus ReadRampStatus() => (Tmc5160RampStatus)ReadRegister(Tmc5160Register.RampStat);

    /// <summary>Clears the given RAMP_STAT event bits (write 1 to clear).</summary>
    public void ClearRampEvents(Tmc5160RampStatus events) => WriteRegister(Tmc5160Register.RampStat, (uint)events);

    /// <summary>Reads GSTAT.</summary>
    public Tmc5160GlobalStatus ReadGlobalStatus() => (Tmc5160GlobalStatus)(ReadRegister(Tmc5160Register.GStat) & 0x7);

    /// <summary>Clears the given GSTAT bits (write 1 to clear).</summary>
    public void ClearGlobalStatus(Tmc5160GlobalStatus flags) => WriteRegister(Tmc5160Register.GStat, (uint)flags);

    /// <summary>Reads DRV_STATUS.</summary>
    public Tmc5160DriverStatus ReadDriverStatus() => new(ReadRegister(Tmc5160Register.DrvStatus));

    /// <summary>Velocity in microsteps/s for a velocity register value: v = VMAX · fCLK / 2^24.</summary>
    public double VelocityFromRegister(double register) => register * _clockHz / (1 << 24);

    /// <summary>Velocity register value for microsteps/s, rounded to the nearest unit.</summary>
    public uint VelocityToRegister(double microstepsPerSecond) => ToRegister(microstepsPerSecond * (1 << 24) / _clockHz, "velocity");

    /// <summary>Acceleration in microsteps/s² for a register value: a = AMAX · fCLK² / 2^41.</summary>
    public double AccelerationFromRegister(double register) => register * _clockHz * _clockHz / Math.Pow(2, 41);

    /// <summary>Acceleration register value for microsteps/s², rounded to the nearest unit.</summary>
    public uint AccelerationToRegister(double microstepsPerSecondSquared) => ToRegister(microstepsPerSecondSquared * Math.Pow(2, 41) / (_clockHz * _clockHz), "acceleration");

    /// <summary>
    /// A trapezoidal ramp (V1 = 0) reaching <paramref name="maxSpeed"/> with <paramref name="acceleration"/>
    /// (motor shaft), with small start/stop velocities so the move ends exactly on target.
    /// </summary>
    public Tmc5160Ramp TrapezoidRamp(RotationalSpeed maxSpeed, RotationalAcceleration acceleration)
    {
        double v = maxSpeed.RevolutionsPerSecond * MicrostepsPerRevolution;
        double a = acceleration.RevolutionsPerSecondSquared * MicrostepsPerRevolution;
        uint vmax = VelocityToRegister(v);
        uint amax = Math.Max(1u, AccelerationToRegister(a));
        return new Tmc5160Ramp(VStart: 0, A1: amax, V1: 0, AMax: amax, VMax: vmax, DMax: amax, D1: amax, VStop: 10);
    }

    private static uint ToRegister(double value, string what)
    {
        if (!double.IsFinite(value) || value < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"A TMC5160 {what} must be finite and non-negative.");
        }

        return (uint)Math.Round(value);
    }

    private uint Exchange(Tmc5160Register register, bool write, uint data)
    {
        EncodeDatagram(register, write, data, _tx);
        _spi.TransferFullDuplex(_tx, _rx);
        DatagramCount++;
        var (status, reply) = DecodeReply(_rx);
        LastStatus = status;
        return reply;
    }

    public void Dispose()
    {
        if (_shouldDispose)
        {
            _spi.Dispose();
        }
    }
}

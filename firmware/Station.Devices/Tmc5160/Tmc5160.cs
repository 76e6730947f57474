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
/// <remarks>
/// The SPI interface of the TMC5160 has no CRC. The binding therefore checks every reply for plausibility
/// (see README.md): an all-ones reply means nobody answered (MISO pulled up); reserved bits must read 0;
/// the status byte must agree with RAMP_STAT, DRV_STATUS and GSTAT when those are read; with
/// <see cref="ConfirmReads"/> each register is read twice and the two values compared; with
/// <see cref="ConfirmWrites"/> the chip's echo of each written value is compared with what was sent.
/// A failed check is retried up to <see cref="MaxRetries"/> times, then reported as a
/// <see cref="Tmc5160NoResponseException"/> or <see cref="Tmc5160CommunicationException"/> naming the device.
/// </remarks>
public sealed partial class Tmc5160 : IDisposable
{
    /// <summary>The silicon version in IOIN bits 31..24.</summary>
    public const byte ExpectedVersion = 0x30;

    /// <summary>The internal clock frequency the datasheet specifies (12 MHz nominal).</summary>
    public static readonly Frequency InternalClock = Frequency.FromMegahertz(12);

    /// <summary>SPI mode the chip requires.</summary>
    public const SpiMode RequiredSpiMode = SpiMode.Mode3;

    /// <summary>Highest SPI clock with the internal oscillator (datasheet: fSCK ≤ 4 MHz … fCLK/2 at worst).</summary>
    public const int MaxSpiClockHz = 4_000_000;

    /// <summary>Most retries a binding may be configured for.</summary>
    public const int MaxRetryLimit = 10;

    private const byte WriteBit = 0x80;
    private readonly SpiDevice _spi;
    private readonly bool _shouldDispose;
    private readonly double _clockHz;
    private readonly byte[] _tx = new byte[5];
    private readonly byte[] _rx = new byte[5];
    private ReplyCheck _lastProblem;
    private uint _problemFirst;
    private uint _problemSecond;

    /// <param name="spiDevice">The SPI device (mode 3).</param>
    /// <param name="clock">The chip clock; <see cref="InternalClock"/> unless an external clock is fitted.</param>
    /// <param name="fullStepsPerRevolution">Full steps per motor revolution (200 for a 1.8° motor).</param>
    /// <param name="shouldDispose">Whether disposing this binding disposes <paramref name="spiDevice"/>.</param>
    /// <param name="name">Device name for messages (default "TMC5160 on SPIb.c").</param>
    /// <param name="maxRetries">Retries after an implausible or missing reply (0–10).</param>
    public Tmc5160(SpiDevice spiDevice, Frequency? clock = null, int fullStepsPerRevolution = 200, bool shouldDispose = true, string? name = null, int maxRetries = 2)
    {
        _spi = spiDevice ?? throw new ArgumentNullException(nameof(spiDevice));
        var settings = _spi.ConnectionSettings;
        if (settings.Mode != RequiredSpiMode)
        {
            throw new ArgumentException($"TMC5160 needs SPI mode 3; the device on SPI{settings.BusId}.{settings.ChipSelectLine} is set to {settings.Mode}.", nameof(spiDevice));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fullStepsPerRevolution);
        if (maxRetries is < 0 or > MaxRetryLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(maxRetries), maxRetries, $"Retries must be 0–{MaxRetryLimit}.");
        }

        _clockHz = (clock ?? InternalClock).Hertz;
        if (!double.IsFinite(_clockHz) || _clockHz <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(clock), clock, "The TMC5160 clock must be a positive frequency.");
        }

        FullStepsPerRevolution = fullStepsPerRevolution;
        MaxRetries = maxRetries;
        Name = string.IsNullOrWhiteSpace(name) ? $"TMC5160 on SPI{settings.BusId}.{settings.ChipSelectLine}" : name;
        _shouldDispose = shouldDispose;
    }

    /// <summary>Device name used in exceptions (the pin-map id when the firmware opens it).</summary>
    public string Name { get; }

    /// <summary>Retries after an implausible or missing reply before an exception is thrown.</summary>
    public int MaxRetries { get; }

    /// <summary>Read every register twice and compare (3 datagrams per read instead of 2). Default on.</summary>
    public bool ConfirmReads { get; set; } = true;

    /// <summary>Compare the chip's echo of every written value (one extra datagram per write). Default on.</summary>
    public bool ConfirmWrites { get; set; } = true;

    /// <summary>Full steps per motor revolution.</summary>
    public int FullStepsPerRevolution { get; }

    /// <summary>Microsteps per full step as last configured by <see cref="ConfigureDriver"/> (256 after reset).</summary>
    public int MicrostepsPerFullStep { get; private set; } = 256;

    /// <summary>Microsteps per motor revolution.</summary>
    public int MicrostepsPerRevolution => FullStepsPerRevolution * MicrostepsPerFullStep;

    /// <summary>The status byte of the most recent accepted reply.</summary>
    public Tmc5160SpiStatus LastStatus { get; private set; }

    /// <summary>Number of datagrams exchanged (for diagnostics and bus-load accounting).</summary>
    public long DatagramCount { get; private set; }

    /// <summary>Number of retried register accesses since construction (each retry counts once).</summary>
    public long RetryCount { get; private set; }

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

    /// <summary>Writes a register (echo-confirmed when <see cref="ConfirmWrites"/>; retried on a bad echo).</summary>
    public void WriteRegister(Tmc5160Register register, uint value)
    {
        NoteWrite(register, value);
        for (int attempt = 0; ; attempt++)
        {
            if (attempt > 0)
            {
                RetryCount++;
            }

            if (TryWriteOnce(register, value))
            {
                return;
            }

            if (attempt >= MaxRetries)
            {
                throw Failure(register, attempt + 1, write: true);
            }
        }
    }

    /// <summary>
    /// Reads a register: the request, then a second datagram that carries the answer (and with
    /// <see cref="ConfirmReads"/> a third that repeats it). Retried when the reply is implausible.
    /// </summary>
    public uint ReadRegister(Tmc5160Register register)
    {
        for (int attempt = 0; ; attempt++)
        {
            if (attempt > 0)
            {
                RetryCount++;
            }

            if (TryReadOnce(register, out uint value))
            {
                return value;
            }

            if (attempt >= MaxRetries)
            {
                throw Failure(register, attempt + 1, write: false);
            }
        }
    }

    /// <summary>Reads the status byte alone (one datagram; an all-ones reply is retried, then thrown).</summary>
    public Tmc5160SpiStatus ReadStatus()
    {
        for (int attempt = 0; ; attempt++)
        {
            if (attempt > 0)
            {
                RetryCount++;
            }

            var (status, data) = Exchange(Tmc5160Register.GStat, write: false, 0);
            if (!IsAllOnes(status, data))
            {
                LastStatus = status;
                return status;
            }

            _lastProblem = ReplyCheck.NoResponse;
            if (attempt >= MaxRetries)
            {
                throw Failure(Tmc5160Register.GStat, attempt + 1, write: false);
            }
        }
    }

    /// <summary>The silicon version from IOIN (0x30 for a TMC5160).</summary>
    public byte ReadVersion() => (byte)(ReadRegister(Tmc5160Register.IoIn) >> 24);

    private bool TryWriteOnce(Tmc5160Register register, uint value)
    {
        var (status, data) = Exchange(register, write: true, value);
        if (IsAllOnes(status, data))
        {
            _lastProblem = ReplyCheck.NoResponse;
            return false;
        }

        if (!ConfirmWrites)
        {
            LastStatus = status;
            return true;
        }

        // The reply to the next datagram mirrors the data the chip received with the write.
        var (echoStatus, echo) = Exchange(Tmc5160Register.IoIn, write: false, 0);
        if (IsAllOnes(echoStatus, echo))
        {
            _lastProblem = ReplyCheck.NoResponse;
            return false;
        }

        if (echo != value)
        {
            (_lastProblem, _problemFirst, _problemSecond) = (ReplyCheck.EchoMismatch, value, echo);
            return false;
        }

        LastStatus = echoStatus;
        return true;
    }

    private bool TryReadOnce(Tmc5160Register register, out uint value)
    {
        value = 0;
        var (staleStatus, stale) = Exchange(register, write: false, 0);
        if (IsAllOnes(staleStatus, stale))
        {
            _lastProblem = ReplyCheck.NoResponse;
            return false;
        }

        var (status, data) = Exchange(register, write: false, 0);
        if (!IsPlausible(register, status, data))
        {
            return false;
        }

        if (ConfirmReads)
        {
            var (status2, data2) = Exchange(register, write: false, 0);
            if (!IsPlausible(register, status2, data2))
            {
                return false;
            }

            if (status2 != status || !Agree(register, data, data2, status, status2))
            {
                (_lastProblem, _problemFirst, _problemSecond) = (ReplyCheck.ReadsDisagree, data, data2);
                return false;
            }

            (status, data) = (status2, data2);
        }

        LastStatus = status;
        value = data;
        return true;
    }

    private (Tmc5160SpiStatus Status, uint Data) Exchange(Tmc5160Register register, bool write, uint data)
    {
        EncodeDatagram(register, write, data, _tx);
        _spi.TransferFullDuplex(_tx, _rx);
        DatagramCount++;
        return DecodeReply(_rx);
    }

    private Tmc5160Exception Failure(Tmc5160Register register, int attempts, bool write)
    {
        string access = write ? "writing" : "reading";
        return _lastProblem switch
        {
            ReplyCheck.NoResponse => new Tmc5160NoResponseException(Name, register, attempts,
                $"{Name} does not answer: every reply {access} {register} was all ones (MISO idle) in {attempts} attempt(s)."),
            ReplyCheck.EchoMismatch => new Tmc5160CommunicationException(Name, register, attempts,
                $"{Name}: {access} {register} failed {attempts} time(s); the chip echoed 0x{_problemSecond:X8} for 0x{_problemFirst:X8} (garbled SPI)."),
            ReplyCheck.ReadsDisagree => new Tmc5160CommunicationException(Name, register, attempts,
                $"{Name}: {access} {register} failed {attempts} time(s); two reads disagreed (last 0x{_problemFirst:X8} vs 0x{_problemSecond:X8}; garbled SPI)."),
            ReplyCheck.ReservedBits => new Tmc5160CommunicationException(Name, register, attempts,
                $"{Name}: {access} {register} failed {attempts} time(s); reserved bits set in 0x{_problemFirst:X8} (garbled SPI)."),
            ReplyCheck.StatusMismatch => new Tmc5160CommunicationException(Name, register, attempts,
                $"{Name}: {access} {register} failed {attempts} time(s); status byte 0x{_problemSecond:X2} contradicts the register value 0x{_problemFirst:X8} (garbled SPI)."),
            _ => new Tmc5160CommunicationException(Name, register, attempts, $"{Name}: {access} {register} failed {attempts} time(s)."),
        };
    }

    public void Dispose()
    {
        if (_shouldDispose)
        {
            _spi.Dispose();
        }
    }
}

using System.Device.Spi;
using UnitsNet;

namespace Station.Devices.AbsoluteEncoder;

/// <summary>
/// A 26-bit single-turn absolute rotary encoder with a BiSS-C (unidirectional) interface, read over SPI:
/// the SPI clock is the BiSS master clock MA (idles high: mode 2), MISO is the encoder's SLO through an
/// RS-485 receiver. Each read clocks <see cref="FrameBytes"/> bytes and decodes: idle high, acknowledge (one or
/// more 0s; longer with cable delay), start bit 1, CDS bit, 26 position bits, nE (error, active low),
/// nW (warning, active low), CRC-6 (x⁶ + x + 1, inverted) over position, nE and nW, MSB first throughout.
/// See README.md for the frame, the comparable part and what each fault looks like.
/// </summary>
public sealed class AbsoluteEncoder : IDisposable
{
    /// <summary>Position bits per revolution.</summary>
    public const int PositionBits = 26;

    /// <summary>Counts per revolution (2^26 = 67,108,864).</summary>
    public const int CountsPerRevolution = 1 << PositionBits;

    /// <summary>Bytes clocked per read (48 clocks: room for up to 11 acknowledge bits).</summary>
    public const int FrameBytes = 6;

    /// <summary>SPI mode: the BiSS clock idles high; SLO is sampled on the falling edge.</summary>
    public const SpiMode RequiredSpiMode = SpiMode.Mode2;

    /// <summary>Highest BiSS-C master clock (short cable); the pin map runs the encoders at 2 MHz.</summary>
    public const int MaxSpiClockHz = 10_000_000;

    /// <summary>Most retries a binding may be configured for.</summary>
    public const int MaxRetryLimit = 10;

    /// <summary>Radians per count: 2π / 2^26 ≈ 0.0936 µrad.</summary>
    public const double RadiansPerCount = 2 * Math.PI / CountsPerRevolution;

    /// <summary>Angle of one count (≈ 0.094 µrad, 0.0193 arcsec).</summary>
    public static readonly Angle Resolution = Angle.FromRadians(RadiansPerCount);

    private const int FrameBits = FrameBytes * 8;
    private const int PayloadBits = 1 + 1 + PositionBits + 2 + 6; // start, CDS, position, nE, nW, CRC
    private readonly SpiDevice _spi;
    private readonly bool _shouldDispose;
    private readonly byte[] _tx = new byte[FrameBytes];
    private readonly byte[] _rx = new byte[FrameBytes];
    private int _lastCounts = -1;
    private int _identicalFrames;

    /// <param name="spiDevice">The SPI device (mode 2, at most 10 MHz).</param>
    /// <param name="name">Device name for messages (default "encoder on SPIb.c").</param>
    /// <param name="maxRetries">Re-reads after a bad frame (CRC, no start bit, no answer), 0–10.</param>
    /// <param name="frozenFrameLimit">
    /// Identical consecutive positions after which <see cref="Read"/> reports the encoder frozen (0 disables).
    /// A healthy 26-bit readhead's last bits jitter from frame to frame; identical frames mean a stuck encoder.
    /// </param>
    /// <param name="shouldDispose">Whether disposing this binding disposes <paramref name="spiDevice"/>.</param>
    public AbsoluteEncoder(SpiDevice spiDevice, string? name = null, int maxRetries = 2, int frozenFrameLimit = 8, bool shouldDispose = true)
    {
        _spi = spiDevice ?? throw new ArgumentNullException(nameof(spiDevice));
        var settings = _spi.ConnectionSettings;
        if (settings.Mode != RequiredSpiMode)
        {
            throw new ArgumentException($"A BiSS-C encoder needs SPI mode 2 (clock idles high); the device on SPI{settings.BusId}.{settings.ChipSelectLine} is set to {settings.Mode}.", nameof(spiDevice));
        }

        if (settings.ClockFrequency > MaxSpiClockHz)
        {
            throw new ArgumentException($"A BiSS-C encoder is clocked at most {MaxSpiClockHz} Hz; the device on SPI{settings.BusId}.{settings.ChipSelectLine} is set to {settings.ClockFrequency} Hz.", nameof(spiDevice));
        }

        if (maxRetries is < 0 or > MaxRetryLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(maxRetries), maxRetries, $"Retries must be 0–{MaxRetryLimit}.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(frozenFrameLimit);
        Name = string.IsNullOrWhiteSpace(name) ? $"encoder on SPI{settings.BusId}.{settings.ChipSelectLine}" : name;
        MaxRetries = maxRetries;
        FrozenFrameLimit = frozenFrameLimit;
        _shouldDispose = shouldDispose;
    }

    /// <summary>Device name used in exceptions (the pin-map id when the firmware opens it).</summary>
    public string Name { get; }

    /// <summary>Re-reads after a bad frame before an exception is thrown.</summary>
    public int MaxRetries { get; }

    /// <summary>Identical consecutive positions that mean "frozen" (0: check disabled).</summary>
    public int FrozenFrameLimit { get; }

    /// <summary>Frames read since construction.</summary>
    public long FrameCount { get; private set; }

    /// <summary>Re-reads after bad frames since construction.</summary>
    public long RetryCount { get; private set; }

    /// <summary>Consecutive good frames with the same position as the last one (1 after a change).</summary>
    public int IdenticalFrames => _identicalFrames;

    /// <summary>One frame, no retries, no checks beyond decoding: the status says whether it is usable.</summary>
    public AbsoluteEncoderReading ReadFrame()
    {
        _tx.AsSpan().Clear();
        _spi.TransferFullDuplex(_tx, _rx);
        FrameCount++;
        return Decode(_rx);
    }

    /// <summary>
    /// Reads a good frame, re-reading up to <see cref="MaxRetries"/> times after a CRC error, a missing start
    /// bit or no answer. The reading may carry the encoder's error or warning flag (see <see cref="ReadAngle"/>).
    /// </summary>
    /// <exception cref="AbsoluteEncoderNoResponseException">Every frame was all ones.</exception>
    /// <exception cref="AbsoluteEncoderCrcException">Every frame was corrupt.</exception>
    /// <exception cref="AbsoluteEncoderFrozenException">The position has not changed for <see cref="FrozenFrameLimit"/> frames.</exception>
    public AbsoluteEncoderReading Read()
    {
        AbsoluteEncoderReading reading = default;
        for (int attempt = 0; attempt <= MaxRetries; attempt++)
        {
            if (attempt > 0)
            {
                RetryCount++;
            }

            reading = ReadFrame();
            if (reading.Status == AbsoluteEncoderFrameStatus.Ok)
            {
                CheckFrozen(reading);
                return reading;
            }
        }

        int attempts = MaxRetries + 1;
        if (reading.Status == AbsoluteEncoderFrameStatus.NoResponse)
        {
            throw new AbsoluteEncoderNoResponseException(Name, attempts, $"{Name} does not answer: {attempts} frame(s) read all ones (no acknowledge on SLO).");
        }

        throw new AbsoluteEncoderCrcException(Name, attempts, reading.Status,
            $"{Name}: {attempts} frame(s) failed ({Describe(reading)}); no position was accepted.");
    }

    /// <summary>The axis angle in [0, 360°); throws <see cref="AbsoluteEncoderErrorException"/> when the encoder flags an error.</summary>
    public Angle ReadAngle()
    {
        var reading = Read();
        if (reading.Error)
        {
            throw new AbsoluteEncoderErrorException(Name, reading.Counts, $"{Name} reports an error (nE low): the position {reading.Counts} is not valid.");
        }

        return reading.Angle;
    }

    /// <summary>Decodes one frame of <see cref="FrameBytes"/> bytes as sampled on MISO.</summary>
    public static AbsoluteEncoderReading Decode(ReadOnlySpan<byte> frame)
    {
        if (frame.Length != FrameBytes)
        {
            throw new ArgumentException($"An encoder frame is {FrameBytes} bytes; got {frame.Length}.", nameof(frame));
        }

        ulong bits = 0;
        foreach (byte b in frame)
        {
            bits = (bits << 8) | b;
        }

        int i = 0;
        while (i < FrameBits && Bit(bits, i))
        {
            i++; // the line idles high until the encoder acknowledges
        }

        if (i == FrameBits)
        {
            return new AbsoluteEncoderReading(AbsoluteEncoderFrameStatus.NoResponse, 0, false, false, 0, 0, 0);
        }

        int ackStart = i;
        while (i < FrameBits && !Bit(bits, i))
        {
            i++;
        }

        int ackBits = i - ackStart;
        if (i == FrameBits)
        {
            return new AbsoluteEncoderReading(AbsoluteEncoderFrameStatus.NoStartBit, 0, false, false, 0, 0, ackBits);
        }

        if (i + PayloadBits > FrameBits)
        {
            return new AbsoluteEncoderReading(AbsoluteEncoderFrameStatus.Truncated, 0, false, false, 0, 0, ackBits);
        }

        int first = i + 2; // skip start and CDS
        uint payload = (uint)Field(bits, first, PositionBits + 2); // position, nE, nW
        byte received = (byte)Field(bits, first + PositionBits + 2, 6);
        byte computed = Crc6(payload);
        int counts = (int)(payload >> 2);
        bool error = (payload & 0x2) == 0;
        bool warning = (payload & 0x1) == 0;
        var status = received == computed ? AbsoluteEncoderFrameStatus.Ok : AbsoluteEncoderFrameStatus.CrcMismatch;
        return new AbsoluteEncoderReading(status, counts, error, warning, received, computed, ackBits);
    }

    /// <summary>
    /// The BiSS CRC-6 of the 28 data bits (26 position, nE, nW; MSB first): polynomial x⁶ + x + 1 (0x43),
    /// initial value 0, result inverted. Start and CDS bits are not included.
    /// </summary>
    public static byte Crc6(uint data28)
    {
        int crc = 0;
        for (int bit = 27; bit >= 0; bit--)
        {
            int feedback = ((crc >> 5) & 1) ^ (int)((data28 >> bit) & 1);
            crc = (crc << 1) & 0x3F;
            if (feedback != 0)
            {
                crc ^= 0x03;
            }
        }

        return (byte)(~crc & 0x3F);
    }

    private void CheckFrozen(AbsoluteEncoderReading reading)
    {
        _identicalFrames = reading.Counts == _lastCounts ? _identicalFrames + 1 : 1;
        _lastCounts = reading.Counts;
        if (FrozenFrameLimit > 0 && _identicalFrames >= FrozenFrameLimit)
        {
            throw new AbsoluteEncoderFrozenException(Name, reading.Counts,
                $"{Name} looks frozen: {_identicalFrames} consecutive frames at exactly {reading.Counts} counts (a live 26-bit readhead jitters).");
        }
    }

    private static string Describe(AbsoluteEncoderReading reading) => reading.Status switch
    {
        AbsoluteEncoderFrameStatus.CrcMismatch => $"last: CRC 0x{reading.ReceivedCrc:X2} received, 0x{reading.ComputedCrc:X2} computed",
        AbsoluteEncoderFrameStatus.NoStartBit => "last: no start bit, SLO stuck low",
        AbsoluteEncoderFrameStatus.Truncated => $"last: start bit after {reading.AckBits} acknowledge bits, frame cut off",
        _ => $"last: {reading.Status}",
    };

    private static bool Bit(ulong bits, int index) => ((bits >> (FrameBits - 1 - index)) & 1) != 0;

    private static ulong Field(ulong bits, int first, int count) => (bits >> (FrameBits - first - count)) & ((1UL << count) - 1);

    public void Dispose()
    {
        if (_shouldDispose)
        {
            _spi.Dispose();
        }
    }
}

using System.Device.Spi;
using Station.Emulator.Buses;
using Station.Emulator.Faults;
using UnitsNet;

namespace Station.Emulator.Devices;

/// <summary>
/// An emulated 26-bit single-turn BiSS-C absolute encoder on SPI (mode 2). Every transfer samples the
/// true angle the encoder is mounted on (an axis of the world), adds the readhead's jitter (seeded Gaussian
/// count noise), quantises to 2^26 counts per turn and shifts out the frame MSB first: idle high, acknowledge
/// (<see cref="AckBits"/> zeros), start 1, CDS 0, 26 position bits, nE, nW, CRC-6 (x⁶ + x + 1, inverted),
/// then zeros. The CRC here is computed independently of the binding's. Faults (after
/// <see cref="AttachFaults"/>): <c>spi_crc</c> — a bit of the frame flips (the CRC no longer matches);
/// <c>encoder_frozen</c> — the last frame repeats exactly; <c>no_response</c> — MISO reads all ones.
/// </summary>
public sealed class EmulatedAbsoluteEncoder : IEmulatedSpiPeripheral
{
    /// <summary>Counts per revolution.</summary>
    public const int CountsPerRevolution = 1 << 26;

    private readonly Func<double> _trueAngleDegrees;
    private readonly Lock _gate = new();
    private readonly Random _random;
    private FaultInjector? _faults;
    private ulong _lastFrame;
    private bool _haveFrame;

    /// <param name="trueAngleDegrees">The mechanical angle the encoder disc turns with (sampled at each read).</param>
    /// <param name="seed">Seed for the count noise and the corruption of frames.</param>
    /// <param name="noiseCountsRms">The readhead's jitter in counts (RMS).</param>
    /// <param name="mountingOffset">Encoder reading at true angle 0 (where the disc's zero was mounted).</param>
    public EmulatedAbsoluteEncoder(Func<double> trueAngleDegrees, int seed, double noiseCountsRms = 2.0, Angle mountingOffset = default)
    {
        _trueAngleDegrees = trueAngleDegrees ?? throw new ArgumentNullException(nameof(trueAngleDegrees));
        if (!double.IsFinite(noiseCountsRms) || noiseCountsRms < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(noiseCountsRms), noiseCountsRms, "The count noise is a finite non-negative RMS.");
        }

        _random = new Random(seed);
        NoiseCountsRms = noiseCountsRms;
        MountingOffset = mountingOffset;
    }

    public string PartName => "BiSS-C absolute encoder (26-bit)";

    public SpiMode Mode => SpiMode.Mode2;

    public int MaxClockHz => 10_000_000;

    /// <summary>The pin-map device id faults are aimed at (null until <see cref="AttachFaults"/>).</summary>
    public string? DeviceId { get; private set; }

    /// <summary>Readhead jitter in counts RMS.</summary>
    public double NoiseCountsRms { get; }

    /// <summary>Encoder reading at true angle 0.</summary>
    public Angle MountingOffset { get; }

    /// <summary>Acknowledge bits before the start bit (1 + the cable's round-trip delay in clock periods).</summary>
    public int AckBits
    {
        get;
        set => field = value is >= 1 and <= 11 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The frame fits 1–11 acknowledge bits in 48 clocks.");
    } = 2;

    /// <summary>The encoder's own error flag (nE low): e.g. the readhead lost the scale.</summary>
    public bool ErrorFlag { get; set; }

    /// <summary>The encoder's own warning flag (nW low): e.g. a contaminated scale.</summary>
    public bool WarningFlag { get; set; }

    /// <summary>Under <c>spi_crc</c>, the probability that a frame is corrupted. Default 0.1.</summary>
    public double CorruptionProbability
    {
        get;
        set => field = value is >= 0 and <= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "A probability lies in 0…1.");
    } = 0.1;

    /// <summary>Frames shifted out.</summary>
    public long FrameCount { get; private set; }

    /// <summary>Frames corrupted under <c>spi_crc</c>.</summary>
    public long CorruptedFrameCount { get; private set; }

    /// <summary>Position (counts) in the last frame sent, before any corruption.</summary>
    public int LastCounts { get; private set; }

    /// <summary>Makes the encoder consult <paramref name="faults"/> for faults aimed at <paramref name="deviceId"/>.</summary>
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

    /// <summary>The counts a noiseless encoder would report at <paramref name="trueAngleDegrees"/>.</summary>
    public int IdealCounts(double trueAngleDegrees)
    {
        double turns = (trueAngleDegrees + MountingOffset.Degrees) / 360.0;
        double counts = (turns - Math.Floor(turns)) * CountsPerRevolution;
        return (int)((long)Math.Round(counts) & (CountsPerRevolution - 1));
    }

    /// <summary>The BiSS CRC-6 (x⁶ + x + 1, inverted) of 28 data bits, by polynomial long division.</summary>
    public static int Crc6(ulong data28)
    {
        ulong remainder = data28 << 6; // multiply by x^6
        const ulong generator = 0b100_0011;
        for (int bit = 33; bit >= 6; bit--)
        {
            if (((remainder >> bit) & 1) != 0)
            {
                remainder ^= generator << (bit - 6);
            }
        }

        return (int)(~remainder & 0x3F);
    }

    public void Transfer(ReadOnlySpan<byte> mosi, Span<byte> miso)
    {
        lock (_gate)
        {
            if (IsFaultActive(FaultKind.NoResponse))
            {
                miso.Fill(0xFF); // the RS-485 receiver idles high without a driving encoder
                return;
            }

            FrameCount++;
            ulong frame = IsFaultActive(FaultKind.EncoderFrozen) && _haveFrame ? _lastFrame : BuildFrame();
            _lastFrame = frame;
            _haveFrame = true;
            if (IsFaultActive(FaultKind.SpiCrc) && _random.NextDouble() < CorruptionProbability)
            {
                CorruptedFrameCount++;
                int start = 62 - AckBits; // bit index of the start bit in the left-aligned frame
                frame ^= 1UL << (start - 2 - _random.Next(34)); // a bit of position, nE, nW or CRC
            }

            for (int i = 0; i < miso.Length; i++)
            {
                miso[i] = i < 8 ? (byte)(frame >> (56 - (i * 8))) : (byte)0;
            }
        }
    }

    /// <summary>The frame left-aligned in 64 bits: bit 63 is the first one clocked out.</summary>
    private ulong BuildFrame()
    {
        double angle = _trueAngleDegrees();
        double noise = NoiseCountsRms > 0 ? NoiseCountsRms * Gaussian() : 0;
        double turns = (angle + MountingOffset.Degrees) / 360.0;
        double counts = ((turns - Math.Floor(turns)) * CountsPerRevolution) + noise;
        int position = (int)((long)Math.Round(counts) & (CountsPerRevolution - 1));
        LastCounts = position;
        ulong data = ((ulong)position << 2) | (ErrorFlag ? 0UL : 2UL) | (WarningFlag ? 0UL : 1UL);
        ulong payload = (1UL << 35) | (data << 6) | (uint)Crc6(data); // start(1) CDS(0) data(28) crc(6): 36 bits
        int leading = 1 + AckBits; // idle high, then the acknowledge zeros
        return (1UL << 63) | (payload << (64 - leading - 36));
    }

    private double Gaussian()
    {
        double u1 = 1.0 - _random.NextDouble();
        double u2 = _random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    private bool IsFaultActive(FaultKind kind) => _faults is { } faults && faults.IsActive(kind, DeviceId!);
}

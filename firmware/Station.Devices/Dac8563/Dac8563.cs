using System.Device.Spi;
using UnitsNet;

namespace Station.Devices.Dac8563;

/// <summary>
/// Texas Instruments DAC8563: dual 16-bit voltage-output DAC with a 2.5 V internal reference, on SPI.
/// Every command is one 24-bit frame, MSB first: two don't-care bits, command C2–C0, address A2–A0,
/// then 16 data bits (<see cref="EncodeFrame"/>). The part is write-only (no SDO pin), so the binding
/// keeps the codes it last wrote. Outputs power on at mid-scale (the "3" in DAC8563), which for a
/// bipolar mirror amplifier is the rest position. V_OUT = code / 65536 × V_REF × gain.
/// </summary>
public sealed class Dac8563 : IDisposable
{
    /// <summary>The internal reference voltage.</summary>
    public static readonly ElectricPotential InternalReference = ElectricPotential.FromVolts(2.5);

    /// <summary>Highest SCLK (datasheet: 50 MHz).</summary>
    public const int MaxSpiClockHz = 50_000_000;

    /// <summary>Mid-scale code, the power-on value.</summary>
    public const ushort MidScale = 0x8000;

    private readonly SpiDevice _spi;
    private readonly bool _shouldDispose;
    private readonly byte[] _frame = new byte[3];
    private readonly double _externalReferenceVolts;

    /// <param name="spiDevice">The SPI device. The DAC latches DIN on the falling SCLK edge: mode 1 or 2.</param>
    /// <param name="externalReference">The voltage on VREF when the internal reference is not used (null: none fitted).</param>
    /// <param name="shouldDispose">Whether disposing this binding disposes <paramref name="spiDevice"/>.</param>
    public Dac8563(SpiDevice spiDevice, ElectricPotential? externalReference = null, bool shouldDispose = true)
    {
        _spi = spiDevice ?? throw new ArgumentNullException(nameof(spiDevice));
        var settings = _spi.ConnectionSettings;
        if (settings.Mode is not (SpiMode.Mode1 or SpiMode.Mode2))
        {
            throw new ArgumentException($"DAC8563 latches data on the falling SCLK edge and needs SPI mode 1 or 2; the device on SPI{settings.BusId}.{settings.ChipSelectLine} is set to {settings.Mode}.", nameof(spiDevice));
        }

        if (settings.ClockFrequency > MaxSpiClockHz)
        {
            throw new ArgumentException($"DAC8563 accepts SCLK up to {MaxSpiClockHz} Hz; SPI{settings.BusId}.{settings.ChipSelectLine} is set to {settings.ClockFrequency} Hz.", nameof(spiDevice));
        }

        _externalReferenceVolts = externalReference?.Volts ?? 0;
        if (_externalReferenceVolts < 0 || _externalReferenceVolts > 5.5)
        {
            throw new ArgumentOutOfRangeException(nameof(externalReference), externalReference, "An external DAC8563 reference must lie in [0, 5.5] V.");
        }

        _shouldDispose = shouldDispose;
    }

    /// <summary>Whether <see cref="Initialize"/> enabled the internal reference.</summary>
    public bool InternalReferenceEnabled { get; private set; }

    /// <summary>Output amplifier gain of DAC-A (1 or 2).</summary>
    public int GainA { get; private set; } = 1;

    /// <summary>Output amplifier gain of DAC-B (1 or 2).</summary>
    public int GainB { get; private set; } = 1;

    /// <summary>Code last written to DAC-A's DAC register.</summary>
    public ushort CodeA { get; private set; } = MidScale;

    /// <summary>Code last written to DAC-B's DAC register.</summary>
    public ushort CodeB { get; private set; } = MidScale;

    /// <summary>Frames sent since construction.</summary>
    public long FrameCount { get; private set; }

    /// <summary>The reference in use.</summary>
    public ElectricPotential Reference => InternalReferenceEnabled ? InternalReference : ElectricPotential.FromVolts(_externalReferenceVolts);

    /// <summary>Encodes one 24-bit frame: <c>x x C2 C1 C0 A2 A1 A0 | D15…D8 | D7…D0</c>.</summary>
    public static void EncodeFrame(Dac8563Command command, Dac8563Address address, ushort data, Span<byte> frame)
    {
        if (frame.Length != 3)
        {
            throw new ArgumentException($"A DAC8563 frame is 3 bytes; got {frame.Length}.", nameof(frame));
        }

        frame[0] = (byte)(((byte)command << 3) | (byte)address);
        frame[1] = (byte)(data >> 8);
        frame[2] = (byte)data;
    }

    /// <summary>
    /// Puts the part in a known state: software reset of every register (outputs to mid-scale), both
    /// channels powered up, both channels' LDAC pins ignored (updates only by command), the reference
    /// and the gains (internal 2.5 V reference with gain 2: 0–5 V; external reference: gain 1).
    /// </summary>
    public void Initialize(bool useInternalReference = true)
    {
        if (!useInternalReference && _externalReferenceVolts <= 0)
        {
            throw new InvalidOperationException("DAC8563: no external reference was declared, so the internal reference must be used.");
        }

        Send(Dac8563Command.SoftwareReset, Dac8563Address.DacA, 0x0001);
        Send(Dac8563Command.PowerMode, Dac8563Address.DacA, 0x0003);
        Send(Dac8563Command.LdacRegister, Dac8563Address.DacA, 0x0003);
        Send(Dac8563Command.InternalReference, Dac8563Address.DacA, useInternalReference ? (ushort)1 : (ushort)0);
        int gain = useInternalReference ? 2 : 1;
        Send(Dac8563Command.WriteInput, Dac8563Address.Gain, gain == 2 ? (ushort)0x0000 : (ushort)0x0003);
        InternalReferenceEnabled = useInternalReference;
        GainA = gain;
        GainB = gain;
        CodeA = MidScale;
        CodeB = MidScale;
    }

    /// <summary>Writes one channel and updates its output.</summary>
    public void Write(Dac8563Channel channel, ushort code)
    {
        Send(Dac8563Command.WriteInputUpdate, channel == Dac8563Channel.A ? Dac8563Address.DacA : Dac8563Address.DacB, code);
        SetCode(channel, code);
    }

    /// <summary>Writes both channels so that the outputs change together (A's input register, then B's with update-all).</summary>
    public void WriteBoth(ushort codeA, ushort codeB)
    {
        Send(Dac8563Command.WriteInput, Dac8563Address.DacA, codeA);
        Send(Dac8563Command.WriteInputUpdateAll, Dac8563Address.DacB, codeB);
        CodeA = codeA;
        CodeB = codeB;
    }

    /// <summary>Sets the power mode of the selected channels.</summary>
    public void SetPowerMode(Dac8563PowerMode mode, bool dacA, bool dacB)
    {
        if (!dacA && !dacB)
        {
            throw new ArgumentException("Select at least one DAC channel for the power-mode command.");
        }

        ushort data = (ushort)(((int)mode << 4) | (dacB ? 2 : 0) | (dacA ? 1 : 0));
        Send(Dac8563Command.PowerMode, Dac8563Address.DacA, data);
    }

    /// <summary>The output voltage a code gives on a channel with the present reference and gain.</summary>
    public ElectricPotential OutputFor(Dac8563Channel channel, ushort code) =>
        ElectricPotential.FromVolts(code / 65536.0 * Reference.Volts * (channel == Dac8563Channel.A ? GainA : GainB));

    /// <summary>Sends one frame.</summary>
    public void Send(Dac8563Command command, Dac8563Address address, ushort data)
    {
        EncodeFrame(command, address, data, _frame);
        _spi.Write(_frame);
        FrameCount++;
    }

    private void SetCode(Dac8563Channel channel, ushort code)
    {
        if (channel == Dac8563Channel.A)
        {
            CodeA = code;
        }
        else
        {
            CodeB = code;
        }
    }

    public void Dispose()
    {
        if (_shouldDispose)
        {
            _spi.Dispose();
        }
    }
}

using System.Device.Spi;
using Station.Emulator.Buses;
using Station.Emulator.Faults;

namespace Station.Emulator.Devices;

/// <summary>What drives the analog inputs of an emulated converter: the voltage on an input at this instant.</summary>
public interface IAnalogInputs
{
    /// <summary>The voltage on input <paramref name="channel"/> now, in volts (sampled once per conversion).</summary>
    double SampleVolts(int channel);
}

/// <summary>
/// An emulated Microchip MCP3208 (12-bit, 8-channel SAR ADC) on SPI, decoded bit by bit as the chip does:
/// after chip select falls, the first 1 on DIN is the start bit; the next four bits are SGL/DIFF, D2, D1,
/// D0; the chip samples during the following clock (DIN don't care), drives a null bit (0) on the next,
/// then B11…B0 MSB first, then — if clocks continue — B1…B11 LSB first, then zeros. Before the null bit
/// DOUT is high-impedance and reads as the bus's pull-up (1). So any framing the datasheet allows works,
/// including the 3-byte one (<c>0000 01 SGL D2 | D1 D0 xx xxxx | xxxx xxxx</c>) the unmodified
/// <c>Iot.Device.Adc.Mcp3208</c> sends.
/// <para>
/// Faults: <c>no_response</c> leaves DOUT floating (reads all ones, so the null bit is 1 and the binding
/// rejects the frame). The MCP3208 has no CRC or parity, so <c>spi_crc</c> does not apply to it: a bit
/// error in the 12 data bits is undetectable on this part, and the twin does not pretend otherwise.
/// </para>
/// </summary>
public sealed class EmulatedMcp3208 : IEmulatedSpiPeripheral
{
    /// <summary>Output code range: 12 bits.</summary>
    public const int FullScaleCode = 4095;

    private readonly IAnalogInputs _inputs;
    private readonly FaultInjector? _faults;
    private readonly string _deviceId;
    private readonly Lock _gate = new();

    /// <param name="inputs">What is connected to CH0–CH7.</param>
    /// <param name="referenceVolts">VREF (3.3 V when VREF is tied to VDD on the Pi's 3.3 V rail).</param>
    /// <param name="faults">The fault schedule (optional for bench use).</param>
    /// <param name="deviceId">Pin-map id the faults are aimed at.</param>
    public EmulatedMcp3208(IAnalogInputs inputs, double referenceVolts = 3.3, FaultInjector? faults = null, string deviceId = "quad_cell_adc")
    {
        _inputs = inputs ?? throw new ArgumentNullException(nameof(inputs));
        if (!(referenceVolts > 0 && referenceVolts <= 5.5))
        {
            throw new ArgumentOutOfRangeException(nameof(referenceVolts), referenceVolts, "MCP3208 VREF must lie in (0, 5.5] V.");
        }

        ReferenceVolts = referenceVolts;
        _faults = faults;
        _deviceId = deviceId;
    }

    public string PartName => "MCP3208";

    public SpiMode Mode => SpiMode.Mode0;

    /// <summary>Datasheet: 2 MHz at VDD = 5 V, 1 MHz at 2.7 V; the Pi runs it from 3.3 V.</summary>
    public int MaxClockHz => 1_000_000;

    /// <summary>VREF in volts: one LSB is VREF / 4096.</summary>
    public double ReferenceVolts { get; }

    /// <summary>Number of conversions performed.</summary>
    public long ConversionCount { get; private set; }

    /// <summary>The channel (single-ended) or pair (differential) of the last conversion.</summary>
    public int LastChannel { get; private set; } = -1;

    /// <summary>The code the chip produces for a single-ended or differential input voltage.</summary>
    public int Quantise(double volts) =>
        (int)Math.Clamp(Math.Floor((volts / ReferenceVolts * 4096.0) + 0.5), 0, FullScaleCode);

    public void Transfer(ReadOnlySpan<byte> mosi, Span<byte> miso)
    {
        lock (_gate)
        {
            if (_faults?.IsActive(FaultKind.NoResponse, _deviceId) == true)
            {
                miso.Fill(0xFF);
                return;
            }

            miso.Clear();
            var state = Phase.WaitStart;
            int config = 0;
            int configBits = 0;
            int code = 0;
            int bit = 0;
            for (int i = 0; i < mosi.Length * 8; i++)
            {
                int din = (mosi[i >> 3] >> (7 - (i & 7))) & 1;
                int dout = 1; // high impedance: the pulled-up bus
                switch (state)
                {
                    case Phase.WaitStart:
                        if (din == 1)
                        {
                            state = Phase.Config;
                        }

                        break;
                    case Phase.Config:
                        config = (config << 1) | din;
                        if (++configBits == 4)
                        {
                            state = Phase.Sample;
                        }

                        break;
                    case Phase.Sample:
                        code = Convert(config);
                        state = Phase.Null;
                        break;
                    case Phase.Null:
                        dout = 0;
                        state = Phase.MsbFirst;
                        bit = 11;
                        break;
                    case Phase.MsbFirst:
                        dout = (code >> bit) & 1;
                        if (--bit < 0)
                        {
                            state = Phase.LsbFirst;
                            bit = 1;
                        }

                        break;
                    case Phase.LsbFirst:
                        dout = (code >> bit) & 1;
                        if (++bit > 11)
                        {
                            state = Phase.Zeros;
                        }

                        break;
                    default:
                        dout = 0;
                        break;
                }

                if (dout != 0)
                {
                    miso[i >> 3] |= (byte)(0x80 >> (i & 7));
                }
            }
        }
    }

    /// <summary>One conversion: config is SGL/DIFF, D2, D1, D0 (datasheet Table 5-2).</summary>
    private int Convert(int config)
    {
        bool singleEnded = (config & 0b1000) != 0;
        int select = config & 0b111;
        ConversionCount++;
        LastChannel = select;
        if (singleEnded)
        {
            return Quantise(_inputs.SampleVolts(select));
        }

        // Pseudo-differential: D2 D1 pick the pair, D0 which input is IN+ (0: CH2n = IN+, 1: CH2n+1 = IN+).
        int even = select & 0b110;
        bool swapped = (select & 1) != 0;
        double plus = _inputs.SampleVolts(swapped ? even + 1 : even);
        double minus = _inputs.SampleVolts(swapped ? even : even + 1);
        return Quantise(plus - minus);
    }

    private enum Phase
    {
        WaitStart,
        Config,
        Sample,
        Null,
        MsbFirst,
        LsbFirst,
        Zeros,
    }
}

using Iot.Device.Adc;
using UnitsNet;

namespace Station.Devices.QuadCell;

/// <summary>
/// A quad-cell photodiode read through an MCP3208 (the unmodified <see cref="Mcp3208"/> binding): four
/// single-ended conversions, one per quadrant, and the normalised spot position. Quadrant layout, looking
/// at the cell along the light with x to the right (+tip) and y up (+tilt):
/// <code>
///   B | A        A = CH0, B = CH1, C = CH2, D = CH3 (default; see <see cref="QuadCellChannels"/>)
///   --+--        x = ((A + D) − (B + C)) / Σ
///   C | D        y = ((A + B) − (C + D)) / Σ,   Σ = A + B + C + D
/// </code>
/// A sum under the threshold reads as <see cref="QuadCellStatus.NoSpot"/>; a channel at full scale as
/// <see cref="QuadCellStatus.Saturated"/>. The MCP3208 has no CRC: the only integrity check the part
/// allows is the null bit that precedes the data, which the binding verifies (it throws when the bit
/// is 1, e.g. when DOUT floats because the chip is absent). Such a conversion is retried up to
/// <see cref="MaxRetries"/> times per channel before the reading reports
/// <see cref="QuadCellStatus.AdcNotResponding"/>. Reading allocates nothing.
/// </summary>
public sealed class QuadCell : IDisposable
{
    /// <summary>MCP3208 full-scale code (12 bits).</summary>
    public const int FullScaleCode = 4095;

    private readonly Mcp3208 _adc;
    private readonly bool _shouldDispose;
    private readonly double _voltsPerCode;
    private readonly double _minimumSumVolts;

    /// <param name="adc">The MCP3208 the cell's amplifiers feed.</param>
    /// <param name="referenceVoltage">The ADC's VREF (one code is VREF / 4096).</param>
    /// <param name="minimumSum">Quadrant sum below which there is no spot.</param>
    /// <param name="channels">Which ADC channel each quadrant is wired to (default A–D on CH0–CH3).</param>
    /// <param name="name">Device name for messages (the pin-map id).</param>
    /// <param name="maxRetries">Extra attempts per channel after an invalid frame (0–10).</param>
    /// <param name="shouldDispose">Whether disposing this disposes <paramref name="adc"/>.</param>
    public QuadCell(
        Mcp3208 adc,
        ElectricPotential referenceVoltage,
        ElectricPotential minimumSum,
        QuadCellChannels? channels = null,
        string name = "quad_cell_adc",
        int maxRetries = 2,
        bool shouldDispose = true)
    {
        _adc = adc ?? throw new ArgumentNullException(nameof(adc));
        double vref = referenceVoltage.Volts;
        if (!(vref > 0 && vref <= 5.5))
        {
            throw new ArgumentOutOfRangeException(nameof(referenceVoltage), referenceVoltage, "The MCP3208 reference must lie in (0, 5.5] V.");
        }

        if (!(minimumSum.Volts > 0 && minimumSum.Volts < 4 * vref))
        {
            throw new ArgumentOutOfRangeException(nameof(minimumSum), minimumSum, $"The no-spot threshold must lie in (0, {4 * vref} V) (four channels of VREF {vref} V).");
        }

        if (maxRetries is < 0 or > 10)
        {
            throw new ArgumentOutOfRangeException(nameof(maxRetries), maxRetries, "Retries per channel must lie in 0–10.");
        }

        Channels = channels ?? QuadCellChannels.Default;
        Channels.Validate();
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        MaxRetries = maxRetries;
        _voltsPerCode = vref / 4096.0;
        _minimumSumVolts = minimumSum.Volts;
        _shouldDispose = shouldDispose;
    }

    /// <summary>Device name used in messages.</summary>
    public string Name { get; }

    /// <summary>ADC channel of each quadrant.</summary>
    public QuadCellChannels Channels { get; }

    /// <summary>Extra attempts per channel after an invalid frame.</summary>
    public int MaxRetries { get; }

    /// <summary>Total conversions repeated since construction.</summary>
    public long TotalRetries { get; private set; }

    /// <summary>Reads the four quadrants and computes the spot position.</summary>
    public QuadCellReading Read()
    {
        int retries = 0;
        if (!TryConvert(Channels.A, ref retries, out int a)
            || !TryConvert(Channels.B, ref retries, out int b)
            || !TryConvert(Channels.C, ref retries, out int c)
            || !TryConvert(Channels.D, ref retries, out int d))
        {
            return new QuadCellReading(QuadCellStatus.AdcNotResponding, 0, 0, 0, 0, 0, 0, 0, retries);
        }

        return Evaluate(a, b, c, d, retries);
    }

    /// <summary>The position and status for four quadrant codes (pure; exposed for tests and replay).</summary>
    public QuadCellReading Evaluate(int a, int b, int c, int d, int retries = 0)
    {
        int sum = a + b + c + d;
        double sumVolts = sum * _voltsPerCode;
        if (sumVolts < _minimumSumVolts)
        {
            return new QuadCellReading(QuadCellStatus.NoSpot, 0, 0, sumVolts, a, b, c, d, retries);
        }

        double x = ((a + d) - (double)(b + c)) / sum;
        double y = ((a + b) - (double)(c + d)) / sum;
        bool clipped = a >= FullScaleCode || b >= FullScaleCode || c >= FullScaleCode || d >= FullScaleCode;
        return new QuadCellReading(clipped ? QuadCellStatus.Saturated : QuadCellStatus.Valid, x, y, sumVolts, a, b, c, d, retries);
    }

    private bool TryConvert(int channel, ref int retries, out int code)
    {
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                code = _adc.Read(channel);
                return true;
            }
            catch (InvalidOperationException) when (attempt < MaxRetries)
            {
                // The binding found the null bit set: DOUT floated or the frame was corrupted. Convert again.
                retries++;
                TotalRetries++;
            }
            catch (InvalidOperationException)
            {
                code = 0;
                return false;
            }
        }
    }

    public void Dispose()
    {
        if (_shouldDispose)
        {
            _adc.Dispose();
        }
    }
}

/// <summary>The MCP3208 channel (0–7) each quadrant is wired to.</summary>
public sealed record QuadCellChannels(int A, int B, int C, int D)
{
    /// <summary>A–D on CH0–CH3.</summary>
    public static QuadCellChannels Default { get; } = new(0, 1, 2, 3);

    /// <summary>Throws when a channel is outside 0–7 or two quadrants share a channel.</summary>
    public void Validate()
    {
        int[] all = [A, B, C, D];
        foreach (int channel in all)
        {
            if (channel is < 0 or > 7)
            {
                throw new ArgumentOutOfRangeException(nameof(channel), channel, $"Quad-cell channels must be MCP3208 inputs 0–7; got A={A}, B={B}, C={C}, D={D}.");
            }
        }

        if (all.Distinct().Count() != 4)
        {
            throw new ArgumentException($"Each quadrant needs its own MCP3208 input; got A={A}, B={B}, C={C}, D={D}.");
        }
    }
}

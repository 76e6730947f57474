using UnitsNet;

namespace Station.Devices.GateCounter;

/// <summary>
/// One channel's inter-arrival histogram: how often the time from one detection to the next fell in each bin
/// (bin i covers [i·w, (i+1)·w)), and how often it was longer than the last bin.
/// </summary>
public sealed record InterArrivalHistogram(int Channel, Duration BinWidth, IReadOnlyList<uint> Bins, uint Overflow)
{
    /// <summary>Intervals recorded (the bins and the overflow).</summary>
    public long Total => Bins.Sum(b => (long)b) + Overflow;
}

/// <summary>The inter-arrival histogrammer of register map v1.1 (registers 0x30–0x33).</summary>
public sealed partial class GateCounterBoard
{
    /// <summary>Bins per channel (before the overflow bin).</summary>
    public const int HistogramBins = 256;

    private const uint HistogramRecord = 1u << 0;
    private const uint HistogramClear = 1u << 1;

    /// <summary>
    /// Clears every channel's inter-arrival histogram and starts recording with bins of <paramref name="binWidth"/>
    /// (0.1 ns … 10 µs in 10 ps steps). Needs board v1.1 or later.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The bin width is outside the board's range; nothing was written.</exception>
    /// <exception cref="NotSupportedException">The board is v1.0, which has no histogrammer; nothing was written.</exception>
    public void StartInterArrivalHistogram(Duration binWidth)
    {
        double units = Math.Round(binWidth.Seconds / SecondsPerGateUnit);
        if (!double.IsFinite(units) || units is < 10 or > 1_000_000)
        {
            throw new ArgumentOutOfRangeException(nameof(binWidth), binWidth, $"{DeviceName}: the histogram bin width must be 0.1 ns … 10 µs.");
        }

        RequireHistogrammer();
        WriteRegister(GateCounterRegister.HistogramControl, 0);
        WriteRegister(GateCounterRegister.HistogramBinWidth, (uint)units);
        WriteRegister(GateCounterRegister.HistogramControl, HistogramClear | HistogramRecord);
    }

    /// <summary>Stops recording; the counts stay readable.</summary>
    public void StopInterArrivalHistogram() => WriteRegister(GateCounterRegister.HistogramControl, 0);

    /// <summary>Reads channel <paramref name="channel"/>'s histogram (257 frames: the pointer advances by itself).</summary>
    public InterArrivalHistogram ReadInterArrivalHistogram(int channel)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(channel);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(channel, ChannelCount);
        var width = Duration.FromSeconds(ReadRegister(GateCounterRegister.HistogramBinWidth) * SecondsPerGateUnit);
        WriteRegister(GateCounterRegister.HistogramAddress, (uint)channel << 10);
        var bins = new uint[HistogramBins];
        for (int i = 0; i < bins.Length; i++)
        {
            bins[i] = ReadRegister(GateCounterRegister.HistogramData);
        }

        uint overflow = ReadRegister(GateCounterRegister.HistogramData);
        return new InterArrivalHistogram(channel, width, bins, overflow);
    }

    private void RequireHistogrammer()
    {
        var identity = ReadIdentity();
        if (identity.MajorVersion == 1 && identity.MinorVersion < 1)
        {
            throw new NotSupportedException($"{DeviceName} is {identity}; the inter-arrival histogram needs register map v1.1 or later.");
        }
    }
}

namespace Station.Emulator.Devices;

/// <summary>The inter-arrival histogram registers of the emulated board (register map v1.1, 0x30–0x33).</summary>
public sealed partial class EmulatedGateCounter
{
    private const byte HistogramControlAddress = 0x30;
    private const byte HistogramBinWidthAddress = 0x31;
    private const byte HistogramAddressAddress = 0x32;
    private const byte HistogramDataAddress = 0x33;
    private const uint MinBinWidth = 10;
    private const uint MaxBinWidth = 1_000_000;
    private const uint ResetBinWidth = 1_000;

    private readonly EmulatedInterArrivalHistogram _histogram = new();
    private uint _histogramBinWidth = ResetBinWidth;
    private uint _histogramAddress;

    private uint ReadHistogramRegister(byte address) => address switch
    {
        HistogramControlAddress => _histogram.Enabled ? 1u : 0u,
        HistogramBinWidthAddress => _histogramBinWidth,
        HistogramAddressAddress => _histogramAddress,
        _ => _histogram.Read((int)(_histogramAddress >> 10), (int)(_histogramAddress & 0x3FF)),
    };

    private byte WriteHistogramRegister(byte address, uint data)
    {
        switch (address)
        {
            case HistogramControlAddress:
                if ((data & ~3u) != 0)
                {
                    return NakValue;
                }

                if ((data & 2) != 0)
                {
                    _histogram.Clear();
                }

                _histogram.Enabled = (data & 1) != 0;
                return Ack;
            case HistogramBinWidthAddress:
                if (data is < MinBinWidth or > MaxBinWidth)
                {
                    return NakValue;
                }

                _histogramBinWidth = data;
                _histogram.BinWidthS = data * 1e-11;
                _histogram.Clear(); // counts binned at another width mean nothing
                return Ack;
            default:
                if ((data & ~0xFFFu) != 0 || (data & 0x3FF) >= EmulatedInterArrivalHistogram.BinsWithOverflow)
                {
                    return NakValue;
                }

                _histogramAddress = data;
                return Ack;
        }
    }

    /// <summary>A HIST_DATA read moves HIST_ADDRESS to the next bin (after the overflow bin: the next channel's bin 0).</summary>
    private void AdvanceHistogramAddress()
    {
        int channel = (int)(_histogramAddress >> 10), bin = (int)(_histogramAddress & 0x3FF) + 1;
        if (bin >= EmulatedInterArrivalHistogram.BinsWithOverflow)
        {
            bin = 0;
            channel = (channel + 1) % ChannelCount;
        }

        _histogramAddress = (uint)((channel << 10) | bin);
    }

    private void ResetHistogram()
    {
        _histogram.Enabled = false;
        _histogram.Clear();
        _histogram.BinWidthS = ResetBinWidth * 1e-11;
        _histogramBinWidth = ResetBinWidth;
        _histogramAddress = 0;
    }
}

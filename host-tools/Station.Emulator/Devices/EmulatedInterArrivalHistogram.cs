namespace Station.Emulator.Devices;

/// <summary>
/// The board's inter-arrival histogrammer (register map v1.1, registers 0x30–0x33): for every detection of a channel,
/// the time since that channel's previous detection, binned into 256 bins of a programmable width plus an overflow bin,
/// one 32-bit saturating counter per bin and channel (block RAM in the FPGA). Records only while enabled.
/// </summary>
internal sealed class EmulatedInterArrivalHistogram
{
    public const int Bins = 256;
    public const int BinsWithOverflow = Bins + 1;

    private readonly uint[] _counts = new uint[EmulatedGateCounter.ChannelCount * BinsWithOverflow];

    public bool Enabled { get; set; }

    /// <summary>Bin width in seconds.</summary>
    public double BinWidthS { get; set; } = 10e-9;

    public void Record(int channel, double intervalS)
    {
        if (!Enabled || intervalS < 0)
        {
            return;
        }

        double bin = Math.Floor(intervalS / BinWidthS);
        int index = (channel * BinsWithOverflow) + (bin >= Bins ? Bins : (int)bin);
        if (_counts[index] < uint.MaxValue)
        {
            _counts[index]++;
        }
    }

    public uint Read(int channel, int bin) => _counts[(channel * BinsWithOverflow) + bin];

    public void Clear() => Array.Clear(_counts);
}

namespace Station.Devices.GateCounter;

/// <summary>Register addresses of the gate/counter board (schematics/registers/gate-counter.md, version 1.0).</summary>
public enum GateCounterRegister : byte
{
    /// <summary>Magic 0x4743 ("GC") in bits 31–16, major version in 15–8, minor in 7–0.</summary>
    Id = 0x00,

    /// <summary>Bit 0 board enable; bits 7–4 channel enables.</summary>
    Control = 0x01,

    /// <summary>Self-clearing commands: bit 0 soft reset, bit 1 start integration, bit 2 stop integration.</summary>
    Command = 0x02,

    /// <summary>Board state (see <see cref="GateCounterStatus"/>).</summary>
    Status = 0x03,

    /// <summary>Sticky bright-light trip flags, bits 3–0; write 1 to clear.</summary>
    TripFlags = 0x04,

    /// <summary>Bit 0 open command; bits 8/9 end-position sensors (open/closed).</summary>
    Shutter = 0x05,

    /// <summary>Frames received with a bad command CRC; write 0 to clear.</summary>
    CrcErrors = 0x06,

    /// <summary>Gate repetition period in 10 ps units.</summary>
    GatePeriod = 0x07,

    /// <summary>Integration window in µs.</summary>
    WindowLength = 0x08,

    /// <summary>Channel 0 gate delay (10 ps units); channel n at <c>0x10 + 4n</c>.</summary>
    GateDelay0 = 0x10,

    /// <summary>Channel 0 gate width (10 ps units); channel n at <c>0x11 + 4n</c>.</summary>
    GateWidth0 = 0x11,

    /// <summary>Channel 0 trip threshold (counts per window); channel n at <c>0x12 + 4n</c>.</summary>
    TripThreshold0 = 0x12,

    /// <summary>Sequence number of the latest latched window; reading it fills the readout bank.</summary>
    WindowSequence = 0x20,

    /// <summary>Channel 0 counts in the readout bank; channel n at <c>0x21 + n</c>.</summary>
    WindowCount0 = 0x21,

    /// <summary>Readout bank flags: bits 3–0 gate closed during the window, bits 7–4 tripped during the window.</summary>
    WindowFlags = 0x25,

    /// <summary>v1.1: inter-arrival histogram control: bit 0 record, bit 1 clear (self-clearing).</summary>
    HistogramControl = 0x30,

    /// <summary>v1.1: histogram bin width, 10 ps units, 10 … 1 000 000 (writing it clears the histogram).</summary>
    HistogramBinWidth = 0x31,

    /// <summary>v1.1: readout pointer: bits 11–10 channel, bits 9–0 bin (0–255, 256 = overflow).</summary>
    HistogramAddress = 0x32,

    /// <summary>v1.1: the addressed bin's count; each read moves the pointer to the next bin.</summary>
    HistogramData = 0x33,
}

/// <summary>Per-channel register addresses and the acknowledge codes of the frame protocol.</summary>
public static class GateCounterRegisters
{
    /// <summary>The identity magic in <see cref="GateCounterRegister.Id"/> bits 31–16 ("GC").</summary>
    public const ushort Magic = 0x4743;

    /// <summary>The register-map major version this driver speaks.</summary>
    public const byte SupportedMajorVersion = 1;

    public const uint CommandSoftReset = 1u << 0;
    public const uint CommandStartIntegration = 1u << 1;
    public const uint CommandStopIntegration = 1u << 2;

    /// <summary>Acknowledge: executed.</summary>
    public const byte Ack = 0xA5;

    /// <summary>Acknowledge: the command's CRC did not match; nothing executed.</summary>
    public const byte NakCrc = 0x5A;

    /// <summary>Acknowledge: unknown address or a write to a read-only register; nothing executed.</summary>
    public const byte NakAddress = 0x3C;

    /// <summary>Acknowledge: value out of range or inconsistent; register unchanged.</summary>
    public const byte NakValue = 0xC3;

    public static GateCounterRegister GateDelay(int channel) => ChannelRegister(GateCounterRegister.GateDelay0, channel, 4);

    public static GateCounterRegister GateWidth(int channel) => ChannelRegister(GateCounterRegister.GateWidth0, channel, 4);

    public static GateCounterRegister TripThreshold(int channel) => ChannelRegister(GateCounterRegister.TripThreshold0, channel, 4);

    public static GateCounterRegister WindowCount(int channel) => ChannelRegister(GateCounterRegister.WindowCount0, channel, 1);

    private static GateCounterRegister ChannelRegister(GateCounterRegister first, int channel, int stride)
    {
        GateCounterBoard.ValidateChannel(channel);
        return (GateCounterRegister)((int)first + (stride * channel));
    }
}

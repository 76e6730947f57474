namespace Station.Devices.GateCounter;

/// <summary>A set of detector channels (bit n = channel n).</summary>
[Flags]
public enum GateChannels
{
    None = 0,
    Channel0 = 1 << 0,
    Channel1 = 1 << 1,
    Channel2 = 1 << 2,
    Channel3 = 1 << 3,
    All = Channel0 | Channel1 | Channel2 | Channel3,
}

/// <summary>The status byte every reply frame starts with.</summary>
[Flags]
public enum GateCounterFrameStatus : byte
{
    None = 0,
    BoardEnabled = 1 << 0,
    Integrating = 1 << 1,
    AnyTripped = 1 << 2,
    ShutterOpen = 1 << 3,
    WatchdogCut = 1 << 4,
    NewWindow = 1 << 5,
}

/// <summary>Where the detector-protection shutter is, from its end-position sensors.</summary>
public enum ShutterPosition
{
    Closed,
    Open,

    /// <summary>Neither sensor: the shutter is travelling (or stuck between).</summary>
    Moving,
}

/// <summary>The STATUS register (0x03), decoded.</summary>
public readonly record struct GateCounterStatus(uint Raw)
{
    public bool BoardEnabled => (Raw & (1u << 0)) != 0;

    public bool Integrating => (Raw & (1u << 1)) != 0;

    public bool ShutterOpen => (Raw & (1u << 2)) != 0;

    public bool ShutterClosed => (Raw & (1u << 3)) != 0;

    /// <summary>The external watchdog's cut is active: every gate is closed in hardware.</summary>
    public bool WatchdogCut => (Raw & (1u << 4)) != 0;

    /// <summary>GPIO master enables as the board sees them.</summary>
    public GateChannels MasterEnables => (GateChannels)((Raw >> 8) & 0xF);

    /// <summary>Channels whose gate is actually running (board AND channel AND GPIO AND not tripped AND not cut).</summary>
    public GateChannels GatesActive => (GateChannels)((Raw >> 12) & 0xF);

    /// <summary>Sticky bright-light trip flags.</summary>
    public GateChannels Tripped => (GateChannels)((Raw >> 16) & 0xF);

    public ShutterPosition Shutter => (ShutterOpen, ShutterClosed) switch
    {
        (true, false) => ShutterPosition.Open,
        (false, true) => ShutterPosition.Closed,
        _ => ShutterPosition.Moving,
    };

    public override string ToString() =>
        $"board {(BoardEnabled ? "enabled" : "disabled")}, {(Integrating ? "integrating" : "not integrating")}, shutter {Shutter}, "
        + $"watchdog cut {WatchdogCut}, master enables {MasterEnables}, gates active {GatesActive}, tripped {Tripped}";
}

/// <summary>Identity register contents.</summary>
public readonly record struct GateCounterIdentity(ushort Magic, byte MajorVersion, byte MinorVersion)
{
    public static GateCounterIdentity FromRegister(uint raw) => new((ushort)(raw >> 16), (byte)(raw >> 8), (byte)raw);

    public override string ToString() => $"magic 0x{Magic:X4}, version {MajorVersion}.{MinorVersion}";
}

/// <summary>
/// One latched integration window: its sequence number, the counts of the four channels and the window flags.
/// A value type so that reading windows in the count loop allocates nothing.
/// </summary>
/// <param name="Sequence">The board's window sequence number (1, 2, 3 … after integration start).</param>
/// <param name="MissedWindows">Windows latched since the previous read that were never read (0 normally).</param>
public readonly record struct GateCounterWindow(
    uint Sequence,
    uint Count0,
    uint Count1,
    uint Count2,
    uint Count3,
    GateChannels GateInterrupted,
    GateChannels TrippedInWindow,
    uint MissedWindows)
{
    /// <summary>Counts of <paramref name="channel"/> (0–3).</summary>
    public uint this[int channel] => channel switch
    {
        0 => Count0,
        1 => Count1,
        2 => Count2,
        3 => Count3,
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, "The board has channels 0-3."),
    };

    /// <summary>Whether the channel's gate ran for the whole window without a trip, so its count is a full window's.</summary>
    public bool IsComplete(int channel) => ((GateInterrupted | TrippedInWindow) & (GateChannels)(1 << channel)) == 0;
}

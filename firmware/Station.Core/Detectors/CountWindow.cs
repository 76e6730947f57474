namespace Station.Core.Detectors;

/// <summary>One channel's counts for one integration window, as the gate/counter board latched them.</summary>
/// <param name="Channel">Detector channel.</param>
/// <param name="End">When the window ended (board time mapped to the station clock).</param>
/// <param name="Counts">Counts in the window.</param>
/// <param name="GateOpenWholeWindow">The gate was open for the whole window (else the counts are partial and say nothing about the background).</param>
/// <param name="HardwareTripped">The board's own bright-light trip fired during the window.</param>
/// <param name="ExpectedBackgroundRateHz">Sky background the model expects on this channel now (0 if none is known); dark counts come from configuration.</param>
public readonly record struct CountWindow(int Channel, DateTimeOffset End, long Counts, bool GateOpenWholeWindow, bool HardwareTripped, double ExpectedBackgroundRateHz);

/// <summary>What the monitor concluded from one window.</summary>
public enum CountVerdict
{
    /// <summary>Accepted; nothing tripped.</summary>
    Normal,

    /// <summary>Accepted; the trip is latched (it tripped now or was latched before).</summary>
    Tripped,

    /// <summary>Refused as impossible data; the channel's trip state reads Faulted until a valid window arrives.</summary>
    Rejected,
}

/// <summary>The answer to an operator's trip reset.</summary>
public enum TripResetResult
{
    /// <summary>The latch is released; the next window is a probation window (a trip in it doubles the hold-off).</summary>
    Accepted,

    /// <summary>Nothing to reset.</summary>
    NotLatched,

    /// <summary>No window has ended recently enough to judge whether the cause is gone.</summary>
    NoRecentWindow,

    /// <summary>The latest window still shows the cause (over the trip threshold, saturating, or a board trip).</summary>
    CausePersists,

    /// <summary>The latest window was invalid data.</summary>
    DataFaulted,

    /// <summary>The hold-off since the last tripping window has not passed.</summary>
    HoldOff,
}

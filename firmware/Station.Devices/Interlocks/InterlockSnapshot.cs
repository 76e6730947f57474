using System.Text;

namespace Station.Devices.Interlocks;

/// <summary>Interlock conditions that forbid the uplink laser (bit set = not OK).</summary>
[Flags]
public enum InterlockFaults
{
    None = 0,

    /// <summary>The e-stop chain is open.</summary>
    EstopPressed = 1 << 0,

    /// <summary>The aircraft detector does not report "clear".</summary>
    AircraftAlarm = 1 << 1,

    /// <summary>The laser key is not ON (or its sense wire is cut).</summary>
    KeyOff = 1 << 2,

    /// <summary>The external watchdog has cut (or its status wire is cut).</summary>
    WatchdogTripped = 1 << 3,

    /// <summary>The expander carrying key and watchdog status does not answer: both count as not OK.</summary>
    ExpanderUnreadable = 1 << 4,
}

public static class InterlockFaultText
{
    /// <summary>"e-stop pressed, aircraft alarm" …; "none" for <see cref="InterlockFaults.None"/>.</summary>
    public static string Describe(InterlockFaults faults)
    {
        if (faults == InterlockFaults.None)
        {
            return "none";
        }

        var text = new StringBuilder();
        void Add(InterlockFaults flag, string words)
        {
            if ((faults & flag) != 0)
            {
                text.Append(text.Length > 0 ? ", " : "").Append(words);
            }
        }

        Add(InterlockFaults.EstopPressed, "e-stop pressed");
        Add(InterlockFaults.AircraftAlarm, "aircraft alarm");
        Add(InterlockFaults.KeyOff, "laser key off");
        Add(InterlockFaults.WatchdogTripped, "watchdog tripped");
        Add(InterlockFaults.ExpanderUnreadable, "interlock expander unreadable");
        return text.ToString();
    }
}

/// <summary>
/// The interlock inputs at one instant, each already translated through its active level ("OK" means the
/// fail-closed input reads its asserted level). When the expander cannot be read, <see cref="KeyOk"/> and
/// <see cref="WatchdogOk"/> are false and <see cref="ExpanderError"/> says why.
/// </summary>
/// <param name="ExpanderPins">Raw GPIO levels of expander pins 0–15 (GPA0 = bit 0), as read (0 when unreadable).</param>
public readonly record struct InterlockSnapshot(
    DateTimeOffset Time,
    bool EstopOk,
    bool DomeOpen,
    bool KeyOk,
    bool WatchdogOk,
    bool ExpanderReadable,
    ushort ExpanderPins,
    string? ExpanderError)
{
    /// <summary>What forbids the laser in this snapshot (the aircraft detector is the laser's own input).</summary>
    public InterlockFaults Faults =>
        (EstopOk ? InterlockFaults.None : InterlockFaults.EstopPressed)
        | (KeyOk ? InterlockFaults.None : InterlockFaults.KeyOff)
        | (WatchdogOk ? InterlockFaults.None : InterlockFaults.WatchdogTripped)
        | (ExpanderReadable ? InterlockFaults.None : InterlockFaults.ExpanderUnreadable);
}

using Station.Devices.FilterWheel;

namespace Station.Firmware.Filters;

/// <summary>What the service is doing with one wheel.</summary>
internal enum WheelPhase
{
    /// <summary>Not initialised or never homed: the service cannot tell where the wheel is.</summary>
    Unknown,
    Homing,
    Moving,

    /// <summary>The motor has stopped; the wheel is given its settle time before the gates may open.</summary>
    Settling,
    Idle,
    Faulted,
}

/// <summary>One wheel's driver and the service's bookkeeping for it (guarded by the service's lock).</summary>
internal sealed class FilterWheelUnit(int index, FilterWheelConfiguration configuration, FilterWheel driver)
{
    public int Index { get; } = index;

    public FilterWheelConfiguration Configuration { get; } = configuration;

    public FilterWheel Driver { get; } = driver;

    public string Name => Configuration.Name;

    public WheelPhase Phase { get; set; }

    /// <summary>The driver operation in progress (homing or move).</summary>
    public FilterWheelOperation? Operation { get; set; }

    /// <summary>The selection the current work belongs to.</summary>
    public FilterSelection? Selection { get; set; }

    /// <summary>The slot to turn to once homing is done (null: stay at the index).</summary>
    public string? PendingSlot { get; set; }

    /// <summary>Whether this selection homed the wheel.</summary>
    public bool HomedInSelection { get; set; }

    public int? IndexErrorMicrosteps { get; set; }

    public DateTimeOffset SettleUntil { get; set; }

    /// <summary>Backstop: the driver has its own time limits; this catches a supervisor that never reports.</summary>
    public DateTimeOffset Deadline { get; set; }

    /// <summary>The detectors' gate hold while the wheel moves (and while it is faulted).</summary>
    public IDisposable? GateHold { get; set; }

    public ITimer? Poller { get; set; }

    /// <summary>Moves in a row that did not cross the index (a slip on them is not yet checked).</summary>
    public int MovesWithoutIndexCheck { get; set; }

    /// <summary>Index of the slot in the beam (into the slot table), −1 between slots.</summary>
    public int SlotIndex { get; set; } = -1;

    /// <summary>Why the wheel is faulted (null otherwise).</summary>
    public string? Fault { get; set; }

    /// <summary>Phase and slot packed for lock-free reads by the safety loop: (phase &lt;&lt; 32) | (uint)slot.</summary>
    public long PublishedSense;

    public int SlotIndexOf(string? slot)
    {
        if (slot is null)
        {
            return -1;
        }

        for (int i = 0; i < Configuration.Slots.Count; i++)
        {
            if (string.Equals(Configuration.Slots[i].Name, slot, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    public void Publish() => Volatile.Write(ref PublishedSense, ((long)Phase << 32) | (uint)SlotIndex);
}

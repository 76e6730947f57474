namespace Station.Core.Sequencing;

/// <summary>
/// What the sequencer senses on one tick, assembled by the firmware service from the mount controller, the beacon
/// tracker and the fault monitor.
/// </summary>
public readonly record struct SequencerInputs
{
    /// <summary>Current UTC time of the tick.</summary>
    public required DateTime NowUtc { get; init; }

    /// <summary>True when the mount has arrived at (and holds) what the current demand asked for: the AOS point or park.</summary>
    public bool MountAtDemand { get; init; }

    /// <summary>The beacon tracker's state.</summary>
    public AcquisitionStatus Acquisition { get; init; }

    /// <summary>A description of the active fault (mount, device, safety), or null when none is active.</summary>
    public string? ActiveFault { get; init; }
}

namespace Station.Core.Sequencing;

/// <summary>Where the station is in its pass cycle (see <see cref="PassSequencer"/>).</summary>
public enum SequencerState
{
    /// <summary>No pass chosen; mount parked or holding; detectors and laser off.</summary>
    Idle,

    /// <summary>A pass is chosen; the mount slews to its AOS point on the planned wrap side, filters set, detectors off.</summary>
    PrePoint,

    /// <summary>At the AOS point, waiting for the satellite to rise through the mask.</summary>
    WaitAos,

    /// <summary>Tracking the prediction; the beacon tracker searches for the beacon.</summary>
    Search,

    /// <summary>The camera loop is closed on the beacon.</summary>
    CoarseLock,

    /// <summary>The quad-cell loop is closed; detectors may be gated on and the uplink fired (safety permitting).</summary>
    FineLock,

    /// <summary>The satellite has set: gates and laser off, tracker stopped, before parking or the next pass.</summary>
    Los,

    /// <summary>A fault is active: gates and laser off, mount stopped; resumes the pass when cleared if it is still on.</summary>
    Safe,

    /// <summary>Slewing to park after the last pass.</summary>
    Park,
}

/// <summary>What the mount should be doing in a sequencer state.</summary>
public enum MountDemand
{
    /// <summary>Stay where it is (stopped).</summary>
    Hold,

    /// <summary>Go to (or stay at) the park position.</summary>
    Park,

    /// <summary>Slew to the chosen pass's AOS point and wait there.</summary>
    AosPoint,

    /// <summary>Follow the planned pass trajectory.</summary>
    Track,
}

/// <summary>The acquisition tracker's state as the sequencer needs it (mirrors the Core tracker's states).</summary>
public enum AcquisitionStatus
{
    /// <summary>Not running.</summary>
    Idle,

    /// <summary>Searching or coasting without a beacon.</summary>
    Searching,

    /// <summary>Camera loop closed.</summary>
    CoarseLock,

    /// <summary>Quad-cell loop closed.</summary>
    FineLock,
}

/// <summary>
/// What the services should do in the current state. The sequencer only asks: the safety supervisor still decides
/// whether gates and the laser may be on, and the mount controller refuses what is beyond its limits.
/// </summary>
/// <param name="Mount">What the mount should do.</param>
/// <param name="AcquisitionRunning">Whether the beacon tracker should run (search, coarse and fine loops).</param>
/// <param name="DetectorsWanted">Whether the sequencer asks for the detector gates.</param>
/// <param name="UplinkWanted">Whether the sequencer asks for the uplink beacon laser.</param>
public readonly record struct SequencerDemands(MountDemand Mount, bool AcquisitionRunning, bool DetectorsWanted, bool UplinkWanted);

/// <summary>One transition: from, to, why, when (UTC). Every transition is logged and journalled.</summary>
public readonly record struct SequencerTransition(DateTime AtUtc, SequencerState From, SequencerState To, string Reason);

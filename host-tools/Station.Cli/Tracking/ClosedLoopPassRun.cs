using Station.Core.Acquisition;
using Station.Emulator.World;
using Station.Emulator.World.Disturbances;
using Station.Firmware.Acquisition;

using Station.Emulator.Truth;

namespace Station.Cli.Tracking;

/// <summary>A beacon outage <paramref name="AfterAos"/> into the pass, lasting <paramref name="Duration"/>.</summary>
public sealed record PassCloud(TimeSpan AfterAos, TimeSpan Duration);

/// <summary>A bright star placed where the true satellite is <paramref name="AfterAos"/> into the pass, plus an offset (µrad, cross-elevation and elevation).</summary>
public sealed record PassStar(TimeSpan AfterAos, double XelOffsetUrad, double ElOffsetUrad, double SignalElectrons);

/// <summary>What to fly closed-loop: the open-loop request (pass, seed, window, faults) plus the sky and the acquisition settings.</summary>
public sealed record ClosedLoopPassRequest(OpenLoopPassRequest Pass)
{
    /// <summary>The truth flies this many seconds ahead of the element set.</summary>
    public double AlongTrackSeconds { get; init; } = 2;

    public double CrossTrackMeters { get; init; }

    public IReadOnlyList<PassCloud> Clouds { get; init; } = [];

    public PassStar? Star { get; init; }

    public TurbulenceTiltParameters Turbulence { get; init; } = new();

    public MountJitterParameters Jitter { get; init; } = new();

    /// <summary>Acquisition starts this long after AOS; before it the mount tracks open-loop (tests fly windows of the pass).</summary>
    public TimeSpan AcquireFromAos { get; init; }

    /// <summary>
    /// An along-track time bias already measured earlier in the pass (seconds, as <see cref="AlongTrackSeconds"/>):
    /// the search is then a disc of one camera field around the offset it implies at the start, not the element set's
    /// error budget. Null: search the budget's region.
    /// </summary>
    public double? KnownTimeBiasSeconds { get; init; }

    /// <summary>Seed of the sky's disturbance generators.</summary>
    public int SkySeed { get; init; } = 1;

    /// <summary>Acquisition settings; null: <see cref="ClosedLoopPassRunner.DefaultAcquisitionOptions"/> for the sky's quad cell.</summary>
    public BeaconAcquisitionOptions? Acquisition { get; init; }

    /// <summary>Called after every measured frame with the service, the centroid and the sky (tests, diagnostics).</summary>
    public Action<BeaconAcquisition, CentroidResult, EmulatedBeaconSky>? FrameObserver { get; init; }
}

/// <summary>How a closed-loop pass went.</summary>
public sealed record ClosedLoopPassResult(
    OpenLoopPassResult Track,
    IReadOnlyList<string> Sky,
    SearchRegion SearchRegion,
    int SearchPoints,
    DateTimeOffset Reference,
    TrackerMetrics Metrics,
    IReadOnlyList<TrackerTransition> Transitions,
    double TrueFineRmsXelUrad,
    double TrueFineRmsElUrad,
    long TrueFineSamples,
    long FramesMeasured,
    long FineSamples,
    int CameraSwitches,
    IReadOnlyList<string> TurbulenceAlongPass,
    double FinalBeaconOffsetXUrad,
    double FinalBeaconOffsetYUrad)
{
    /// <summary>The last line of the report, exactly as scripts parse it.</summary>
    public string SummaryLine => Metrics.SummaryLine();
}

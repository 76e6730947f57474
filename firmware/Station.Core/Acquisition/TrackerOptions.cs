using System.Globalization;
using UnitsNet;

namespace Station.Core.Acquisition;

/// <summary>Acquisition and tracking states.</summary>
public enum TrackerState
{
    /// <summary>Not tracking; offsets zero, mirror centred.</summary>
    Idle,

    /// <summary>Stepping the search pattern; looking for a confirmed beacon.</summary>
    Search,

    /// <summary>Camera centroid → mount offset loop closed.</summary>
    CoarseLock,

    /// <summary>Quad-cell → mirror loop closed, mirror offloaded to the mount.</summary>
    FineLock,

    /// <summary>Beacon lost: holding the last drift rates, waiting for it to return.</summary>
    Coast,
}

/// <summary>Why the tracker changed state (or logged an event without changing it).</summary>
public enum TransitionReason
{
    Started,
    BeaconConfirmed,
    QuadCellCaptured,
    QuadCellLost,
    SignalLost,
    BeaconRecovered,
    CoastExpired,
    SearchRestarted,
    BeaconBrightnessChanged,
    SpotSizeChanged,
    Stopped,
}

/// <summary>
/// One entry of the tracker's log. <see cref="Value"/> carries the number behind the reason: the SNR for
/// confirmations and losses, seconds coasted for recoveries and expiries, the flux or size ratio for beacon changes,
/// the pass number for restarts.
/// </summary>
public readonly record struct TrackerTransition(DateTimeOffset At, TrackerState From, TrackerState To, TransitionReason Reason, double Value)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{At:HH:mm:ss.fff} {From}→{To}: {Describe()}");

    private string Describe() => Reason switch
    {
        TransitionReason.Started => "search started",
        TransitionReason.BeaconConfirmed => string.Create(CultureInfo.InvariantCulture, $"beacon confirmed (SNR {Value:F1})"),
        TransitionReason.QuadCellCaptured => "spot inside the quad-cell's linear range",
        TransitionReason.QuadCellLost => string.Create(CultureInfo.InvariantCulture, $"spot left the quad-cell's linear range (|signal| {Value:F2})"),
        TransitionReason.SignalLost => string.Create(CultureInfo.InvariantCulture, $"beacon below the SNR floor (SNR {Value:F1})"),
        TransitionReason.BeaconRecovered => string.Create(CultureInfo.InvariantCulture, $"beacon back after {Value:F2} s coasting"),
        TransitionReason.CoastExpired => string.Create(CultureInfo.InvariantCulture, $"no beacon after {Value:F2} s coasting: searching around the last offset"),
        TransitionReason.SearchRestarted => string.Create(CultureInfo.InvariantCulture, $"pattern exhausted, pass {Value:F0}"),
        TransitionReason.BeaconBrightnessChanged => string.Create(CultureInfo.InvariantCulture, $"beacon flux changed ×{Value:G3}: followed"),
        TransitionReason.SpotSizeChanged => string.Create(CultureInfo.InvariantCulture, $"spot size changed ×{Value:G3}: followed"),
        TransitionReason.Stopped => "stopped",
        _ => Reason.ToString(),
    };
}

/// <summary>Everything the tracker needs to know: the sensors' calibrations, the loops, and the lock logic's thresholds.</summary>
public sealed record TrackerOptions
{
    public CameraCalibration Camera { get; init; } = new();

    public SearchOptions Search { get; init; } = new();

    public CoarseLoopOptions Coarse { get; init; } = new();

    public FineLoopOptions Fine { get; init; } = new();

    public QuadCellCalibration QuadCell { get; init; } = new();

    /// <summary>Consecutive consistent detections that confirm the beacon (search or coast → coarse lock).</summary>
    public int ConfirmFrames { get; init; } = 2;

    /// <summary>
    /// Largest frame-to-frame movement of a confirmed beacon's mount-frame position. Stars and glints cross the field
    /// at the track rate (≥ ~2 mrad/s for LEO, ≥ 20 µrad per 10 ms frame), the beacon stays put to a few µrad.
    /// </summary>
    public Angle ConfirmGate { get; init; } = Angle.FromMicroradians(15);

    /// <summary>Radius of the position gate around the predicted spot while locked.</summary>
    public Angle TrackingGate { get; init; } = Angle.FromMicroradians(100);

    /// <summary>Absolute flux range of the beacon (ADU per frame) over every divergence mode: anything else is not it.</summary>
    public double MinimumFlux { get; init; }

    public double MaximumFlux { get; init; } = double.PositiveInfinity;

    /// <summary>A flux or spot-size step beyond this factor against the running estimate is logged as a beacon change.</summary>
    public double BeaconChangeRatio { get; init; } = 2;

    /// <summary>Consecutive frames without a valid beacon that count as losing it.</summary>
    public int LossFrames { get; init; } = 5;

    /// <summary>How long to coast on the last drift rates before searching again.</summary>
    public Duration CoastTime { get; init; } = Duration.FromSeconds(3);

    /// <summary>Growth of the position uncertainty while coasting (drift-rate error): widens the gate and the re-search.</summary>
    public RotationalSpeed CoastUncertaintyRate { get; init; } = RotationalSpeed.FromRadiansPerSecond(100e-6);

    /// <summary>Consecutive quad-cell samples inside <see cref="HandoverEnterFraction"/> of the linear range before the fine loop closes.</summary>
    public int HandoverSamples { get; init; } = 20;

    /// <summary>Fraction of the linear range the spot must be inside to hand over (hysteresis: enter &lt; exit).</summary>
    public double HandoverEnterFraction { get; init; } = 0.8;

    public double HandoverExitFraction { get; init; } = 0.95;

    /// <summary>Consecutive quad-cell samples outside the exit fraction (or below the minimum sum) that drop fine lock.</summary>
    public int FineLossSamples { get; init; } = 20;

    /// <summary>Fine residuals count towards the rms only above this elevation (the requirement is stated above 30°).</summary>
    public Angle MinimumElevationForRms { get; init; } = Angle.FromDegrees(30);

    /// <summary>Capacity of the transition log (oldest entries are overwritten beyond it).</summary>
    public int TransitionCapacity { get; init; } = 1024;

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Camera);
        ArgumentNullException.ThrowIfNull(Search);
        ArgumentNullException.ThrowIfNull(Coarse);
        ArgumentNullException.ThrowIfNull(Fine);
        ArgumentNullException.ThrowIfNull(QuadCell);
        Camera.Validate();
        string? error = this switch
        {
            _ when Search.FieldOfView.Microradians > Camera.InscribedFieldOfView.Microradians * (1 + 1e-9) =>
                $"search footprint {Search.FieldOfView.Microradians:G6} µrad exceeds the camera's inscribed field {Camera.InscribedFieldOfView.Microradians:G6} µrad: the search would leave gaps",
            _ when ConfirmFrames is < 1 or > 1000 => $"confirm frames {ConfirmFrames} must be within 1…1000",
            _ when !(ConfirmGate.Microradians > 0) || !(TrackingGate.Microradians > 0) => $"confirm gate {ConfirmGate.Microradians:G6} µrad and tracking gate {TrackingGate.Microradians:G6} µrad must be positive",
            _ when !(MinimumFlux >= 0 && MaximumFlux > MinimumFlux) => $"flux range [{MinimumFlux}, {MaximumFlux}] ADU must satisfy 0 ≤ min < max",
            _ when !(BeaconChangeRatio > 1) => $"beacon change ratio {BeaconChangeRatio} must exceed 1",
            _ when LossFrames is < 1 or > 10_000 => $"loss frames {LossFrames} must be within 1…10000",
            _ when !(CoastTime.Seconds is >= 0 and < 3600) => $"coast time {CoastTime.Seconds:G6} s must be within 0…3600 s",
            _ when !(CoastUncertaintyRate.RadiansPerSecond >= 0) => $"coast uncertainty rate {CoastUncertaintyRate.RadiansPerSecond:G6} rad/s must not be negative",
            _ when HandoverSamples < 1 || FineLossSamples < 1 => $"handover samples {HandoverSamples} and fine-loss samples {FineLossSamples} must be positive",
            _ when !(HandoverEnterFraction > 0 && HandoverEnterFraction < HandoverExitFraction && HandoverExitFraction <= 1) => $"hand-over fractions {HandoverEnterFraction} (enter) and {HandoverExitFraction} (exit) must satisfy 0 < enter < exit ≤ 1",
            _ when TransitionCapacity is < 1 or > 1_000_000 => $"transition capacity {TransitionCapacity} must be within 1…1000000",
            _ => null,
        };
        if (error is not null)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Tracker options: {error}."));
        }
    }
}

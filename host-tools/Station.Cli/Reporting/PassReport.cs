using System.Text.Json.Serialization;
using Station.Firmware.Telemetry;

namespace Station.Cli.Reporting;

/// <summary>
/// The pass report (<c>report.json</c>): what was flown, how fast it simulated, how acquisition, tracking, the detectors
/// and the safety supervisor did, and which faults happened. Built from the telemetry journal alone
/// (<see cref="PassReportBuilder"/>). Numbers that the journal cannot give are null.
/// </summary>
public sealed record PassReport
{
    [JsonPropertyName("scenario")]
    public required string Scenario { get; init; }

    [JsonPropertyName("station")]
    public required StationSection Station { get; init; }

    [JsonPropertyName("satellite")]
    public required SatelliteSection? Satellite { get; init; }

    [JsonPropertyName("pass")]
    public required PassSection? Pass { get; init; }

    [JsonPropertyName("simulated_seconds")]
    public required double? SimulatedSeconds { get; init; }

    [JsonPropertyName("wall_seconds")]
    public required double? WallSeconds { get; init; }

    [JsonPropertyName("speedup")]
    public required double? Speedup { get; init; }

    [JsonPropertyName("acquisition")]
    public required AcquisitionSection Acquisition { get; init; }

    [JsonPropertyName("tracking")]
    public required TrackingSection Tracking { get; init; }

    [JsonPropertyName("detectors")]
    public required DetectorSection Detectors { get; init; }

    [JsonPropertyName("safety")]
    public required SafetySection Safety { get; init; }

    [JsonPropertyName("faults")]
    public required IReadOnlyList<FaultEntry> Faults { get; init; }

    /// <summary>True when the pass counts as flown: fine lock reached and no safety violation.</summary>
    [JsonPropertyName("succeeded")]
    public bool Succeeded => Acquisition.FineLockAfterAosSeconds is not null && (Safety.Violations ?? 0) == 0;
}

public sealed record StationSection(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("latitude_deg")] double? LatitudeDeg,
    [property: JsonPropertyName("longitude_deg")] double? LongitudeDeg,
    [property: JsonPropertyName("height_m")] double? HeightM);

public sealed record SatelliteSection(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("catalog_number")] int CatalogNumber);

public sealed record PassSection(
    [property: JsonPropertyName("aos_utc")] DateTime AosUtc,
    [property: JsonPropertyName("tca_utc")] DateTime TcaUtc,
    [property: JsonPropertyName("los_utc")] DateTime LosUtc,
    [property: JsonPropertyName("max_elevation_deg")] double MaxElevationDeg);

/// <summary>Lock times count from AOS; null when the lock never came.</summary>
public sealed record AcquisitionSection(
    [property: JsonPropertyName("coarse_lock_after_aos_s")] double? CoarseLockAfterAosSeconds,
    [property: JsonPropertyName("fine_lock_after_aos_s")] double? FineLockAfterAosSeconds,
    [property: JsonPropertyName("reacquisitions")] int Reacquisitions);

/// <summary>
/// Residual RMS per axis (the quadratic mean of the cross-elevation and elevation RMS), µrad, over the mount samples in
/// that tracker state; the lock fraction is the share of samples between AOS and LOS in fine lock.
/// </summary>
public sealed record TrackingSection(
    [property: JsonPropertyName("fine_residual_rms_urad")] double? FineResidualRmsUrad,
    [property: JsonPropertyName("fine_residual_rms_xel_urad")] double? FineResidualRmsCrossElevationUrad,
    [property: JsonPropertyName("fine_residual_rms_el_urad")] double? FineResidualRmsElevationUrad,
    [property: JsonPropertyName("coarse_residual_rms_urad")] double? CoarseResidualRmsUrad,
    [property: JsonPropertyName("fine_lock_fraction")] double? FineLockFraction,
    [property: JsonPropertyName("mount_samples")] int MountSamples);

/// <summary>
/// Counts summed over every channel and every window with the gate on. Dark counts are the dark-count rate (from the
/// run summary) times the gated time; signal counts are the rest.
/// </summary>
public sealed record DetectorSection(
    [property: JsonPropertyName("signal_counts")] double SignalCounts,
    [property: JsonPropertyName("expected_signal_counts")] double? ExpectedSignalCounts,
    [property: JsonPropertyName("dark_counts")] double? DarkCounts,
    [property: JsonPropertyName("gated_channel_seconds")] double GatedChannelSeconds,
    [property: JsonPropertyName("trips")] int Trips);

/// <summary>Violations seen on the hardware side (null when nobody observed them), and the audit-trail entries.</summary>
public sealed record SafetySection(
    [property: JsonPropertyName("violations")] int? Violations,
    [property: JsonPropertyName("events")] int Events);

public sealed record FaultEntry(
    [property: JsonPropertyName("at_utc")] DateTime AtUtc,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("message")] string Message);

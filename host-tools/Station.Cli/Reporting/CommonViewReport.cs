using System.Text.Json.Serialization;

namespace Station.Cli.Reporting;

/// <summary>
/// The joint report of a two-station (common-view) run (<c>report.json</c> at the top of the output): each station's
/// outcome (its own full report is in its folder) and the time both were in fine lock at once — the window in which
/// entangled photon pairs can be shared. Built from the two telemetry journals alone.
/// </summary>
public sealed record CommonViewReport
{
    [JsonPropertyName("scenario")]
    public required string Scenario { get; init; }

    [JsonPropertyName("satellite")]
    public required SatelliteSection? Satellite { get; init; }

    [JsonPropertyName("stations")]
    public required IReadOnlyList<CommonViewStationSection> Stations { get; init; }

    /// <summary>When both stations had the satellite between AOS and LOS (their passes' overlap).</summary>
    [JsonPropertyName("common_view")]
    public required IntervalSection? CommonView { get; init; }

    [JsonPropertyName("both_fine_lock_s")]
    public required double BothFineLockSeconds { get; init; }

    [JsonPropertyName("both_fine_lock_fraction_of_common_view")]
    public required double? BothFineLockFraction { get; init; }

    [JsonPropertyName("both_fine_lock_windows")]
    public required IReadOnlyList<IntervalSection> BothFineLockWindows { get; init; }

    [JsonPropertyName("simulated_seconds")]
    public required double? SimulatedSeconds { get; init; }

    [JsonPropertyName("wall_seconds")]
    public required double? WallSeconds { get; init; }

    [JsonPropertyName("speedup")]
    public required double? Speedup { get; init; }

    /// <summary>Both stations flew their pass (fine lock, no safety violation) and were in fine lock together.</summary>
    [JsonPropertyName("succeeded")]
    public bool Succeeded => Stations.All(s => s.Succeeded) && BothFineLockSeconds > 0;
}

/// <summary>One station's outcome in a common-view run; <c>directory</c> holds its telemetry, report and plots.</summary>
public sealed record CommonViewStationSection(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("directory")] string Directory,
    [property: JsonPropertyName("pass")] PassSection? Pass,
    [property: JsonPropertyName("fine_lock_after_aos_s")] double? FineLockAfterAosSeconds,
    [property: JsonPropertyName("fine_lock_s")] double FineLockSeconds,
    [property: JsonPropertyName("fine_lock_fraction")] double? FineLockFraction,
    [property: JsonPropertyName("fine_residual_rms_urad")] double? FineResidualRmsUrad,
    [property: JsonPropertyName("signal_counts")] double SignalCounts,
    [property: JsonPropertyName("safety_violations")] int? SafetyViolations,
    [property: JsonPropertyName("succeeded")] bool Succeeded);

public sealed record IntervalSection(
    [property: JsonPropertyName("start_utc")] DateTime StartUtc,
    [property: JsonPropertyName("end_utc")] DateTime EndUtc,
    [property: JsonPropertyName("duration_s")] double DurationSeconds)
{
    public static IntervalSection From(TimeInterval interval) => new(interval.Start.UtcDateTime, interval.End.UtcDateTime, interval.Duration.TotalSeconds);
}

/// <summary>A half-open interval of time.</summary>
public readonly record struct TimeInterval(DateTimeOffset Start, DateTimeOffset End)
{
    public TimeSpan Duration => End - Start;

    /// <summary>The intervals in which both lists hold (each list sorted and non-overlapping).</summary>
    public static IReadOnlyList<TimeInterval> Intersect(IReadOnlyList<TimeInterval> a, IReadOnlyList<TimeInterval> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var both = new List<TimeInterval>();
        int i = 0, j = 0;
        while (i < a.Count && j < b.Count)
        {
            var start = a[i].Start > b[j].Start ? a[i].Start : b[j].Start;
            var end = a[i].End < b[j].End ? a[i].End : b[j].End;
            if (end > start)
            {
                both.Add(new TimeInterval(start, end));
            }

            if (a[i].End <= b[j].End)
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return both;
    }
}

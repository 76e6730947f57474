using System.Text.Json;
using System.Text.Json.Serialization;

namespace Station.Firmware.Telemetry;

/// <summary>What ran: the scenario (or "station" on hardware), the site and the seed. Written once at start.</summary>
public sealed record RunInfo(
    [property: JsonPropertyName("scenario")] string Scenario,
    [property: JsonPropertyName("station")] string StationName,
    [property: JsonPropertyName("latitude_deg")] double LatitudeDeg,
    [property: JsonPropertyName("longitude_deg")] double LongitudeDeg,
    [property: JsonPropertyName("height_m")] double HeightM,
    [property: JsonPropertyName("seed")] int? Seed);

/// <summary>The pass the sequencer chose to fly. Written when it is chosen.</summary>
public sealed record PassInfo(
    [property: JsonPropertyName("catalog_number")] int CatalogNumber,
    [property: JsonPropertyName("satellite")] string Satellite,
    [property: JsonPropertyName("aos_utc")] DateTime AosUtc,
    [property: JsonPropertyName("tca_utc")] DateTime TcaUtc,
    [property: JsonPropertyName("los_utc")] DateTime LosUtc,
    [property: JsonPropertyName("max_elevation_deg")] double MaxElevationDeg);

/// <summary>
/// How a run ended, written once at the end by whoever ran it: simulated and wall time, and what only the emulator
/// knows (signal counts its photons should give, the dark-count rate of each detector channel, safety violations it
/// saw on the emulated hardware).
/// Null where unknown (on hardware).
/// </summary>
public sealed record RunSummary(
    [property: JsonPropertyName("simulated_seconds")] double SimulatedSeconds,
    [property: JsonPropertyName("wall_seconds")] double WallSeconds,
    [property: JsonPropertyName("expected_signal_counts")] double? ExpectedSignalCounts,
    [property: JsonPropertyName("dark_count_rate_hz")] double? DarkCountRateHz,
    [property: JsonPropertyName("safety_violations")] int? SafetyViolations);

/// <summary>
/// Run metadata kept in the telemetry journal's <c>events</c> table as JSON messages, so that the pass report can be
/// rebuilt from the database alone: source <c>run</c>, kinds <c>run_info</c>, <c>pass_chosen</c>, <c>run_summary</c>.
/// A fault is any event of kind <c>fault</c>; a safety violation seen by an observer of the hardware, kind
/// <c>safety_violation</c>.
/// </summary>
public static class RunJournal
{
    public const string Source = "run";
    public const string RunInfoKind = "run_info";
    public const string PassChosenKind = "pass_chosen";
    public const string SummaryKind = "run_summary";
    public const string FaultKind = "fault";
    public const string SafetyViolationKind = "safety_violation";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    public static EventRecord Record(DateTimeOffset time, RunInfo info) => new(time, Source, RunInfoKind, JsonSerializer.Serialize(info, Json));

    public static EventRecord Record(DateTimeOffset time, PassInfo pass) => new(time, Source, PassChosenKind, JsonSerializer.Serialize(pass, Json));

    public static EventRecord Record(DateTimeOffset time, RunSummary summary) => new(time, Source, SummaryKind, JsonSerializer.Serialize(summary, Json));

    /// <summary>The last record of <paramref name="kind"/> in <paramref name="events"/>, or null when there is none.</summary>
    /// <exception cref="TelemetryDatabaseException">The record is not valid JSON of the expected shape.</exception>
    public static T? Last<T>(IReadOnlyList<EventRecord> events, string kind)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(events);
        for (int i = events.Count - 1; i >= 0; i--)
        {
            if (events[i].Source == Source && events[i].Kind == kind)
            {
                try
                {
                    return JsonSerializer.Deserialize<T>(events[i].Message, Json)
                        ?? throw new TelemetryDatabaseException($"events: the {kind} record at {events[i].Time:O} is null");
                }
                catch (JsonException exception)
                {
                    throw new TelemetryDatabaseException($"events: the {kind} record at {events[i].Time:O} is not valid: {exception.Message}", exception);
                }
            }
        }

        return null;
    }
}

using System.Globalization;

namespace Station.Firmware.Telemetry;

/// <summary>
/// Counters of a telemetry sink. <see cref="Accepted"/> = written + lost + still queued; dropped records were never
/// queued (the queue was full). <see cref="DroppedByKind"/> is indexed by <see cref="TelemetryKind"/>.
/// </summary>
public sealed record TelemetryStatistics(
    long Accepted,
    long Written,
    long Lost,
    long BatchesCommitted,
    long BatchesFailed,
    long FlushTicksSkipped,
    IReadOnlyList<long> DroppedByKind)
{
    public long TotalDropped => DroppedByKind.Sum();

    public long Dropped(TelemetryKind kind) => DroppedByKind[(int)kind];

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"accepted {Accepted}, written {Written}, dropped {TotalDropped}, lost {Lost}, batches {BatchesCommitted} committed / {BatchesFailed} failed, flush ticks skipped {FlushTicksSkipped}");
}

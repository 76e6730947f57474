using Station.Core.Acquisition;
using Station.Firmware.Telemetry;

namespace Station.Cli.Reporting;

/// <summary>Builds the <see cref="CommonViewReport"/> from each station's journal and report.</summary>
public static class CommonViewReportBuilder
{
    /// <summary>
    /// A gap between fine-lock mount samples longer than this ends a fine-lock interval (samples come every 10 ms; a
    /// lost sample or two does not break the lock, a reacquisition does).
    /// </summary>
    public static readonly TimeSpan MaxSampleGap = TimeSpan.FromMilliseconds(50);

    /// <param name="stations">Each station: its folder (relative to the joint report), journal and report.</param>
    public static CommonViewReport Build(IReadOnlyList<(string Directory, TelemetryDatabase Database, PassReport Report)> stations)
    {
        ArgumentNullException.ThrowIfNull(stations);
        if (stations.Count != 2)
        {
            throw new ArgumentException($"a common-view report needs two stations; got {stations.Count}", nameof(stations));
        }

        var locks = stations.Select(s => FineLockIntervals(s.Database)).ToList();
        var both = TimeInterval.Intersect(locks[0], locks[1]);
        var passes = stations.Select(s => s.Report.Pass).ToList();
        TimeInterval? commonView = passes[0] is { } a && passes[1] is { } b && Overlap(a, b) is { } overlap ? overlap : null;
        double bothSeconds = both.Sum(i => i.Duration.TotalSeconds);
        var first = stations[0].Report;
        double? simulated = stations.Max(s => s.Report.SimulatedSeconds);
        double? wall = stations.Max(s => s.Report.WallSeconds);
        return new CommonViewReport
        {
            Scenario = first.Scenario,
            Satellite = first.Satellite,
            Stations = [.. stations.Select((s, i) => new CommonViewStationSection(
                s.Report.Station.Name, s.Directory, s.Report.Pass, s.Report.Acquisition.FineLockAfterAosSeconds,
                locks[i].Sum(l => l.Duration.TotalSeconds), s.Report.Tracking.FineLockFraction, s.Report.Tracking.FineResidualRmsUrad,
                s.Report.Detectors.SignalCounts, s.Report.Safety.Violations, s.Report.Succeeded))],
            CommonView = commonView is { } window ? IntervalSection.From(window) : null,
            BothFineLockSeconds = bothSeconds,
            BothFineLockFraction = commonView is { Duration.TotalSeconds: > 0 } w ? bothSeconds / w.Duration.TotalSeconds : null,
            BothFineLockWindows = [.. both.Select(IntervalSection.From)],
            SimulatedSeconds = simulated,
            WallSeconds = wall,
            Speedup = simulated is { } sim && wall is > 0 ? sim / wall : null,
        };
    }

    /// <summary>The intervals in which the station's tracker reported fine lock, from its mount samples.</summary>
    public static IReadOnlyList<TimeInterval> FineLockIntervals(TelemetryDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        var intervals = new List<TimeInterval>();
        if (database.MountSampleSpan() is not { } span)
        {
            return intervals;
        }

        DateTimeOffset? start = null, last = null;
        foreach (var sample in database.ReadMountSamples(span.First, span.Last))
        {
            bool fine = sample.TrackerState == TrackerState.FineLock;
            if (start is not null && (!fine || sample.Time - last!.Value > MaxSampleGap))
            {
                intervals.Add(new TimeInterval(start.Value, last!.Value));
                start = null;
            }

            if (fine)
            {
                start ??= sample.Time;
                last = sample.Time;
            }
        }

        if (start is not null)
        {
            intervals.Add(new TimeInterval(start.Value, last!.Value));
        }

        return intervals;
    }

    private static TimeInterval? Overlap(PassSection a, PassSection b)
    {
        var start = a.AosUtc > b.AosUtc ? a.AosUtc : b.AosUtc;
        var end = a.LosUtc < b.LosUtc ? a.LosUtc : b.LosUtc;
        return end > start ? new TimeInterval(new DateTimeOffset(start, TimeSpan.Zero), new DateTimeOffset(end, TimeSpan.Zero)) : null;
    }
}

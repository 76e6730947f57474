using Station.Core.Acquisition;
using Station.Firmware.Telemetry;

namespace Station.Cli.Reporting;

/// <summary>Computes the <see cref="PassReport"/> from a telemetry journal alone.</summary>
public static class PassReportBuilder
{
    private static readonly DateTimeOffset Beginning = DateTimeOffset.UnixEpoch;
    private static readonly DateTimeOffset End = new(2200, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static PassReport Build(TelemetryDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        var events = database.ReadEvents();
        var run = RunJournal.Last<RunInfo>(events, RunJournal.RunInfoKind);
        var pass = RunJournal.Last<PassInfo>(events, RunJournal.PassChosenKind);
        var summary = RunJournal.Last<RunSummary>(events, RunJournal.SummaryKind);
        var mount = database.ReadMountSamples(Beginning, End);
        var detectors = database.ReadDetectorSamples(Beginning, End);
        var audit = database.ReadAudit();

        DateTimeOffset? aos = pass is null ? (mount.Count > 0 ? mount[0].Time : null) : new DateTimeOffset(pass.AosUtc, TimeSpan.Zero);
        DateTimeOffset? los = pass is null ? (mount.Count > 0 ? mount[^1].Time : null) : new DateTimeOffset(pass.LosUtc, TimeSpan.Zero);
        int observedViolations = events.Count(e => e.Kind == RunJournal.SafetyViolationKind);
        int? violations = summary?.SafetyViolations is { } counted ? Math.Max(counted, observedViolations) : (observedViolations > 0 ? observedViolations : null);

        return new PassReport
        {
            Scenario = run?.Scenario ?? Path.GetFileNameWithoutExtension(database.DatabasePath),
            Station = run is null ? new StationSection("unknown", null, null, null) : new StationSection(run.StationName, run.LatitudeDeg, run.LongitudeDeg, run.HeightM),
            Satellite = pass is null ? null : new SatelliteSection(pass.Satellite, pass.CatalogNumber),
            Pass = pass is null ? null : new PassSection(pass.AosUtc, pass.TcaUtc, pass.LosUtc, pass.MaxElevationDeg),
            SimulatedSeconds = summary?.SimulatedSeconds,
            WallSeconds = summary?.WallSeconds,
            Speedup = summary is { WallSeconds: > 0 } s ? s.SimulatedSeconds / s.WallSeconds : null,
            Acquisition = Acquisition(mount, aos),
            Tracking = Tracking(mount, aos, los),
            Detectors = Detectors(detectors, summary),
            Safety = new SafetySection(violations, audit.Count),
            Faults = [.. events.Where(e => e.Kind == RunJournal.FaultKind).Select(e => new FaultEntry(e.Time.UtcDateTime, e.Source, e.Message))],
        };
    }

    private static AcquisitionSection Acquisition(IReadOnlyList<MountSample> mount, DateTimeOffset? aos)
    {
        double? coarse = null, fine = null;
        int reacquisitions = 0;
        bool locked = false, wasLocked = false;
        foreach (var sample in mount)
        {
            bool nowLocked = sample.TrackerState is TrackerState.CoarseLock or TrackerState.FineLock;
            if (nowLocked && aos is { } start)
            {
                coarse ??= (sample.Time - start).TotalSeconds;
                if (sample.TrackerState == TrackerState.FineLock)
                {
                    fine ??= (sample.Time - start).TotalSeconds;
                }
            }

            if (nowLocked && !locked && wasLocked)
            {
                reacquisitions++;
            }

            wasLocked |= nowLocked;
            locked = nowLocked;
        }

        return new AcquisitionSection(coarse, fine, reacquisitions);
    }

    private static TrackingSection Tracking(IReadOnlyList<MountSample> mount, DateTimeOffset? aos, DateTimeOffset? los)
    {
        var fine = new RmsAccumulator();
        var coarse = new RmsAccumulator();
        int inPass = 0, inFine = 0;
        foreach (var sample in mount)
        {
            if (sample.TrackerState == TrackerState.FineLock)
            {
                fine.Add(sample.ResidualCrossElevationUrad, sample.ResidualElevationUrad);
            }
            else if (sample.TrackerState == TrackerState.CoarseLock)
            {
                coarse.Add(sample.ResidualCrossElevationUrad, sample.ResidualElevationUrad);
            }

            if (aos is { } start && los is { } end && sample.Time >= start && sample.Time <= end)
            {
                inPass++;
                inFine += sample.TrackerState == TrackerState.FineLock ? 1 : 0;
            }
        }

        return new TrackingSection(fine.PerAxis, fine.CrossElevation, fine.Elevation, coarse.PerAxis,
            inPass > 0 ? (double)inFine / inPass : null, mount.Count);
    }

    private static DetectorSection Detectors(IReadOnlyList<DetectorSample> windows, RunSummary? summary)
    {
        double counts = 0, gatedSeconds = 0;
        int trips = 0, previousTripMask = 0;
        foreach (var window in windows)
        {
            var perChannel = window.Counts;
            for (int channel = 0; channel < window.ChannelCount; channel++)
            {
                if (window.GateOn(channel))
                {
                    counts += perChannel[channel];
                    gatedSeconds += window.WindowSeconds;
                }
            }

            trips += System.Numerics.BitOperations.PopCount((uint)(window.TrippedMask & ~previousTripMask));
            previousTripMask = window.TrippedMask;
        }

        double? dark = summary?.DarkCountRateHz is { } rate ? rate * gatedSeconds : null;
        return new DetectorSection(counts - (dark ?? 0), summary?.ExpectedSignalCounts, dark, gatedSeconds, trips);
    }

    /// <summary>RMS of two residual components over the finite samples.</summary>
    private struct RmsAccumulator
    {
        private double _sumXel;
        private double _sumEl;
        private int _count;

        public void Add(double xel, double el)
        {
            if (double.IsFinite(xel) && double.IsFinite(el))
            {
                _sumXel += xel * xel;
                _sumEl += el * el;
                _count++;
            }
        }

        public readonly double? CrossElevation => _count > 0 ? Math.Sqrt(_sumXel / _count) : null;

        public readonly double? Elevation => _count > 0 ? Math.Sqrt(_sumEl / _count) : null;

        public readonly double? PerAxis => _count > 0 ? Math.Sqrt((_sumXel + _sumEl) / (2.0 * _count)) : null;
    }
}

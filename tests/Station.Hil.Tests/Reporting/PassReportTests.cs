using System.Text.Json;
using Station.Cli;
using Station.Cli.Reporting;
using Station.Core.Acquisition;
using Station.Core.Safety;
using Station.Core.Timing;
using Station.Firmware.Telemetry;
using Station.Hil.Tests.Telemetry;

namespace Station.Hil.Tests.Reporting;

/// <summary>
/// The pass report rebuilt from a journal whose every number is known: a 100 s synthetic pass sampled at 10 Hz —
/// search for 2 s, coarse lock for 1 s, fine lock, a 3 s drop to coarse lock at 50 s (one re-acquisition), fine
/// lock to LOS — with two channels gated on in fine lock and a trip on channel 1.
/// </summary>
public sealed class PassReportTests : IDisposable
{
    private static readonly DateTimeOffset Aos = new(2016, 12, 29, 17, 54, 57, TimeSpan.Zero);
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Every_report_number_comes_from_the_journal()
    {
        string database = await WriteSyntheticPass(_directory.File(PassReportWriter.TelemetryFileName));
        using var db = TelemetryDatabase.Open(database);
        var report = PassReportBuilder.Build(db);

        Assert.Equal("synthetic", report.Scenario);
        Assert.Equal(new StationSection("delingha", 37.378, 97.729, 3153), report.Station);
        Assert.Equal(new SatelliteSection("MICIUS", 41731), report.Satellite);
        Assert.Equal(100.0, report.Pass!.LosUtc.Subtract(report.Pass.AosUtc).TotalSeconds);
        Assert.Equal(2.0, report.Acquisition.CoarseLockAfterAosSeconds!.Value, 9);
        Assert.Equal(3.0, report.Acquisition.FineLockAfterAosSeconds!.Value, 9);
        Assert.Equal(1, report.Acquisition.Reacquisitions); // the drop to search at 50 s and back
        Assert.Equal(0.6, report.Tracking.FineResidualRmsCrossElevationUrad!.Value, 9);
        Assert.Equal(0.8, report.Tracking.FineResidualRmsElevationUrad!.Value, 9);
        Assert.Equal(Math.Sqrt((0.36 + 0.64) / 2), report.Tracking.FineResidualRmsUrad!.Value, 9);
        Assert.Equal(20.0, report.Tracking.CoarseResidualRmsUrad!.Value, 9);
        int fineSamples = 1001 - 30 - 30;                                      // 0..100 s inclusive, minus 3 s before lock and the 3 s gap
        Assert.Equal(fineSamples / 1001.0, report.Tracking.FineLockFraction!.Value, 9);
        double gated = 2 * fineSamples * 0.1 - 0.1 * 20;                        // channel 1 off for 2 s after its trip
        Assert.Equal(gated, report.Detectors.GatedChannelSeconds, 6);
        Assert.Equal(100.0 * gated, report.Detectors.DarkCounts!.Value, 6);      // 100 Hz dark rate per channel
        Assert.Equal(1000.0 * gated, report.Detectors.SignalCounts, 6);          // 1,100 counts/s gated minus dark
        Assert.Equal(1, report.Detectors.Trips);
        Assert.Equal(0, report.Safety.Violations);
        Assert.Equal(2, report.Safety.Events);
        Assert.Single(report.Faults);
        Assert.Equal(120.0 / 6.0, report.Speedup!.Value, 9);
        Assert.True(report.Succeeded);
    }

    [Fact]
    public async Task Stationctl_report_writes_the_json_and_four_readable_plots()
    {
        await WriteSyntheticPass(_directory.File(PassReportWriter.TelemetryFileName));
        var (code, output, error) = Run("report", _directory.Path);

        Assert.True(code == 0, error);
        Assert.Contains("fine lock 3.00 s after AOS", output, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(File.ReadAllText(_directory.File(PassReportWriter.ReportFileName)));
        var root = json.RootElement;
        foreach (var key in new[] { "scenario", "station", "satellite", "pass", "simulated_seconds", "wall_seconds", "speedup", "acquisition", "tracking", "detectors", "safety", "faults" })
        {
            Assert.True(root.TryGetProperty(key, out _), "report.json lacks " + key);
        }

        Assert.Equal(3.0, root.GetProperty("acquisition").GetProperty("fine_lock_after_aos_s").GetDouble(), 9);
        Assert.Equal("2016-12-29T17:54:57Z", root.GetProperty("pass").GetProperty("aos_utc").GetString());
        foreach (var plot in new[] { PassPlots.SkyTrack, PassPlots.Pointing, PassPlots.Residuals, PassPlots.Counts })
        {
            var bytes = File.ReadAllBytes(_directory.File(plot));
            Assert.True(bytes.Length > 10_000, plot + " is suspiciously small");
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
        }
    }

    [Fact]
    public void A_directory_without_a_journal_is_refused_naming_it()
    {
        var (code, _, error) = Run("report", _directory.Path);
        Assert.Equal(2, code);
        Assert.Contains(_directory.Path, error, StringComparison.Ordinal);
        Assert.Contains("has no telemetry.sqlite", error, StringComparison.Ordinal);
        Assert.False(File.Exists(_directory.File(PassReportWriter.ReportFileName)));
    }

    private static async Task<string> WriteSyntheticPass(string path)
    {
        var time = new SimulatedTimeProvider(Aos.AddSeconds(-1));
        await using (var writer = new SqliteTelemetryWriter(new TelemetryOptions { DatabasePath = path }, time))
        {
            writer.WriteEvent(RunJournal.Record(Aos.AddSeconds(-1), new RunInfo("synthetic", "delingha", 37.378, 97.729, 3153, 7)));
            writer.WriteEvent(RunJournal.Record(Aos.AddSeconds(-1), new PassInfo(41731, "MICIUS", Aos.UtcDateTime, Aos.AddSeconds(50).UtcDateTime, Aos.AddSeconds(100).UtcDateTime, 63.5)));
            for (int i = 0; i <= 1000; i++)
            {
                double t = i * 0.1;
                var state = t < 2 - 1e-9 ? TrackerState.Search
                    : t < 3 - 1e-9 ? TrackerState.CoarseLock
                    : t is >= 50 - 1e-9 and < 51 - 1e-9 ? TrackerState.Search
                    : t is >= 51 - 1e-9 and < 53 - 1e-9 ? TrackerState.CoarseLock
                    : TrackerState.FineLock;
                var (xel, el) = state switch
                {
                    TrackerState.FineLock => (i % 2 == 0 ? 0.6 : -0.6, i % 2 == 0 ? -0.8 : 0.8),
                    TrackerState.CoarseLock => (20.0, 20.0),
                    _ => (double.NaN, double.NaN),
                };
                var at = Aos.AddSeconds(t);
                writer.WriteMount(new MountSample(at, 100 + (t * 0.5), 20 + (t * 0.4), 100 + (t * 0.5) + 1e-4, 20 + (t * 0.4) - 1e-4, xel, el, state));
                bool fine = state == TrackerState.FineLock;
                bool channel1Tripped = t is >= 70 - 1e-9 and < 72 - 1e-9;
                var counts = default(ChannelArray<uint>);
                counts[0] = fine ? 110u : 10u;
                counts[1] = fine && !channel1Tripped ? 110u : 10u;
                int gates = fine ? (channel1Tripped ? 0b01 : 0b11) : 0;
                writer.WriteDetector(new DetectorSample(at, 0.1, 2, counts, gates, channel1Tripped ? 0b10 : 0));
                writer.WriteOptics(new OpticsSample(at, fine ? 1 : (t < 1 ? -1 : 0), 0, fine, fine, 0, 0));
            }

            writer.WriteAudit(new AuditRecord(Aos.AddSeconds(3), PermissionKind.DetectorGate, 0, false, true, SafetyReason.None, SafetyReason.None, SafetyReason.FilterWheelMoving, SafetyInputs.None));
            writer.WriteAudit(new AuditRecord(Aos.AddSeconds(70), PermissionKind.DetectorGate, 1, true, false, SafetyReason.TripLatched, SafetyReason.TripLatched, SafetyReason.None, SafetyInputs.TripState));
            writer.WriteEvent(new EventRecord(Aos.AddSeconds(40), "faults", RunJournal.FaultKind, "spi_crc on az_encoder for 1 s"));
            writer.WriteEvent(RunJournal.Record(Aos.AddSeconds(100), new RunSummary(120, 6, 5000, 100, 0)));
            await writer.FlushAsync();
        }

        return path;
    }

    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = StationCli.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}

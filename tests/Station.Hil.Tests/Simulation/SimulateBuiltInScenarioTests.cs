using Station.Cli;
using Station.Cli.Reporting;
using Station.Core.Acquisition;
using Station.Firmware.Telemetry;
using Station.Hil.Tests.Telemetry;
using Xunit.Abstractions;

namespace Station.Hil.Tests.Simulation;

/// <summary>
/// <c>stationctl simulate</c> with no scenario: the built-in Micius pass over Delingha flown by the whole firmware host
/// on the emulated station. One run (about a minute of wall time in a Debug build) shared by the assertions.
/// </summary>
public sealed class SimulateBuiltInScenarioTests(SimulateBuiltInScenarioTests.Run run, ITestOutputHelper output) : IClassFixture<SimulateBuiltInScenarioTests.Run>
{
    [Fact]
    public void The_pass_succeeds_with_coarse_and_fine_lock_and_no_safety_violation()
    {
        output.WriteLine(run.Output);
        Assert.True(run.Code == 0, run.Error);
        var report = run.Report;
        Assert.InRange(report.Acquisition.CoarseLockAfterAosSeconds!.Value, 0, 5);
        Assert.InRange(report.Acquisition.FineLockAfterAosSeconds!.Value - report.Acquisition.CoarseLockAfterAosSeconds!.Value, 0, 1);
        Assert.InRange(report.Tracking.FineResidualRmsUrad!.Value, 0, 1);
        Assert.InRange(report.Tracking.FineLockFraction!.Value, 0.95, 1);
        Assert.Equal(0, report.Safety.Violations);
        Assert.True(report.Safety.Events > 0, "the audit trail should record the gates opening and closing");
        Assert.Equal("micius-delingha", report.Scenario);
        Assert.Equal(41731, report.Satellite!.CatalogNumber);
    }

    [Fact]
    public void The_detectors_count_the_downlink_as_expected_and_were_gated_on_only_in_fine_lock()
    {
        var detectors = run.Report.Detectors;
        Assert.InRange(detectors.SignalCounts / detectors.ExpectedSignalCounts!.Value, 0.9, 1.1);
        using var db = TelemetryDatabase.Open(Path.Combine(run.Directory, PassReportWriter.TelemetryFileName));
        var all = (From: DateTimeOffset.UnixEpoch, To: DateTimeOffset.MaxValue.AddYears(-1));
        var mount = db.ReadMountSamples(all.From, all.To);
        var windows = db.ReadDetectorSamples(all.From, all.To).Where(w => w.GateOnMask != 0).ToList();
        Assert.NotEmpty(windows);
        int index = 0;
        foreach (var window in windows)
        {
            // The mask is the gates as the safety loop left them when it read the window (its end): the tracker must have
            // been in fine lock then.
            while (index + 1 < mount.Count && mount[index + 1].Time <= window.Time)
            {
                index++;
            }

            Assert.True(mount[index].TrackerState == TrackerState.FineLock, $"gates on at {window.Time:O} with the tracker in {mount[index].TrackerState}");
        }
    }

    [Fact]
    public void The_report_and_four_plots_are_written_and_rebuild_from_the_journal_alone()
    {
        foreach (var file in new[] { PassReportWriter.ReportFileName, PassPlots.SkyTrack, PassPlots.Pointing, PassPlots.Residuals, PassPlots.Counts })
        {
            Assert.True(new FileInfo(Path.Combine(run.Directory, file)).Length > 1000, file);
        }

        string rebuilt = Path.Combine(run.Directory, "rebuilt");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        Assert.Equal(0, StationCli.Run(["report", run.Directory, "--out", rebuilt], stdout, stderr));
        var again = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(rebuilt, PassReportWriter.ReportFileName))).RootElement;
        Assert.Equal(run.Report.Acquisition.FineLockAfterAosSeconds!.Value, again.GetProperty("acquisition").GetProperty("fine_lock_after_aos_s").GetDouble(), 9);
    }

    /// <summary>Flies the built-in scenario once for the class.</summary>
    public sealed class Run : IDisposable
    {
        private readonly TempDirectory _directory = new();

        public Run()
        {
            Directory = Path.Combine(_directory.Path, "out");
            using var stdout = new StringWriter();
            using var stderr = new StringWriter();
            Code = StationCli.Run(["simulate", "--out", Directory], stdout, stderr);
            Output = stdout.ToString();
            Error = stderr.ToString();
            using var db = TelemetryDatabase.Open(Path.Combine(Directory, PassReportWriter.TelemetryFileName));
            Report = PassReportBuilder.Build(db);
        }

        public string Directory { get; }

        public int Code { get; }

        public string Output { get; }

        public string Error { get; }

        public PassReport Report { get; }

        public void Dispose() => _directory.Dispose();
    }
}

using Station.Cli;
using Station.Cli.Reporting;
using Station.Firmware.Telemetry;
using Station.Hil.Tests.Telemetry;

namespace Station.Hil.Tests.Simulation;

/// <summary>
/// Delingha and Nanshan over one common-view pass of Micius (host-tools/Station.Emulator/Scenarios/examples/two-station.json):
/// two firmware hosts, each on its own emulated devices with its own journal, in one world; the joint report gives the
/// time both were in fine lock at once, and <c>stationctl report</c> rebuilds it from the two journals alone.
/// </summary>
public sealed class SimulateTwoStationTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Both_stations_fly_the_common_view_pass_and_the_report_gives_the_time_both_were_in_fine_lock()
    {
        string scenario = Path.Combine(OrbitCliTests.RepositoryRoot(), "host-tools", "Station.Emulator", "Scenarios", "examples", "two-station.json");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int code = StationCli.Run(["simulate", "--scenario", scenario, "--out", _directory.Path], stdout, stderr);

        Assert.True(code == 0, stdout + stderr.ToString());
        var names = new[] { "delingha", "nanshan" };
        var lockIntervals = new List<IReadOnlyList<TimeInterval>>();
        foreach (string name in names)
        {
            // Each station has its own journal, written by its own firmware host, with its own site.
            string path = Path.Combine(_directory.Path, name, PassReportWriter.TelemetryFileName);
            using var db = TelemetryDatabase.Open(path);
            var report = PassReportBuilder.Build(db);
            Assert.Equal(name, report.Station.Name);
            Assert.True(report.Succeeded, $"{name}: {PassReportSummary.Format(report)}");
            Assert.Equal(0, report.Safety.Violations);
            Assert.True(File.Exists(Path.Combine(_directory.Path, name, PassPlots.SkyTrack)));
            lockIntervals.Add(CommonViewReportBuilder.FineLockIntervals(db));
        }

        var joint = System.Text.Json.JsonSerializer.Deserialize<System.Text.Json.Nodes.JsonObject>(File.ReadAllText(Path.Combine(_directory.Path, PassReportWriter.ReportFileName)))!;
        double both = joint["both_fine_lock_s"]!.GetValue<double>();
        double window = joint["common_view"]!["duration_s"]!.GetValue<double>();
        Assert.InRange(window, 330, 345); // 18:02:25–18:08:02 UTC
        Assert.InRange(both, 0.9 * window, window);
        double expected = TimeInterval.Intersect(lockIntervals[0], lockIntervals[1]).Sum(i => i.Duration.TotalSeconds);
        Assert.Equal(expected, both, 3);
        Assert.True(joint["succeeded"]!.GetValue<bool>());
        Assert.True(File.Exists(Path.Combine(_directory.Path, CommonViewReportWriter.TimelinePlot)));

        // The report rebuilt from the journals alone gives the same joint numbers.
        File.Delete(Path.Combine(_directory.Path, PassReportWriter.ReportFileName));
        using var reportOut = new StringWriter();
        Assert.Equal(0, StationCli.Run(["report", _directory.Path], reportOut, stderr));
        Assert.Contains("both in fine lock", reportOut.ToString(), StringComparison.Ordinal);
        var rebuilt = System.Text.Json.JsonSerializer.Deserialize<System.Text.Json.Nodes.JsonObject>(File.ReadAllText(Path.Combine(_directory.Path, PassReportWriter.ReportFileName)))!;
        Assert.Equal(both, rebuilt["both_fine_lock_s"]!.GetValue<double>(), 6);
    }
}

using Station.Cli;
using Station.Cli.Reporting;
using Station.Firmware.Telemetry;
using Station.Hil.Tests.Telemetry;

namespace Station.Hil.Tests.Simulation;

/// <summary>
/// The built-in pass with one fault of every kind (host-tools/Station.Emulator/Scenarios/examples/all-faults.json):
/// each fault goes to a safe state, the pass resumes while it is still on, and the run ends parked and safe with every
/// fault in the report.
/// </summary>
public sealed class SimulateAllFaultsTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Every_fault_kind_ends_safe_and_parked_with_the_fault_in_the_report()
    {
        string scenario = Path.Combine(OrbitCliTests.RepositoryRoot(), "host-tools", "Station.Emulator", "Scenarios", "examples", "all-faults.json");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int code = StationCli.Run(["simulate", "--scenario", scenario, "--out", _directory.Path], stdout, stderr);

        Assert.True(code == 0, stdout + stderr.ToString());
        using var db = TelemetryDatabase.Open(Path.Combine(_directory.Path, PassReportWriter.TelemetryFileName));
        var report = PassReportBuilder.Build(db);
        Assert.Equal(11, report.Faults.Count);
        foreach (var kind in new[] { "SpiCrc", "NoResponse", "EncoderFrozen", "MotorStall", "FrameDrop", "BeaconLoss", "GnssLoss", "PpsLoss", "Estop", "AircraftAlarm", "WatchdogStarvation" })
        {
            Assert.Contains(report.Faults, f => f.Message.StartsWith(kind + " on ", StringComparison.Ordinal));
        }

        Assert.Equal(0, report.Safety.Violations);
        var transitions = db.ReadEvents().Where(e => e.Source == "sequencer" && e.Kind == "state_changed").Select(e => e.Message).ToList();
        Assert.Contains(transitions, t => t.StartsWith("CoarseLock → Safe: fault: tracking: axis sensor failed: el_encoder", StringComparison.Ordinal)
            || t.StartsWith("FineLock → Safe: fault: tracking: axis sensor failed: el_encoder", StringComparison.Ordinal));
        Assert.Contains(transitions, t => t.EndsWith("→ Safe: fault: e-stop chain open", StringComparison.Ordinal));
        Assert.Contains(transitions, t => t.StartsWith("Safe → PrePoint: fault cleared; resuming", StringComparison.Ordinal));
        Assert.StartsWith("FineLock → Los: LOS", transitions[^3], StringComparison.Ordinal);  // the pass was flown to its end
        Assert.Equal("Park → Idle: parked", transitions[^1]);
        var lastWindow = db.ReadDetectorSamples(DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue.AddYears(-1))[^1];
        Assert.Equal(0, lastWindow.GateOnMask);
    }
}

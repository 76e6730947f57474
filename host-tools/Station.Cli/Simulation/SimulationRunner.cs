using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Station.Cli.Reporting;
using Station.Cli.Tracking;
using Station.Core.Orbits;
using Station.Core.Pointing;
using Station.Core.Sequencing;
using Station.Core.Timing;
using Station.Devices.Board;
using Station.Emulator;
using Station.Emulator.World;
using Station.Emulator.World.Disturbances;
using Station.Firmware.Hosting;
using Station.Firmware.Sequencing;
using Station.Firmware.Telemetry;

namespace Station.Cli.Simulation;

/// <summary>
/// Flies a scenario's pass on the emulated station with the whole firmware host (Generic Host, every service,
/// the telemetry journal) in simulated time: the station powers up shortly before the pre-point, the sequencer
/// chooses the pass, pre-points, tracks, acquires and parks; then the report and plots are written from the journal.
/// </summary>
public static class SimulationRunner
{
    public static SimulationResult Run(SimulationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var wall = Stopwatch.StartNew();
        using var pass = SimulatedPass.Prepare(request.Scenario, request.OutputDirectory, request.PowerUpMargin);
        var time = pass.Time;
        using var host = pass.CreateHost();
        var telemetry = host.Services.GetRequiredService<ITelemetrySink>();
        pass.JournalRunStart(telemetry);
        host.StartAsync().GetAwaiter().GetResult();
        using var observer = new SafetyObserver(pass.Station, request.Scenario.Station, telemetry);
        var sequencer = host.Services.GetRequiredService<StationSequencerService>();
        var end = pass.Los + request.AfterLos;
        var progress = new SimulationProgress(request, sequencer, pass.Station, time, wall);
        while (time.GetUtcNow() < end && !(sequencer.Transitions.Any(t => t.To == SequencerState.Los) && sequencer.State == SequencerState.Idle))
        {
            time.Advance(TimeSpan.FromMilliseconds(100));
            progress.Update();
        }

        progress.Finish();
        host.StopAsync().GetAwaiter().GetResult();
        var simulated = time.GetUtcNow() - pass.PowerUp;
        wall.Stop();
        telemetry.WriteEvent(RunJournal.Record(time.GetUtcNow(), new RunSummary(simulated.TotalSeconds, wall.Elapsed.TotalSeconds, pass.Photons.ExpectedSignalCounts, pass.Photons.DarkCountRateHz, observer.Violations)));
        if (telemetry is IAsyncDisposable disposable)
        {
            disposable.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        var report = PassReportWriter.Write(pass.DatabasePath, request.OutputDirectory);
        return new SimulationResult(report, request.OutputDirectory);
    }
}

/// <summary>The report of a simulated pass and where it was written.</summary>
public sealed record SimulationResult(PassReport Report, string OutputDirectory);

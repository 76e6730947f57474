using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Station.Cli.Reporting;
using Station.Core.Sequencing;
using Station.Emulator.Scenarios;
using Station.Firmware.Sequencing;
using Station.Firmware.Telemetry;

namespace Station.Cli.Simulation;

/// <summary>
/// Flies a scenario's pass on the emulated station with the whole firmware host (Generic Host, every service,
/// the telemetry journal) in simulated time: the station powers up shortly before the pre-point, the sequencer
/// chooses the pass, pre-points, tracks, acquires and parks; then the report and plots are written from the journal.
/// A common-view scenario flies two stations — two firmware hosts, each on its own emulated devices with its own
/// journal — in one world on one clock, and adds the joint report.
/// </summary>
public static class SimulationRunner
{
    public static SimulationResult Run(SimulationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var wall = Stopwatch.StartNew();
        using var pass = SimulatedPass.Prepare(request.Scenario, request.OutputDirectory, request.PowerUpMargin);
        var time = pass.Time;
        var flights = pass.Worlds.Select(world => new StationFlight(world, pass.CreateHost(world))).ToList();
        try
        {
            foreach (var flight in flights)
            {
                flight.World.JournalRunStart(flight.Telemetry);
                flight.Host.StartAsync().GetAwaiter().GetResult();
                flight.Observer = new SafetyObserver(flight.World.Station, flight.World.Site, flight.Telemetry);
            }

            var end = pass.Worlds.Max(w => w.Los) + request.AfterLos;
            var progress = new SimulationProgress(request, [.. flights.Select(f => (f.World.Site.Name, f.Sequencer, f.World.Station))], time, wall);
            while (time.GetUtcNow() < end && !flights.All(f => f.Done))
            {
                time.Advance(TimeSpan.FromMilliseconds(100));
                progress.Update();
            }

            progress.Finish();
            foreach (var flight in flights)
            {
                flight.Host.StopAsync().GetAwaiter().GetResult();
            }

            var simulated = time.GetUtcNow() - pass.PowerUp;
            wall.Stop();
            foreach (var flight in flights)
            {
                var photons = flight.World.Photons;
                flight.Telemetry.WriteEvent(RunJournal.Record(time.GetUtcNow(), new RunSummary(simulated.TotalSeconds, wall.Elapsed.TotalSeconds, photons.ExpectedSignalCounts, photons.DarkCountRateHz, flight.Observer!.Violations)));
                flight.CloseJournal();
            }
        }
        finally
        {
            foreach (var flight in flights)
            {
                flight.Dispose();
            }
        }

        if (pass.Worlds.Count == 1)
        {
            var report = PassReportWriter.Write(pass.DatabasePath, request.OutputDirectory);
            return new SimulationResult(report, null, request.OutputDirectory);
        }

        var (joint, stations) = CommonViewReportWriter.Write(request.OutputDirectory,
            [.. pass.Worlds.Select(w => Path.GetDirectoryName(w.DatabasePath)!)]);
        return new SimulationResult(stations[0], joint, request.OutputDirectory) { StationReports = stations };
    }

    /// <summary>One station's firmware host flying its world.</summary>
    private sealed class StationFlight(ScenarioWorld world, IHost host) : IDisposable
    {
        public ScenarioWorld World => world;

        public IHost Host => host;

        public ITelemetrySink Telemetry { get; } = host.Services.GetRequiredService<ITelemetrySink>();

        public StationSequencerService Sequencer { get; } = host.Services.GetRequiredService<StationSequencerService>();

        public SafetyObserver? Observer { get; set; }

        /// <summary>The pass is over: LOS came and the sequencer is back to idle (parked).</summary>
        public bool Done => Sequencer.Transitions.Any(t => t.To == SequencerState.Los) && Sequencer.State == SequencerState.Idle;

        public void CloseJournal()
        {
            if (Telemetry is IAsyncDisposable disposable)
            {
                disposable.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }

        public void Dispose()
        {
            Observer?.Dispose();
            host.Dispose();
        }
    }
}

/// <summary>
/// The report of a simulated pass and where it was written: the (first) station's report, and for a common-view run the
/// joint report and every station's report.
/// </summary>
public sealed record SimulationResult(PassReport Report, CommonViewReport? CommonView, string OutputDirectory)
{
    public IReadOnlyList<PassReport> StationReports { get; init; } = [Report];

    /// <summary>Every station flew its pass, and for a common-view run both were in fine lock together.</summary>
    public bool Succeeded => CommonView?.Succeeded ?? Report.Succeeded;
}

using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Station.Cli.Reporting;
using Station.Cli.Tracking;
using Station.Core.Orbits;
using Station.Core.Pointing;
using Station.Core.Timing;
using Station.Devices.Board;
using Station.Emulator;
using Station.Emulator.Buses;
using Station.Emulator.Faults;
using Station.Emulator.Scenarios;
using Station.Emulator.World;
using Station.Emulator.World.Disturbances;
using Station.Firmware.Hosting;
using Station.Firmware.Sequencing;
using Station.Firmware.Telemetry;

using Station.Emulator.Truth;

namespace Station.Cli.Simulation;

/// <summary>
/// A scenario's world (<see cref="ScenarioWorld"/>) on a simulated clock, and a factory for the firmware host that flies
/// it. A host can be created more than once over the same world (a restart).
/// </summary>
public sealed class SimulatedPass : IDisposable
{
    private SimulatedPass(Scenario scenario, PinMap pinMap, SatellitePass pass, DateTimeOffset powerUp, string outputDirectory)
    {
        Time = new SimulatedTimeProvider(powerUp);
        World = new ScenarioWorld(scenario, scenario.Station, pinMap, Time, pass, outputDirectory, Path.Combine(outputDirectory, PassReportWriter.TelemetryFileName));
    }

    public SimulatedTimeProvider Time { get; }

    /// <summary>The emulated world the pass is flown in.</summary>
    public ScenarioWorld World { get; }

    public EmulatedStation Station => World.Station;

    public EmulatedBeaconSky Sky => World.Sky;

    public EmulatedPhotonLink Photons => World.Photons;

    public DateTimeOffset Aos => World.Aos;

    public DateTimeOffset Los => World.Los;

    /// <summary>When the emulated station is switched on: the pre-point lead and a margin before AOS.</summary>
    public DateTimeOffset PowerUp => World.PowerUp;

    public string DatabasePath => World.DatabasePath;

    /// <summary>Builds the world of <paramref name="scenario"/>'s first pass; refuses a scenario without one.</summary>
    public static SimulatedPass Prepare(Scenario scenario, string outputDirectory, TimeSpan powerUpMargin)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var pass = scenario.FindFirstPass() ?? throw new SimulationException(
            string.Create(CultureInfo.InvariantCulture, $"scenario '{scenario.Name}': no pass above {scenario.MinElevationDeg}° within two days of {scenario.StartUtc:O}"));
        return new SimulatedPass(scenario, PinMapLoader.LoadDefault(), pass, ScenarioWorld.PowerUpFor(pass, powerUpMargin), outputDirectory);
    }

    /// <summary>
    /// The firmware host on this world's buses, configured as this station's operator would (command-line settings) with
    /// its bench calibrations. <paramref name="hostTime"/> is the clock the firmware sees (default: the world's).
    /// </summary>
    public IHost CreateHost(TimeProvider? hostTime = null)
    {
        string[] args = [.. World.FirmwareSettings.Select(s => $"--{s.Key}={s.Value}")];
        var builder = StationHost.CreateBuilder(args, new StationHostOverrides(_ => new LentBusProvider(Station.Buses), hostTime ?? Time));
        World.ConfigureFirmwareServices(builder.Services);
        builder.Logging.ClearProviders();
        return builder.Build();
    }

    /// <summary>Journals what ran and the faults scheduled (so the report lists them).</summary>
    public void JournalRunStart(ITelemetrySink telemetry) => World.JournalRunStart(telemetry);

    public void Dispose() => World.Dispose();
}

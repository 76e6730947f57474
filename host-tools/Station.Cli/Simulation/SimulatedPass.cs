using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Station.Cli.Reporting;
using Station.Core.Orbits;
using Station.Core.Timing;
using Station.Devices.Board;
using Station.Emulator;
using Station.Emulator.Buses;
using Station.Emulator.Scenarios;
using Station.Emulator.World;
using Station.Firmware.Hosting;
using Station.Firmware.Telemetry;

namespace Station.Cli.Simulation;

/// <summary>
/// A scenario's worlds (<see cref="ScenarioWorld"/>, one per station; two for a common-view scenario) on one simulated
/// clock, and a factory for the firmware host that flies each. A host can be created more than once over the same world
/// (a restart). The single-station members (<see cref="Station"/>, <see cref="Aos"/>, …) are those of the first station.
/// </summary>
public sealed class SimulatedPass : IDisposable
{
    private SimulatedPass(Scenario scenario, PinMap pinMap, ScenarioPasses passes, TimeSpan powerUpMargin, string outputDirectory)
    {
        Time = new SimulatedTimeProvider(passes.PerStation.Min(p => ScenarioWorld.PowerUpFor(p, powerUpMargin)));
        CommonView = passes.CommonView;
        var worlds = new List<ScenarioWorld>();
        for (int i = 0; i < scenario.Stations.Count; i++)
        {
            // A common-view run keeps each station's files apart: <out>/<station>/telemetry.sqlite, report, plots.
            var site = scenario.Stations[i];
            string directory = scenario.IsCommonView ? StationDirectory(outputDirectory, site.Name) : outputDirectory;
            worlds.Add(new ScenarioWorld(scenario, site, pinMap, Time, passes.PerStation[i], directory,
                Path.Combine(directory, PassReportWriter.TelemetryFileName), scenario.Seed + i));
        }

        Worlds = worlds;
    }

    public SimulatedTimeProvider Time { get; }

    /// <summary>The emulated world of each station, in the scenario's order.</summary>
    public IReadOnlyList<ScenarioWorld> Worlds { get; }

    /// <summary>When both stations see the satellite (common-view scenarios), else null.</summary>
    public CommonViewWindow? CommonView { get; }

    /// <summary>The first station's world.</summary>
    public ScenarioWorld World => Worlds[0];

    public EmulatedStation Station => World.Station;

    public EmulatedBeaconSky Sky => World.Sky;

    public EmulatedPhotonLink Photons => World.Photons;

    public DateTimeOffset Aos => World.Aos;

    public DateTimeOffset Los => World.Los;

    /// <summary>When the emulated stations are switched on: the pre-point lead and a margin before the first AOS.</summary>
    public DateTimeOffset PowerUp => World.PowerUp;

    public string DatabasePath => World.DatabasePath;

    /// <summary>Where a common-view run writes one station's files.</summary>
    public static string StationDirectory(string outputDirectory, string stationName) => Path.Combine(outputDirectory, stationName);

    /// <summary>Builds the worlds of <paramref name="scenario"/>'s first (common-view) pass; refuses a scenario without one.</summary>
    public static SimulatedPass Prepare(Scenario scenario, string outputDirectory, TimeSpan powerUpMargin)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var passes = scenario.FindPasses() ?? throw new SimulationException(scenario.IsCommonView
            ? string.Create(CultureInfo.InvariantCulture, $"scenario '{scenario.Name}': no common-view pass above {scenario.MinElevationDeg}° at {scenario.Stations[0].Name} and {scenario.Stations[1].Name} within two days of {scenario.StartUtc:O}")
            : string.Create(CultureInfo.InvariantCulture, $"scenario '{scenario.Name}': no pass above {scenario.MinElevationDeg}° within two days of {scenario.StartUtc:O}"));
        return new SimulatedPass(scenario, PinMapLoader.LoadDefault(), passes, powerUpMargin, outputDirectory);
    }

    /// <summary>The firmware host of the first station (see <see cref="CreateHost(ScenarioWorld, TimeProvider?)"/>).</summary>
    public IHost CreateHost(TimeProvider? hostTime = null) => CreateHost(World, hostTime);

    /// <summary>
    /// The firmware host on <paramref name="world"/>'s buses, configured as that station's operator would (command-line
    /// settings) with its bench calibrations. <paramref name="hostTime"/> is the clock the firmware sees (default: the world's).
    /// </summary>
    public IHost CreateHost(ScenarioWorld world, TimeProvider? hostTime = null)
    {
        ArgumentNullException.ThrowIfNull(world);
        string[] args = [.. world.FirmwareSettings.Select(s => $"--{s.Key}={s.Value}")];
        var builder = StationHost.CreateBuilder(args, new StationHostOverrides(_ => new LentBusProvider(world.Station.Buses), hostTime ?? Time));
        world.ConfigureFirmwareServices(builder.Services);
        builder.Logging.ClearProviders();
        return builder.Build();
    }

    /// <summary>Journals what ran and the faults scheduled on the first station (so the report lists them).</summary>
    public void JournalRunStart(ITelemetrySink telemetry) => World.JournalRunStart(telemetry);

    public void Dispose()
    {
        foreach (var world in Worlds)
        {
            world.Dispose();
        }
    }
}

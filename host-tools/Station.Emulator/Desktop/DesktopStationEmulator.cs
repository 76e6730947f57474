using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Station.Core.Timing;
using Station.Devices.Board;
using Station.Devices.Buses;
using Station.Emulator.Buses;
using Station.Emulator.Scenarios;
using Station.Firmware.Hosting.Emulation;

namespace Station.Emulator.Desktop;

/// <summary>
/// The emulated station the firmware runs on with <c>--emulate</c>, in wall-clock time: a scenario's world (default the
/// built-in one). Options (section <c>Emulator</c>, e.g. <c>--Emulator:Scenario=my.json</c>):
/// <list type="bullet">
/// <item><c>Scenario</c>: scenario file; empty for the built-in scenario.</item>
/// <item><c>Clock</c>: <c>scenario</c> (default) starts the station's clock shortly before the scenario's first pass, so
/// the pass comes within minutes; <c>now</c> starts it at the present and flies the satellite's next real pass.</item>
/// <item><c>Out</c>: where the bench calibrations and telemetry go (default <c>./out/emulate-&lt;scenario&gt;-&lt;time&gt;</c>).</item>
/// </list>
/// </summary>
public sealed class DesktopStationEmulatorFactory : IStationEmulatorFactory
{
    /// <summary>Power-up margin before the pre-point lead: time to home the mount and the filter wheels.</summary>
    public static readonly TimeSpan PowerUpMargin = TimeSpan.FromSeconds(60);

    public IStationEmulator Create(IConfiguration emulatorSection)
    {
        ArgumentNullException.ThrowIfNull(emulatorSection);
        var scenario = emulatorSection["Scenario"] is { Length: > 0 } path ? ScenarioLoader.Load(path) : Scenario.BuiltIn;
        string clockMode = emulatorSection["Clock"] ?? "scenario";
        if (clockMode is not ("scenario" or "now"))
        {
            throw new ScenarioException($"Emulator:Clock is '{clockMode}'; expected 'scenario' or 'now'");
        }

        if (clockMode == "now")
        {
            scenario = scenario with { StartUtc = DateTimeOffset.UtcNow };
        }

        var pass = scenario.FindFirstPass() ?? throw new ScenarioException(
            string.Create(CultureInfo.InvariantCulture, $"scenario '{scenario.Name}': no pass above {scenario.MinElevationDeg}° within two days of {scenario.StartUtc:O}"));
        var powerUp = ScenarioWorld.PowerUpFor(pass, PowerUpMargin);
        if (clockMode == "now" && powerUp < DateTimeOffset.UtcNow)
        {
            powerUp = DateTimeOffset.UtcNow; // the pass is close: start now, the sequencer joins it
        }

        string output = emulatorSection["Out"] is { Length: > 0 } dir ? dir
            : Path.Combine("out", string.Create(CultureInfo.InvariantCulture, $"emulate-{scenario.Name}-{DateTime.UtcNow:yyyyMMdd-HHmmss}"));
        var clock = new SimulatedTimeProvider(powerUp);
        var world = new ScenarioWorld(scenario, scenario.Station, PinMapLoader.LoadDefault(), clock, pass, output, Path.Combine(output, "telemetry.sqlite"), scenario.Seed);
        return new DesktopStationEmulator(world, clock,
            string.Create(CultureInfo.InvariantCulture, $"emulated station {scenario.Station.Name} (scenario '{scenario.Name}', clock from {powerUp:u}, AOS {world.Aos:u}, output {Path.GetFullPath(output)})"));
    }
}

/// <summary>A scenario world lent to the firmware.</summary>
internal sealed class DesktopStationEmulator(ScenarioWorld world, SimulatedTimeProvider clock, string description) : IStationEmulator
{
    public string Description => description;

    public SimulatedTimeProvider Clock => clock;

    public IBusProvider Buses { get; } = new LentBusProvider(world.Station.Buses);

    public IReadOnlyDictionary<string, string?> Settings => world.FirmwareSettings;

    public void ConfigureServices(IServiceCollection services) => world.ConfigureFirmwareServices(services);

    public void Dispose() => world.Dispose();
}

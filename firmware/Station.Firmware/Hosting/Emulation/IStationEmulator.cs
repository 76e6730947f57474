using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Station.Core.Timing;
using Station.Devices.Buses;

namespace Station.Firmware.Hosting.Emulation;

/// <summary>
/// An emulated station the firmware can run on (<c>--emulate</c>): its buses, its clock, and the settings and services
/// its bench calibration implies. Implemented by the emulator (host-tools/Station.Emulator), which the firmware loads at
/// run time as a plugin — the firmware never references the emulator, so nothing of it ships to the station.
/// </summary>
public interface IStationEmulator : IDisposable
{
    /// <summary>What is emulated, for the start-up log.</summary>
    string Description { get; }

    /// <summary>The world's clock; the firmware's control loop advances it in step with the wall clock.</summary>
    SimulatedTimeProvider Clock { get; }

    /// <summary>The emulated buses (owned by the emulator: the firmware must not dispose them).</summary>
    IBusProvider Buses { get; }

    /// <summary>Configuration the emulated station implies (calibration files, limits, site); the command line overrides it.</summary>
    IReadOnlyDictionary<string, string?> Settings { get; }

    /// <summary>Registers what the emulated station's bench calibration implies (e.g. the acquisition tuning).</summary>
    void ConfigureServices(IServiceCollection services);
}

/// <summary>Creates the emulated station from the <c>Emulator</c> configuration section (scenario, output directory).</summary>
public interface IStationEmulatorFactory
{
    IStationEmulator Create(IConfiguration emulatorSection);
}

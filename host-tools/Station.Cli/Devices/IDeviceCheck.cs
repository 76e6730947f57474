using Station.Core.Timing;
using Station.Emulator;

namespace Station.Cli.Devices;

/// <summary>
/// One line of <c>stationctl devices check</c>: runs a firmware binding against its emulated twin through the
/// emulated bus and checks the values end to end. Implementations are discovered by reflection, so each
/// device group adds its checks in its own file.
/// </summary>
public interface IDeviceCheck
{
    /// <summary>The pin-map device id checked.</summary>
    string DeviceId { get; }

    /// <summary>
    /// Runs the check on a fresh emulated station. Returns a short description of what was verified
    /// (e.g. "IOIN version 0x30, moved 1000 microsteps"); throws with the reason on failure.
    /// </summary>
    string Run(EmulatedStation station, SimulatedTimeProvider time);
}

using Microsoft.Extensions.Configuration;
using Station.Devices.Board;
using Station.Emulator.Truth;
using Station.Firmware.Hosting;
using Station.Firmware.Motion;

namespace Station.Calibration.Common;

/// <summary>
/// What a calibration needs from the station's firmware configuration: the pin map and the mount as the firmware
/// drives it — the two axes (<c>Station:Azimuth</c>, <c>Station:Elevation</c>) and the controller
/// (<c>Station:Mount</c>: index angles and homing, travel and rate limits, sun exclusion). Calibrating with the
/// firmware's own settings and homing puts the measurements in the axis frame the firmware flies passes in.
/// </summary>
public sealed record StationConfiguration(PinMap PinMap, AxisOptions Azimuth, AxisOptions Elevation, MountControllerOptions Mount)
{
    /// <summary>The firmware's configuration as built (its <c>appsettings.json</c> next to the program).</summary>
    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "appsettings.json");

    /// <summary>The emulated station's: the default pin map, the emulated drive trains and the planner's headroom (as the emulator configures the firmware).</summary>
    public static StationConfiguration Emulated(PinMap pinMap) =>
        new(pinMap, EmulatedMountConfiguration.AzimuthAxis, EmulatedMountConfiguration.ElevationAxis, new MountControllerOptions { Limits = EmulatedMountConfiguration.PlannerLimits });

    /// <summary>Reads a firmware configuration file (the <c>appsettings.json</c> format; <c>Station:PinMapPath</c> empty means the default pin map).</summary>
    /// <exception cref="CalibrationArgumentException">The file is missing or unreadable, or a mount setting is invalid; the message names the file and every problem.</exception>
    public static StationConfiguration Load(string path)
    {
        var configuration = ReadFile(path);
        StationOptions station;
        MountControllerOptions mount;
        try
        {
            station = configuration.GetSection(StationOptions.SectionName).Get<StationOptions>() ?? new StationOptions();
            mount = configuration.GetSection(MountControllerOptions.SectionName).Get<MountControllerOptions>() ?? new MountControllerOptions();
        }
        catch (InvalidOperationException ex)
        {
            throw new CalibrationArgumentException($"option --config '{path}': {ex.Message}", ex);
        }

        var problems = station.Azimuth.Validate("Station:Azimuth")
            .Concat(station.Elevation.Validate("Station:Elevation"))
            .Concat(mount.Validate(station.Azimuth, station.Elevation).Select(p => "Station:" + p))
            .ToList();
        if (problems.Count > 0)
        {
            throw new CalibrationArgumentException($"option --config '{path}': {string.Join("; ", problems)}");
        }

        PinMap pinMap;
        try
        {
            pinMap = station.PinMapPath is { Length: > 0 } pins ? PinMapLoader.Load(pins) : PinMapLoader.LoadDefault();
        }
        catch (Exception ex) when (ex is PinMapException or IOException or UnauthorizedAccessException)
        {
            throw new CalibrationArgumentException($"option --config '{path}': Station:PinMapPath: {ex.Message}", ex);
        }

        return new StationConfiguration(pinMap, station.Azimuth, station.Elevation, mount);
    }

    /// <summary>Reads a firmware configuration file (what every script's <c>--config</c> names).</summary>
    /// <exception cref="CalibrationArgumentException">The file is missing or not readable JSON; the message names it.</exception>
    public static IConfiguration ReadFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new CalibrationArgumentException($"option --config: '{path}' does not exist; expected the station firmware's appsettings.json");
        }

        try
        {
            return new ConfigurationBuilder().AddJsonFile(full, optional: false, reloadOnChange: false).Build();
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or IOException)
        {
            throw new CalibrationArgumentException($"option --config '{path}': {ex.Message}", ex);
        }
    }
}

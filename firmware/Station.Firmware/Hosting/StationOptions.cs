using Microsoft.Extensions.Options;
using Station.Core.Pointing;
using Station.Firmware.Motion;

namespace Station.Firmware.Hosting;

/// <summary>The <c>Station</c> configuration section (appsettings.json, environment <c>Station__…</c>, command line).</summary>
public sealed class StationOptions
{
    public const string SectionName = "Station";

    /// <summary>
    /// The station's name (e.g. <c>delingha</c>): every calibration file must have been made for it (its header's
    /// <c>station</c>), so a file copied from another station is refused at start-up. Empty: not checked.
    /// </summary>
    public string? Name { get; set; }

    /// <summary>The name calibration files are checked against, or null when none is configured.</summary>
    public string? ExpectedStation => string.IsNullOrWhiteSpace(Name) ? null : Name;

    /// <summary>Pin map file; empty means schematics/station.pins.json found upward, else the built-in copy.</summary>
    public string? PinMapPath { get; set; }

    /// <summary>
    /// Which buses to use: <c>RaspberryPi</c> (the real ones) or <c>Emulated</c> (only when the emulator hosts
    /// the firmware and supplies its buses; the firmware never references the emulator).
    /// </summary>
    public string BusProvider { get; set; } = "RaspberryPi";

    /// <summary>
    /// Pointing-model calibration file (qkd-station/pointing-model JSON, from the pointing-model calibration);
    /// empty means no model (the mount points by its axis angles alone, and a warning is logged at start-up).
    /// </summary>
    public string? PointingModelPath { get; set; }

    /// <summary>
    /// The control-loop thread's step, ms: the resolution of every timer in the station (the 1 kHz fine loop needs 1 ms).
    /// </summary>
    public double ControlLoopStepMs { get; set; } = 1;

    /// <summary>Azimuth axis mechanics and limits.</summary>
    public AxisOptions Azimuth { get; set; } = new();

    /// <summary>Elevation axis mechanics and limits.</summary>
    public AxisOptions Elevation { get; set; } = new() { MinAngleDeg = -1, MaxAngleDeg = 91 };
}

/// <summary>Validates <see cref="StationOptions"/> at start-up with messages naming each bad option.</summary>
public sealed class StationOptionsValidator : IValidateOptions<StationOptions>
{
    public ValidateOptionsResult Validate(string? name, StationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (options.BusProvider is not ("RaspberryPi" or "Emulated"))
        {
            problems.Add($"Station:BusProvider is '{options.BusProvider}'; expected 'RaspberryPi' or 'Emulated'");
        }

        if (options.ControlLoopStepMs is not (>= 0.1 and <= 10))
        {
            problems.Add($"Station:ControlLoopStepMs is {options.ControlLoopStepMs}; expected 0.1 to 10 ms");
        }

        if (options.PinMapPath is { Length: > 0 } path && !File.Exists(path))
        {
            problems.Add($"Station:PinMapPath '{path}' does not exist");
        }

        if (options.PointingModelPath is { Length: > 0 } modelPath)
        {
            if (!File.Exists(modelPath))
            {
                problems.Add($"Station:PointingModelPath '{modelPath}' does not exist");
            }
            else
            {
                try
                {
                    PointingModelFile.Parse(File.ReadAllText(modelPath), modelPath, options.ExpectedStation);
                }
                catch (FormatException ex)
                {
                    problems.Add($"Station:PointingModelPath: {ex.Message}");
                }
            }
        }

        problems.AddRange(options.Azimuth.Validate("Station:Azimuth"));
        problems.AddRange(options.Elevation.Validate("Station:Elevation"));
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}

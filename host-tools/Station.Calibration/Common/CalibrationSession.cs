using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Station.Core.Calibration;
using Station.Core.Orbits;
using Station.Devices.Board;

namespace Station.Calibration.Common;

/// <summary>
/// Runs one calibration script: parses the shared and script options, builds the station (emulated by default, the
/// real one with <c>--hardware</c>), runs the procedure, and only when it succeeds writes the calibration file (with
/// its header: format, version, station, created_utc, inputs) and the plot. Every outcome is one exit code and a
/// message: bad arguments 2, refused 3 (the reason; nothing written), hardware unavailable 4.
/// </summary>
public sealed class CalibrationSession
{
    private readonly string _scriptName;
    private readonly IReadOnlyList<CalibrationOption> _options;
    private readonly Func<CalibrationArguments, CalibrationRig, CalibrationResult> _procedure;

    /// <param name="scriptName">Names the script in messages, e.g. <c>pointing-model</c>.</param>
    /// <param name="options">The script's own options.</param>
    /// <param name="procedure">The calibration: measures on the rig, returns the result or throws <see cref="CalibrationRefusedException"/>.</param>
    public CalibrationSession(string scriptName, IReadOnlyList<CalibrationOption> options, Func<CalibrationArguments, CalibrationRig, CalibrationResult> procedure)
    {
        _scriptName = scriptName ?? throw new ArgumentNullException(nameof(scriptName));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _procedure = procedure ?? throw new ArgumentNullException(nameof(procedure));
    }

    /// <summary>Builds the station for the arguments; tests replace it (e.g. a rig with chosen truths).</summary>
    public Func<CalibrationArguments, CalibrationRig> RigFactory { get; init; } = DefaultRig;

    /// <summary>Runs the script with <paramref name="args"/>; returns the process exit code.</summary>
    public int Run(IReadOnlyList<string> args, TextWriter? output = null, TextWriter? error = null)
    {
        output ??= Console.Out;
        error ??= Console.Error;
        var wall = Stopwatch.StartNew();
        CalibrationArguments arguments;
        try
        {
            arguments = CalibrationArguments.Parse(args, _options);
        }
        catch (CalibrationArgumentException ex)
        {
            error.WriteLine($"{_scriptName}: {ex.Message}");
            return (int)CalibrationExitCode.BadArguments;
        }

        try
        {
            using var rig = RigFactory(arguments);
            output.WriteLine($"{_scriptName}: station {rig.Site.Name} on {rig.Description}");
            var result = _procedure(arguments, rig);
            var inputs = arguments.ToInputs();
            inputs["rig"] = rig.Description;
            foreach (var (key, value) in result.Inputs)
            {
                inputs[key] = value?.DeepClone();
            }

            var header = new CalibrationHeader(result.Format, result.Version, rig.Site.Name, rig.Time.GetUtcNow(), inputs);
            var (filePath, plotPath) = CalibrationOutputWriter.Write(arguments.OutputDirectory, result.FileName, result.Serialize(header), result.PlotName, result.WritePlot);
            foreach (string line in result.Summary)
            {
                output.WriteLine(line);
            }

            output.WriteLine($"wrote {filePath}");
            output.WriteLine($"wrote {plotPath}");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{_scriptName}: done in {wall.Elapsed.TotalSeconds:0.0} s wall"));
            return (int)CalibrationExitCode.Ok;
        }
        catch (CalibrationArgumentException ex)
        {
            error.WriteLine($"{_scriptName}: {ex.Message}");
            return (int)CalibrationExitCode.BadArguments;
        }
        catch (HardwareUnavailableException ex)
        {
            error.WriteLine($"{_scriptName}: {ex.Message}");
            return (int)CalibrationExitCode.HardwareUnavailable;
        }
        catch (CalibrationRefusedException ex)
        {
            error.WriteLine($"{_scriptName}: refused: {ex.Message}");
            error.WriteLine($"{_scriptName}: nothing was written");
            return (int)CalibrationExitCode.Refused;
        }
    }

    /// <summary>The emulated station, or with <c>--hardware</c> the real one.</summary>
    public static CalibrationRig DefaultRig(CalibrationArguments arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        if (!arguments.Hardware)
        {
            return EmulatedCalibrationRig.Create(arguments);
        }

        GroundStation site;
        try
        {
            site = StationCatalog.Parse(arguments.Station!);
        }
        catch (FormatException ex)
        {
            throw new CalibrationArgumentException($"option --station: {ex.Message}", ex);
        }

        return HardwareCalibrationRig.Open(StationConfiguration.Load(arguments.ConfigPath ?? StationConfiguration.DefaultPath), site);
    }

    /// <summary>A JSON object of name/value pairs, for <see cref="CalibrationResult.Inputs"/>.</summary>
    public static JsonObject Inputs(params (string Name, JsonNode? Value)[] values)
    {
        var inputs = new JsonObject();
        foreach (var (name, value) in values)
        {
            inputs[name] = value;
        }

        return inputs;
    }
}

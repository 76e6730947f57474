using System.Text.Json.Nodes;
using Station.Core.Calibration;

namespace Station.Calibration.Common;

/// <summary>
/// What a successful calibration hands the session to write: the calibration file (serialised by the firmware's own
/// file type, with the header the session fills in), a plot, and the summary lines to print.
/// </summary>
/// <param name="FileName">The calibration file's name in the output directory, e.g. <c>pointing-model.json</c>.</param>
/// <param name="Format">The file's format (goes into the header).</param>
/// <param name="Version">The file's format version.</param>
/// <param name="Inputs">What the procedure measured from (counts, sources); merged into the header's inputs.</param>
/// <param name="Serialize">The file's text for a header.</param>
/// <param name="PlotName">The PNG's name in the output directory.</param>
/// <param name="WritePlot">Writes the PNG to the path given.</param>
/// <param name="Summary">Lines to print after the files are written.</param>
public sealed record CalibrationResult(
    string FileName,
    string Format,
    int Version,
    JsonObject Inputs,
    Func<CalibrationHeader, string> Serialize,
    string PlotName,
    Action<string> WritePlot,
    IReadOnlyList<string> Summary);

using System.Globalization;
using System.Text;

namespace Station.Cli.Reporting;

/// <summary>The few lines of a pass report an operator reads first.</summary>
public static class PassReportSummary
{
    public static string Format(PassReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.Append(c, $"scenario {report.Scenario}, station {report.Station.Name}");
        if (report.Satellite is { } sat && report.Pass is { } pass)
        {
            text.Append(c, $", {sat.Name} ({sat.CatalogNumber}) AOS {pass.AosUtc:yyyy-MM-ddTHH:mm:ss}Z max el {pass.MaxElevationDeg:F1}°");
        }

        text.AppendLine();
        text.Append(c, $"acquisition: coarse lock {Seconds(report.Acquisition.CoarseLockAfterAosSeconds)}, fine lock {Seconds(report.Acquisition.FineLockAfterAosSeconds)} after AOS, {report.Acquisition.Reacquisitions} re-acquisitions").AppendLine();
        text.Append(c, $"tracking: fine residual {Number(report.Tracking.FineResidualRmsUrad)} µrad rms per axis, coarse {Number(report.Tracking.CoarseResidualRmsUrad)} µrad, fine lock fraction {Number(report.Tracking.FineLockFraction)}").AppendLine();
        text.Append(c, $"detectors: signal {report.Detectors.SignalCounts:F0} counts (expected {Number(report.Detectors.ExpectedSignalCounts, "F0")}), dark {Number(report.Detectors.DarkCounts, "F0")}, trips {report.Detectors.Trips}").AppendLine();
        text.Append(c, $"safety: {(report.Safety.Violations is { } v ? v.ToString(c) : "unobserved")} violations, {report.Safety.Events} audit events; faults: {report.Faults.Count}");
        if (report.SimulatedSeconds is { } simulated && report.WallSeconds is { } wall)
        {
            text.AppendLine().Append(c, $"simulated {simulated:F0} s in {wall:F1} s wall ({report.Speedup:F0}× real time)");
        }

        return text.ToString();
    }

    private static string Seconds(double? value) => value is { } v ? v.ToString("F2", CultureInfo.InvariantCulture) + " s" : "never";

    private static string Number(double? value, string format = "F3") => value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "n/a";
}

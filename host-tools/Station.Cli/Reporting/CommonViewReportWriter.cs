using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ScottPlot;
using Station.Firmware.Telemetry;

namespace Station.Cli.Reporting;

/// <summary>
/// Writes a two-station run's reports: each station's own report and plots in its folder, then the joint
/// <c>report.json</c> and <c>common_view.png</c> (both stations' fine-lock timelines and their overlap) at the top.
/// </summary>
public static class CommonViewReportWriter
{
    public const string TimelinePlot = "common_view.png";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The station folders of a two-station run directory (each holding a telemetry journal), or empty.</summary>
    public static IReadOnlyList<string> StationDirectories(string runDirectory)
    {
        ArgumentNullException.ThrowIfNull(runDirectory);
        return Directory.Exists(runDirectory) && !File.Exists(Path.Combine(runDirectory, PassReportWriter.TelemetryFileName))
            ? [.. Directory.GetDirectories(runDirectory).Where(d => File.Exists(Path.Combine(d, PassReportWriter.TelemetryFileName))).Order(StringComparer.Ordinal)]
            : [];
    }

    /// <summary>Rebuilds every station's report and the joint one for <paramref name="stationDirectories"/> under <paramref name="runDirectory"/>.</summary>
    public static (CommonViewReport Joint, IReadOnlyList<PassReport> Stations) Write(string runDirectory, IReadOnlyList<string> stationDirectories)
    {
        ArgumentNullException.ThrowIfNull(stationDirectories);
        var databases = new List<TelemetryDatabase>();
        try
        {
            var stations = new List<(string, TelemetryDatabase, PassReport)>();
            foreach (string directory in stationDirectories)
            {
                var report = PassReportWriter.Write(Path.Combine(directory, PassReportWriter.TelemetryFileName), directory);
                var database = TelemetryDatabase.Open(Path.Combine(directory, PassReportWriter.TelemetryFileName));
                databases.Add(database);
                stations.Add((Path.GetRelativePath(runDirectory, directory), database, report));
            }

            var joint = CommonViewReportBuilder.Build(stations);
            File.WriteAllText(Path.Combine(runDirectory, PassReportWriter.ReportFileName), JsonSerializer.Serialize(joint, Json));
            DrawTimeline(joint, [.. databases.Select(CommonViewReportBuilder.FineLockIntervals)]).SavePng(Path.Combine(runDirectory, TimelinePlot), 1200, 500);
            return (joint, [.. stations.Select(s => s.Item3)]);
        }
        finally
        {
            foreach (var database in databases)
            {
                database.Dispose();
            }
        }
    }

    /// <summary>The lines an operator reads first.</summary>
    public static string Summary(CommonViewReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.Append(c, $"common view: {report.Scenario}, {report.Satellite?.Name ?? "satellite"} over {string.Join(" and ", report.Stations.Select(s => s.Name))}");
        if (report.CommonView is { } window)
        {
            text.Append(c, $", both between AOS and LOS {window.StartUtc:HH:mm:ss}–{window.EndUtc:HH:mm:ss}Z ({window.DurationSeconds:F0} s)");
        }

        text.AppendLine();
        foreach (var s in report.Stations)
        {
            text.Append(c, $"  {s.Name}: fine lock {(s.FineLockAfterAosSeconds is { } f ? f.ToString("F2", c) + " s after AOS" : "never")}, {s.FineLockSeconds:F0} s in fine lock, residual {(s.FineResidualRmsUrad is { } r ? r.ToString("F3", c) : "n/a")} µrad rms, {s.SafetyViolations?.ToString(c) ?? "unobserved"} violations").AppendLine();
        }

        text.Append(c, $"both in fine lock: {report.BothFineLockSeconds:F1} s in {report.BothFineLockWindows.Count} window(s)");
        if (report.BothFineLockFraction is { } fraction)
        {
            text.Append(c, $" ({fraction:P1} of the common view)");
        }

        if (report.SimulatedSeconds is { } simulated && report.WallSeconds is { } wall)
        {
            text.AppendLine().Append(c, $"simulated {simulated:F0} s in {wall:F1} s wall ({report.Speedup:F0}× real time)");
        }

        return text.ToString();
    }

    private static Plot DrawTimeline(CommonViewReport report, IReadOnlyList<IReadOnlyList<TimeInterval>> locks)
    {
        var plot = new Plot();
        DateTimeOffset origin = report.CommonView is { } w ? new DateTimeOffset(w.StartUtc, TimeSpan.Zero)
            : locks.SelectMany(l => l).Select(i => i.Start).DefaultIfEmpty(DateTimeOffset.UnixEpoch).Min();
        double Seconds(DateTime t) => (new DateTimeOffset(t, TimeSpan.Zero) - origin).TotalSeconds;
        double Offset(DateTimeOffset t) => (t - origin).TotalSeconds;
        int lanes = report.Stations.Count;
        for (int i = 0; i < lanes; i++)
        {
            double lane = lanes - i;
            if (report.Stations[i].Pass is { } pass)
            {
                var visible = plot.Add.Rectangle(Seconds(pass.AosUtc), Seconds(pass.LosUtc), lane - 0.35, lane + 0.35);
                visible.FillColor = Colors.LightGray.WithAlpha(0.6);
                visible.LineWidth = 0;
            }

            foreach (var interval in locks[i])
            {
                var bar = plot.Add.Rectangle(Offset(interval.Start), Offset(interval.End), lane - 0.25, lane + 0.25);
                bar.FillColor = Colors.Green.WithAlpha(0.7);
                bar.LineWidth = 0;
            }
        }

        foreach (var both in report.BothFineLockWindows)
        {
            var bar = plot.Add.Rectangle(Seconds(both.StartUtc), Seconds(both.EndUtc), -0.25, 0.25);
            bar.FillColor = Colors.Purple.WithAlpha(0.7);
            bar.LineWidth = 0;
        }

        double[] ticks = [.. Enumerable.Range(0, lanes + 1).Select(i => (double)(lanes - i))];
        string[] labels = [.. report.Stations.Select(s => s.Name + " fine lock"), "both (pairs shared)"];
        plot.Axes.Left.SetTicks(ticks, labels);
        plot.Axes.SetLimitsY(-1, lanes + 1);
        plot.XLabel(report.CommonView is not null ? "seconds from the start of common view" : "seconds");
        plot.Title(string.Create(CultureInfo.InvariantCulture,
            $"{report.Scenario}: both stations in fine lock {report.BothFineLockSeconds:F0} s (grey: satellite above the mask)"));
        return plot;
    }
}

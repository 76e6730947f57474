using System.CommandLine;
using System.Globalization;
using Station.Cli.Reporting;
using Station.Firmware.Telemetry;

namespace Station.Cli.Commands;

/// <summary><c>stationctl report DIR_OR_DB [--out DIR]</c>: rebuild the pass report and plots from a telemetry journal alone.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var source = new Argument<string>("DIR_OR_DB") { Description = "A run directory holding telemetry.sqlite (or, for a two-station run, one folder per station), or the telemetry database itself" };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Where to write report.json and the plots (default: next to the database)" };
        var command = new Command("report",
            "Rebuild report.json and the PNG plots (sky track, commanded vs. actual az/el, residuals, counts with the gate/laser/filter " +
            "timeline) from a telemetry journal. Exit code 0 when the pass succeeded (fine lock, no safety violation), 1 when it did not, 2 on bad input.")
        {
            source, output,
        };
        command.SetAction(parse =>
        {
            TextWriter stdout = parse.InvocationConfiguration.Output, stderr = parse.InvocationConfiguration.Error;
            try
            {
                string given = parse.GetRequiredValue(source);
                if (CommonViewReportWriter.StationDirectories(Path.GetFullPath(given)) is { Count: 2 } stations)
                {
                    // A two-station run: each station's report in its folder, the joint one at the top.
                    var (joint, reports) = CommonViewReportWriter.Write(Path.GetFullPath(given), stations);
                    foreach (var station in reports)
                    {
                        stdout.WriteLine(PassReportSummary.Format(station));
                    }

                    stdout.WriteLine(CommonViewReportWriter.Summary(joint));
                    stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"report: {Path.Combine(Path.GetFullPath(given), PassReportWriter.ReportFileName)}"));
                    return joint.Succeeded ? 0 : 1;
                }

                string database = PassReportWriter.ResolveDatabase(given);
                string directory = parse.GetValue(output)?.FullName ?? Path.GetDirectoryName(database)!;
                var report = PassReportWriter.Write(database, directory);
                stdout.WriteLine(PassReportSummary.Format(report));
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"report: {Path.Combine(directory, PassReportWriter.ReportFileName)}"));
                return report.Succeeded ? 0 : 1;
            }
            catch (TelemetryDatabaseException exception)
            {
                stderr.WriteLine($"stationctl report: {exception.Message}");
                return 2;
            }
        });
        return command;
    }
}

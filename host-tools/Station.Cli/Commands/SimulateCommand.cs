using System.CommandLine;
using System.Globalization;
using Station.Cli.Reporting;
using Station.Cli.Simulation;
using Station.Emulator.Scenarios;
using Station.Firmware.Telemetry;

namespace Station.Cli.Commands;

/// <summary><c>stationctl simulate [--scenario FILE] [--out DIR] [--speed N|max]</c>: fly a scenario's pass on the emulated station.</summary>
internal static class SimulateCommand
{
    public static Command Create()
    {
        var scenarioFile = new Option<FileInfo?>("--scenario") { Description = "Scenario JSON (default: the built-in Micius pass over Delingha)" };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Output directory (default ./out/<scenario>-<timestamp>)" };
        var speed = new Option<string>("--speed") { Description = "Simulated seconds per wall second, or 'max'", DefaultValueFactory = _ => "max" };
        var command = new Command("simulate",
            "Fly the first pass of a scenario (the first common-view pass for two stations) on the emulated station with the whole firmware (sequencer, mount, acquisition, safety, " +
            "detectors, telemetry) in simulated time; write telemetry.sqlite, report.json and plots. Exit code 0 when the pass succeeded " +
            "(fine lock, no safety violation), 1 when it did not, 2 on bad input.")
        {
            scenarioFile, output, speed,
        };
        command.SetAction(parse =>
        {
            TextWriter stdout = parse.InvocationConfiguration.Output, stderr = parse.InvocationConfiguration.Error;
            try
            {
                var scenario = parse.GetValue(scenarioFile) is { } file ? ScenarioLoader.Load(file.FullName) : Scenario.BuiltIn;
                double? pace = ParseSpeed(parse.GetValue(speed)!);
                string directory = parse.GetValue(output)?.FullName
                    ?? Path.Combine(Environment.CurrentDirectory, "out", string.Create(CultureInfo.InvariantCulture, $"{scenario.Name}-{DateTime.UtcNow:yyyyMMddTHHmmssZ}"));
                stdout.WriteLine(scenario.IsCommonView
                    ? $"scenario {scenario.Name}: flying the first common-view pass after {scenario.StartUtc:yyyy-MM-ddTHH:mm:ssZ} over {string.Join(" and ", scenario.Stations.Select(s => s.Name))}; output {directory}"
                    : $"scenario {scenario.Name}: flying the first pass after {scenario.StartUtc:yyyy-MM-ddTHH:mm:ssZ} over {scenario.Station.Name}; output {directory}");
                var result = SimulationRunner.Run(new SimulationRequest(scenario, directory, pace)
                {
                    Progress = stderr,
                    ProgressInPlace = ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected,
                });
                foreach (var report in result.StationReports)
                {
                    stdout.WriteLine(PassReportSummary.Format(report));
                }

                if (result.CommonView is { } joint)
                {
                    stdout.WriteLine(CommonViewReportWriter.Summary(joint));
                }

                stdout.WriteLine($"report: {Path.Combine(directory, PassReportWriter.ReportFileName)}");
                return result.Succeeded ? 0 : 1;
            }
            catch (Exception ex) when (ex is ScenarioException or SimulationException or TelemetryDatabaseException or IOException)
            {
                stderr.WriteLine($"stationctl simulate: {ex.Message}");
                return 2;
            }
        });
        return command;
    }

    private static double? ParseSpeed(string text)
    {
        if (text.Equals("max", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double speed) && speed is > 0 and <= 1e6
            ? speed
            : throw new SimulationException($"--speed '{text}': expected a number of simulated seconds per wall second (0 < N ≤ 1000000) or 'max'");
    }
}

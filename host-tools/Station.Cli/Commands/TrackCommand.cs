using System.CommandLine;
using System.Globalization;
using Station.Cli.Orbits;
using Station.Cli.Tracking;
using Station.Core.Orbits;
using Station.Core.Pointing;
using Station.Devices.Board;

namespace Station.Cli.Commands;

/// <summary><c>stationctl track</c>: fly the first pass after a time open-loop on the emulated station.</summary>
internal static class TrackCommand
{
    public static Command Create()
    {
        var tle = OrbitOptions.Tle();
        var sat = OrbitOptions.Sat(required: true);
        var station = OrbitOptions.Station();
        var start = new Option<string>("--start") { Description = "Fly the first pass after this time, ISO 8601 UTC", Required = true };
        var seed = new Option<int>("--seed") { Description = "Seed of the emulated mount's true pointing errors and of the calibration noise", DefaultValueFactory = _ => 1 };
        var minElevation = new Option<double>("--min-elevation") { Description = "Fly only a pass culminating at least this high, degrees", DefaultValueFactory = _ => 15.0 };
        var pointingModel = new Option<FileInfo?>("--pointing-model") { Description = "Pointing-model calibration file (default: calibrate on the emulated station first)" };
        var pinMap = new Option<FileInfo?>("--pin-map") { Description = "Pin map JSON (default: the built-in copy)" };
        var command = new Command("track",
            "Fly the first pass after --start open-loop on the emulated station (simulated time): calibration, planning, sun-safe slew, " +
            "tracking on the absolute encoders. Prints the pass, the calibration, the keyholes (predicted and achieved) and, as the last line, " +
            "los_error_rms_arcsec=<n> los_error_max_arcsec=<n> limit_violations=<n> (line-of-sight error above 15° elevation).")
        {
            tle, sat, station, start, seed, minElevation, pointingModel, pinMap,
        };
        command.SetAction(parse =>
        {
            TextWriter output = parse.InvocationConfiguration.Output, error = parse.InvocationConfiguration.Error;
            try
            {
                GroundStation site = OrbitInput.Station(parse.GetRequiredValue(station));
                DateTime from = OrbitInput.Time(parse.GetRequiredValue(start), "--start");
                FileInfo file = parse.GetRequiredValue(tle);
                var catalog = OrbitInput.LoadTle(file, ChecksumPolicy.Enforce, error);
                var elements = OrbitInput.Nearest(OrbitInput.Select(catalog, parse.GetRequiredValue(sat), file), from);
                var request = new OpenLoopPassRequest(elements, site, from)
                {
                    Seed = parse.GetValue(seed),
                    MinPassElevationDeg = OrbitInput.InRange(parse.GetValue(minElevation), 5.0, 90.0, "--min-elevation"),
                    PointingModel = parse.GetValue(pointingModel) is { } modelFile ? LoadPointingModel(modelFile) : null,
                };
                var map = parse.GetValue(pinMap) is { } mapFile ? PinMapLoader.Load(mapFile.FullName) : PinMapLoader.LoadDefault();
                var result = OpenLoopPassRunner.Run(request, map);
                PassTrackReport.Write(result, output);
                return result.TrackerFault is null ? 0 : 1;
            }
            catch (Exception ex) when (ex is OrbitInputException or PassTrackException or PinMapException or FormatException)
            {
                error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"stationctl track: {ex.Message}"));
                return 2;
            }
        });
        return command;
    }

    private static PointingModel LoadPointingModel(FileInfo file)
    {
        if (!file.Exists)
        {
            throw new OrbitInputException($"--pointing-model: '{file.FullName}' does not exist.");
        }

        return PointingModelFile.Parse(File.ReadAllText(file.FullName), file.FullName).ToModel();
    }
}

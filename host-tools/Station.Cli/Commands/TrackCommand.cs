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
        var closedLoop = new Option<bool>("--closed-loop") { Description = "Acquire and track the beacon: search, coarse lock on the camera, fine lock on the quad cell and steering mirror" };
        var alongTrack = new Option<double>("--along-track-s") { Description = "With --closed-loop: the true satellite flies this many seconds ahead of the element set", DefaultValueFactory = _ => 2.0 };
        var crossTrack = new Option<double>("--cross-track-m") { Description = "With --closed-loop: the true satellite is this many metres off the element set along the orbit normal", DefaultValueFactory = _ => 0.0 };
        var command = new Command("track",
            "Fly the first pass after --start open-loop on the emulated station (simulated time): calibration, planning, sun-safe slew, " +
            "tracking on the absolute encoders. Prints the pass, the calibration, the keyholes (predicted and achieved) and, as the last line, " +
            "los_error_rms_arcsec=<n> los_error_max_arcsec=<n> limit_violations=<n> (line-of-sight error above 15° elevation). " +
            "With --closed-loop the firmware acquires the beacon of a true satellite offset from the element set and the last line is " +
            "coarse_lock_s=<n> fine_lock_s=<n> fine_rms_urad=<n> lock_fraction=<n> reacquisitions=<n>.")
        {
            tle, sat, station, start, seed, minElevation, pointingModel, pinMap, closedLoop, alongTrack, crossTrack,
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
                if (parse.GetValue(closedLoop))
                {
                    var closed = new ClosedLoopPassRequest(request)
                    {
                        AlongTrackSeconds = OrbitInput.InRange(parse.GetValue(alongTrack), -60.0, 60.0, "--along-track-s"),
                        CrossTrackMeters = OrbitInput.InRange(parse.GetValue(crossTrack), -50_000.0, 50_000.0, "--cross-track-m"),
                        SkySeed = request.Seed,
                    };
                    var closedResult = ClosedLoopPassRunner.Run(closed, map);
                    ClosedLoopPassReport.Write(closedResult, output);
                    return closedResult.Track.TrackerFault is null ? 0 : 1;
                }

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

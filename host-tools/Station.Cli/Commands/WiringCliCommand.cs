using System.CommandLine;
using Station.Cli.Wiring;
using Station.Devices.Board;

namespace Station.Cli.Commands;

/// <summary><c>stationctl wiring</c>: regenerates schematics/wiring.svg and schematics/PINS.md from the pin map.</summary>
internal static class WiringCliCommand
{
    public static Command Create()
    {
        var pinMap = new Option<FileInfo?>("--pin-map") { Description = "Pin map JSON (default: schematics/station.pins.json found upward from here)" };
        var outputDir = new Option<DirectoryInfo?>("--output") { Description = "Where to write wiring.svg and PINS.md (default: the pin map's folder)" };
        var command = new Command("wiring", "Regenerate the wiring diagram (wiring.svg) and pin table (PINS.md) from the pin map") { pinMap, outputDir };
        command.SetAction(parse =>
        {
            var error = parse.InvocationConfiguration.Error;
            string? path = parse.GetValue(pinMap)?.FullName ?? PinMapLoader.FindDefault();
            if (path is null)
            {
                error.WriteLine("stationctl wiring: no pin map given and schematics/station.pins.json not found above the current directory; pass --pin-map FILE.");
                return 2;
            }

            string directory = parse.GetValue(outputDir)?.FullName ?? Path.GetDirectoryName(path)!;
            try
            {
                return WiringCommand.Run(path, directory, parse.InvocationConfiguration.Output);
            }
            catch (PinMapException ex)
            {
                error.WriteLine(ex.Message);
                return 1;
            }
        });
        return command;
    }
}

using System.CommandLine;
using System.Globalization;
using Station.Cli.Devices;
using Station.Devices.Board;

namespace Station.Cli.Commands;

/// <summary><c>stationctl devices check</c>: every binding against its emulated twin, one line per device.</summary>
internal static class DevicesCommand
{
    public static Command Create()
    {
        var pinMap = new Option<FileInfo?>("--pin-map") { Description = "Pin map JSON (default: schematics/station.pins.json, else the built-in copy)" };
        var check = new Command("check", "Run every device binding against the emulator; one line per device; non-zero exit if any fails") { pinMap };
        check.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            try
            {
                var map = parse.GetValue(pinMap) is { } file ? PinMapLoader.Load(file.FullName) : PinMapLoader.LoadDefault();
                var results = DeviceCheckRunner.RunAll(map, new DateTimeOffset(2026, 3, 19, 18, 0, 0, TimeSpan.Zero));
                foreach (var r in results)
                {
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{(r.Passed ? "ok  " : "FAIL")}  {r.DeviceId,-22} {r.Bus,-14} {r.Detail}"));
                }

                int failed = results.Count(r => !r.Passed);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{results.Count - failed} of {results.Count} device checks passed"));
                return failed == 0 ? 0 : 1;
            }
            catch (PinMapException ex)
            {
                parse.InvocationConfiguration.Error.WriteLine(ex.Message);
                return 2;
            }
        });
        return new Command("devices", "Device bindings and their emulated twins") { check };
    }
}

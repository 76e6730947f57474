using System.CommandLine;
using System.Globalization;
using Station.Cli.Axis;
using Station.Devices.Board;
using Station.Firmware.Hosting;
using Station.Firmware.Motion;

namespace Station.Cli.Commands;

/// <summary><c>stationctl axis move</c>: the firmware's axis driver moving an emulated axis.</summary>
internal static class AxisCommand
{
    public static Command Create()
    {
        var axis = new Option<string>("--axis") { Description = "Axis to move: az or el", Required = true };
        axis.AcceptOnlyFromAmong("az", "el");
        var to = new Option<string>("--to") { Description = "Target axis angle, e.g. 123.456deg, 45°, 0.5rad, 30arcmin (a bare number is degrees)", Required = true };
        var from = new Option<string?>("--from") { Description = "Axis angle to start from (default 0deg)" };
        var speed = new Option<double?>("--max-speed-deg-per-s") { Description = "Slew speed limit (default: the firmware's, 5)" };
        var acceleration = new Option<double?>("--acceleration-deg-per-s2") { Description = "Acceleration limit (default: the firmware's, 2)" };
        var pinMap = new Option<FileInfo?>("--pin-map") { Description = "Pin map JSON (default: schematics/station.pins.json, else the built-in copy)" };

        var move = new Command("move", "Move one axis of the emulated mount with the firmware's axis driver and report where it ended")
        {
            axis, to, from, speed, acceleration, pinMap,
        };
        move.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            try
            {
                var target = AngleText.Parse(parse.GetRequiredValue(to), "--to");
                var start = parse.GetValue(from) is { } fromText ? AngleText.Parse(fromText, "--from") : UnitsNet.Angle.Zero;
                // The firmware's defaults for this axis (the same values appsettings.json ships).
                var defaults = new StationOptions();
                var options = parse.GetRequiredValue(axis) == "el" ? defaults.Elevation : defaults.Azimuth;
                options.MaxSpeedDegPerSec = parse.GetValue(speed) ?? options.MaxSpeedDegPerSec;
                options.AccelerationDegPerSec2 = parse.GetValue(acceleration) ?? options.AccelerationDegPerSec2;
                var map = parse.GetValue(pinMap) is { } file ? PinMapLoader.Load(file.FullName) : PinMapLoader.LoadDefault();
                var report = AxisMoveRunner.Run(map, parse.GetRequiredValue(axis), start, target, options);
                report.WriteTo(output);
                return report.Result.Outcome == AxisMoveOutcome.Reached ? 0 : 1;
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException or PinMapException or AxisCommandRefusedException)
            {
                error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"stationctl axis move: {ex.Message}"));
                return 2;
            }
        });

        return new Command("axis", "Drive one mount axis (on the emulator)") { move };
    }
}

using System.Diagnostics;
using Station.Firmware.Telemetry;
using Station.Hil.Tests.Telemetry;

namespace Station.Hil.Tests.Hosting;

/// <summary>
/// The firmware executable on the desktop: <c>Station.Firmware --emulate</c> loads the emulator plugin, runs its control
/// loop in wall-clock time on the built-in scenario's world, and comes up as on the Pi (mount and filter wheels homed,
/// telemetry journaled). Real processes in real time: the waits are bounded, not sleeps.
/// </summary>
public sealed class FirmwareEmulateTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void The_firmware_with_emulate_runs_in_wall_clock_time_on_the_emulated_station_and_homes_the_mount()
    {
        using var process = StartFirmware("--emulate", $"--Emulator:Out={_directory.Path}");
        var lines = new List<string>();
        var deadline = Stopwatch.StartNew();
        bool homed = false;
        while (!homed && deadline.Elapsed < TimeSpan.FromSeconds(90) && process.StandardOutput.ReadLine() is { } line)
        {
            lines.Add(line);
            homed = line.Contains("Mount Homing → Idle", StringComparison.Ordinal);
        }

        var wall = deadline.Elapsed;
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
        Assert.True(homed, "the mount should home on the emulated station; output:\n" + string.Join('\n', lines.TakeLast(30)));
        Assert.Contains(lines, l => l.Contains("Control loop running on its own thread", StringComparison.Ordinal));

        // Wall-clock pacing: the station's clock moved about as far as the wall clock did, not 70 times further.
        using var db = TelemetryDatabase.Open(Path.Combine(_directory.Path, "telemetry.sqlite"));
        var span = db.MountSampleSpan()!.Value;
        Assert.InRange((span.Last - span.First).TotalSeconds, 1, wall.TotalSeconds + 1);
    }

    [Fact]
    public void A_missing_scenario_file_stops_start_up_with_exit_code_78_naming_the_file()
    {
        string missing = Path.Combine(_directory.Path, "nowhere.json");
        using var process = StartFirmware("--emulate", $"--Emulator:Scenario={missing}", $"--Emulator:Out={_directory.Path}");
        string errors = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)));

        Assert.Equal(78, process.ExitCode);
        Assert.Contains(missing, errors, StringComparison.Ordinal);
    }

    private static Process StartFirmware(params string[] args)
    {
        string firmware = Path.Combine(AppContext.BaseDirectory, "Station.Firmware.dll");
        var start = new ProcessStartInfo("dotnet", ["exec", firmware, .. args])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        return Process.Start(start)!;
    }
}

using Station.Cli;

namespace Station.Hil.Tests;

/// <summary>stationctl as a user runs it, in-process.</summary>
public sealed class StationCliTests
{
    [Fact]
    public void Axis_move_runs_the_firmware_driver_on_the_emulator_and_reports_where_the_axis_ended()
    {
        var (code, output, error) = Run("axis", "move", "--axis", "az", "--to", "123.456deg");

        Assert.True(code == 0, error);
        Assert.Contains("az: Reached 0.000000° → 123.456000°", output, StringComparison.Ordinal);
        Assert.Contains("firmware: XACTUAL 1755819 microsteps = 123.456023°", output, StringComparison.Ordinal);
        Assert.Contains("emulator: axis angle 123.456023° (0.00 microsteps from XACTUAL", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Axis_move_refuses_a_target_beyond_the_elevation_travel()
    {
        var (code, _, error) = Run("axis", "move", "--axis", "el", "--to", "95deg");
        Assert.Equal(2, code);
        Assert.Contains("Axis el: target 95° is outside the travel -1°…91°; the axis was not moved.", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("12x")]
    [InlineData("deg")]
    [InlineData("NaNdeg")]
    public void Axis_move_refuses_text_that_is_not_an_angle(string to)
    {
        var (code, _, error) = Run("axis", "move", "--axis", "az", "--to", to);
        Assert.Equal(2, code);
        Assert.Contains($"--to '{to}' is not an angle", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Axis_move_accepts_other_units_and_a_start_angle()
    {
        var (code, output, error) = Run("axis", "move", "--axis", "el", "--from", "10", "--to", "0.5rad");
        Assert.True(code == 0, error);
        Assert.Contains("el: Reached 10.000000° → 28.647890°", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Devices_check_prints_one_line_per_checked_device_and_passes_on_the_emulator()
    {
        var (code, output, error) = Run("devices", "check");
        Assert.True(code == 0, output + error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.StartsWith("ok    az_motor", StringComparison.Ordinal) && l.Contains("SPI0 CS0", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("ok    el_motor", StringComparison.Ordinal) && l.Contains("SPI0 CS1", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("FAIL", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("version")]
    [InlineData("devices", "check")]
    [InlineData("wiring")]
    [InlineData("axis")]
    [InlineData("axis", "move")]
    public void Every_command_has_help(params string[] command)
    {
        var (code, output, _) = Run([.. command, "--help"]);
        Assert.Equal(0, code);
        // The root's name is the host executable's (stationctl when installed, testhost here).
        string usage = output[(output.IndexOf("Usage:", StringComparison.Ordinal) + 6)..];
        Assert.Contains($" {string.Join(' ', command)} [", usage, StringComparison.Ordinal);
    }

    [Fact]
    public void Version_prints_the_tool_and_runtime()
    {
        var (code, output, _) = Run("version");
        Assert.Equal(0, code);
        Assert.StartsWith("stationctl ", output, StringComparison.Ordinal);
        Assert.Contains(".NET 10", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Wiring_writes_the_diagram_and_table_where_asked()
    {
        string directory = Directory.CreateTempSubdirectory("stationctl-wiring-").FullName;
        try
        {
            var (code, output, error) = Run("wiring", "--output", directory);
            Assert.True(code == 0, error);
            Assert.True(File.Exists(Path.Combine(directory, "wiring.svg")));
            Assert.True(File.Exists(Path.Combine(directory, "PINS.md")));
            Assert.Contains("wiring.svg", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = StationCli.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}

using Station.Calibration.Common;

namespace Station.Hil.Tests.Calibration;

/// <summary>With --hardware the scripts drive the mount with the station firmware's own configuration (--config).</summary>
public sealed class StationConfigurationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("calib-config-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void The_firmware_configuration_built_with_the_scripts_is_the_default_and_reads_the_axes_and_the_mount()
    {
        Assert.True(File.Exists(StationConfiguration.DefaultPath), StationConfiguration.DefaultPath);
        var configuration = StationConfiguration.Load(StationConfiguration.DefaultPath);
        Assert.Equal(100, configuration.Azimuth.GearRatio);         // firmware/Station.Firmware/appsettings.json
        Assert.Equal(-270, configuration.Azimuth.MinAngleDeg);
        Assert.Equal(91, configuration.Elevation.MaxAngleDeg);
        Assert.Equal(45, configuration.Mount.ElevationIndexDeg);
        Assert.Equal(30, configuration.Mount.Limits.SunExclusionDeg);
        Assert.Equal(0, configuration.PinMap.GetSpiConnectionSettings(Station.Devices.Board.DeviceId.AzMotor).ChipSelectLine); // the default pin map
    }

    [Fact]
    public void A_bad_mount_setting_is_refused_naming_the_file_and_the_setting()
    {
        string path = Path.Combine(_dir, "appsettings.json");
        File.WriteAllText(path, """{ "Station": { "Azimuth": { "MaxSpeedDegPerSec": -1 }, "Mount": { "ElevationIndexDeg": 200 } } }""");

        var ex = Assert.Throws<CalibrationArgumentException>(() => StationConfiguration.Load(path));
        Assert.Contains($"option --config '{path}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Station:Azimuth.MaxSpeedDegPerSec is -1; expected a positive number", ex.Message, StringComparison.Ordinal);
        Assert.Contains("ElevationIndexDeg", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("missing.json", "does not exist; expected the station firmware's appsettings.json")]
    [InlineData("broken.json", "broken.json':")]
    public void A_missing_or_unreadable_file_is_refused(string name, string expected)
    {
        File.WriteAllText(Path.Combine(_dir, "broken.json"), "{ \"Station\": ");
        var ex = Assert.Throws<CalibrationArgumentException>(() => StationConfiguration.Load(Path.Combine(_dir, name)));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("option --config", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Config_is_a_shared_option_in_both_modes()
    {
        Assert.Equal("station.json", CalibrationArguments.Parse(["--hardware", "--station", "delingha", "--config", "station.json"]).ConfigPath);
        Assert.Equal("station.json", CalibrationArguments.Parse(["--config", "station.json"]).ConfigPath);
        Assert.Null(CalibrationArguments.Parse([]).ConfigPath);
    }
}

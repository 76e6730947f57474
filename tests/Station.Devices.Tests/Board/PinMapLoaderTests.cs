using System.Device.Gpio;
using System.Device.Spi;
using Iot.Device.Media;
using Station.Devices.Board;

namespace Station.Devices.Tests.Board;

/// <summary>Finding and loading the pin map, and the connection settings the firmware builds from it.</summary>
public sealed class PinMapLoaderTests
{
    private static readonly string PinMapPath = RepositoryRoot.Combine(PinMapLoader.DefaultRelativePath);
    private static readonly PinMap Map = PinMapLoader.Load(PinMapPath);

    [Fact]
    public void Embedded_copy_equals_the_committed_file()
    {
        Assert.Equal(File.ReadAllText(PinMapPath), PinMapLoader.ReadEmbeddedJson());
        Assert.Equal(PinMapLoader.EmbeddedSourceName, PinMapLoader.LoadEmbedded().SourceName);
    }

    [Fact]
    public void FindDefault_searches_upward_from_each_start_directory_in_turn()
    {
        var outside = Directory.CreateTempSubdirectory("pinmap-");
        try
        {
            var found = PinMapLoader.FindDefault(outside.FullName, RepositoryRoot.Combine("tests/Station.Devices.Tests"));

            Assert.Equal(Path.GetFullPath(PinMapPath), found);
            Assert.Null(PinMapLoader.FindDefault(outside.FullName));
        }
        finally
        {
            outside.Delete(recursive: true);
        }
    }

    [Fact]
    public void FindDefault_finds_the_repository_file_from_the_test_output_directory()
    {
        Assert.Equal(Path.GetFullPath(PinMapPath), PinMapLoader.FindDefault());
    }

    [Fact]
    public void Missing_file_names_the_path()
    {
        var path = Path.Combine(Path.GetTempPath(), "no-such-dir", "station.pins.json");

        var exception = Assert.Throws<PinMapException>(() => PinMapLoader.Load(path));

        Assert.StartsWith($"{path}: cannot read the pin map:", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Spi_settings_carry_bus_chip_select_mode_and_clock()
    {
        var motor = Map.GetSpiConnectionSettings(DeviceId.AzMotor);
        var dac = Map.GetSpiConnectionSettings(DeviceId.SteeringMirrorDac);

        Assert.Equal((0, 0, SpiMode.Mode3, 4_000_000), (motor.BusId, motor.ChipSelectLine, motor.Mode, motor.ClockFrequency));
        Assert.Equal((1, 3, SpiMode.Mode2, 10_000_000), (dac.BusId, dac.ChipSelectLine, dac.Mode, dac.ClockFrequency));
        Assert.Equal(22, Map.GetSpi(DeviceId.SteeringMirrorDac).ChipSelectLine);
    }

    [Fact]
    public void I2c_settings_carry_bus_and_address()
    {
        var weather = Map.GetI2cConnectionSettings(DeviceId.Weather);

        Assert.Equal((1, 0x76), (weather.BusId, weather.DeviceAddress));
    }

    [Fact]
    public void Gpio_lookup_gives_pin_mode_and_active_level()
    {
        var aircraftOk = Map.GetGpioLine(DeviceId.UplinkLaser, "aircraft_ok");
        var laserEnable = Map.GetGpioLine(DeviceId.UplinkLaser, "laser_enable");

        Assert.Equal((14, PinMode.InputPullDown), (aircraftOk.Line, aircraftOk.PinMode));
        Assert.True(aircraftOk.IsActive(PinValue.High));
        Assert.False(aircraftOk.IsActive(PinValue.Low));
        Assert.Equal((26, PinMode.Output), (laserEnable.Line, laserEnable.PinMode));
        Assert.Equal(PinValue.Low, laserEnable.ValueFor(active: false));
    }

    [Fact]
    public void Active_low_line_inverts()
    {
        var line = new GpioLineAssignment("reset_n", 5, GpioDirection.Output, GpioPull.None, ActiveLevel.Low);

        Assert.Equal(PinValue.Low, line.ValueFor(active: true));
        Assert.True(line.IsActive(PinValue.Low));
    }

    [Fact]
    public void Unknown_gpio_name_lists_the_device_lines()
    {
        var exception = Assert.Throws<PinMapException>(() => Map.GetGpioLine(DeviceId.Interlocks, "estop"));

        Assert.Equal(
            $"{PinMapPath}: interlocks has no GPIO line 'estop' (it has: estop_ok, dome_open, watchdog_heartbeat)",
            exception.Message);
    }

    [Fact]
    public void Asking_for_a_bus_a_device_does_not_have_names_it()
    {
        var exception = Assert.Throws<PinMapException>(() => Map.GetSpiConnectionSettings(DeviceId.Weather));

        Assert.Equal($"{PinMapPath}: weather has no 'spi' section", exception.Message);
    }

    [Fact]
    public void Serial_and_camera_settings_are_available()
    {
        var serial = Map.GetSerialPort(DeviceId.Gnss);
        var video = Map.GetVideoConnectionSettings(DeviceId.BeaconCamera);

        Assert.Equal(new SerialPortAssignment("/dev/ttyACM0", 115200, "NMEA 0183"), serial);
        Assert.Equal((0, 640u, 480u, VideoPixelFormat.Y16), (video.BusId, video.CaptureSize.Width, video.CaptureSize.Height, video.PixelFormat));
    }

    [Fact]
    public void Motor_reference_inputs_are_recorded()
    {
        Assert.Equal("az_limit_ccw", Map.GetDevice(DeviceId.AzMotor).ReferenceInputs["REFL"]);
        Assert.Equal("hall_index", Map.GetDevice(DeviceId.FilterWheelSpectral).ReferenceInputs["REFL"]);
    }

    [Fact]
    public void Validator_accepts_a_map_built_in_code_and_rejects_a_conflict()
    {
        var devices = Map.Devices.ToList();
        var index = devices.FindIndex(device => device.Id == DeviceId.Gnss);
        devices[index] = devices[index] with { Gpio = [new GpioLineAssignment("pps", 8, GpioDirection.Input, GpioPull.None, ActiveLevel.High)] };

        var exception = Assert.Throws<PinMapException>(() => PinMapValidator.Validate(Map with { SourceName = "scenario", Devices = devices }));

        Assert.Equal("scenario: BCM 8 is used by az_motor (SPI0 chip select 0) and by gnss (GPIO pps)", exception.Message);
    }
}

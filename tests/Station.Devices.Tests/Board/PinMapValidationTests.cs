using System.Text.Json.Nodes;
using Station.Devices.Board;

namespace Station.Devices.Tests.Board;

/// <summary>Each wiring rule, broken once in an otherwise real pin map, gives exactly its own precise message.</summary>
public sealed class PinMapValidationTests
{
    private const string Source = PinMapLoader.DefaultRelativePath;
    private static readonly string RealJson = File.ReadAllText(RepositoryRoot.Combine(Source));

    [Fact]
    public void Committed_pin_map_validates_clean()
    {
        var map = PinMapLoader.Parse(RealJson, Source);

        Assert.Empty(PinMapValidator.FindProblems(map));
        Assert.Equal(DeviceId.All.Order(StringComparer.Ordinal), map.Devices.Select(device => device.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Committed_pin_map_uses_every_header_line_once()
    {
        var lines = PinUse.Collect(PinMapLoader.Parse(RealJson, Source)).Select(use => use.Line).Order();

        Assert.Equal(Enumerable.Range(0, 28), lines);
    }

    [Fact]
    public void Gpio_line_on_a_chip_select_line_names_both_users()
    {
        var json = Mutate(root => Gpio(root, DeviceId.GateCounter, "enable_ch0")["line"] = 8);

        AssertSingleProblem(json, "BCM 8 is used by az_motor (SPI0 chip select 0) and by gate_counter (GPIO enable_ch0)");
    }

    [Fact]
    public void Gpio_line_on_a_spi_bus_pin_names_every_device_on_the_bus()
    {
        var json = Mutate(root => Gpio(root, DeviceId.Gnss, "pps")["line"] = 10);

        AssertSingleProblem(
            json,
            "BCM 10 is used by az_motor, el_motor, filter_wheel_spectral, filter_wheel_nd, gate_counter (SPI0 MOSI) and by gnss (GPIO pps)");
    }

    [Fact]
    public void Gpio_line_on_an_i2c_pin_is_a_conflict()
    {
        var json = Mutate(root => Gpio(root, DeviceId.Interlocks, "estop_ok")["line"] = 2);

        AssertSingleProblem(json, "BCM 2 is used by weather, interlocks (I2C1 SDA) and by interlocks (GPIO estop_ok)");
    }

    [Fact]
    public void Two_chip_selects_on_one_line_are_a_conflict()
    {
        var json = Mutate(root => Spi(root, DeviceId.ElMotor)["chipSelectLine"] = 8);

        AssertSingleProblem(json, "BCM 8 is used by az_motor (SPI0 chip select 0) and by el_motor (SPI0 chip select 1)");
    }

    [Fact]
    public void A_bus_whose_pins_overlap_another_bus_reports_each_shared_line()
    {
        // SPI6 sits on the same BCM19/20/21 as SPI1.
        var json = Mutate(root => Spi(root, DeviceId.AzMotor)["bus"] = 6);

        var problems = Fails(json).Problems;

        Assert.Equal(
            [
                $"{Source}: BCM 19 is used by az_encoder, el_encoder, quad_cell_adc, steering_mirror_dac (SPI1 MISO) and by az_motor (SPI6 MISO)",
                $"{Source}: BCM 20 is used by az_encoder, el_encoder, quad_cell_adc, steering_mirror_dac (SPI1 MOSI) and by az_motor (SPI6 MOSI)",
                $"{Source}: BCM 21 is used by az_encoder, el_encoder, quad_cell_adc, steering_mirror_dac (SPI1 SCLK) and by az_motor (SPI6 SCLK)",
            ],
            problems);
    }

    [Fact]
    public void Same_bus_and_chip_select_twice_is_a_conflict()
    {
        var json = Mutate(root => Spi(root, DeviceId.ElMotor)["chipSelect"] = 0);

        AssertSingleProblem(json, "SPI0 chip select 0 is used by az_motor and by el_motor");
    }

    [Theory]
    [InlineData(4)]
    [InlineData(-1)]
    public void Spi_mode_outside_0_to_3_is_rejected(int mode)
    {
        var json = Mutate(root => Spi(root, DeviceId.AzMotor)["mode"] = mode);

        AssertSingleProblem(json, $"az_motor (SPI0 chip select 0): SPI mode {mode} is outside 0-3");
    }

    [Fact]
    public void Gpio_line_outside_the_header_is_rejected()
    {
        var json = Mutate(root => Gpio(root, DeviceId.Gnss, "pps")["line"] = 28);

        AssertSingleProblem(json, "gnss (GPIO pps): line BCM 28 is outside BCM 0-27");
    }

    [Fact]
    public void Chip_select_line_outside_the_header_is_rejected()
    {
        var json = Mutate(root => Spi(root, DeviceId.QuadCellAdc)["chipSelectLine"] = 40);

        AssertSingleProblem(json, "quad_cell_adc (SPI1 chip select 2): chip select line BCM 40 is outside BCM 0-27");
    }

    [Fact]
    public void Unknown_spi_bus_is_rejected()
    {
        var json = Mutate(root => Spi(root, DeviceId.AzMotor)["bus"] = 2);

        AssertSingleProblem(json, "az_motor (SPI2 chip select 0): SPI bus 2 is not a Raspberry Pi 4 SPI bus (known: 0, 1, 3, 4, 5, 6)");
    }

    [Fact]
    public void Unknown_i2c_bus_is_rejected()
    {
        var json = Mutate(root => I2c(root)["bus"] = 3);

        AssertSingleProblem(json, "weather (I2C3 address 0x76): I2C bus 3 is not a Raspberry Pi 4 I2C bus the station enables (known: 1)");
    }

    [Theory]
    [InlineData("0x78")]
    [InlineData("0x07")]
    public void I2c_address_outside_the_7_bit_range_is_rejected(string address)
    {
        var json = Mutate(root => I2c(root)["address"] = address);

        AssertSingleProblem(json, $"weather (I2C1 address {address}): address {address} is outside 0x08-0x77");
    }

    [Fact]
    public void I2c_address_that_is_not_hex_text_is_rejected()
    {
        var json = Mutate(root => I2c(root)["address"] = "118");

        AssertSingleProblem(json, "weather (I2C1): address '118' is not hexadecimal like \"0x76\"");
    }

    [Fact]
    public void Same_i2c_address_twice_on_a_bus_is_a_conflict()
    {
        var json = Mutate(root => Device(root, DeviceId.Gnss)["i2c"] = new JsonObject { ["bus"] = 1, ["address"] = "0x76", ["clockHz"] = 100000 });

        AssertSingleProblem(json, "I2C1 address 0x76 is used by weather and by gnss");
    }

    [Fact]
    public void Unknown_device_id_is_rejected_and_the_missing_one_reported_too()
    {
        var json = Mutate(root =>
        {
            var devices = root["devices"]!.AsObject();
            var gnss = devices[DeviceId.Gnss]!;
            devices.Remove(DeviceId.Gnss);
            devices["gps"] = gnss;
        });

        var problems = Fails(json).Problems;

        Assert.Equal(
            [
                $"{Source}: unknown device id 'gps' (known ids: {string.Join(", ", DeviceId.All)})",
                $"{Source}: required device 'gnss' is missing",
            ],
            problems);
    }

    [Fact]
    public void Missing_device_is_rejected()
    {
        var json = Mutate(root => root["devices"]!.AsObject().Remove(DeviceId.Weather));

        AssertSingleProblem(json, "required device 'weather' is missing");
    }

    [Theory]
    [InlineData("direction", "outptu", "input or output")]
    [InlineData("pull", "sideways", "none or up or down")]
    [InlineData("activeLevel", "HIGH", "high or low")]
    public void Invalid_gpio_setting_string_is_rejected(string key, string value, string expected)
    {
        var json = Mutate(root => Gpio(root, DeviceId.GateCounter, "enable_ch0")[key] = value);

        AssertSingleProblem(json, $"gate_counter (GPIO enable_ch0, BCM 5): {key} '{value}' is invalid (expected {expected})");
    }

    [Fact]
    public void Duplicate_gpio_name_within_a_device_is_rejected()
    {
        var json = Mutate(root => Gpio(root, DeviceId.GateCounter, "enable_ch1")["name"] = "enable_ch0");

        AssertSingleProblem(json, "gate_counter: GPIO name 'enable_ch0' is used twice (BCM 5 and BCM 6)");
    }

    [Fact]
    public void Pull_on_an_output_is_rejected()
    {
        var json = Mutate(root => Gpio(root, DeviceId.UplinkLaser, "laser_enable")["pull"] = "down");

        AssertSingleProblem(json, "uplink_laser (GPIO laser_enable): pull 'down' has no effect on an output; use none");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-4000000)]
    public void Spi_clock_must_be_positive(int clockHz)
    {
        var json = Mutate(root => Spi(root, DeviceId.AzMotor)["clockHz"] = clockHz);

        AssertSingleProblem(json, $"az_motor (SPI0 chip select 0): clockHz {clockHz} must be positive");
    }

    [Fact]
    public void I2c_clock_must_be_positive()
    {
        var json = Mutate(root => I2c(root)["clockHz"] = 0);

        AssertSingleProblem(json, "weather (I2C1 address 0x76): clockHz 0 must be positive");
    }

    [Fact]
    public void Missing_key_is_named_with_its_device()
    {
        var json = Mutate(root => Spi(root, DeviceId.AzMotor).Remove("mode"));

        AssertSingleProblem(json, "az_motor: 'spi.mode' is missing");
    }

    [Fact]
    public void Unknown_reference_input_is_rejected()
    {
        var json = Mutate(root => Device(root, DeviceId.FilterWheelNd)["referenceInputs"] = new JsonObject { ["REFX"] = "hall_index" });

        AssertSingleProblem(json, "filter_wheel_nd: reference input 'REFX' is not a TMC5160 reference input (REFL, REFR)");
    }

    [Fact]
    public void Camera_settings_are_checked()
    {
        var json = Mutate(root =>
        {
            var camera = Device(root, DeviceId.BeaconCamera)["camera"]!;
            camera["device"] = "/dev/cam";
            camera["pixelFormat"] = "Y17";
        });

        var problems = Fails(json).Problems;

        Assert.Equal(
            [
                $"{Source}: beacon_camera (camera /dev/cam): device must be /dev/videoN",
                $"{Source}: beacon_camera (camera /dev/cam): pixelFormat 'Y17' is not a V4L2 pixel format name (e.g. Y16, GREY)",
            ],
            problems);
    }

    [Fact]
    public void Every_problem_is_listed_not_just_the_first()
    {
        var json = Mutate(root =>
        {
            Spi(root, DeviceId.AzMotor)["mode"] = 5;
            Gpio(root, DeviceId.GateCounter, "enable_ch0")["line"] = 8;
            root["devices"]!.AsObject().Remove(DeviceId.Weather);
        });

        var exception = Fails(json);

        Assert.Equal(3, exception.Problems.Count);
        Assert.StartsWith($"{Source}: 3 pin map problems:", exception.Message, StringComparison.Ordinal);
        Assert.Contains("az_motor (SPI0 chip select 0): SPI mode 5 is outside 0-3", exception.Message, StringComparison.Ordinal);
        Assert.Contains("BCM 8 is used by az_motor (SPI0 chip select 0) and by gate_counter (GPIO enable_ch0)", exception.Message, StringComparison.Ordinal);
        Assert.Contains("required device 'weather' is missing", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_json_reports_line_and_position()
    {
        var json = RealJson.Replace("\"board\":", "\"board\"", StringComparison.Ordinal);

        var problem = Assert.Single(Fails(json).Problems);

        Assert.StartsWith($"{Source}: malformed JSON at line 2, byte ", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Misspelt_key_is_rejected_with_its_path()
    {
        var json = Mutate(root => Spi(root, DeviceId.AzMotor)["chipselect"] = 0);

        var problem = Assert.Single(Fails(json).Problems);

        Assert.Contains("($.devices.az_motor.spi.chipselect): unknown key", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Device_listed_twice_is_rejected()
    {
        var json = RealJson.Replace("\"devices\": {", "\"devices\": {\n    \"weather\": {},", StringComparison.Ordinal);

        var problem = Assert.Single(Fails(json).Problems);

        Assert.Contains("($.devices.weather): duplicate key", problem, StringComparison.Ordinal);
    }

    private static string Mutate(Action<JsonObject> change)
    {
        var root = JsonNode.Parse(RealJson)!.AsObject();
        change(root);
        return root.ToJsonString();
    }

    private static JsonObject Device(JsonObject root, string id) => root["devices"]![id]!.AsObject();

    private static JsonObject Spi(JsonObject root, string id) => Device(root, id)["spi"]!.AsObject();

    private static JsonObject I2c(JsonObject root) => Device(root, DeviceId.Weather)["i2c"]!.AsObject();

    private static JsonObject Gpio(JsonObject root, string id, string name) =>
        Device(root, id)["gpio"]!.AsArray().Select(line => line!.AsObject()).Single(line => (string?)line["name"] == name);

    private static PinMapException Fails(string json) => Assert.Throws<PinMapException>(() => PinMapLoader.Parse(json, Source));

    private static void AssertSingleProblem(string json, string expectedWithoutSource)
    {
        var exception = Fails(json);
        Assert.Equal([$"{Source}: {expectedWithoutSource}"], exception.Problems);
        Assert.Equal($"{Source}: {expectedWithoutSource}", exception.Message);
    }
}

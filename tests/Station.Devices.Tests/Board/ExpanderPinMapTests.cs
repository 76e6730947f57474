using System.Text.Json.Nodes;
using Station.Devices.Board;

namespace Station.Devices.Tests.Board;

/// <summary>The pin map's <c>expander</c> section: the committed one reads as designed, and each rule broken once gives its message.</summary>
public sealed class ExpanderPinMapTests
{
    private const string Source = PinMapLoader.DefaultRelativePath;
    private static readonly string RealJson = File.ReadAllText(RepositoryRoot.Combine(Source));

    [Fact]
    public void Committed_map_puts_an_mcp23017_at_i2c1_0x20_with_fail_closed_key_and_watchdog_inputs()
    {
        var map = PinMapLoader.Parse(RealJson, Source);

        var i2c = map.GetI2c(DeviceId.Interlocks);
        Assert.Equal((1, 0x20), (i2c.Bus, i2c.Address));
        var expander = map.GetExpander(DeviceId.Interlocks);
        Assert.Equal(ExpanderAssignment.Mcp23017, expander.Part);
        var key = map.GetExpanderPin(DeviceId.Interlocks, "key_ok");
        Assert.Equal(("GPA0", 0, GpioDirection.Input, GpioPull.Up, ActiveLevel.Low), (key.Pin, key.PinNumber, key.Direction, key.Pull, key.ActiveLevel));
        var watchdog = map.GetExpanderPin(DeviceId.Interlocks, "watchdog_ok");
        Assert.Equal(("GPA1", 1, GpioPull.Up, ActiveLevel.Low), (watchdog.Pin, watchdog.PinNumber, watchdog.Pull, watchdog.ActiveLevel));

        // With a pull-up, an open circuit reads high, which must mean "not OK".
        Assert.False(key.IsActive(rawHigh: true));
        Assert.True(key.IsActive(rawHigh: false));
    }

    [Theory]
    [InlineData("GPA0", 0)]
    [InlineData("GPA7", 7)]
    [InlineData("GPB0", 8)]
    [InlineData("GPB7", 15)]
    [InlineData("GPB8", null)]
    [InlineData("GPC0", null)]
    [InlineData("gpa0", null)]
    [InlineData("GPA", null)]
    public void Pin_names_map_to_numbers(string name, int? number) => Assert.Equal(number, ExpanderPinAssignment.ParsePinNumber(name));

    [Fact]
    public void Asking_for_a_missing_expander_pin_lists_the_pins_there_are()
    {
        var map = PinMapLoader.Parse(RealJson, Source);

        var error = Assert.Throws<PinMapException>(() => map.GetExpanderPin(DeviceId.Interlocks, "key"));

        Assert.Contains("interlocks has no expander pin 'key' (it has: key_ok, watchdog_ok, spare_gpa2", error.Message, StringComparison.Ordinal);
        Assert.Contains("weather has no 'expander' section", Assert.Throws<PinMapException>(() => map.GetExpander(DeviceId.Weather)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Same_expander_pin_twice_names_both_signals()
    {
        var json = Mutate(root => Pin(root, "spare_gpa2")["pin"] = "GPA0");

        AssertSingleProblem(json, "interlocks: expander pin GPA0 is used by key_ok and by spare_gpa2");
    }

    [Fact]
    public void Expander_signal_name_clashing_with_a_header_line_is_rejected()
    {
        var json = Mutate(root => Pin(root, "spare_gpa3")["name"] = "estop_ok");

        AssertSingleProblem(json, "interlocks: signal name 'estop_ok' is used twice (GPIO BCM 15 and expander GPA3)");
    }

    [Fact]
    public void Pin_that_the_part_does_not_have_is_rejected()
    {
        var json = Mutate(root => Pin(root, "spare_gpa4")["pin"] = "GPB8");

        AssertSingleProblem(json, "interlocks (expander spare_gpa4, GPB8): pin 'GPB8' is not an MCP23017 pin (GPA0-GPA7, GPB0-GPB7)");
    }

    [Fact]
    public void Pull_down_is_rejected_because_the_mcp23017_only_has_pull_ups()
    {
        var json = Mutate(root => Pin(root, "key_ok")["pull"] = "down");

        AssertSingleProblem(json, "interlocks (expander key_ok, GPA0): pull 'down' is not available; the MCP23017 has pull-ups only (use up or none)");
    }

    [Fact]
    public void Pull_on_an_expander_output_is_rejected()
    {
        var json = Mutate(root => Pin(root, "spare_gpa5")["direction"] = "output");

        AssertSingleProblem(json, "interlocks (expander spare_gpa5, GPA5): pull 'up' has no effect on an output; use none");
    }

    [Fact]
    public void Invalid_setting_string_names_the_expander_pin()
    {
        var json = Mutate(root => Pin(root, "key_ok")["activeLevel"] = "LOW");

        AssertSingleProblem(json, "interlocks (expander key_ok, GPA0): activeLevel 'LOW' is invalid (expected high or low)");
    }

    [Fact]
    public void Expander_without_an_i2c_section_is_rejected()
    {
        var json = Mutate(root => Device(root, DeviceId.Interlocks).Remove("i2c"));

        AssertSingleProblem(json, "interlocks (expander): an expander needs the device's 'i2c' section (its bus and address)");
    }

    [Fact]
    public void Expander_address_outside_the_parts_range_is_rejected()
    {
        var json = Mutate(root => Device(root, DeviceId.Interlocks)["i2c"]!["address"] = "0x40");

        AssertSingleProblem(json, "interlocks (expander at I2C1 0x40): address is outside the MCP23017's 0x20-0x27 (set by A2-A0)");
    }

    [Fact]
    public void Expander_on_the_weather_sensors_address_is_an_address_conflict()
    {
        var json = Mutate(root => Device(root, DeviceId.Weather)["i2c"]!["address"] = "0x20");

        AssertSingleProblem(json, "I2C1 address 0x20 is used by weather and by interlocks");
    }

    [Fact]
    public void Unsupported_part_is_rejected()
    {
        var json = Mutate(root => Device(root, DeviceId.Interlocks)["expander"]!["part"] = "PCF8574");

        AssertSingleProblem(json, "interlocks (expander): part 'PCF8574' is not supported (expected MCP23017)");
    }

    [Fact]
    public void Missing_pin_key_is_named_with_its_index()
    {
        var json = Mutate(root => Pin(root, "spare_gpa6").Remove("pin"));

        AssertSingleProblem(json, "interlocks: 'expander.pins[6].pin' is missing");
    }

    private static string Mutate(Action<JsonObject> change)
    {
        var root = JsonNode.Parse(RealJson)!.AsObject();
        change(root);
        return root.ToJsonString();
    }

    private static JsonObject Device(JsonObject root, string id) => root["devices"]![id]!.AsObject();

    private static JsonObject Pin(JsonObject root, string name) =>
        Device(root, DeviceId.Interlocks)["expander"]!["pins"]!.AsArray().Select(pin => pin!.AsObject()).Single(pin => (string?)pin["name"] == name);

    private static void AssertSingleProblem(string json, string expectedWithoutSource)
    {
        var exception = Assert.Throws<PinMapException>(() => PinMapLoader.Parse(json, Source));
        Assert.Equal([$"{Source}: {expectedWithoutSource}"], exception.Problems);
    }
}

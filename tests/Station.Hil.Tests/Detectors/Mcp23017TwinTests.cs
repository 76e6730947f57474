using System.Device.Gpio;
using System.Device.I2c;
using Iot.Device.Mcp23xxx;
using Station.Emulator.Buses;
using Station.Emulator.Devices;
using Station.Emulator.Faults;

namespace Station.Hil.Tests.Detectors;

/// <summary>The emulated MCP23017 at register level, driven by the unmodified Iot.Device.Mcp23xxx.Mcp23017 binding.</summary>
public sealed class Mcp23017TwinTests : IDisposable
{
    private readonly EmulatedBusProvider _buses = new();
    private readonly EmulatedMcp23017 _twin;
    private readonly I2cDevice _i2c;
    private readonly Mcp23017 _binding;

    public Mcp23017TwinTests()
    {
        var time = new Core.Timing.SimulatedTimeProvider(DetectorBench.Start);
        _twin = new EmulatedMcp23017(new FaultInjector(time), "interlocks");
        _buses.AttachI2c(1, 0x21, _twin);
        _i2c = _buses.OpenI2c(new I2cConnectionSettings(1, 0x21));
        _binding = new Mcp23017(_i2c, shouldDispose: false);
    }

    [Fact]
    public void Power_on_state_is_all_inputs_without_pull_ups()
    {
        Assert.Equal((0xFFFF, 0x0000, 0x0000), (_twin.Directions, _twin.PullUps, _twin.InputPolarity));
        Assert.Equal(0xFFFF, _binding.ReadUInt16(Register.IODIR));
    }

    [Fact]
    public void Inputs_read_drive_then_pull_up_then_low_and_ipol_inverts_them()
    {
        using var pins = new GpioController(_binding);
        pins.OpenPin(3, PinMode.InputPullUp);
        pins.OpenPin(9, PinMode.Input);
        _twin.DriveInput(9, true);

        Assert.Equal(0x0208, _binding.ReadUInt16(Register.GPIO) & 0x0208); // GPA3 pulled up, GPB1 driven high
        Assert.Equal(0x0008, _twin.PullUps);
        _twin.DriveInput(3, false);
        Assert.Equal(PinValue.Low, pins.Read(3));

        _binding.WriteByte(Register.IPOL, 0x08, Port.PortA);
        Assert.Equal(PinValue.High, pins.Read(3)); // inverted input
        Assert.Equal(0x08, _twin.InputPolarity);
        Assert.Equal(0x08, _binding.ReadByte(Register.GPIO, Port.PortA)); // GPA3 driven low, read inverted; the rest float low
    }

    [Fact]
    public void Outputs_drive_the_pin_from_the_latch()
    {
        using var pins = new GpioController(_binding);
        pins.OpenPin(12, PinMode.Output);

        pins.Write(12, PinValue.High);

        Assert.True(_twin.LevelOf(12));
        Assert.Equal(0x10, _binding.ReadByte(Register.OLAT, Port.PortB));
        Assert.Equal(0x10, _binding.ReadByte(Register.GPIO, Port.PortB) & 0x10); // GPIO of an output reads the latch
    }

    [Fact]
    public void Byte_mode_toggles_between_the_a_and_b_registers()
    {
        _binding.WriteByte(Register.IOCON, 0x20, Port.PortA); // SEQOP = 1
        _i2c.Write([0x0C, 0x11, 0x22, 0x33]); // GPPUA, GPPUB, GPPUA

        Assert.Equal(0x2233, _twin.PullUps);
    }

    [Fact]
    public void No_response_fails_every_transaction_like_an_address_nak()
    {
        var time = new Core.Timing.SimulatedTimeProvider(DetectorBench.Start);
        var faults = new FaultInjector(time);
        var twin = new EmulatedMcp23017(faults, "interlocks");
        faults.InjectNow(FaultKind.NoResponse, "interlocks");

        var error = Assert.Throws<IOException>(() => twin.Write([0x12]));

        Assert.Equal("I2C address 0x20 (MCP23017 of interlocks) did not acknowledge (no_response fault).", error.Message);
    }

    public void Dispose()
    {
        _binding.Dispose();
        _i2c.Dispose();
        _buses.Dispose();
    }
}

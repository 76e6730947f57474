using System.Device.Spi;
using Iot.Device.Adc;
using Station.Devices.Dac8563;
using Station.Devices.QuadCell;
using Station.Devices.SteeringMirror;
using UnitsNet;
using Dac = Station.Devices.Dac8563.Dac8563;
using Mirror = Station.Devices.SteeringMirror.SteeringMirror;
using Quad = Station.Devices.QuadCell.QuadCell;

namespace Station.Devices.Tests.Sensors;

/// <summary>The sensor bindings against scripted SPI devices: frames on the wire and the pure conversions.</summary>
public sealed class SensorBindingTests
{
    [Theory]
    [InlineData(Dac8563Command.WriteInputUpdate, Dac8563Address.DacA, 0x1234, new byte[] { 0x18, 0x12, 0x34 })]
    [InlineData(Dac8563Command.WriteInputUpdateAll, Dac8563Address.DacB, 0xFFFF, new byte[] { 0x11, 0xFF, 0xFF })]
    [InlineData(Dac8563Command.InternalReference, Dac8563Address.DacA, 0x0001, new byte[] { 0x38, 0x00, 0x01 })]
    [InlineData(Dac8563Command.WriteInput, Dac8563Address.Gain, 0x0003, new byte[] { 0x02, 0x00, 0x03 })]
    [InlineData(Dac8563Command.SoftwareReset, Dac8563Address.DacA, 0x0001, new byte[] { 0x28, 0x00, 0x01 })]
    public void Dac8563_frames_put_command_address_and_data_where_the_datasheet_does(Dac8563Command command, Dac8563Address address, int data, byte[] expected)
    {
        byte[] frame = new byte[3];
        Dac.EncodeFrame(command, address, (ushort)data, frame);
        Assert.Equal(expected, frame);
    }

    [Fact]
    public void Dac8563_initialises_then_updates_both_channels_together()
    {
        var spi = new ScriptedSpiDevice(SpiMode.Mode2);
        using var dac = new Dac(spi, shouldDispose: false);
        dac.Initialize();
        dac.WriteBoth(0x0100, 0xFF00);

        Assert.Equal(
            [[0x28, 0x00, 0x01], [0x20, 0x00, 0x03], [0x30, 0x00, 0x03], [0x38, 0x00, 0x01], [0x02, 0x00, 0x00], [0x00, 0x01, 0x00], [0x11, 0xFF, 0x00]],
            spi.Sent);
        Assert.Equal(2, dac.GainA);
        Assert.Equal(5.0 * 0xFF00 / 65536, dac.OutputFor(Dac8563Channel.B, 0xFF00).Volts, 1e-12);
    }

    [Fact]
    public void Dac8563_refuses_a_rising_edge_spi_mode()
    {
        var error = Assert.Throws<ArgumentException>(() => new Dac(new ScriptedSpiDevice(SpiMode.Mode0)));
        Assert.Contains("mode 1 or 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Steering_mirror_maps_angles_to_codes_about_mid_scale_and_clamps()
    {
        var spi = new ScriptedSpiDevice(SpiMode.Mode2);
        using var mirror = new Mirror(new Dac(spi), new SteeringMirrorOptions());
        var centred = mirror.Initialize();
        Assert.Equal(0x8000, centred.TipCode);

        var command = mirror.Point(Angle.FromMicroradians(2000), Angle.FromMicroradians(-2500));
        Assert.Equal(0x8000 + 26214, command.TipCode);         // 2 V above 2.5 V of a 5 V span
        Assert.Equal(0x8000 - 26214, command.TiltCode);        // clamped to −2000 µrad
        Assert.False(command.TipSaturated);
        Assert.True(command.TiltSaturated);
        Assert.Equal(-2000, command.TiltMicroradians);
        Assert.Equal([0x00, 0xE6, 0x66], spi.Sent[^2]);
    }

    [Fact]
    public void Steering_mirror_options_that_do_not_fit_the_dac_are_refused_naming_the_span()
    {
        var spi = new ScriptedSpiDevice(SpiMode.Mode2);
        using var mirror = new Mirror(new Dac(spi), new SteeringMirrorOptions { RangeMicroradians = 4000 });
        var error = Assert.Throws<ArgumentException>(() => mirror.Initialize());
        Assert.Contains("±4000 µrad needs -1.5…6.5 V but the DAC spans 0…5 V", error.Message, StringComparison.Ordinal);
        Assert.Empty(spi.Sent);
    }

    [Theory]
    [InlineData(1000, 1000, 1000, 1000, QuadCellStatus.Valid, 0.0, 0.0)]
    [InlineData(2000, 0, 0, 0, QuadCellStatus.Valid, 1.0, 1.0)]
    [InlineData(600, 200, 200, 600, QuadCellStatus.Valid, 0.5, 0.0)]
    [InlineData(100, 300, 300, 100, QuadCellStatus.Valid, -0.5, 0.0)]
    [InlineData(20, 20, 20, 20, QuadCellStatus.NoSpot, 0.0, 0.0)]
    [InlineData(4095, 1000, 1000, 1000, QuadCellStatus.Saturated, 0.436, 0.436)] // biased: the clipped quadrant held more
    public void Quad_cell_normalised_position_and_status(int a, int b, int c, int d, QuadCellStatus status, double x, double y)
    {
        using var cell = new Quad(new Mcp3208(new ScriptedSpiDevice(SpiMode.Mode0)), ElectricPotential.FromVolts(3.3), ElectricPotential.FromVolts(0.2));
        var reading = cell.Evaluate(a, b, c, d);
        Assert.Equal(status, reading.Status);
        Assert.Equal(x, reading.X, 0.01);
        Assert.Equal(y, reading.Y, 0.01);
        Assert.Equal((a + b + c + d) * 3.3 / 4096, reading.SumVolts, 1e-9);
    }

    [Fact]
    public void Quad_cell_rejects_channels_shared_by_two_quadrants()
    {
        var error = Assert.Throws<ArgumentException>(() => new Quad(
            new Mcp3208(new ScriptedSpiDevice(SpiMode.Mode0)), ElectricPotential.FromVolts(3.3), ElectricPotential.FromVolts(0.2), new QuadCellChannels(0, 1, 1, 3)));
        Assert.Contains("A=0, B=1, C=1, D=3", error.Message, StringComparison.Ordinal);
    }
}

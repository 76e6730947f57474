using System.Device.Spi;
using Station.Devices.Tmc5160;
using UnitsNet;
using Driver = Station.Devices.Tmc5160.Tmc5160;

namespace Station.Devices.Tests.Tmc5160;

public sealed class Tmc5160DatagramTests
{
    [Fact]
    public void A_write_sets_bit_7_of_the_address_and_sends_the_data_big_endian()
    {
        Span<byte> datagram = stackalloc byte[5];
        Driver.EncodeDatagram(Tmc5160Register.XTarget, write: true, 0x12345678, datagram);
        Assert.Equal(new byte[] { 0xAD, 0x12, 0x34, 0x56, 0x78 }, datagram.ToArray());
    }

    [Fact]
    public void A_read_request_has_bit_7_clear_and_zero_data()
    {
        Span<byte> datagram = stackalloc byte[5];
        Driver.EncodeDatagram(Tmc5160Register.DrvStatus, write: false, 0, datagram);
        Assert.Equal(new byte[] { 0x6F, 0, 0, 0, 0 }, datagram.ToArray());
    }

    [Fact]
    public void A_reply_decodes_into_status_byte_and_big_endian_data()
    {
        var (status, data) = Driver.DecodeReply([0b1010_1001, 0xFF, 0xFF, 0xFE, 0x0C]);
        Assert.Equal(Tmc5160SpiStatus.ResetFlag | Tmc5160SpiStatus.Standstill | Tmc5160SpiStatus.PositionReached | Tmc5160SpiStatus.StopRight, status);
        Assert.Equal(0xFFFFFE0Cu, data);
        Assert.Equal(-500, unchecked((int)data));
    }

    [Fact]
    public void Wrong_lengths_are_refused_with_the_expected_length()
    {
        var error = Assert.Throws<ArgumentException>(() => Driver.DecodeReply(new byte[4]));
        Assert.Contains("5 bytes; got 4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reading_a_register_takes_two_datagrams_and_uses_the_second_reply()
    {
        var spi = new RecordingSpiDevice();
        spi.Replies.Enqueue([0x08, 0xDE, 0xAD, 0xBE, 0xEF]); // reply to the request: data of an earlier access
        spi.Replies.Enqueue([0x28, 0xFF, 0xF0, 0xBD, 0xC0]); // reply carrying XACTUAL = -1,000,000
        using var tmc = Raw(spi);

        int position = tmc.ActualPosition;

        Assert.Equal(-1_000_000, position);
        Assert.Equal(2, spi.Sent.Count);
        Assert.All(spi.Sent, d => Assert.Equal(new byte[] { 0x21, 0, 0, 0, 0 }, d));
        Assert.Equal(Tmc5160SpiStatus.Standstill | Tmc5160SpiStatus.PositionReached, tmc.LastStatus);
    }

    [Fact]
    public void Writing_a_negative_target_sends_its_twos_complement()
    {
        var spi = new RecordingSpiDevice();
        using var tmc = Raw(spi);
        tmc.TargetPosition = -2;
        Assert.Equal(new byte[] { 0xAD, 0xFF, 0xFF, 0xFF, 0xFE }, spi.Sent.Single());
    }

    [Fact]
    public void VACTUAL_is_sign_extended_from_24_bits()
    {
        var spi = new RecordingSpiDevice();
        spi.Replies.Enqueue(new byte[5]);
        spi.Replies.Enqueue([0x00, 0x00, 0xFF, 0xFF, 0x9C]);
        using var tmc = Raw(spi);
        Assert.Equal(-100, tmc.ReadActualVelocityRegister());
    }

    [Fact]
    public void The_binding_refuses_an_spi_device_not_in_mode_3()
    {
        var error = Assert.Throws<ArgumentException>(() => new Driver(new RecordingSpiDevice(SpiMode.Mode0)));
        Assert.Contains("needs SPI mode 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unit_conversions_follow_the_datasheet_formulas()
    {
        using var tmc = new Driver(new RecordingSpiDevice());
        // v[µsteps/s] = VMAX · fCLK / 2^24 ; a[µsteps/s²] = AMAX · fCLK² / 2^41 with fCLK = 12 MHz.
        Assert.Equal(200_000 * 12e6 / 16_777_216, tmc.VelocityFromRegister(200_000), 9);
        Assert.Equal(500 * 144e12 / 2_199_023_255_552, tmc.AccelerationFromRegister(500), 9);
        Assert.Equal(200_000u, tmc.VelocityToRegister(tmc.VelocityFromRegister(200_000)));

        var ramp = tmc.TrapezoidRamp(RotationalSpeed.FromRevolutionsPerSecond(1), RotationalAcceleration.FromRevolutionsPerSecondSquared(2));
        Assert.Equal(tmc.VelocityToRegister(51_200), ramp.VMax);
        Assert.Equal(tmc.AccelerationToRegister(102_400), ramp.AMax);
        Assert.Empty(ramp.Validate());
    }

    [Fact]
    public void An_invalid_ramp_is_refused_and_nothing_is_written()
    {
        var spi = new RecordingSpiDevice();
        using var tmc = new Driver(spi);
        var ramp = new Tmc5160Ramp(VStart: 0, A1: 100, V1: 0, AMax: 70_000, VMax: 9_000_000, DMax: 100, D1: 0, VStop: 0);
        var error = Assert.Throws<ArgumentException>(() => tmc.ConfigureRamp(ramp));
        Assert.Contains("AMax = 70000 exceeds its register maximum 65535", error.Message, StringComparison.Ordinal);
        Assert.Contains("VMax = 9000000 exceeds its register maximum 8388096", error.Message, StringComparison.Ordinal);
        Assert.Contains("D1 must be non-zero", error.Message, StringComparison.Ordinal);
        Assert.Contains("VSTOP must be at least 1", error.Message, StringComparison.Ordinal);
        Assert.Empty(spi.Sent);
    }

    [Fact]
    public void ConfigureDriver_refuses_a_chip_that_is_not_a_TMC5160()
    {
        var spi = new RecordingSpiDevice();
        spi.Replies.Enqueue(new byte[5]);
        spi.Replies.Enqueue([0x00, 0x11, 0x00, 0x00, 0x00]); // IOIN version 0x11 (a TMC5130 reports 0x11)
        using var tmc = Raw(spi);
        var error = Assert.Throws<InvalidOperationException>(() => tmc.ConfigureDriver(new Tmc5160DriverSettings()));
        Assert.Contains("IOIN version is 0x11, expected 0x30", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, spi.Sent.Count); // only the version read; nothing written
    }

    [Fact]
    public void ConfigureDriver_writes_microstep_resolution_and_currents()
    {
        var spi = new RecordingSpiDevice();
        spi.Replies.Enqueue(new byte[5]);
        spi.Replies.Enqueue([0x00, 0x30, 0x00, 0x00, 0x00]);
        using var tmc = Raw(spi);
        tmc.ConfigureDriver(new Tmc5160DriverSettings(RunCurrent: 31, HoldCurrent: 10, HoldDelay: 6, MicrostepsPerFullStep: 16));
        var writes = spi.Sent.Skip(2).ToDictionary(d => d[0], d => (uint)((d[1] << 24) | (d[2] << 16) | (d[3] << 8) | d[4]));
        Assert.Equal(0x040100C3u, writes[0x80 | 0x6C]); // MRES = 4 → 16 microsteps, TOFF = 3
        Assert.Equal(0x00061F0Au, writes[0x80 | 0x10]);
        Assert.Equal(16, tmc.MicrostepsPerFullStep);
        Assert.Equal(3200, tmc.MicrostepsPerRevolution);
    }

    /// <summary>A binding without read/write confirmation: one datagram per write, two per read.</summary>
    internal static Driver Raw(RecordingSpiDevice spi) => new(spi) { ConfirmReads = false, ConfirmWrites = false };
}

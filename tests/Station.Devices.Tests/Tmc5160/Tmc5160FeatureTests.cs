using Station.Devices.Tmc5160;
using UnitsNet;
using static Station.Devices.Tests.Tmc5160.Tmc5160PlausibilityTests;
using Driver = Station.Devices.Tmc5160.Tmc5160;

namespace Station.Devices.Tests.Tmc5160;

/// <summary>Velocity mode, reference switches, StallGuard2 and status decoding, with scripted replies.</summary>
public sealed class Tmc5160FeatureTests
{
    private static uint DataOf(byte[] datagram) => (uint)((datagram[1] << 24) | (datagram[2] << 16) | (datagram[3] << 8) | datagram[4]);

    [Fact]
    public void SW_MODE_bits_follow_the_datasheet_and_round_trip()
    {
        var config = new Tmc5160SwitchConfiguration
        {
            StopLeftEnabled = true,
            LeftActiveLow = true,
            LatchLeftOnActive = true,
            StopOnStall = true,
        };
        Assert.Equal(0x0000_0425u, config.ToRegister());
        Assert.Equal(config, Tmc5160SwitchConfiguration.FromRegister(0x425));

        var all = Tmc5160SwitchConfiguration.FromRegister(0xDFF);
        Assert.True(all is { StopRightEnabled: true, RightActiveLow: true, SwapLeftRight: true, LatchLeftOnInactive: true, LatchRightOnActive: true, LatchRightOnInactive: true, SoftStop: true, StopOnStall: true });
        Assert.Equal(0xDFFu, all.ToRegister());
    }

    [Fact]
    public void Velocity_mode_writes_AMAX_then_VMAX_then_the_mode_of_the_sign()
    {
        var spi = new RecordingSpiDevice();
        using var tmc = Tmc5160DatagramTests.Raw(spi);
        tmc.RunAtVelocity(RotationalSpeed.FromRevolutionsPerSecond(-1), RotationalAcceleration.FromRevolutionsPerSecondSquared(2));

        Assert.Equal(new byte[] { 0xA6, 0xA7, 0xA0 }, spi.Sent.Select(d => d[0]).ToArray());
        Assert.Equal(tmc.AccelerationToRegister(102_400), DataOf(spi.Sent[0]));
        Assert.Equal(tmc.VelocityToRegister(51_200), DataOf(spi.Sent[1]));
        Assert.Equal(2u, DataOf(spi.Sent[2])); // RAMPMODE 2: velocity negative

        spi.Sent.Clear();
        tmc.StopVelocity(RotationalAcceleration.FromRevolutionsPerSecondSquared(4));
        Assert.Equal(new byte[] { 0xA6, 0xA7 }, spi.Sent.Select(d => d[0]).ToArray());
        Assert.Equal(0u, DataOf(spi.Sent[1]));

        spi.Sent.Clear();
        tmc.HoldVelocity();
        Assert.Equal(new byte[] { 0xA0, 0, 0, 0, 3 }, spi.Sent.Single());
    }

    [Fact]
    public void A_velocity_beyond_VMAX_is_refused_and_nothing_is_written()
    {
        var spi = new RecordingSpiDevice();
        using var tmc = Tmc5160DatagramTests.Raw(spi);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            tmc.RunAtVelocity(RotationalSpeed.FromRevolutionsPerSecond(200), RotationalAcceleration.FromRevolutionsPerSecondSquared(2)));
        Assert.Contains("200 rev/s needs VMAX", error.Message, StringComparison.Ordinal);
        Assert.Contains("above the register maximum 8388096", error.Message, StringComparison.Ordinal);
        Assert.Empty(spi.Sent);

        Assert.Throws<ArgumentOutOfRangeException>(() =>
            tmc.RunAtVelocity(RotationalSpeed.FromRevolutionsPerSecond(1), RotationalAcceleration.Zero));
        Assert.Empty(spi.Sent);
    }

    [Fact]
    public void Positioning_writes_the_target_before_the_mode()
    {
        var spi = new RecordingSpiDevice();
        using var tmc = Tmc5160DatagramTests.Raw(spi);
        tmc.StartPositioning(-5);
        Assert.Equal(new byte[] { 0xAD, 0xA0 }, spi.Sent.Select(d => d[0]).ToArray());
        Assert.Equal(unchecked((uint)-5), DataOf(spi.Sent[0]));
        Assert.Equal(0u, DataOf(spi.Sent[1]));
    }

    [Fact]
    public void StallGuard_writes_the_signed_threshold_and_TCOOLTHRS_for_the_minimum_speed()
    {
        var spi = new RecordingSpiDevice();
        using var tmc = Tmc5160DatagramTests.Raw(spi);
        tmc.ConfigureStallGuard(new Tmc5160StallGuardSettings(-5, RotationalSpeed.FromRevolutionsPerSecond(0.25), Filter: true));

        Assert.Equal(new byte[] { 0xED, 0x94 }, spi.Sent.Select(d => d[0]).ToArray());
        Assert.Equal(0x017B_0000u, DataOf(spi.Sent[0])); // sfilt, SGT = −5 as 7-bit two's complement
        // 0.25 rev/s · 51,200 microsteps/rev = 12,800 microsteps/s → TSTEP = 12 MHz / 12,800 = 937.
        Assert.Equal(937u, DataOf(spi.Sent[1]));
        Assert.Equal(Driver.MaxTStep, tmc.TStepFor(RotationalSpeed.Zero));
    }

    [Fact]
    public void A_threshold_outside_minus_64_to_63_is_refused_before_anything_is_written()
    {
        var spi = new RecordingSpiDevice();
        using var tmc = Tmc5160DatagramTests.Raw(spi);
        var error = Assert.Throws<ArgumentException>(() => tmc.ConfigureStallGuard(new Tmc5160StallGuardSettings(64, RotationalSpeed.FromRevolutionsPerSecond(1))));
        Assert.Contains("SGT) is 64; expected −64…63", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => tmc.ConfigureStallGuard(new Tmc5160StallGuardSettings(0, RotationalSpeed.Zero)));
        Assert.Empty(spi.Sent);
    }

    [Fact]
    public void DRV_STATUS_decodes_every_error_flag_per_phase()
    {
        var status = new Tmc5160DriverStatus((1u << 25) | (1u << 26) | (1u << 28) | (1u << 12) | (1u << 30) | 0x155);
        Assert.Equal(
            Tmc5160DriverErrors.Overtemperature | Tmc5160DriverErrors.OvertemperatureWarning | Tmc5160DriverErrors.ShortToGroundB
            | Tmc5160DriverErrors.ShortToSupplyA | Tmc5160DriverErrors.OpenLoadB,
            status.Errors);
        Assert.Equal("ot, otpw, s2gb, s2vsa, olb", status.DescribeErrors());
        Assert.Equal(0x155, status.StallGuardResult);
        Assert.True(status.HasError);
        Assert.False(new Tmc5160DriverStatus(1u << 29).HasError); // open load is a diagnostic, not a shutdown

        var health = new Tmc5160Health(Tmc5160GlobalStatus.Reset | Tmc5160GlobalStatus.ChargePumpUndervoltage, new Tmc5160DriverStatus(1u << 24));
        Assert.True(health.WasReset);
        Assert.True(health.IsFaulted);
        Assert.Equal("reset, uv_cp, stallGuard", health.ToString());
        Assert.Equal("ok", default(Tmc5160Health).ToString());
    }

    [Fact]
    public void IOIN_decodes_the_reference_input_levels_and_version()
    {
        var inputs = new Tmc5160Inputs(0x3000_0002);
        Assert.False(inputs.ReferenceLeftHigh);
        Assert.True(inputs.ReferenceRightHigh);
        Assert.Equal(0x30, inputs.Version);
    }

    [Fact]
    public void A_read_of_RAMP_STAT_returns_the_typed_flags()
    {
        var spi = new RecordingSpiDevice();
        spi.Replies.Enqueue(Reply(0, 0));
        spi.Replies.Enqueue(Reply(0x40, 0x0000_2045)); // status_stop_l, status_latch_l, event_stop_sg, status_sg
        using var tmc = new Driver(spi) { ConfirmReads = false };
        Assert.Equal(
            Tmc5160RampStatus.StatusStopLeft | Tmc5160RampStatus.StatusLatchLeft | Tmc5160RampStatus.EventStopStallGuard | Tmc5160RampStatus.StatusStallGuard,
            tmc.ReadRampStatus());
    }
}

using Station.Devices.Board;
using Station.Devices.Tmc5160;
using Station.Emulator.Devices;
using UnitsNet;
using Driver = Station.Devices.Tmc5160.Tmc5160;

namespace Station.Hil.Tests.Motion;

/// <summary>The TMC5160 binding against the emulated chip: velocity mode, reference switches, status registers.</summary>
public sealed class Tmc5160HilTests : IDisposable
{
    private readonly MotionTestStation _s = new();
    private readonly Driver _tmc;
    private readonly EmulatedTmc5160 _twin;

    public Tmc5160HilTests()
    {
        _tmc = _s.OpenTmc5160(DeviceId.AzMotor);
        _twin = _s.Station.Azimuth.Driver;
        // These tests drive REFL/REFR themselves: disconnect the axis's reference switches, inputs low.
        _twin.Mechanics = null;
        _twin.ReferenceLeftActive = _twin.ReferenceRightActive = false;
    }

    private static RotationalSpeed Rps(double value) => RotationalSpeed.FromRevolutionsPerSecond(value);

    private static RotationalAcceleration Rps2(double value) => RotationalAcceleration.FromRevolutionsPerSecondSquared(value);

    private void Advance(double seconds) => _s.Time.Advance(TimeSpan.FromSeconds(seconds));

    [Fact]
    public void Velocity_mode_accelerates_with_AMAX_holds_VMAX_and_stops_with_VMAX_zero()
    {
        _tmc.ConfigureDriver(new Tmc5160DriverSettings());
        _tmc.RunAtVelocity(Rps(2), Rps2(4));
        Assert.Equal(Tmc5160RampMode.VelocityPositive, _tmc.RampMode);

        Advance(0.25);
        Assert.Equal(1.0, _tmc.ActualVelocity.RevolutionsPerSecond, 0.01); // a · t
        Advance(1);
        Assert.Equal(2.0, _tmc.ActualVelocity.RevolutionsPerSecond, 0.001);
        Assert.True((_tmc.ReadRampStatus() & Tmc5160RampStatus.VelocityReached) != 0);
        Assert.Equal(_twin.Ramp.Position / 256, _twin.RotorFullSteps, 6); // the rotor follows XACTUAL

        _tmc.StopVelocity(Rps2(8));
        Advance(0.3);
        var status = _tmc.ReadRampStatus();
        Assert.True((status & Tmc5160RampStatus.VelocityZero) != 0);
        int stoppedAt = _tmc.ActualPosition;
        Advance(1);
        Assert.Equal(stoppedAt, _tmc.ActualPosition);
        Assert.True((_tmc.LastStatus & Tmc5160SpiStatus.Standstill) != 0);
    }

    [Fact]
    public void Negative_velocity_selects_RAMPMODE_2_and_hold_mode_keeps_the_present_velocity()
    {
        _tmc.ConfigureDriver(new Tmc5160DriverSettings());
        _tmc.RunAtVelocity(Rps(-1), Rps2(4));
        Assert.Equal(Tmc5160RampMode.VelocityNegative, _tmc.RampMode);
        Advance(0.1);
        double held = _tmc.ActualVelocity.RevolutionsPerSecond;
        Assert.Equal(-0.4, held, 0.01);

        _tmc.HoldVelocity();
        Advance(1);
        Assert.Equal(held, _tmc.ActualVelocity.RevolutionsPerSecond, 0.001);
        Assert.True(_tmc.ActualPosition < 0);
    }

    [Fact]
    public void The_left_switch_stops_motion_towards_it_latches_XACTUAL_and_lets_the_motor_leave()
    {
        _tmc.ConfigureDriver(new Tmc5160DriverSettings());
        _tmc.ConfigureSwitches(new Tmc5160SwitchConfiguration { StopLeftEnabled = true, LatchLeftOnActive = true });
        _tmc.RunAtVelocity(Rps(-1), Rps2(10));
        Advance(0.5);
        int beforeSwitch = _tmc.ActualPosition;

        _twin.ReferenceLeftActive = true; // the ccw limit switch closes
        Advance(0.01);
        var status = _tmc.ReadRampStatus();
        Assert.True((status & Tmc5160RampStatus.StatusStopLeft) != 0);
        Assert.True((status & Tmc5160RampStatus.EventStopLeft) != 0);
        Assert.True((status & Tmc5160RampStatus.StatusLatchLeft) != 0);
        Assert.True((_tmc.LastStatus & Tmc5160SpiStatus.StopLeft) != 0);
        int latched = _tmc.ReadLatchedPosition();
        int stopped = _tmc.ActualPosition;
        Assert.InRange(beforeSwitch - latched, 0, 51_200 * 0.01 * 1.1); // within the 10 ms the switch closed in
        Assert.InRange(Math.Abs(stopped - latched), 0, 3); // a hard stop: no travel past the latch
        Assert.Equal(0, _tmc.ReadActualVelocityRegister());
        Advance(0.5);
        Assert.Equal(stopped, _tmc.ActualPosition);

        _tmc.ClearRampEvents(Tmc5160RampStatus.StatusLatchLeft);
        _tmc.RunAtVelocity(Rps(0.5), Rps2(10)); // away from the switch, which is still closed
        Advance(0.2);
        Assert.True(_tmc.ActualPosition > stopped);
        status = _tmc.ReadRampStatus();
        Assert.Equal(Tmc5160RampStatus.None, status & (Tmc5160RampStatus.EventStopLeft | Tmc5160RampStatus.StatusLatchLeft));
    }

    [Fact]
    public void A_soft_stop_decelerates_with_DMAX_past_the_switch()
    {
        _tmc.ConfigureDriver(new Tmc5160DriverSettings());
        var ramp = _tmc.TrapezoidRamp(Rps(1), Rps2(4));
        _tmc.ConfigureRamp(ramp);
        _tmc.ConfigureSwitches(new Tmc5160SwitchConfiguration { StopRightEnabled = true, LatchRightOnActive = true, SoftStop = true });
        _tmc.StartPositioning(1_000_000);
        Advance(1);
        _twin.ReferenceRightActive = true;
        Advance(1);
        int latched = _tmc.ReadLatchedPosition();
        int stopped = _tmc.ActualPosition;
        double v = _tmc.VelocityFromRegister(ramp.VMax);
        double braking = v * v / (2 * _tmc.AccelerationFromRegister(ramp.DMax));
        Assert.Equal(braking, stopped - latched, braking * 0.02);
        Assert.True((_tmc.ReadRampStatus() & Tmc5160RampStatus.EventStopRight) != 0);
        Assert.Equal(1_000_000, _tmc.TargetPosition); // the stop does not change XTARGET
    }

    [Fact]
    public void Polarity_inverts_which_level_is_active_and_IOIN_shows_the_levels()
    {
        _tmc.ConfigureSwitches(new Tmc5160SwitchConfiguration { LeftActiveLow = true });
        _twin.ReferenceLeftActive = true; // high: inactive for an active-low input
        Advance(0.001);
        Assert.True(_tmc.ReadInputs().ReferenceLeftHigh);
        Assert.Equal(Tmc5160RampStatus.None, _tmc.ReadRampStatus() & Tmc5160RampStatus.StatusStopLeft);
        _twin.ReferenceLeftActive = false;
        Advance(0.001);
        Assert.False(_tmc.ReadInputs().ReferenceLeftHigh);
        Assert.True((_tmc.ReadRampStatus() & Tmc5160RampStatus.StatusStopLeft) != 0);
        Assert.True(_tmc.ReadSwitchConfiguration().LeftActiveLow);
    }

    [Fact]
    public void GSTAT_reports_the_power_up_reset_until_cleared_and_again_after_a_brown_out()
    {
        Assert.Equal(Tmc5160GlobalStatus.Reset, _tmc.ReadGlobalStatus());
        Assert.True((_tmc.LastStatus & Tmc5160SpiStatus.ResetFlag) != 0);
        _tmc.ConfigureDriver(new Tmc5160DriverSettings());
        Assert.Equal(Tmc5160GlobalStatus.None, _tmc.ReadGlobalStatus());
        _tmc.ActualPosition = 4242;

        _twin.PowerCycle();
        var health = _tmc.ReadHealth();
        Assert.True(health.WasReset);
        Assert.Equal(0, _tmc.ActualPosition); // every register is back at its reset value
        Assert.Equal("reset", health.ToString());
    }

    [Fact]
    public void Charge_pump_undervoltage_disables_the_driver_and_uv_cp_clears_only_after_the_cause()
    {
        _tmc.ConfigureDriver(new Tmc5160DriverSettings());
        _twin.ChargePumpUndervoltage = true;
        _tmc.RunAtVelocity(Rps(1), Rps2(10));
        Advance(0.5);
        Assert.True(_tmc.ActualPosition > 0);
        Assert.Equal(0, _twin.RotorFullSteps); // XACTUAL counts, the rotor does not turn
        _tmc.ClearGlobalStatus(Tmc5160GlobalStatus.ChargePumpUndervoltage);
        var health = _tmc.ReadHealth();
        Assert.True(health.IsFaulted);
        Assert.Equal(Tmc5160GlobalStatus.ChargePumpUndervoltage, health.Global);

        _twin.ChargePumpUndervoltage = false;
        _tmc.ClearGlobalStatus(Tmc5160GlobalStatus.ChargePumpUndervoltage);
        Assert.False(_tmc.ReadHealth().IsFaulted);
        Advance(0.1);
        Assert.True(_twin.RotorFullSteps > 0);
    }

    [Fact]
    public void A_short_to_ground_shuts_the_driver_down_until_the_short_is_gone_and_TOFF_was_zero()
    {
        _tmc.ConfigureDriver(new Tmc5160DriverSettings());
        _twin.SetDriverConditions(EmulatedDriverConditions.ShortToGroundA);
        var health = _tmc.ReadHealth();
        Assert.Equal(Tmc5160GlobalStatus.DriverError, health.Global);
        Assert.Equal(Tmc5160DriverErrors.ShortToGroundA, health.Driver.Errors);
        Assert.True(health.Driver.HasError);
        Assert.True((_tmc.LastStatus & Tmc5160SpiStatus.DriverError) != 0);

        _twin.SetDriverConditions(EmulatedDriverConditions.None); // the short is repaired …
        _tmc.ClearGlobalStatus(Tmc5160GlobalStatus.DriverError);
        Assert.True(_tmc.ReadHealth().Driver.ShortToGround); // … but s2ga stays latched
        Assert.False(_twin.DriverEnabled);

        _tmc.WriteRegister(Tmc5160Register.ChopConf, 0); // TOFF = 0 resets the short detector
        _tmc.ConfigureDriver(new Tmc5160DriverSettings()); // re-enables and clears GSTAT
        Assert.False(_tmc.ReadHealth().IsFaulted);
        Assert.True(_twin.DriverEnabled);
    }

    [Fact]
    public void Overtemperature_open_load_and_pre_warning_decode_per_flag()
    {
        _tmc.ConfigureDriver(new Tmc5160DriverSettings());
        _twin.SetDriverConditions(EmulatedDriverConditions.OpenLoadB | EmulatedDriverConditions.OvertemperatureWarning | EmulatedDriverConditions.ShortToSupplyB);
        var status = _tmc.ReadDriverStatus();
        Assert.Equal(Tmc5160DriverErrors.OpenLoadB | Tmc5160DriverErrors.OvertemperatureWarning | Tmc5160DriverErrors.ShortToSupplyB, status.Errors);
        Assert.Equal("otpw, s2vsb, olb", status.DescribeErrors());

        _twin.SetDriverConditions(EmulatedDriverConditions.Overtemperature);
        status = _tmc.ReadDriverStatus();
        Assert.True(status.Overtemperature && status.OvertemperatureWarning);
        _tmc.ClearGlobalStatus(Tmc5160GlobalStatus.DriverError);
        Assert.Equal(Tmc5160GlobalStatus.DriverError, _tmc.ReadGlobalStatus()); // still hot
        _twin.SetDriverConditions(EmulatedDriverConditions.None); // cooled down, but s2vsb is still latched
        _tmc.ClearGlobalStatus(Tmc5160GlobalStatus.DriverError);
        Assert.Equal(Tmc5160GlobalStatus.DriverError, _tmc.ReadGlobalStatus());
        _tmc.WriteRegister(Tmc5160Register.ChopConf, 0);
        _tmc.ClearGlobalStatus(Tmc5160GlobalStatus.DriverError);
        Assert.Equal(Tmc5160GlobalStatus.None, _tmc.ReadGlobalStatus());
        Assert.Equal(Tmc5160DriverErrors.None, _tmc.ReadDriverStatus().Errors);
    }

    public void Dispose()
    {
        _tmc.Dispose();
        _s.Dispose();
    }
}

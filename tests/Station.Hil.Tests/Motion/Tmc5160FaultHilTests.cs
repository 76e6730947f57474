using Station.Devices.Board;
using Station.Devices.Tmc5160;
using Station.Emulator.Devices;
using Station.Emulator.Faults;
using UnitsNet;
using Driver = Station.Devices.Tmc5160.Tmc5160;

namespace Station.Hil.Tests.Motion;

/// <summary>StallGuard2 and the motor faults (motor_stall, spi_crc, no_response) through the emulated bus.</summary>
public sealed class Tmc5160FaultHilTests : IDisposable
{
    private readonly MotionTestStation _s = new();
    private readonly Driver _tmc;
    private readonly EmulatedTmc5160 _twin;

    public Tmc5160FaultHilTests()
    {
        _tmc = _s.OpenTmc5160(DeviceId.AzMotor);
        _twin = _s.Station.Azimuth.Driver;
        _tmc.ConfigureDriver(new Tmc5160DriverSettings());
    }

    private static RotationalSpeed Rps(double value) => RotationalSpeed.FromRevolutionsPerSecond(value);

    private static RotationalAcceleration Rps2(double value) => RotationalAcceleration.FromRevolutionsPerSecondSquared(value);

    private void Advance(double seconds) => _s.Time.Advance(TimeSpan.FromSeconds(seconds));

    [Fact]
    public void SG_RESULT_falls_with_load_and_motor_stall_with_sg_stop_stops_the_ramp_until_the_event_is_cleared()
    {
        _tmc.ConfigureStallGuard(new Tmc5160StallGuardSettings(0, Rps(0.5)));
        _tmc.ConfigureSwitches(new Tmc5160SwitchConfiguration { StopOnStall = true });
        _tmc.RunAtVelocity(Rps(1), Rps2(10));
        Advance(0.5);
        int light = _tmc.ReadDriverStatus().StallGuardResult;
        _twin.LoadFraction = 0.9;
        Advance(0.01);
        int heavy = _tmc.ReadDriverStatus().StallGuardResult;
        Assert.Equal(400, light); // 500 · (1 − 0.2)
        Assert.Equal(50, heavy);
        Assert.False(_tmc.ReadDriverStatus().Stalled);

        double rotorAtFault = _twin.RotorFullSteps;
        _s.Station.Faults.InjectNow(FaultKind.MotorStall, DeviceId.AzMotor);
        Advance(0.01);
        var status = _tmc.ReadRampStatus();
        Assert.True((status & Tmc5160RampStatus.EventStopStallGuard) != 0);
        int stoppedAt = _tmc.ActualPosition;
        Advance(0.5);
        Assert.Equal(stoppedAt, _tmc.ActualPosition); // sg_stop holds the ramp
        Assert.Equal(rotorAtFault, _twin.RotorFullSteps, 6); // the rotor never moved under the stall

        _s.Station.Faults.Clear(FaultKind.MotorStall, DeviceId.AzMotor);
        _twin.LoadFraction = 0.2;
        _tmc.ClearRampEvents(Tmc5160RampStatus.EventStopStallGuard); // releases the motor: velocity mode restarts
        Advance(0.5);
        Assert.True(_tmc.ActualPosition > stoppedAt);
        Assert.True(_twin.RotorFullSteps > rotorAtFault + 10);
        Assert.Equal(Tmc5160RampStatus.None, _tmc.ReadRampStatus() & Tmc5160RampStatus.EventStopStallGuard);
    }

    [Fact]
    public void Without_sg_stop_a_stall_is_only_flagged_and_XACTUAL_runs_on_while_the_rotor_stands()
    {
        _tmc.ConfigureStallGuard(new Tmc5160StallGuardSettings(0, Rps(0.5)));
        _tmc.RunAtVelocity(Rps(1), Rps2(10));
        Advance(0.5);
        _s.Station.Faults.InjectNow(FaultKind.MotorStall, DeviceId.AzMotor);
        double rotor = _twin.RotorFullSteps;
        int x = _tmc.ActualPosition;
        Advance(0.5);
        var drv = _tmc.ReadDriverStatus();
        Assert.True(drv.Stalled);
        Assert.Equal(0, drv.StallGuardResult);
        Assert.True((_tmc.LastStatus & Tmc5160SpiStatus.StallGuard) != 0);
        Assert.True((_tmc.ReadRampStatus() & Tmc5160RampStatus.StatusStallGuard) != 0);
        Assert.InRange(_tmc.ActualPosition - x, 25_000, 26_000); // 0.5 s at 51,200 microsteps/s
        Assert.Equal(rotor, _twin.RotorFullSteps, 6);
    }

    [Fact]
    public void Below_the_TCOOLTHRS_speed_or_with_a_high_SGT_a_stall_goes_unflagged()
    {
        _tmc.ConfigureStallGuard(new Tmc5160StallGuardSettings(0, Rps(0.5)));
        _tmc.RunAtVelocity(Rps(0.2), Rps2(10));
        _s.Station.Faults.InjectNow(FaultKind.MotorStall, DeviceId.AzMotor);
        Advance(0.5);
        var drv = _tmc.ReadDriverStatus();
        Assert.Equal(0, drv.StallGuardResult);
        Assert.False(drv.Stalled); // too slow for StallGuard2 to be trusted: TSTEP > TCOOLTHRS

        _tmc.ConfigureStallGuard(new Tmc5160StallGuardSettings(10, Rps(0.1)));
        Advance(0.1);
        drv = _tmc.ReadDriverStatus();
        Assert.Equal(80, drv.StallGuardResult); // SGT = 10 lifts the reading: this stall is not seen
        Assert.False(drv.Stalled);
    }

    [Fact]
    public void Under_spi_crc_garbled_replies_are_caught_and_retried_and_every_value_returned_is_right()
    {
        using var tmc = _s.OpenTmc5160(DeviceId.AzMotor, maxRetries: 5); // one reply in ten garbled: allow a run of bad luck
        tmc.ActualPosition = 123_456;
        _s.Station.Faults.InjectNow(FaultKind.SpiCrc, DeviceId.AzMotor);
        for (int i = 0; i < 200; i++)
        {
            Assert.Equal(123_456, tmc.ActualPosition);
            Assert.Equal(Tmc5160GlobalStatus.None, tmc.ReadGlobalStatus());
        }

        tmc.TargetPosition = -42;
        Assert.Equal(-42, (int)_twin.Ramp.Target); // a garbled echo makes the binding write again, never wrongly
        Assert.True(_twin.GarbledReplyCount > 50, $"only {_twin.GarbledReplyCount} replies garbled");
        Assert.True(tmc.RetryCount > 50, $"only {tmc.RetryCount} retries");

        _s.Station.Faults.Clear(FaultKind.SpiCrc, DeviceId.AzMotor);
        long retries = tmc.RetryCount;
        for (int i = 0; i < 50; i++)
        {
            Assert.Equal(Tmc5160GlobalStatus.None, tmc.ReadGlobalStatus());
        }

        Assert.Equal(retries, tmc.RetryCount);
    }

    [Fact]
    public void When_every_reply_is_garbled_the_binding_throws_a_communication_error_naming_the_device_then_recovers()
    {
        _twin.GarbleProbability = 1;
        _s.Station.Faults.InjectNow(FaultKind.SpiCrc, DeviceId.AzMotor, TimeSpan.FromSeconds(1));
        var error = Assert.Throws<Tmc5160CommunicationException>(() => _tmc.ReadRampStatus());
        Assert.Equal(DeviceId.AzMotor, error.DeviceName);
        Assert.Equal(3, error.Attempts);
        Assert.Equal(Tmc5160Register.RampStat, error.Register);
        Assert.StartsWith("az_motor: reading RampStat failed 3 time(s)", error.Message, StringComparison.Ordinal);

        Advance(1); // the fault ends
        Assert.True((_tmc.ReadRampStatus() & Tmc5160RampStatus.VelocityZero) != 0);
    }

    [Fact]
    public void No_response_is_detected_from_the_all_ones_reply_reported_after_retries_and_the_chip_hears_nothing()
    {
        _s.Station.Faults.InjectNow(FaultKind.NoResponse, DeviceId.AzMotor);
        long received = _twin.DatagramCount;
        var read = Assert.Throws<Tmc5160NoResponseException>(() => _tmc.ActualPosition);
        Assert.Equal(DeviceId.AzMotor, read.DeviceName);
        Assert.Equal(3, read.Attempts);
        Assert.Contains("az_motor does not answer", read.Message, StringComparison.Ordinal);
        var write = Assert.Throws<Tmc5160NoResponseException>(() => _tmc.TargetPosition = 1000);
        Assert.Equal(Tmc5160Register.XTarget, write.Register);
        Assert.Equal(received, _twin.DatagramCount);
        Assert.Equal(0, _twin.Ramp.Target);

        _s.Station.Faults.Clear(FaultKind.NoResponse, DeviceId.AzMotor);
        _tmc.TargetPosition = 1000;
        Assert.Equal(1000, _tmc.TargetPosition);
    }

    public void Dispose()
    {
        _tmc.Dispose();
        _s.Dispose();
    }
}

using System.Device.Spi;
using Station.Core.Timing;
using Station.Devices.Tmc5160;
using Station.Emulator.Buses;
using Station.Emulator.Devices;
using Station.Emulator.World;

namespace Station.Hil.Tests;

/// <summary>The emulated TMC5160 driven through the emulated bus by the real binding.</summary>
public sealed class EmulatedTmc5160Tests : IDisposable
{
    private const double ClockHz = 12e6;
    private static readonly DateTimeOffset Start = new(2026, 3, 19, 18, 0, 0, TimeSpan.Zero);
    private readonly SimulatedTimeProvider _time = new(Start);
    private readonly EmulatedBusProvider _buses = new();
    private readonly EmulatedTmc5160 _chip;
    private readonly Tmc5160 _driver;
    private readonly EmulatedWorld _world;

    public EmulatedTmc5160Tests()
    {
        _chip = new EmulatedTmc5160(_time);
        _buses.AttachSpi(0, 0, _chip);
        _world = new EmulatedWorld(_time);
        _world.Add(new EmulatedAxis("az", _chip, gearRatio: 100));
        _driver = new Tmc5160(_buses.OpenSpi(new SpiConnectionSettings(0, 0) { Mode = SpiMode.Mode3, ClockFrequency = 4_000_000 }));
        _driver.ConfigureDriver(new Tmc5160DriverSettings());
    }

    [Fact]
    public void Each_reply_carries_the_data_the_previous_datagram_asked_for()
    {
        var spi = _buses.OpenSpi(new SpiConnectionSettings(0, 0) { Mode = SpiMode.Mode3, ClockFrequency = 1_000_000 });
        var reply = new byte[5];
        spi.TransferFullDuplex([0xA7, 0x00, 0x01, 0x86, 0xA0], reply); // write VMAX = 100000
        spi.TransferFullDuplex([0x04, 0, 0, 0, 0], reply);             // request IOIN
        Assert.Equal(new byte[] { 0x00, 0x01, 0x86, 0xA0 }, reply[1..]); // ... answered with the written data
        spi.TransferFullDuplex([0x27, 0, 0, 0, 0], reply);             // request VMAX
        Assert.Equal(0x30, reply[1]);                                    // ... answered with IOIN (version 0x30)
        spi.TransferFullDuplex([0x00, 0, 0, 0, 0], reply);
        Assert.Equal(new byte[] { 0x00, 0x01, 0x86, 0xA0 }, reply[1..]); // VMAX read back
    }

    [Fact]
    public void The_six_point_ramp_takes_the_time_its_phases_imply()
    {
        var ramp = new Tmc5160Ramp(VStart: 0, A1: 1000, V1: 50_000, AMax: 500, VMax: 200_000, DMax: 700, D1: 1400, VStop: 10);
        _driver.ConfigureRamp(ramp);
        _driver.RampMode = Tmc5160RampMode.Positioning;
        const int distance = 2_000_000;
        _driver.TargetPosition = distance;

        Assert.True(_time.AdvanceUntil(() => _chip.PositionReachedAt is not null, TimeSpan.FromMinutes(5)));

        double v = ramp.VMax * ClockHz / (1 << 24), v1 = ramp.V1 * ClockHz / (1 << 24), vStop = ramp.VStop * ClockHz / (1 << 24);
        double a = 1 * ClockHz * ClockHz / Math.Pow(2, 41);
        double a1 = ramp.A1 * a, aMax = ramp.AMax * a, dMax = ramp.DMax * a, d1 = ramp.D1 * a;
        double phases = (v1 / a1) + ((v - v1) / aMax) + ((v - v1) / dMax) + ((v1 - vStop) / d1);
        double ramps = (v1 * v1 / (2 * a1)) + (((v * v) - (v1 * v1)) / (2 * aMax)) + (((v * v) - (v1 * v1)) / (2 * dMax)) + (((v1 * v1) - (vStop * vStop)) / (2 * d1));
        double expected = phases + ((distance - ramps) / v);
        double actual = (_chip.PositionReachedAt!.Value - _chip.TargetWrittenAt!.Value).TotalSeconds;
        Assert.InRange(actual, expected - 0.0005, expected + 0.0005);
        Assert.Equal(distance, _driver.ActualPosition);
        Assert.True(_driver.ReadRampStatus().HasFlag(Tmc5160RampStatus.PositionReached));
        Assert.True(_driver.LastStatus.HasFlag(Tmc5160SpiStatus.Standstill));
    }

    [Fact]
    public void Velocity_mode_accelerates_with_AMAX_to_VMAX_and_holds_it()
    {
        _driver.ConfigureRamp(new Tmc5160Ramp(VStart: 0, A1: 1000, V1: 0, AMax: 1000, VMax: 100_000, DMax: 1000, D1: 1000, VStop: 10));
        _driver.RampMode = Tmc5160RampMode.VelocityNegative;
        double v = 100_000 * ClockHz / (1 << 24);
        double a = 1000 * ClockHz * ClockHz / Math.Pow(2, 41);

        _time.Advance(TimeSpan.FromSeconds(v / a / 2));
        Assert.False(_driver.ReadRampStatus().HasFlag(Tmc5160RampStatus.VelocityReached));
        Assert.InRange(_driver.ReadActualVelocityRegister(), -50_100, -49_900);

        _time.Advance(TimeSpan.FromSeconds((v / a / 2) + 1));
        Assert.True(_driver.ReadRampStatus().HasFlag(Tmc5160RampStatus.VelocityReached));
        Assert.Equal(-100_000, _driver.ReadActualVelocityRegister());
        double expectedPosition = -((v * v / (2 * a)) + (v * 1));
        Assert.InRange(_driver.ActualPosition, expectedPosition - 2, expectedPosition + 2);

        _driver.RampMode = Tmc5160RampMode.Hold;
        int before = _driver.ActualPosition;
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.InRange(_driver.ActualPosition - before, -v - 1, -v + 1);
    }

    [Fact]
    public void With_the_driver_stage_off_XACTUAL_counts_but_the_rotor_stays()
    {
        _driver.WriteRegister(Tmc5160Register.ChopConf, 0); // TOFF = 0: driver disabled
        _driver.ConfigureRamp(new Tmc5160Ramp(0, 1000, 0, 1000, 100_000, 1000, 1000, 10));
        _driver.RampMode = Tmc5160RampMode.Positioning;
        _driver.TargetPosition = 10_000;
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(10_000, _driver.ActualPosition);
        Assert.Equal(0, _chip.RotorFullSteps);
    }

    [Fact]
    public void After_power_up_GSTAT_reports_a_reset_until_cleared()
    {
        var fresh = new EmulatedTmc5160(_time);
        _buses.AttachSpi(0, 1, fresh);
        using var driver = new Tmc5160(_buses.OpenSpi(new SpiConnectionSettings(0, 1) { Mode = SpiMode.Mode3, ClockFrequency = 4_000_000 }));
        Assert.Equal(Tmc5160GlobalStatus.Reset, driver.ReadGlobalStatus());
        Assert.True(driver.LastStatus.HasFlag(Tmc5160SpiStatus.ResetFlag));
        driver.ClearGlobalStatus(Tmc5160GlobalStatus.Reset);
        Assert.Equal(Tmc5160GlobalStatus.None, driver.ReadGlobalStatus());
    }

    public void Dispose()
    {
        _driver.Dispose();
        _world.Dispose();
        _buses.Dispose();
    }
}

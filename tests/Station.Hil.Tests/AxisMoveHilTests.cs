using Station.Devices.Board;
using Microsoft.Extensions.Logging.Abstractions;
using Station.Core.Timing;
using Station.Devices.Tmc5160;
using Station.Emulator;
using Station.Firmware.Motion;
using UnitsNet;

namespace Station.Hil.Tests;

/// <summary>The firmware's axis code, through the emulated SPI bus, moving the emulated az axis.</summary>
public sealed class AxisMoveHilTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 3, 19, 18, 0, 0, TimeSpan.Zero);
    private readonly SimulatedTimeProvider _time = new(Start);
    private readonly EmulatedStation _station;
    private readonly AxisOptions _options = new() { MaxSpeedDegPerSec = 5, AccelerationDegPerSec2 = 2 };
    private readonly MountAxis _axis;

    public AxisMoveHilTests()
    {
        var pinMap = PinMapLoader.LoadDefault();
        _station = EmulatedStation.FromPinMap(_time, pinMap);
        var spi = _station.Buses.OpenSpi(pinMap.GetSpiConnectionSettings(DeviceId.AzMotor));
        _axis = new MountAxis("az", new Tmc5160(spi), _options, _time, NullLogger<MountAxis>.Instance);
        _axis.Initialize();
    }

    [Fact]
    public void Moves_az_to_123_456_degrees_and_back_in_the_time_the_ramp_implies()
    {
        var there = RunMove(Angle.FromDegrees(123.456));
        Assert.Equal(AxisMoveOutcome.Reached, there.Outcome);
        AssertAxisAgreesWithXactual();
        Assert.Equal(123.456, _station.Azimuth.AngleDegrees, _options.DegreesPerMicrostep);
        AssertMoveTimeMatchesTrapezoid(there, fromDeg: 0, toDeg: 123.456);

        var back = RunMove(Angle.FromDegrees(0));
        Assert.Equal(AxisMoveOutcome.Reached, back.Outcome);
        Assert.Equal(0, back.FinalMicrosteps);
        AssertAxisAgreesWithXactual();
        Assert.Equal(0, _station.Azimuth.AngleDegrees, _options.DegreesPerMicrostep);
    }

    [Fact]
    public void A_target_beyond_the_travel_is_refused_and_nothing_is_sent()
    {
        long before = _station.Azimuth.Driver.DatagramCount;
        var error = Assert.Throws<AxisCommandRefusedException>(() => _axis.MoveTo(Angle.FromDegrees(300)));
        Assert.Contains("target 300° is outside the travel -270°…270°", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, _station.Azimuth.Driver.DatagramCount);
    }

    [Fact]
    public void A_driver_fault_mid_move_ends_the_move_with_a_fault()
    {
        var move = _axis.MoveTo(Angle.FromDegrees(90));
        _time.Advance(TimeSpan.FromSeconds(3));
        _station.Azimuth.Driver.InjectDriverError();
        Assert.True(_time.AdvanceUntil(() => move.IsCompleted, TimeSpan.FromSeconds(5)));
        var result = move.Result!;
        Assert.Equal(AxisMoveOutcome.DriverFault, result.Outcome);
        Assert.Contains("overtemperature: True", result.Reason, StringComparison.Ordinal);
        Assert.InRange(result.FinalAngle.Degrees, 1, 89);
    }

    [Fact]
    public void Rate_commands_drive_the_axis_in_velocity_mode_and_stop_holds_it()
    {
        Assert.Null(_axis.CommandRate(1.0));
        _time.Advance(TimeSpan.FromSeconds(5));
        double expected = 5 - (1.0 / (2 * 2)); // 1°/s reached after 0.5 s at 2°/s²
        Assert.InRange(_station.Azimuth.AngleDegrees, expected - 0.01, expected + 0.01);

        _axis.Stop();
        _time.Advance(TimeSpan.FromSeconds(2));
        double stopped = _station.Azimuth.AngleDegrees;
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(stopped, _station.Azimuth.AngleDegrees);

        var back = RunMove(Angle.FromDegrees(0)); // positioning works again after rate control
        Assert.Equal(AxisMoveOutcome.Reached, back.Outcome);
    }

    [Fact]
    public void A_rate_beyond_the_travel_limit_is_refused_and_the_axis_stopped()
    {
        Assert.Equal(AxisMoveOutcome.Reached, RunMove(Angle.FromDegrees(270)).Outcome);
        string? refusal = _axis.CommandRate(2);
        Assert.Equal("Axis az: at 270° a rate of 2°/s would leave the travel -270°…270°; stopped.", refusal);
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.InRange(_station.Azimuth.AngleDegrees, 269.999, 270.0001);
        Assert.Null(_axis.CommandRate(-2)); // moving back inside is allowed
    }

    [Fact]
    public void Emergency_stop_de_energises_the_driver_and_the_axis_stops()
    {
        Assert.Null(_axis.CommandRate(3));
        _time.Advance(TimeSpan.FromSeconds(3));
        _axis.EmergencyStop();
        _time.Advance(TimeSpan.FromMilliseconds(5));
        double at = _station.Azimuth.AngleDegrees;
        Assert.False(_station.Azimuth.Driver.DriverEnabled);
        _time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(at, _station.Azimuth.AngleDegrees);

        _axis.Initialize(); // recovery: the driver comes back and positioning works
        Assert.True(_station.Azimuth.Driver.DriverEnabled);
    }

    private AxisMoveResult RunMove(Angle target)
    {
        var move = _axis.MoveTo(target);
        Assert.True(_time.AdvanceUntil(() => move.IsCompleted, TimeSpan.FromMinutes(2)), "the move did not complete");
        return move.Result!;
    }

    private void AssertAxisAgreesWithXactual()
    {
        var driver = _station.Azimuth.Driver;
        double xactualDeg = Math.Round(driver.Ramp.Position) * _options.DegreesPerMicrostep;
        Assert.InRange(Math.Abs(_station.Azimuth.AngleDegrees - xactualDeg), 0, _options.DegreesPerMicrostep);
    }

    /// <summary>
    /// Independent of the firmware: the six-point ramp with V1 = 0 and VSTART = 0 is a trapezoid that
    /// accelerates with a to v, cruises, and decelerates with a to VSTOP, where it stops.
    /// </summary>
    private void AssertMoveTimeMatchesTrapezoid(AxisMoveResult result, double fromDeg, double toDeg)
    {
        var ramp = _axis.Ramp;
        double v = ramp.VMax * 12e6 / (1 << 24);
        double a = ramp.AMax * 12e6 * 12e6 / Math.Pow(2, 41);
        double vStop = ramp.VStop * 12e6 / (1 << 24);
        double distance = Math.Abs(Math.Round(toDeg / _options.DegreesPerMicrostep) - Math.Round(fromDeg / _options.DegreesPerMicrostep));
        double accelDistance = v * v / (2 * a);
        double decelDistance = ((v * v) - (vStop * vStop)) / (2 * a);
        Assert.True(distance > accelDistance + decelDistance, "the test move must reach VMAX");
        double expected = (v / a) + ((distance - accelDistance - decelDistance) / v) + ((v - vStop) / a);

        var driver = _station.Azimuth.Driver;
        double emulated = (driver.PositionReachedAt!.Value - driver.TargetWrittenAt!.Value).TotalSeconds;
        Assert.InRange(emulated, expected - 0.0002, expected + 0.0002);

        // The firmware observes the end at its next poll, never before the chip gets there.
        double observed = (result.CompletedAt - driver.TargetWrittenAt.Value).TotalSeconds;
        Assert.InRange(observed, emulated, emulated + (_options.PollIntervalMs / 1000) + 1e-9);
    }

    public void Dispose()
    {
        _axis.Dispose();
        _station.Dispose();
    }
}

using Microsoft.Extensions.Logging.Abstractions;
using Station.Devices.Board;
using Station.Emulator.Faults;
using Station.Firmware.Motion;
using UnitsNet;

namespace Station.Hil.Tests.Motion;

/// <summary>The mount-axis service's reaction to the motor faults: stall, garbled SPI, no response.</summary>
public sealed class AxisFaultHilTests : IDisposable
{
    private readonly MotionTestStation _s = new();
    private readonly AxisOptions _options = new() { MaxSpeedDegPerSec = 5, AccelerationDegPerSec2 = 2 };

    private MountAxis Axis(int maxRetries = 2)
    {
        var axis = new MountAxis("az", _s.OpenTmc5160(DeviceId.AzMotor, maxRetries), _options, _s.Time, NullLogger<MountAxis>.Instance);
        axis.Initialize();
        return axis;
    }

    private AxisMoveResult Run(AxisMove move)
    {
        Assert.True(_s.Time.AdvanceUntil(() => move.IsCompleted, TimeSpan.FromMinutes(2)), "the move did not end");
        return move.Result!;
    }

    [Fact]
    public void A_motor_stall_mid_move_stops_the_motor_in_hardware_and_ends_the_move_as_stalled()
    {
        using var axis = Axis();
        var move = axis.MoveTo(Angle.FromDegrees(30));
        _s.Time.Advance(TimeSpan.FromSeconds(3));
        double stalledAtDeg = _s.Station.Azimuth.AngleDegrees;
        _s.Station.Faults.InjectNow(FaultKind.MotorStall, DeviceId.AzMotor, TimeSpan.FromSeconds(1));
        var result = Run(move);

        Assert.Equal(AxisMoveOutcome.Stalled, result.Outcome);
        Assert.StartsWith("StallGuard2 stopped the motor at", result.Reason, StringComparison.Ordinal);
        Assert.True(result.CompletedAt - move.StartedAt < TimeSpan.FromSeconds(3.1));
        Assert.Equal(stalledAtDeg, _s.Station.Azimuth.AngleDegrees, 1e-9); // the jammed axis did not turn
        Assert.InRange(result.FinalAngle.Degrees - stalledAtDeg, 0, 0.05); // XACTUAL ran on only until sg_stop

        _s.Time.Advance(TimeSpan.FromSeconds(1)); // the jam clears; the motor stays stopped: no creeping restart
        Assert.Equal(result.FinalMicrosteps, (int)Math.Round(_s.Station.Azimuth.Driver.Ramp.Position));
    }

    [Fact]
    public void Garbled_SPI_during_a_move_is_retried_and_the_move_ends_exactly_on_target()
    {
        using var axis = Axis(maxRetries: 5);
        _s.Station.Faults.InjectNow(FaultKind.SpiCrc, DeviceId.AzMotor);
        var result = Run(axis.MoveTo(Angle.FromDegrees(12.5)));
        Assert.Equal(AxisMoveOutcome.Reached, result.Outcome);
        Assert.Equal(12.5, _s.Station.Azimuth.AngleDegrees, _options.DegreesPerMicrostep);
        Assert.True(_s.Station.Azimuth.Driver.GarbledReplyCount > 10);
    }

    [Fact]
    public void A_controller_that_stops_answering_mid_move_ends_the_move_with_a_communication_fault_naming_it()
    {
        using var axis = Axis();
        var move = axis.MoveTo(Angle.FromDegrees(20));
        _s.Time.Advance(TimeSpan.FromSeconds(2));
        _s.Station.Faults.InjectNow(FaultKind.NoResponse, DeviceId.AzMotor, TimeSpan.FromSeconds(5));
        var result = Run(move);
        Assert.Equal(AxisMoveOutcome.CommunicationFault, result.Outcome);
        Assert.Contains("az_motor does not answer", result.Reason, StringComparison.Ordinal);
        Assert.InRange(result.FinalAngle.Degrees, 1, 20); // the last position read before the silence

        _s.Time.Advance(TimeSpan.FromSeconds(10)); // the fault ends; the chip finished the move on its own
        Assert.Equal(20, axis.ReadAngle().Degrees, _options.DegreesPerMicrostep);
        Assert.Equal(AxisMoveOutcome.Reached, Run(axis.MoveTo(Angle.FromDegrees(0))).Outcome);
    }

    public void Dispose() => _s.Dispose();
}

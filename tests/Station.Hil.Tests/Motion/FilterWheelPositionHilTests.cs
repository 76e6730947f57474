using Station.Devices.FilterWheel;
using Station.Devices.Board;

namespace Station.Hil.Tests.Motion;

/// <summary><see cref="FilterWheel.MoveToPosition"/>, the calibration scans' move, on the emulated spectral wheel.</summary>
public sealed class FilterWheelPositionHilTests : IDisposable
{
    private readonly MotionTestStation _s = new();

    public void Dispose() => _s.Dispose();

    [Fact]
    public void A_position_move_centres_the_slot_whose_true_offset_it_is_and_reports_the_slot_only_on_a_table_offset()
    {
        var twin = _s.Station.SpectralFilterWheel;
        var wheel = _s.OpenFilterWheel(DeviceId.FilterWheelSpectral, twin);
        var home = wheel.Home();
        _s.RunToEnd(home);
        Assert.Null(home.Error);

        int slot2 = twin.CalibratedSlotOffsets()[2];
        var move = wheel.MoveToPosition(slot2 + 5);
        _s.RunToEnd(move);
        Assert.Null(move.Error);
        Assert.Equal(slot2 + 5, move.Result!.PositionMicrosteps);
        Assert.Null(wheel.CurrentSlot); // no table slot sits exactly there
        Assert.InRange(twin.SlotErrorDegrees(2), 0, 10 * 360.0 / wheel.MicrostepsPerRevolution); // 5 microsteps past the centre, give or take the latch

        var outside = Assert.Throws<ArgumentOutOfRangeException>(() => wheel.MoveToPosition(wheel.MicrostepsPerRevolution));
        Assert.Contains("0 … 153599 microsteps from the index; nothing was changed", outside.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_position_move_of_an_unhomed_wheel_is_refused()
    {
        var wheel = _s.OpenFilterWheel(DeviceId.FilterWheelSpectral, _s.Station.SpectralFilterWheel);
        var refused = Assert.Throws<InvalidOperationException>(() => wheel.MoveToPosition(100));
        Assert.Contains("is not homed", refused.Message, StringComparison.Ordinal);
    }
}

using Station.Devices.Board;
using Station.Devices.FilterWheel;
using Station.Emulator.Faults;

namespace Station.Hil.Tests.Motion;

/// <summary>The filter-wheel driver over its TMC5160 binding against the emulated wheel.</summary>
public sealed class FilterWheelHilTests : IDisposable
{
    private readonly MotionTestStation _s = new();

    [Fact]
    public void Homing_finds_the_index_measures_the_magnet_and_every_slot_lands_in_the_beam()
    {
        var twin = _s.Station.SpectralFilterWheel;
        using var wheel = _s.OpenFilterWheel(DeviceId.FilterWheelSpectral, twin);

        var home = wheel.Home();
        _s.RunToEnd(home);
        Assert.Null(home.Error);
        Assert.True(wheel.IsHomed);
        // 3° magnet on a 153,600-microstep wheel: 1,280 microsteps.
        Assert.InRange(home.Result!.IndexWidthMicrosteps!.Value, 1270, 1290);

        foreach (int slot in new[] { 2, 5, 0, 3, 1, 4, 0 })
        {
            var move = wheel.MoveTo($"slot{slot}");
            _s.RunToEnd(move);
            Assert.Null(move.Error);
            Assert.Equal(slot, twin.SlotInBeam);
            Assert.Equal($"slot{slot}", wheel.CurrentSlot);
            Assert.InRange(Math.Abs(twin.SlotErrorDegrees(slot)), 0, 0.02);
        }

        Assert.True(wheel.IndexChecksPassed > 0, "no move crossed the index");
    }

    public void Dispose() => _s.Dispose();
}

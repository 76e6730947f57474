using Station.Devices.Board;
using Station.Devices.Tmc5160;
using UnitsNet;
using Station.Tests.Shared;

namespace Station.Hil.Tests.Motion;

/// <summary>Steady-state SPI traffic to the motion twins allocates nothing (BenchmarkDotNet measures the same in Station.Benchmarks).</summary>
public sealed class MotionAllocationTests : IDisposable
{
    private readonly MotionTestStation _s = new();

    [Fact]
    public void Reading_the_moving_axis_motor_and_encoder_allocates_nothing_across_world_steps()
    {
        using var motor = _s.OpenTmc5160(DeviceId.AzMotor);
        using var encoder = _s.OpenEncoder(DeviceId.AzEncoder, frozenFrameLimit: 0);
        motor.ConfigureDriver(new Tmc5160DriverSettings());
        motor.RunAtVelocity(RotationalSpeed.FromRevolutionsPerSecond(1), RotationalAcceleration.FromRevolutionsPerSecondSquared(10));
        long sum = 0;
        for (int i = 0; i < 2_000; i++)
        {
            _s.Time.Advance(TimeSpan.FromMicroseconds(20));
            sum += motor.ActualPosition + encoder.Read().Counts;
        }

        long allocated = Allocations.Fewest(() =>
        {
            for (int i = 0; i < 20_000; i++) // 400 ms of simulated time: 400 world steps
            {
                _s.Time.Advance(TimeSpan.FromMicroseconds(20));
                sum += motor.ActualPosition + encoder.Read().Counts;
            }
        });

        Assert.Equal(0, allocated);
        Assert.NotEqual(0, sum);
    }

    [Fact]
    public void Supervising_a_filter_wheel_move_allocates_nothing_per_poll()
    {
        var twin = _s.Station.SpectralFilterWheel;
        using var wheel = _s.OpenFilterWheel(DeviceId.FilterWheelSpectral, twin);
        _s.RunToEnd(wheel.Home());
        long here = (long)twin.Driver.Ramp.Position;
        int[] offsets = twin.CalibratedSlotOffsets();
        int farthest = Enumerable.Range(0, offsets.Length)
            .MaxBy(i => Math.Abs(Station.Devices.FilterWheel.FilterWheelGeometry.ShortestDelta(here, offsets[i], wheel.MicrostepsPerRevolution)));
        var move = wheel.MoveTo($"slot{farthest}"); // at least 150°: about a second
        _s.Time.Advance(TimeSpan.FromMilliseconds(50));
        long allocated = Allocations.Fewest(() => _s.Time.Advance(TimeSpan.FromMilliseconds(100))); // 20 polls, 100 world steps each run, while the wheel turns
        Assert.False(move.IsCompleted);
        Assert.Equal(0, allocated);
        _s.RunToEnd(move);
    }

    public void Dispose() => _s.Dispose();
}

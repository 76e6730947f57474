using FsCheck.Xunit;
using Station.Devices.FilterWheel;
using Station.Devices.Tests.Tmc5160;
using UnitsNet;

namespace Station.Devices.Tests.FilterWheel;

/// <summary>Shortest-way and index-crossing arithmetic, and the validation of the slot table.</summary>
public sealed class FilterWheelGeometryTests
{
    private const int Revolution = 153_600;

    [Theory]
    [InlineData(0, 10_000, 10_000)]
    [InlineData(10_000, 0, -10_000)]
    [InlineData(150_000, 1_000, 4_600)] // across the index, the positive way
    [InlineData(1_000, 150_000, -4_600)]
    [InlineData(0, 76_800, 76_800)] // half a turn: positive
    [InlineData(-300_000, 0, -7_200)]
    public void The_shortest_delta_is_within_half_a_turn(long from, long to, long expected) =>
        Assert.Equal(expected, FilterWheelGeometry.ShortestDelta(from, to, Revolution));

    [Property]
    public bool Shortest_delta_lands_on_the_target_and_never_exceeds_half_a_turn(int from, int to)
    {
        long delta = FilterWheelGeometry.ShortestDelta(from, to, Revolution);
        return Math.Abs(delta) <= Revolution / 2 && FilterWheelGeometry.Wrap(from + delta - to, Revolution) == 0;
    }

    [Fact]
    public void Upward_moves_meet_the_leading_edge_and_downward_moves_the_trailing_edge()
    {
        Assert.Equal(153_600L, FilterWheelGeometry.ExpectedIndexLatch(150_000, 160_000, Revolution, 1280, 256, out bool ambiguous));
        Assert.False(ambiguous);
        Assert.Equal(1280L, FilterWheelGeometry.ExpectedIndexLatch(10_000, -5_000, Revolution, 1280, 256, out ambiguous));
        Assert.False(ambiguous);
        Assert.Null(FilterWheelGeometry.ExpectedIndexLatch(10_000, 50_000, Revolution, 1280, 256, out _));
        Assert.Equal(-153_600L + 1280, FilterWheelGeometry.ExpectedIndexLatch(-150_000, -160_000, Revolution, 1280, 256, out _));
    }

    [Fact]
    public void A_move_that_ends_next_to_an_edge_is_ambiguous()
    {
        FilterWheelGeometry.ExpectedIndexLatch(150_000, 153_700, Revolution, 1280, 256, out bool ambiguous);
        Assert.True(ambiguous);
        FilterWheelGeometry.ExpectedIndexLatch(1_300, 100, Revolution, 1280, 256, out ambiguous); // starts at the trailing edge
        Assert.True(ambiguous);
    }

    [Fact]
    public void A_bad_slot_table_is_refused_naming_every_problem_and_nothing_is_sent()
    {
        var spi = new RecordingSpiDevice();
        var options = new FilterWheelOptions
        {
            Slots = [new FilterSlot("open", 0), new FilterSlot("open", 10), new FilterSlot("532nm", 200_000), new FilterSlot("671nm", 10), new FilterSlot("", 5)],
            GearRatio = 3,
            MoveSpeed = RotationalSpeed.Zero,
            StallThreshold = 70,
        };
        var error = Assert.Throws<ArgumentException>(() =>
            new Station.Devices.FilterWheel.FilterWheel("filter_wheel_nd", new Station.Devices.Tmc5160.Tmc5160(spi), options, TimeProvider.System));
        Assert.Contains("filter_wheel_nd: slot 'open' appears more than once.", error.Message, StringComparison.Ordinal);
        Assert.Contains("slot '532nm' offset 200000 is outside 0…153599 microsteps", error.Message, StringComparison.Ordinal);
        Assert.Contains("slots 'open' and '671nm' are both at offset 10", error.Message, StringComparison.Ordinal);
        Assert.Contains("slot 4 has no name", error.Message, StringComparison.Ordinal);
        Assert.Contains("MoveSpeed is 0 rpm; expected a finite positive speed", error.Message, StringComparison.Ordinal);
        Assert.Contains("StallThreshold is 70; expected −64…63", error.Message, StringComparison.Ordinal);
        Assert.Empty(spi.Sent);
    }

    [Fact]
    public void A_gear_ratio_that_gives_a_fractional_revolution_is_refused()
    {
        var options = new FilterWheelOptions { Slots = [new FilterSlot("open", 0)], GearRatio = 1.0001 };
        var problems = options.Validate("filter_wheel_spectral", 200);
        Assert.Contains(problems, p => p.Contains("GearRatio 1.0001 gives 51205.12 microsteps per wheel revolution", StringComparison.Ordinal));
        Assert.Empty(new FilterWheelOptions { Slots = [new FilterSlot("open", 0)], GearRatio = 3 }.Validate("w", 200));
        Assert.Contains(new FilterWheelOptions().Validate("w", 200), p => p.Contains("Slots is empty", StringComparison.Ordinal));
    }
}

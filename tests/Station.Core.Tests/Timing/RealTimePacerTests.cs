using Station.Core.Timing;

namespace Station.Core.Tests.Timing;

/// <summary>The control-loop pacer, driven with a simulated reference clock instead of the system's.</summary>
public sealed class RealTimePacerTests
{
    private static readonly DateTimeOffset StationStart = new(2026, 11, 28, 20, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Pacing_advances_the_station_clock_one_step_at_a_time_up_to_the_reference_and_says_how_long_to_wait()
    {
        var clock = new SimulatedTimeProvider(StationStart);
        var reference = new SimulatedTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        using var pacer = new RealTimePacer(clock, reference, TimeSpan.FromMilliseconds(1));
        var fired = new List<DateTimeOffset>();
        using var timer = clock.CreateTimer(_ => fired.Add(clock.GetUtcNow()), null, TimeSpan.FromMilliseconds(2), TimeSpan.FromMilliseconds(2));

        var wait = pacer.PaceTo(TimeSpan.FromMilliseconds(7.4));

        Assert.Equal(StationStart.AddMilliseconds(7), clock.GetUtcNow());
        Assert.Equal(0.6, wait.TotalMilliseconds, 6);
        Assert.Equal([StationStart.AddMilliseconds(2), StationStart.AddMilliseconds(4), StationStart.AddMilliseconds(6)], fired);
        Assert.Equal(7, pacer.Statistics.Count);
    }

    [Fact]
    public void A_step_run_later_than_one_whole_step_counts_as_an_overrun()
    {
        var clock = new SimulatedTimeProvider(StationStart);
        var reference = new SimulatedTimeProvider(StationStart);
        using var pacer = new RealTimePacer(clock, reference, TimeSpan.FromMilliseconds(1));
        // The reference races ahead by 5 ms while the loop was busy: the catch-up steps run 4, 3, 2, 1, 0 ms late.
        reference.Advance(TimeSpan.FromMilliseconds(5));

        pacer.PaceTo(TimeSpan.FromMilliseconds(5));

        var statistics = pacer.Statistics;
        Assert.Equal(5, statistics.Count);
        Assert.Equal(3, statistics.Overruns); // 4, 3 and 2 ms late
        Assert.Equal(4000, statistics.MaxLatenessMicroseconds, 1);
        Assert.Equal(2000, statistics.MeanLatenessMicroseconds, 1);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(2000)]
    public void A_step_outside_0_to_1_s_is_refused(double stepMs)
    {
        var clock = new SimulatedTimeProvider(StationStart);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new RealTimePacer(clock, TimeProvider.System, TimeSpan.FromMilliseconds(stepMs)));
        Assert.Contains("at most 1 s", error.Message, StringComparison.Ordinal);
    }
}

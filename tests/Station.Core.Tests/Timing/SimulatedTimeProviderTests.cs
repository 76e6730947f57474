using System.Diagnostics;
using Station.Core.Timing;
using Xunit.Abstractions;

namespace Station.Core.Tests.Timing;

public sealed class SimulatedTimeProviderTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Start = new(2026, 3, 19, 18, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_ten_minute_100_Hz_loop_runs_in_well_under_a_second_with_every_tick_in_order()
    {
        var time = new SimulatedTimeProvider(Start);
        var period = TimeSpan.FromMilliseconds(10);
        var ticks = new List<DateTimeOffset>(60_001);
        using var timer = time.CreateTimer(_ => ticks.Add(time.GetUtcNow()), null, period, period);

        var wall = Stopwatch.StartNew();
        time.Advance(TimeSpan.FromMinutes(10));
        wall.Stop();
        output.WriteLine($"60,000 ticks of simulated time took {wall.Elapsed.TotalMilliseconds:0.0} ms of wall time");

        Assert.Equal(60_000, ticks.Count);
        for (int i = 0; i < ticks.Count; i++)
        {
            Assert.Equal(Start + (period * (i + 1)), ticks[i]);
        }

        Assert.Equal(Start.AddMinutes(10), time.GetUtcNow());
        Assert.True(wall.Elapsed < TimeSpan.FromSeconds(1), $"took {wall.Elapsed}");
    }

    [Fact]
    public void Timers_fire_in_due_order_and_ties_in_creation_order()
    {
        var time = new SimulatedTimeProvider(Start);
        var fired = new List<string>();
        using var late = time.CreateTimer(_ => fired.Add("late"), null, TimeSpan.FromSeconds(2), Timeout.InfiniteTimeSpan);
        using var firstTie = time.CreateTimer(_ => fired.Add("tie-1"), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        using var secondTie = time.CreateTimer(_ => fired.Add("tie-2"), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);

        time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(["tie-1", "tie-2", "late"], fired);
    }

    [Fact]
    public void Each_callback_sees_its_own_due_time()
    {
        var time = new SimulatedTimeProvider(Start);
        var seen = new List<TimeSpan>();
        using var timer = time.CreateTimer(_ => seen.Add(time.Elapsed), null, TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(700));

        time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal([TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(1000), TimeSpan.FromMilliseconds(1700)], seen);
        Assert.Equal(TimeSpan.FromSeconds(2), time.Elapsed);
    }

    [Fact]
    public void Change_and_dispose_take_effect_and_stale_schedules_never_fire()
    {
        var time = new SimulatedTimeProvider(Start);
        int count = 0;
        var timer = time.CreateTimer(_ => count++, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        time.Advance(TimeSpan.FromSeconds(1.5));
        Assert.Equal(1, count);

        Assert.True(timer.Change(TimeSpan.FromSeconds(10), Timeout.InfiniteTimeSpan));
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(1, count); // the old 1 s period was superseded

        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(2, count); // fired once at 11.5 s, one-shot

        Assert.True(timer.Change(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)));
        timer.Dispose();
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(2, count);
        Assert.False(timer.Change(TimeSpan.Zero, TimeSpan.Zero));
        Assert.Equal(0, time.ArmedTimerCount);
    }

    [Fact]
    public void A_callback_may_create_timers_that_fire_within_the_same_advance()
    {
        var time = new SimulatedTimeProvider(Start);
        var fired = new List<TimeSpan>();
        ITimer? child = null;
        using var parent = time.CreateTimer(
            _ => child = time.CreateTimer(_ => fired.Add(time.Elapsed), null, TimeSpan.FromMilliseconds(250), Timeout.InfiniteTimeSpan),
            null,
            TimeSpan.FromSeconds(1),
            Timeout.InfiniteTimeSpan);

        time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal([TimeSpan.FromMilliseconds(1250)], fired);
        child?.Dispose();
    }

    [Fact]
    public async Task Task_Delay_on_the_provider_completes_only_when_time_is_advanced()
    {
        var time = new SimulatedTimeProvider(Start);
        var delay = Task.Delay(TimeSpan.FromMinutes(3), time);
        time.Advance(TimeSpan.FromMinutes(2));
        Assert.False(delay.IsCompleted);
        time.Advance(TimeSpan.FromMinutes(1));
        await delay.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(delay.IsCompletedSuccessfully);
    }

    [Fact]
    public void AdvanceUntil_stops_at_the_first_timer_that_makes_the_condition_true()
    {
        var time = new SimulatedTimeProvider(Start);
        int count = 0;
        using var timer = time.CreateTimer(_ => count++, null, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(10));

        Assert.True(time.AdvanceUntil(() => count == 7, TimeSpan.FromSeconds(1)));
        Assert.Equal(TimeSpan.FromMilliseconds(70), time.Elapsed);
        Assert.False(time.AdvanceUntil(() => count < 0, TimeSpan.FromMilliseconds(25)));
        Assert.Equal(TimeSpan.FromMilliseconds(95), time.Elapsed);
    }

    [Fact]
    public void Time_cannot_go_backwards_and_callbacks_cannot_advance_it()
    {
        var time = new SimulatedTimeProvider(Start);
        time.Advance(TimeSpan.FromSeconds(10));
        var backwards = Assert.Throws<ArgumentOutOfRangeException>(() => time.AdvanceTo(Start));
        Assert.Contains("cannot go backwards", backwards.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => time.Advance(TimeSpan.FromTicks(-1)));

        using var reentrant = time.CreateTimer(_ => time.Advance(TimeSpan.FromSeconds(1)), null, TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        var error = Assert.Throws<InvalidOperationException>(() => time.Advance(TimeSpan.FromSeconds(1)));
        Assert.Contains("only the driver of the simulation may", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Timestamps_follow_simulated_time()
    {
        var time = new SimulatedTimeProvider(Start);
        long t0 = time.GetTimestamp();
        time.Advance(TimeSpan.FromMilliseconds(1234));
        Assert.Equal(TimeSpan.FromMilliseconds(1234), time.GetElapsedTime(t0));
        Assert.Equal(TimeZoneInfo.Utc, time.LocalTimeZone);
    }
}

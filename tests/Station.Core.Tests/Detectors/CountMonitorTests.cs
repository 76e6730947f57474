using Station.Core.Detectors;
using Station.Core.Safety;
using Station.Core.Tests.Safety;
using UnitsNet;

namespace Station.Core.Tests.Detectors;

public sealed class CountMonitorTests
{
    private static readonly DateTimeOffset T0 = SafetyFixtures.Now;
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(100);

    /// <summary>100 ms windows, 22 ns dead time (ceiling 4.5e6 counts), trip above 2 MHz (200,000 counts), dark 25 Hz.</summary>
    internal static CountMonitorOptions Options { get; } = new()
    {
        ChannelCount = 4,
        DarkCountRates = [Frequency.FromHertz(25), Frequency.FromHertz(25), Frequency.FromHertz(25), Frequency.FromHertz(25)],
    };

    private readonly List<SecurityEvent> _events = [];
    private readonly CountMonitor _monitor;

    public CountMonitorTests() => _monitor = new CountMonitor(Options, new ListSink(_events));

    [Fact]
    public void Thresholds_follow_from_the_options()
    {
        Assert.Equal(200_000, _monitor.TripCountsPerWindow, 6);
        Assert.Equal(0.5 * 0.1 / 22e-9, _monitor.SaturationCountsPerWindow, 6);
        Assert.Equal(4 * Math.Log(1e6), _monitor.CollapseMinimumExpectedCounts, 12);
    }

    [Fact]
    public void A_flash_latches_the_trip_and_the_supervisor_gates_that_channel_off_on_the_next_tick()
    {
        Assert.Equal(CountVerdict.Normal, Observe(1, 1, 5_000));
        var state = SafetyFixtures.Nominal(T0 + Window);
        state.SetChannel(1, state.Channel(1) with { TripLatched = _monitor.TripState(1) });
        Assert.True(SafetyFixtures.Evaluate(state).GateOn(1));

        Assert.Equal(CountVerdict.Tripped, Observe(2, 1, 200_001)); // strictly above 200,000
        var ev = Assert.Single(_events);
        Assert.Equal((SecurityEventKind.SoftwareTrip, 1, 200_001L), (ev.Kind, ev.Channel, ev.Counts));
        state = SafetyFixtures.Nominal(T0 + (2 * Window) + TimeSpan.FromMilliseconds(10));
        state.SetChannel(1, state.Channel(1) with { TripLatched = _monitor.TripState(1) });
        var p = SafetyFixtures.Evaluate(state);
        Assert.Equal(SafetyReason.TripLatched, p.GateReasons(1));
        Assert.True(p.GateOn(0));

        // Latched: the light gone and the gate closed, the next windows count nothing; the latch holds.
        Assert.Equal(CountVerdict.Tripped, Observe(3, 1, 0, gateOpen: false));
        Assert.True(_monitor.TripState(1).Value);
    }

    [Fact]
    public void Exactly_the_threshold_does_not_trip()
    {
        Assert.Equal(CountVerdict.Normal, Observe(1, 0, 200_000));
        Assert.Empty(_events);
    }

    [Fact]
    public void The_board_trip_and_saturation_latch_with_their_own_events()
    {
        Assert.Equal(CountVerdict.Tripped, Observe(1, 0, 150_000, hardwareTrip: true));
        Assert.Equal([SecurityEventKind.HardwareTrip], _events.Select(e => e.Kind));

        _events.Clear();
        Assert.Equal(CountVerdict.Tripped, Observe(1, 2, 2_300_000));
        Assert.Equal([SecurityEventKind.Saturation, SecurityEventKind.SoftwareTrip], _events.Select(e => e.Kind));
        Assert.Equal(0.1 / 22e-9, _events[0].Expected, 6);
    }

    [Fact]
    public void Reset_is_refused_while_the_cause_shows_during_the_hold_off_and_without_recent_data()
    {
        Observe(1, 0, 300_000); // trips at T0 + 100 ms
        Assert.Equal(TripResetResult.CausePersists, _monitor.Reset(0, At(1)));
        Observe(2, 0, 0, gateOpen: false);
        Assert.Equal(TripResetResult.HoldOff, _monitor.Reset(0, At(2)));
        Assert.Equal(TripResetResult.NoRecentWindow, _monitor.Reset(0, At(2) + TimeSpan.FromMilliseconds(201)));
        Assert.True(_monitor.IsLatched(0));
        Assert.Single(_events); // refusals change nothing and log nothing

        Observe(11, 0, 0, gateOpen: false); // 1 s after the tripping window
        Assert.Equal(TripResetResult.Accepted, _monitor.Reset(0, At(11)));
        Assert.False(_monitor.IsLatched(0));
        Assert.Equal(SecurityEventKind.TripReset, _events[^1].Kind);
        Assert.Equal(TripResetResult.NotLatched, _monitor.Reset(0, At(11)));
    }

    [Fact]
    public void A_trip_in_the_probation_window_doubles_the_hold_off_and_a_clean_one_restores_it()
    {
        Observe(1, 0, 300_000);
        Observe(11, 0, 0, gateOpen: false);
        Assert.Equal(TripResetResult.Accepted, _monitor.Reset(0, At(11)));
        Observe(12, 0, 300_000); // the light is still there
        Assert.True(_monitor.IsLatched(0));
        Assert.Equal(TimeSpan.FromSeconds(2), _monitor.ResetHoldOff(0));
        Observe(31, 0, 0, gateOpen: false);
        Assert.Equal(TripResetResult.HoldOff, _monitor.Reset(0, At(31))); // 1.9 s < 2 s
        Observe(32, 0, 0, gateOpen: false);
        Assert.Equal(TripResetResult.Accepted, _monitor.Reset(0, At(32)));
        Observe(33, 0, 4_000);
        Assert.Equal(TimeSpan.FromSeconds(1), _monitor.ResetHoldOff(0));
    }

    [Fact]
    public void Invalid_data_is_rejected_logged_and_makes_the_trip_state_faulted()
    {
        Observe(1, 3, 100);
        Assert.Equal(CountVerdict.Rejected, Observe(1, 3, 100)); // the same window again
        Assert.Equal(CountVerdict.Rejected, Observe(2, 3, -1));
        Assert.Equal(CountVerdict.Rejected, Observe(3, 3, 5_000_000)); // beyond 1/τ · window
        Assert.Equal(SensorStatus.Faulted, _monitor.TripState(3).Status);
        Assert.Equal(3, _events.Count(e => e.Kind == SecurityEventKind.InvalidCountData));

        var state = SafetyFixtures.Nominal(At(3));
        state.SetChannel(3, state.Channel(3) with { TripLatched = _monitor.TripState(3) });
        Assert.Equal(SafetyReason.TripInputInvalid, SafetyFixtures.Evaluate(state).GateReasons(3));

        Assert.Equal(CountVerdict.Normal, Observe(4, 3, 100));
        Assert.Equal(SensorStatus.Valid, _monitor.TripState(3).Status);
        Assert.Throws<ArgumentOutOfRangeException>(() => _monitor.Observe(new CountWindow(4, At(5), 1, true, false, 0)));
    }

    [Fact]
    public void Before_any_window_the_trip_state_is_unknown_and_a_silent_board_makes_it_stale()
    {
        Assert.Equal(SensorStatus.Unknown, _monitor.TripState(0).Status);
        Observe(1, 0, 10);
        var state = SafetyFixtures.Nominal(At(1) + TimeSpan.FromMilliseconds(251));
        state.SetChannel(0, state.Channel(0) with { TripLatched = _monitor.TripState(0) });
        Assert.Equal(SafetyReason.TripInputInvalid, SafetyFixtures.Evaluate(state).GateReasons(0));
    }

    [Fact]
    public void A_collapse_below_the_Poisson_floor_is_a_security_event_but_not_a_trip()
    {
        // Dark 25 Hz + background 1000 Hz over 100 ms: 102.5 expected counts, tested every window.
        const double background = 1000;
        long floor = 0;
        while (PoissonStatistics.IsLowerTailBelow(floor + 1, 102.5, 1e-6, out _))
        {
            floor++;
        }

        Assert.InRange(floor, 50, 60); // about μ − 4.75·√μ
        Assert.True(PoissonStatistics.IsLowerTailBelow(floor, 102.5, 1e-6, out _));
        Assert.False(PoissonStatistics.IsLowerTailBelow(floor + 1, 102.5, 1e-6, out _));
        Assert.Equal(CountVerdict.Normal, Observe(1, 2, floor + 1, background: background));
        Assert.Empty(_events);
        Assert.Equal(CountVerdict.Normal, Observe(2, 2, floor, background: background));
        var ev = Assert.Single(_events);
        Assert.Equal((SecurityEventKind.CountCollapse, floor, 102.5), (ev.Kind, ev.Counts, Math.Round(ev.Expected, 9)));
        Assert.True(ev.Probability < 1e-6);
        Assert.False(_monitor.IsLatched(2));
    }

    [Fact]
    public void At_dark_count_rates_windows_are_pooled_until_a_collapse_is_testable()
    {
        // 25 Hz · 100 ms = 2.5 counts a window; 4·ln(1e6) = 55.3 expected counts need 23 windows.
        for (int w = 1; w <= 22; w++)
        {
            Observe(w, 0, 0);
        }

        Assert.Empty(_events);
        Observe(23, 0, 0);
        var ev = Assert.Single(_events);
        Assert.Equal(SecurityEventKind.CountCollapse, ev.Kind);
        Assert.Equal(57.5, ev.Expected, 9);
        Assert.Equal(Math.Exp(-57.5), ev.Probability, 1e-30);
    }

    [Fact]
    public void Windows_with_the_gate_closed_say_nothing_about_collapse()
    {
        for (int w = 1; w <= 100; w++)
        {
            Observe(w, 0, 0, gateOpen: w % 10 != 0);
        }

        Assert.Empty(_events);
    }

    [Fact]
    public void Honest_Poisson_counts_raise_no_false_alarm_in_twenty_thousand_tests()
    {
        var random = new Random(7);
        for (int w = 1; w <= 20_000; w++)
        {
            Observe(w, 1, SamplePoisson(random, 102.5), background: 1000);
        }

        // p = 1e-6 per test: the expected number of false alarms is 0.02.
        Assert.Empty(_events);
    }

    [Fact]
    public void Options_problems_are_each_named()
    {
        var bad = Options with { SoftwareTripRate = Frequency.FromMegahertz(6), DarkCountRates = [], SaturationFraction = 0 };
        var problems = bad.Validate();
        Assert.Contains("SoftwareTripRate (6000000 Hz) must be positive and below HardwareTripRate (5000000 Hz)", problems);
        Assert.Contains("DarkCountRates has 0 entries; expected one per channel (4)", problems);
        Assert.Contains("SaturationFraction is 0; expected over 0 and at most 1", problems);
        Assert.Throws<ArgumentException>(() => new CountMonitor(bad, new ListSink([])));
    }

    internal static long SamplePoisson(Random random, double mu)
    {
        // Knuth's product of uniforms: fine for the means of these tests (< 700).
        double limit = Math.Exp(-mu), product = random.NextDouble();
        long k = 0;
        while (product > limit)
        {
            product *= random.NextDouble();
            k++;
        }

        return k;
    }

    private static DateTimeOffset At(int window) => T0 + (window * Window);

    private CountVerdict Observe(int window, int channel, long counts, bool gateOpen = true, bool hardwareTrip = false, double background = 0) =>
        _monitor.Observe(new CountWindow(channel, At(window), counts, gateOpen, hardwareTrip, background));

    internal sealed class ListSink(List<SecurityEvent> events) : ISecurityEventSink
    {
        public void Record(in SecurityEvent securityEvent) => events.Add(securityEvent);
    }
}

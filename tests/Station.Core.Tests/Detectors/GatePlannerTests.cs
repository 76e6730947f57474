using Station.Core.Detectors;
using UnitsNet;
using Xunit.Abstractions;

namespace Station.Core.Tests.Detectors;

public sealed class GatePlannerTests(ITestOutputHelper output)
{
    private const double UpdateS = PassPlan.UpdateS; // one 100 Hz control tick
    private static readonly IssPass Pass = IssPass.Instance;

    private static readonly GatePlannerOptions Options = new()
    {
        PulsePeriod = Duration.FromNanoseconds(10),
        DelayResolution = Duration.FromNanoseconds(0.01),
        Channels =
        [
            new GateChannelTiming(Duration.FromNanoseconds(1), Duration.FromNanoseconds(35.17)),
            new GateChannelTiming(Duration.FromNanoseconds(2.5), Duration.FromNanoseconds(-3.02)),
        ],
    };

    private static readonly Lazy<PassPlan> Plan = new(() => PassPlan.Build(new GatePlanner(Options)));

    [Fact]
    public void Over_a_zenith_ISS_pass_the_gate_stays_centred_on_the_light_time_within_one_register_step_plus_the_chord_error()
    {
        var plan = Plan.Value;
        double period = plan.Planner.PulsePeriodSeconds, step = plan.Planner.StepSeconds;
        double worst = 0;
        for (int i = 0; i < plan.Intervals; i++)
        {
            for (int ch = 0; ch < Options.Channels.Count; ch++)
            {
                GateSetting s = plan.Settings[i, ch];
                long last = (long)Math.Ceiling((i + 1) * UpdateS / period) - 1;
                foreach (long n in (ReadOnlySpan<long>)[s.FirstPulse, (s.FirstPulse + last) / 2, last])
                {
                    worst = Math.Max(worst, Math.Abs(CentreError(plan, s, ch, n)));
                }
            }
        }

        // τ̈ at culmination (from the light time itself) sets the chord error τ̈·Δ²/8; rounding adds half a step.
        double bound = (step / 2) + (plan.MaxCurvature * UpdateS * UpdateS / 8) + (plan.Planner.RateStep * UpdateS) + (step / GateSetting.FractionPerStep);
        output.WriteLine($"{plan.Intervals:N0} updates of {UpdateS * 1e3} ms; light time {plan.MinTau * 1e3:0.###}…{plan.MaxTau * 1e3:0.###} ms, |dτ/dt| ≤ {plan.MaxRate * 1e6:0.##} µs/s, τ̈ ≤ {plan.MaxCurvature * 1e6:0.###} µs/s²");
        output.WriteLine($"worst gate-centre error {worst * 1e12:0.##} ps (bound {bound * 1e12:0.##} ps: half a 10 ps step + chord {plan.MaxCurvature * UpdateS * UpdateS / 8 * 1e12:0.##} ps)");
        Assert.True(plan.MaxRate > 1.5e-5, "a zenith ISS pass has |ṙ| near 7 km/s at its ends");
        Assert.True(worst <= bound, $"{worst * 1e12} ps > {bound * 1e12} ps");
        Assert.True(worst <= 10.5e-12, $"{worst * 1e12} ps");
    }

    [Fact]
    public void No_pulse_gets_two_gates_or_none_across_updates_and_period_wraps_and_a_fine_only_board_would_miss()
    {
        var plan = Plan.Value;
        var gates = new GateChecker(plan, Options.Channels[0].InstrumentDelay.Seconds, Options.MinimumGateGap.Seconds);
        int checkedPulses = 0, wraps = 0, naiveFailures = 0;
        for (int i = 1; i < plan.Intervals; i += 97)
        {
            GateSetting s = plan.Settings[i, 0];
            Assert.Equal(0, gates.CheckRun(i, s.FirstPulse - 20, s.FirstPulse + 20, naive: false)); // the switch-over between settings
            checkedPulses += 41;
            long wrap = gates.FirstWrap(i);
            if (wrap > 0)
            {
                wraps++;
                Assert.Equal(0, gates.CheckRun(i, wrap - 20, wrap + 20, naive: false));
                checkedPulses += 41;
                naiveFailures += gates.CheckRun(i, wrap - 20, wrap + 20, naive: true) > 0 ? 1 : 0;
            }
        }

        output.WriteLine($"{checkedPulses:N0} pulses checked around {plan.Intervals / 97} updates and {wraps} period wraps; coarse count moved {plan.CoarseMoves:N0} periods over the pass");
        Assert.Empty(gates.Violations);
        Assert.True(wraps > 50);
        Assert.Equal(wraps, naiveFailures); // holding the coarse count across a wrap puts the gate a period off
        Assert.True(plan.MaxStep <= 0.1e-12, $"largest jump between updates {plan.MaxStep * 1e12} ps");
    }

    [Fact]
    public void A_continuous_source_gets_free_running_gates()
    {
        var planner = new GatePlanner(Options with { PulsedSource = false });
        Span<GateSetting> settings = stackalloc GateSetting[2];
        planner.Plan(1.0, 1.01, 0.003, 0.0030001, settings);
        Assert.True(settings[1].FreeRunning);
        Assert.Equal((0L, 0L, 0, 1000L), (settings[1].CoarsePeriods, settings[1].FineDelaySteps, settings[1].FineFraction, settings[1].WidthSteps));
    }

    [Fact]
    public void A_jump_in_the_light_time_is_reported_as_a_step()
    {
        var planner = new GatePlanner(Options);
        Span<GateSetting> s = stackalloc GateSetting[2];
        planner.Plan(0, 0.01, 0.002, 0.0020002, s);
        Assert.Equal(0, s[0].StepSeconds);
        planner.Plan(0.01, 0.02, 0.0020002, 0.0020004, s);
        Assert.True(Math.Abs(s[0].StepSeconds) <= 1e-15, $"{s[0].StepSeconds}");
        planner.Plan(0.02, 0.03, 0.0020004 + 3e-9, 0.0020006 + 3e-9, s); // a new ephemeris: 3 ns later
        Assert.Equal(3e-9, s[0].StepSeconds, 1e-11);
    }

    [Fact]
    public void Bad_options_and_bad_inputs_are_refused_with_the_reason()
    {
        var problems = (Options with { PulsePeriod = Duration.FromNanoseconds(10.005), Channels = [new GateChannelTiming(Duration.FromNanoseconds(9.9), Duration.Zero)] }).Validate();
        Assert.Contains("PulsePeriod (1.0005E-08 s) is not a whole number of DelayResolution steps (1E-11 s)", problems);
        Assert.Contains("channel 0: gate width 9.9E-09 s must be at least one step (1E-11 s) and at most 9.504E-09 s (period less the rate squeeze and the gap)", problems);

        var planner = new GatePlanner(Options);
        var settings = new GateSetting[2];
        var ex = Assert.Throws<ArgumentException>(() => planner.Plan(0, 0.01, 0.002, 0.003, settings));
        Assert.Contains("beyond the configured maximum", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => planner.Plan(0, 0.01, double.NaN, 0.002, settings));
        Assert.Throws<ArgumentException>(() => planner.Plan(0.01, 0.01, 0.002, 0.002, settings));
        Assert.Throws<ArgumentException>(() => planner.Plan(0, 0.01, 0.002, 0.002, settings.AsSpan(0, 1)));
        Assert.All(settings, s => Assert.Equal(default, s)); // nothing was written
    }

    private static double CentreError(PassPlan plan, in GateSetting s, int ch, long n)
    {
        double period = plan.Planner.PulsePeriodSeconds, step = plan.Planner.StepSeconds;
        var (coarse, fine) = GateTiming.Registers(s, n, period, step, plan.Planner.RateStep);
        double centre = (coarse * period) + (fine * step) + (s.WidthSteps * step / 2);
        return centre - (Pass.LightTimeForEmission(n * period) + Options.Channels[ch].InstrumentDelay.Seconds);
    }
}

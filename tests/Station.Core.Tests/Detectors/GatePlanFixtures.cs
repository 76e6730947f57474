using Station.Core.Detectors;

namespace Station.Core.Tests.Detectors;

/// <summary>The gate settings of every 10 ms update over the ISS pass, with the light-time profile they came from.</summary>
internal sealed class PassPlan
{
    public const double UpdateS = 0.010;

    private PassPlan(GatePlanner planner, int intervals, int channels)
    {
        Planner = planner;
        Intervals = intervals;
        Settings = new GateSetting[intervals, channels];
    }

    public GatePlanner Planner { get; }

    public int Intervals { get; }

    public GateSetting[,] Settings { get; }

    public double MinTau { get; private set; } = double.PositiveInfinity;

    public double MaxTau { get; private set; }

    public double MaxRate { get; private set; }

    /// <summary>Largest |τ̈| from second differences of the light time at the update boundaries.</summary>
    public double MaxCurvature { get; private set; }

    /// <summary>Largest jump of the delay between one update's ramp and the next update's start.</summary>
    public double MaxStep { get; private set; }

    /// <summary>Whole periods the coarse count moved over the pass (down while approaching, up while receding).</summary>
    public long CoarseMoves { get; private set; }

    public static PassPlan Build(GatePlanner planner)
    {
        int intervals = (int)Math.Round(2 * IssPass.HalfSpanS / UpdateS);
        var plan = new PassPlan(planner, intervals, planner.ChannelCount);
        var tau = new double[intervals + 1];
        for (int i = 0; i <= intervals; i++)
        {
            tau[i] = IssPass.Instance.LightTimeForEmission(i * UpdateS);
            plan.MinTau = Math.Min(plan.MinTau, tau[i]);
            plan.MaxTau = Math.Max(plan.MaxTau, tau[i]);
        }

        Span<GateSetting> settings = stackalloc GateSetting[planner.ChannelCount];
        long previousCoarse = 0;
        for (int i = 0; i < intervals; i++)
        {
            planner.Plan(i * UpdateS, (i + 1) * UpdateS, tau[i], tau[i + 1], settings);
            for (int ch = 0; ch < settings.Length; ch++)
            {
                plan.Settings[i, ch] = settings[ch];
                plan.MaxStep = Math.Max(plan.MaxStep, Math.Abs(settings[ch].StepSeconds));
            }

            plan.CoarseMoves += i == 0 ? 0 : Math.Abs(settings[0].CoarsePeriods - previousCoarse);
            previousCoarse = settings[0].CoarsePeriods;
            plan.MaxRate = Math.Max(plan.MaxRate, Math.Abs(tau[i + 1] - tau[i]) / UpdateS);
            if (i > 0)
            {
                plan.MaxCurvature = Math.Max(plan.MaxCurvature, Math.Abs(tau[i + 1] - (2 * tau[i]) + tau[i - 1]) / (UpdateS * UpdateS));
            }
        }

        return plan;
    }
}

/// <summary>
/// Replays the gate generator pulse by pulse (channel 0) and checks each pulse's arrival falls inside its own gate,
/// that consecutive gates keep the minimum gap, and that the coarse count moves by at most one period per pulse.
/// The "naive" board holds the coarse count of the setting's first pulse, as a fine-delay-only register would.
/// </summary>
internal sealed class GateChecker(PassPlan plan, double instrumentDelayS, double minimumGapS)
{
    private readonly double _period = plan.Planner.PulsePeriodSeconds;
    private readonly double _step = plan.Planner.StepSeconds;

    public List<string> Violations { get; } = [];

    /// <summary>Checks pulses <paramref name="from"/>…<paramref name="to"/> near update <paramref name="interval"/>; returns the number of violations.</summary>
    public int CheckRun(int interval, long from, long to, bool naive)
    {
        int violations = 0;
        double previousOpen = double.NaN;
        long previousCoarse = 0;
        for (long n = from; n <= to; n++)
        {
            GateSetting s = Governing(interval, n);
            var (coarse, fine) = GateTiming.Registers(s, n, _period, _step, plan.Planner.RateStep);
            double open = (n * _period) + ((naive ? s.CoarsePeriods : coarse) * _period) + (fine * _step);
            double width = s.WidthSteps * _step;
            double arrival = (n * _period) + IssPass.Instance.LightTimeForEmission(n * _period) + instrumentDelayS;
            if (arrival < open || arrival > open + width)
            {
                violations += Report(naive, $"pulse {n}: arrival {arrival:R} s outside its gate {open:R} s + {width:R} s");
            }

            if (n > from)
            {
                if (open - previousOpen < width + minimumGapS)
                {
                    violations += Report(naive, $"pulse {n}: gate opens {(open - previousOpen) * 1e9:0.###} ns after the previous one, overlapping it");
                }

                if (!naive && Math.Abs(coarse - previousCoarse) > 1)
                {
                    violations += Report(naive, $"pulse {n}: coarse count jumped from {previousCoarse} to {coarse}");
                }
            }

            previousOpen = open;
            previousCoarse = coarse;
        }

        return violations;
    }

    /// <summary>The first pulse of update <paramref name="interval"/> at which the coarse count changes, or −1.</summary>
    public long FirstWrap(int interval)
    {
        GateSetting s = plan.Settings[interval, 0];
        long last = interval + 1 < plan.Intervals ? plan.Settings[interval + 1, 0].FirstPulse - 1 : s.FirstPulse;
        long startCoarse = Coarse(s, s.FirstPulse);
        if (Coarse(s, last) == startCoarse)
        {
            return -1;
        }

        long lo = s.FirstPulse, hi = last; // coarse(lo) == start, coarse(hi) != start; the ramp is monotonic
        while (hi - lo > 1)
        {
            long mid = lo + ((hi - lo) / 2);
            (Coarse(s, mid) == startCoarse ? ref lo : ref hi) = mid;
        }

        return hi;
    }

    private long Coarse(in GateSetting s, long n) => GateTiming.Registers(s, n, _period, _step, plan.Planner.RateStep).Coarse;

    private GateSetting Governing(int interval, long n) =>
        n < plan.Settings[interval, 0].FirstPulse ? plan.Settings[interval - 1, 0] : plan.Settings[interval, 0];

    private int Report(bool naive, string text)
    {
        if (!naive)
        {
            Violations.Add(text);
        }

        return 1;
    }
}

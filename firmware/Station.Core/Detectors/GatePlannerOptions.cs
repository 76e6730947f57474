using System.Globalization;
using UnitsNet;

namespace Station.Core.Detectors;

/// <summary>One detector channel's gate: its width and the instrument delay measured in calibration.</summary>
/// <param name="Width">How long the gate stays open per pulse.</param>
/// <param name="InstrumentDelay">Fixed delay from the telescope to the detector output (optics, fibre, cables, electronics).</param>
public sealed record GateChannelTiming(Duration Width, Duration InstrumentDelay);

/// <summary>Gate timing configuration (UnitsNet; compiled to register units by <see cref="GatePlanner"/>).</summary>
public sealed record GatePlannerOptions
{
    /// <summary>False for a continuous source (e.g. entangled pairs): gates then run free, open the whole period.</summary>
    public bool PulsedSource { get; init; } = true;

    /// <summary>Pulse period of the source (10 ns for a 100 MHz decoy-state source, as reported for Micius ⚠ unconfirmed).</summary>
    public Duration PulsePeriod { get; init; } = Duration.FromNanoseconds(10);

    /// <summary>Delay register step (10 ps, the gate/counter board's time unit); the period must be a whole number of steps.</summary>
    public Duration DelayResolution { get; init; } = Duration.FromNanoseconds(0.01);

    /// <summary>Step of the delay-rate register, in seconds of delay per second (1 ps/s).</summary>
    public double DelayRateResolution { get; init; } = 1e-12;

    /// <summary>Largest |dτ/dt| accepted: 1e-4 is a range rate of 30 km/s, four times any LEO pass.</summary>
    public double MaxDelayRate { get; init; } = 1e-4;

    /// <summary>Time the gate generator needs closed between two gates.</summary>
    public Duration MinimumGateGap { get; init; } = Duration.FromNanoseconds(0.5);

    public IReadOnlyList<GateChannelTiming> Channels { get; init; } = [];

    /// <summary>Every problem with these options (empty when usable).</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        void Require(bool ok, FormattableString text)
        {
            if (!ok)
            {
                problems.Add(text.ToString(CultureInfo.InvariantCulture));
            }
        }

        double period = PulsePeriod.Seconds, res = DelayResolution.Seconds, gap = MinimumGateGap.Seconds;
        Require(double.IsFinite(res) && res is >= 1e-13 and <= 1e-9, $"DelayResolution is {res:G6} s; expected 0.1 ps…1 ns");
        Require(double.IsFinite(period) && period is >= 1e-10 and <= 1, $"PulsePeriod is {period:G6} s; expected 100 ps…1 s");
        double steps = period / res;
        Require(Math.Abs(steps - Math.Round(steps)) < 1e-6 * steps, $"PulsePeriod ({period:G6} s) is not a whole number of DelayResolution steps ({res:G6} s)");
        Require(DelayRateResolution is > 0 and <= 1e-9, $"DelayRateResolution is {DelayRateResolution}; expected over 0 and at most 1e-9");
        Require(MaxDelayRate is > 0 and < 1e-2, $"MaxDelayRate is {MaxDelayRate}; expected over 0 and below 0.01");
        Require(double.IsFinite(gap) && gap >= 0, $"MinimumGateGap is {gap:G6} s; expected ≥ 0");
        Require(Channels is not null && Channels.Count is >= 1 and <= 64, $"{Channels?.Count ?? 0} gate channels configured; expected 1…64");
        foreach (var (c, i) in (Channels ?? []).Select((c, i) => (c, i)))
        {
            double width = c.Width.Seconds, delay = c.InstrumentDelay.Seconds;
            Require(double.IsFinite(delay) && Math.Abs(delay) <= 1e-3, $"channel {i}: InstrumentDelay is {delay:G6} s; expected within ±1 ms");
            if (PulsedSource)
            {
                // Consecutive gates are a period apart, squeezed by up to MaxDelayRate: they must never touch.
                double widest = (period * (1 - MaxDelayRate)) - gap;
                Require(double.IsFinite(width) && width >= res && width <= widest, $"channel {i}: gate width {width:G6} s must be at least one step ({res:G6} s) and at most {widest:G6} s (period less the rate squeeze and the gap)");
            }
        }

        return problems;
    }
}

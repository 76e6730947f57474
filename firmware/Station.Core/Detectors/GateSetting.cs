namespace Station.Core.Detectors;

/// <summary>
/// The gate timing of one channel for one update interval, in register units. Pulse n (emitted at n·T on the
/// source's pulse clock) gets a gate opening at n·T + A(n), open for <see cref="WidthSteps"/>, with
/// A(n) = <see cref="CoarsePeriods"/>·T + (<see cref="FineDelaySteps"/> + <see cref="FineFraction"/>/65536)·step
/// + rate·(n − <see cref="FirstPulse"/>)·T, rounded once to a step per gate. (The board needs a fractional
/// accumulator for the ramp anyway — 1 ps/s moves a 100 MHz gate by 1e-20 s per pulse — so the start carries
/// 16 fractional bits too, and rounding happens once, not twice.)
/// The coarse part is the pulse index offset: which board period the gate falls in. When A(n) crosses a multiple
/// of T the board changes the coarse count by one and wraps the fine delay — never the width — so every pulse keeps
/// exactly one gate.
/// </summary>
/// <param name="Channel">Detector channel.</param>
/// <param name="FirstPulse">The setting governs pulses n ≥ FirstPulse, until the next setting's first pulse.</param>
/// <param name="CoarsePeriods">Whole pulse periods of delay at <paramref name="FirstPulse"/>.</param>
/// <param name="FineDelaySteps">Remaining whole steps of delay at <paramref name="FirstPulse"/>, 0 ≤ fine &lt; period steps.</param>
/// <param name="FineFraction">Sub-step remainder of the delay at <paramref name="FirstPulse"/>, in 1/65536 of a step.</param>
/// <param name="WidthSteps">Gate width in delay steps.</param>
/// <param name="RateSteps">dA/dt in delay-rate steps (a ramp the board applies pulse by pulse).</param>
/// <param name="FreeRunning">Continuous source: the gate is open the whole period (delay 0, width = period).</param>
/// <param name="StepSeconds">Jump in A at <paramref name="FirstPulse"/> from where the previous setting's ramp would have put it (0 for the first).</param>
public readonly record struct GateSetting(int Channel, long FirstPulse, long CoarsePeriods, long FineDelaySteps, int FineFraction, long WidthSteps, long RateSteps, bool FreeRunning, double StepSeconds)
{
    /// <summary>Units of <see cref="FineFraction"/> per delay step.</summary>
    public const int FractionPerStep = 65536;
}

/// <summary>The gate generator's contract, as the planner assumes the board implements it (and the tests check).</summary>
public static class GateTiming
{
    /// <summary>A(n) in seconds: the delay from pulse n's emission tick to its gate opening, before rounding to a step.</summary>
    public static double DelaySeconds(in GateSetting s, long pulse, double periodS, double stepS, double rateStep) =>
        (s.CoarsePeriods * periodS) + ((s.FineDelaySteps + ((double)s.FineFraction / GateSetting.FractionPerStep)) * stepS)
        + (s.RateSteps * rateStep * (pulse - s.FirstPulse) * periodS);

    /// <summary>
    /// What the board writes for pulse n: A(n) rounded to a step and split into coarse periods and a fine delay in
    /// [0, period). Consecutive pulses differ by at most one coarse period, in the direction the delay moves.
    /// </summary>
    public static (long Coarse, long Fine) Registers(in GateSetting s, long pulse, double periodS, double stepS, double rateStep)
    {
        long periodSteps = (long)Math.Round(periodS / stepS);
        double ramp = ((double)s.FineFraction / GateSetting.FractionPerStep) + (s.RateSteps * rateStep * (pulse - s.FirstPulse) * periodS / stepS);
        long total = (s.CoarsePeriods * periodSteps) + s.FineDelaySteps + (long)Math.Round(ramp);
        long coarse = Math.DivRem(total, periodSteps, out long fine);
        if (fine < 0)
        {
            fine += periodSteps;
            coarse--;
        }

        return (coarse, fine);
    }
}

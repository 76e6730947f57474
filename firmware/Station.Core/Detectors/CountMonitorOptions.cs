using System.Globalization;
using UnitsNet;

namespace Station.Core.Detectors;

/// <summary>Configuration of the count monitor (UnitsNet quantities, compiled to SI doubles by the monitor).</summary>
public sealed record CountMonitorOptions
{
    public int ChannelCount { get; init; } = 4;

    /// <summary>The gate/counter board's integration window (its <c>WINDOW_LENGTH</c>).</summary>
    public Duration IntegrationWindow { get; init; } = Duration.FromMilliseconds(100);

    /// <summary>Detector dead time τ: a non-paralysable detector counts at most window/τ per window.</summary>
    public Duration DeadTime { get; init; } = Duration.FromNanoseconds(22);

    /// <summary>The board's own bright-light trip (its <c>TRIP_THRESHOLD</c> as a rate); the software trip must be below it.</summary>
    public Frequency HardwareTripRate { get; init; } = Frequency.FromMegahertz(5);

    /// <summary>Counts per second above which the software trip latches (compared per window, strictly above).</summary>
    public Frequency SoftwareTripRate { get; init; } = Frequency.FromMegahertz(2);

    /// <summary>
    /// A window whose counts reach this fraction of the dead-time ceiling (window/τ) is "saturating", a sign of a
    /// blinding or dead-time attack (Lydersen 2010; Weier 2011). 0.5 means a true photon rate of about 1/τ.
    /// </summary>
    public double SaturationFraction { get; init; } = 0.5;

    /// <summary>Dark-count rate of each channel (e.g. 25 Hz typical for a Thorlabs SPCM20A); one per channel.</summary>
    public IReadOnlyList<Frequency> DarkCountRates { get; init; } = [];

    /// <summary>
    /// A run of gated-on windows whose total count is this improbable under Poisson statistics, given the dark and
    /// expected background rates, is reported as a collapse. 1e-6 per test: with ten tests a second on four channels
    /// a false alarm about every seven hours.
    /// </summary>
    public double CollapseProbability { get; init; } = 1e-6;

    /// <summary>First hold-off after a trip before a reset is accepted; doubles after each trip in a probation window.</summary>
    public Duration ResetHoldOff { get; init; } = Duration.FromSeconds(1);

    /// <summary>Ceiling of the doubling hold-off.</summary>
    public Duration MaxResetHoldOff { get; init; } = Duration.FromSeconds(60);

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

        double window = IntegrationWindow.Seconds, tau = DeadTime.Seconds, hw = HardwareTripRate.Hertz, sw = SoftwareTripRate.Hertz;
        Require(ChannelCount is >= 1 and <= 64, $"ChannelCount is {ChannelCount}; expected 1…64");
        Require(double.IsFinite(window) && window is >= 1e-5 and <= 10, $"IntegrationWindow is {window} s; expected 10 µs…10 s");
        Require(double.IsFinite(tau) && tau is > 0 and < 1e-3, $"DeadTime is {tau} s; expected over 0 and below 1 ms");
        Require(double.IsFinite(hw) && hw > 0, $"HardwareTripRate is {hw} Hz; expected a positive rate");
        Require(double.IsFinite(sw) && sw > 0 && sw < hw, $"SoftwareTripRate ({sw} Hz) must be positive and below HardwareTripRate ({hw} Hz)");
        Require(SaturationFraction is > 0 and <= 1, $"SaturationFraction is {SaturationFraction}; expected over 0 and at most 1");
        Require(!(sw >= SaturationFraction / tau), $"SoftwareTripRate ({sw} Hz) must be below the saturation rate ({SaturationFraction / tau:0.###e0} Hz), or saturation could pass untripped");
        Require(DarkCountRates is not null && DarkCountRates.Count == ChannelCount, $"DarkCountRates has {DarkCountRates?.Count ?? 0} entries; expected one per channel ({ChannelCount})");
        foreach (var (rate, i) in (DarkCountRates ?? []).Select((r, i) => (r.Hertz, i)))
        {
            Require(double.IsFinite(rate) && rate >= 0, $"DarkCountRates[{i}] is {rate} Hz; expected a finite rate ≥ 0");
        }

        Require(CollapseProbability is > 0 and < 0.01, $"CollapseProbability is {CollapseProbability}; expected over 0 and below 0.01");
        double hold = ResetHoldOff.Seconds, maxHold = MaxResetHoldOff.Seconds;
        Require(double.IsFinite(hold) && hold >= 0, $"ResetHoldOff is {hold} s; expected ≥ 0");
        Require(double.IsFinite(maxHold) && maxHold >= hold, $"MaxResetHoldOff ({maxHold} s) must be at least ResetHoldOff ({hold} s)");
        return problems;
    }
}

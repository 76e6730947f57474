using System.Globalization;
using Station.Calibration.Common;
using Station.Calibration.Detectors;
using Station.Devices.CalibrationSource;
using Station.Devices.GateCounter;
using UnitsNet;

namespace Station.Calibration.GateDelay;

/// <summary>How the gate-delay scan runs.</summary>
/// <param name="PeriodNs">Gate period = pulse period of the bench source (it is triggered by the board's period sync); the delays are found modulo it.</param>
/// <param name="GateWidthNs">Gate width during the scan.</param>
/// <param name="CoarseDwellMs">Counting time per coarse step (steps of one gate width over the whole period).</param>
/// <param name="FineStepPs">Step of the fine scan around each channel's peak.</param>
/// <param name="FineHalfRangeNs">The fine scan covers the coarse arrival ± this.</param>
/// <param name="FineDwellMs">Counting time per fine step.</param>
/// <param name="SourcePower">Relative source power (keep the photons per pulse well below one: the fit assumes counts ∝ overlap).</param>
/// <param name="SourceDelayNs">The bench source's own trigger-to-light delay (from its datasheet or a fibre-length measurement), subtracted.</param>
public sealed record GateDelayScanOptions(
    double PeriodNs = 1000,
    double GateWidthNs = 1,
    double CoarseDwellMs = 1,
    double FineStepPs = 20,
    double FineHalfRangeNs = 2.5,
    double FineDwellMs = 10,
    double SourcePower = 0.05,
    double SourceDelayNs = 0);

/// <summary>The fit of one channel's fine scan: counts(D) = B + A·[Φ((D + W − t)/σ) − Φ((D − t)/σ)].</summary>
/// <param name="ArrivalNs">t: the photons' mean arrival after the period start.</param>
/// <param name="ArrivalSigmaPs">1σ uncertainty of t.</param>
/// <param name="JitterPs">σ: RMS arrival jitter.</param>
/// <param name="Amplitude">A: counts per step with the whole pulse inside the gate.</param>
/// <param name="Background">B: counts per step outside the pulse (dark counts, afterpulses).</param>
public sealed record GateDelayFit(double ArrivalNs, double ArrivalSigmaPs, double JitterPs, double Amplitude, double Background, double ReducedChiSquare)
{
    /// <summary>The model's counts with the gate opening at <paramref name="delayNs"/> (width <paramref name="widthNs"/>).</summary>
    public double CountsAt(double delayNs, double widthNs) => Model([ArrivalNs, JitterPs / 1000, Amplitude, Background], delayNs, widthNs);

    internal static double Model(double[] p, double delayNs, double widthNs) =>
        p[3] + (p[2] * (BenchFits.NormalCdf((delayNs + widthNs - p[0]) / p[1]) - BenchFits.NormalCdf((delayNs - p[0]) / p[1])));
}

/// <summary>One channel's scan and fit; <see cref="InstrumentDelayNs"/> is what the gate-delay service adds to the light time.</summary>
public sealed record GateDelayChannelScan(int Channel, IReadOnlyList<long> CoarseCounts, IReadOnlyList<double> FineDelaysNs, IReadOnlyList<long> FineCounts, GateDelayFit Fit, double InstrumentDelayNs);

/// <summary>The whole scan.</summary>
public sealed record GateDelayScanResult(GateDelayScanOptions Options, IReadOnlyList<double> CoarseDelaysNs, IReadOnlyList<GateDelayChannelScan> Channels);

/// <summary>
/// Finds each detector channel's instrument delay with the pulsed bench source: a coarse scan steps every channel's
/// gate across the whole period in steps of its width to find the count peak, a fine scan steps it through the peak,
/// and a fit of the gate window convolved with Gaussian arrival jitter gives the arrival time. Refused, with the
/// reason, when a channel shows no peak, the peak lies too near the period's ends to scan, or the fit fails.
/// </summary>
public static class GateDelayScan
{
    public static GateDelayScanResult Run(DetectorBench bench, GateDelayScanOptions options, IReadOnlyList<int> channels)
    {
        ArgumentNullException.ThrowIfNull(bench);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(channels);
        double w = options.GateWidthNs, period = options.PeriodNs;
        if (!(w >= 0.1 && period >= 4 * w && period <= 1_000_000))
        {
            throw new CalibrationArgumentException(string.Create(CultureInfo.InvariantCulture, $"gate width {w} ns and period {period} ns: expected a width ≥ 0.1 ns and a period of at least four widths, at most 1 ms"));
        }

        var board = bench.Board;
        bench.ConfigureGates(Duration.FromNanoseconds(period), Duration.FromNanoseconds(w));
        bench.SetShutter(true);
        bench.SetLight(CalibrationLightMode.Pulsed, options.SourcePower);
        try
        {
            int steps = (int)Math.Floor((period - w) / w) + 1;
            var coarseDelays = Enumerable.Range(0, steps).Select(k => k * w).ToArray();
            var coarse = channels.ToDictionary(c => c, _ => new long[steps]);
            for (int k = 0; k < steps; k++)
            {
                foreach (int c in channels)
                {
                    board.SetGateDelay(c, Duration.FromNanoseconds(coarseDelays[k]));
                }

                var counts = bench.Count(TimeSpan.FromMilliseconds(options.CoarseDwellMs));
                foreach (int c in channels)
                {
                    coarse[c][k] = counts[c];
                }
            }

            var arrival = channels.ToDictionary(c => c, c => CoarseArrival(c, coarse[c], coarseDelays, w, period, options.FineHalfRangeNs));
            int fineSteps = (int)Math.Round(2 * options.FineHalfRangeNs * 1000 / options.FineStepPs) + 1;
            var fineDelays = channels.ToDictionary(c => c, c => Enumerable.Range(0, fineSteps)
                .Select(j => Math.Round((arrival[c] - (w / 2) - options.FineHalfRangeNs + (j * options.FineStepPs / 1000)) * 100) / 100).ToArray());
            var fine = channels.ToDictionary(c => c, _ => new long[fineSteps]);
            for (int j = 0; j < fineSteps; j++)
            {
                foreach (int c in channels)
                {
                    board.SetGateDelay(c, Duration.FromNanoseconds(fineDelays[c][j]));
                }

                var counts = bench.Count(TimeSpan.FromMilliseconds(options.FineDwellMs));
                foreach (int c in channels)
                {
                    fine[c][j] = counts[c];
                }
            }

            var results = channels.Select(c =>
            {
                var fit = Fit(c, fineDelays[c], fine[c], w, arrival[c]);
                return new GateDelayChannelScan(c, coarse[c], fineDelays[c], fine[c], fit, fit.ArrivalNs - options.SourceDelayNs);
            }).ToList();
            return new GateDelayScanResult(options, coarseDelays, results);
        }
        finally
        {
            bench.SetLight(CalibrationLightMode.Off, 0);
            bench.SetShutter(false);
        }
    }

    /// <summary>The arrival from the coarse scan: the count-weighted gate centre of the peak step and its neighbours.</summary>
    internal static double CoarseArrival(int channel, long[] counts, double[] delays, double widthNs, double periodNs, double halfRangeNs)
    {
        int peak = Array.IndexOf(counts, counts.Max());
        var sorted = counts.Order().ToArray();
        double median = sorted[sorted.Length / 2];
        double needed = median + Math.Max(20, 8 * Math.Sqrt(median + 1));
        if (counts[peak] < needed)
        {
            throw new CalibrationRefusedException(string.Create(CultureInfo.InvariantCulture,
                $"channel {channel}: no peak in the gate-delay scan (largest {counts[peak]} counts with the gate at {delays[peak]} ns, median {median}, a peak needs {needed:0}); is the pulsed source on and reaching the detector?"));
        }

        double sum = 0, weighted = 0;
        for (int k = Math.Max(0, peak - 1); k <= Math.Min(counts.Length - 1, peak + 1); k++)
        {
            double net = Math.Max(0, counts[k] - median);
            sum += net;
            weighted += net * (delays[k] + (widthNs / 2));
        }

        double arrival = weighted / sum;
        double lowest = arrival - (widthNs / 2) - halfRangeNs, highest = arrival + (widthNs / 2) + halfRangeNs;
        if (lowest < 0 || highest > periodNs)
        {
            throw new CalibrationRefusedException(string.Create(CultureInfo.InvariantCulture,
                $"channel {channel}: the pulses arrive {arrival:0.00} ns into the {periodNs} ns period, too near its ends for a fine scan of ±{halfRangeNs} ns; scan with another --period-ns"));
        }

        return arrival;
    }

    /// <summary>Fits the gate window convolved with Gaussian jitter to a fine scan.</summary>
    internal static GateDelayFit Fit(int channel, double[] delaysNs, long[] counts, double widthNs, double arrivalGuessNs)
    {
        var y = counts.Select(c => (double)c).ToArray();
        var weights = counts.Select(c => 1.0 / Math.Max(1, c)).ToArray();
        double max = y.Max(), min = y.Min();
        double[] start = [arrivalGuessNs, 0.1, max - min, min];
        double[] steps = [1e-4, 1e-4, Math.Max(1e-3, 1e-4 * max), Math.Max(1e-3, 1e-4 * max)];
        var (p, sigma, chi) = BenchFits.LevenbergMarquardt((q, d) => GateDelayFit.Model(q, d, widthNs), delaysNs, y, weights, start, steps);
        double jitterNs = Math.Abs(p[1]);
        bool plausible = p[2] > 10 * sigma[2] && jitterNs is > 0.001 and < 5 && p[0] > delaysNs[0] && p[0] < delaysNs[^1] + widthNs && sigma[0] < 0.5;
        if (!plausible)
        {
            throw new CalibrationRefusedException(string.Create(CultureInfo.InvariantCulture,
                $"channel {channel}: the peak fit failed (arrival {p[0]:0.000} ± {sigma[0]:0.000} ns, jitter {jitterNs * 1000:0} ps, amplitude {p[2]:0} ± {sigma[2]:0} counts)"));
        }

        return new GateDelayFit(p[0], sigma[0] * 1000, jitterNs * 1000, p[2], p[3], chi);
    }
}

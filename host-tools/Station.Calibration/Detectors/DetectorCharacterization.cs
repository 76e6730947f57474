using System.Globalization;
using Station.Calibration.Common;
using Station.Devices.CalibrationSource;
using Station.Devices.GateCounter;
using UnitsNet;

namespace Station.Calibration.Detectors;

/// <summary>How the characterization runs.</summary>
/// <param name="DarkPeriodUs">Gate period of the dark-count measurement (long gates: afterpulses of dark counts stay inside them).</param>
/// <param name="DarkDuties">Gate widths as fractions of the period (1: free-running).</param>
/// <param name="DarkSecondsPerWidth">Counting time per gate width, shutter closed.</param>
/// <param name="SaturationPowers">Relative source powers of the count-rate saturation curve.</param>
/// <param name="SaturationDwellMs">Counting time per power.</param>
/// <param name="AfterpulseRateHz">Detection rate aimed for during the inter-arrival histogram (low: the Poisson baseline stays flat).</param>
/// <param name="AfterpulseSeconds">How long the histogram records.</param>
/// <param name="HistogramBinNs">Bin width of the inter-arrival histogram (256 bins).</param>
/// <param name="TailStartNs">Intervals from here on carry no afterpulses: the Poisson baseline is fitted to them.</param>
public sealed record DetectorCharacterizationOptions(
    double DarkPeriodUs = 100,
    IReadOnlyList<double>? DarkDuties = null,
    double DarkSecondsPerWidth = 20,
    IReadOnlyList<double>? SaturationPowers = null,
    double SaturationDwellMs = 20,
    double AfterpulseRateHz = 50_000,
    double AfterpulseSeconds = 20,
    double HistogramBinNs = 20,
    double TailStartNs = 1500)
{
    public IReadOnlyList<double> Duties => DarkDuties ?? [0.1, 0.25, 0.5, 0.75, 1];

    public IReadOnlyList<double> Powers => SaturationPowers ?? [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1];
}

/// <summary>Dark counts per second against the gate's duty (width/period).</summary>
public sealed record DarkCurve(IReadOnlyList<double> Duties, IReadOnlyList<double> RatesHz, IReadOnlyList<long> Counts, LineFit Fit);

/// <summary>Count rate against relative source power and the fit m = a·s/(1 + a·s·τ).</summary>
public sealed record SaturationCurve(IReadOnlyList<double> Powers, IReadOnlyList<double> RatesHz, double RateAtFullPowerHz, double DeadTimeNs, double DeadTimeSigmaNs);

/// <summary>The inter-arrival histogram and what it gave.</summary>
public sealed record AfterpulseAnalysis(InterArrivalHistogram Histogram, double BaselineRateHz, double BaselineAmplitude, double VisibleProbability,
    double TimeConstantNs, double Probability, double ProbabilitySigma);

/// <summary>One channel's characterization.</summary>
public sealed record DetectorChannelResult(int Channel, DarkCurve Dark, SaturationCurve Saturation, AfterpulseAnalysis Afterpulses, double DarkCountRateHz);

/// <summary>
/// Characterizes every detector channel with the bench source behind the filter wheels: (1) dark counts against gate
/// width with the shutter closed (a line through rate vs. duty: its slope is the dark rate per second of open gate);
/// (2) the count-rate saturation curve over source power, fitted with the non-paralysable model m = n/(1 + n·τ),
/// n = a·s; (3) the board's inter-arrival histogram at a low rate: an exponential fitted to the long intervals is the
/// Poisson baseline, the excess over it at short intervals are afterpulses, and an exponential fitted to the excess
/// gives their release time, so the fraction hidden in the dead time is added back. The dark rate is then corrected
/// for the afterpulses of dark counts. Refused, naming the channel, when the data cannot give a 5 % answer.
/// </summary>
public static class DetectorCharacterization
{
    public static IReadOnlyList<DetectorChannelResult> Run(DetectorBench bench, DetectorCharacterizationOptions options, IReadOnlyList<int> channels)
    {
        ArgumentNullException.ThrowIfNull(bench);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(channels);
        try
        {
            var dark = MeasureDark(bench, options, channels);
            var saturation = MeasureSaturation(bench, options, channels, dark);
            var afterpulses = MeasureAfterpulses(bench, options, channels, saturation);
            return [.. channels.Select(c => new DetectorChannelResult(c, dark[c], saturation[c], afterpulses[c], dark[c].Fit.Slope / (1 + afterpulses[c].VisibleProbability)))];
        }
        finally
        {
            bench.SetLight(CalibrationLightMode.Off, 0);
            bench.SetShutter(false);
        }
    }

    private static Dictionary<int, DarkCurve> MeasureDark(DetectorBench bench, DetectorCharacterizationOptions options, IReadOnlyList<int> channels)
    {
        bench.SetLight(CalibrationLightMode.Off, 0);
        bench.SetShutter(false);
        var period = Duration.FromMicroseconds(options.DarkPeriodUs);
        var counts = channels.ToDictionary(c => c, _ => new long[options.Duties.Count]);
        for (int k = 0; k < options.Duties.Count; k++)
        {
            bench.ConfigureGates(period, period * options.Duties[k]);
            var n = bench.Count(TimeSpan.FromSeconds(options.DarkSecondsPerWidth));
            foreach (int c in channels)
            {
                counts[c][k] = n[c];
            }
        }

        return channels.ToDictionary(c => c, c =>
        {
            long total = counts[c].Sum();
            if (total < 1600)
            {
                throw new CalibrationRefusedException(string.Create(CultureInfo.InvariantCulture,
                    $"channel {c}: {total} dark counts in {options.DarkSecondsPerWidth * options.Duties.Count} s cannot give the dark rate to 5 % (1600 needed); count longer (--dark-seconds)"));
            }

            double t = options.DarkSecondsPerWidth;
            var rates = counts[c].Select(n => n / t).ToArray();
            var fit = BenchFits.Line(options.Duties, rates, [.. counts[c].Select(n => t * t / Math.Max(1, n))]);
            return new DarkCurve(options.Duties, rates, counts[c], fit);
        });
    }

    private static Dictionary<int, SaturationCurve> MeasureSaturation(DetectorBench bench, DetectorCharacterizationOptions options, IReadOnlyList<int> channels, Dictionary<int, DarkCurve> dark)
    {
        bench.ConfigureGates(Duration.FromMicroseconds(1), Duration.FromMicroseconds(1)); // free-running
        bench.SetShutter(true);
        var powers = options.Powers;
        double dwell = options.SaturationDwellMs / 1000;
        var rates = channels.ToDictionary(c => c, _ => new double[powers.Count]);
        for (int k = 0; k < powers.Count; k++)
        {
            bench.SetLight(CalibrationLightMode.Continuous, powers[k]);
            var n = bench.Count(TimeSpan.FromSeconds(dwell));
            foreach (int c in channels)
            {
                rates[c][k] = (n[c] / dwell) - dark[c].Fit.At(1);
            }
        }

        bench.SetLight(CalibrationLightMode.Off, 0);
        return channels.ToDictionary(c => c, c => FitSaturation(c, powers, rates[c], dwell));
    }

    /// <summary>Fits m = a·s/(1 + a·s·τ) (start: the line 1/m = τ + (1/a)(1/s)); refused when the curve never saturates.</summary>
    internal static SaturationCurve FitSaturation(int channel, IReadOnlyList<double> powers, IReadOnlyList<double> rates, double dwellSeconds)
    {
        if (rates.Any(r => r <= 0))
        {
            throw new CalibrationRefusedException($"channel {channel}: no counts above the dark rate at some source power; is the source reaching the detector?");
        }

        var line = BenchFits.Line([.. powers.Select(s => 1 / s)], [.. rates.Select(m => 1 / m)], [.. rates.Select(m => m * m * m * dwellSeconds)]);
        double[] start = [1 / line.Slope, Math.Max(1e-9, line.Intercept)];
        var (p, sigma, _) = BenchFits.LevenbergMarquardt((q, s) => q[0] * s / (1 + (q[0] * s * q[1])), powers, rates,
            [.. rates.Select(m => dwellSeconds / m)], start, [start[0] * 1e-5, 1e-12]);
        double tau = p[1], peak = rates.Max();
        if (!(tau > 0) || peak * tau < 0.2 || sigma[1] > 0.02 * tau)
        {
            throw new CalibrationRefusedException(string.Create(CultureInfo.InvariantCulture,
                $"channel {channel}: the count rate does not saturate enough to give the dead time (highest {peak / 1e6:0.00} MHz, fitted τ {tau * 1e9:0.0} ± {sigma[1] * 1e9:0.0} ns; m·τ must reach 0.2 and τ be known to 2 %)"));
        }

        return new SaturationCurve(powers, rates, p[0], tau * 1e9, sigma[1] * 1e9);
    }

    private static Dictionary<int, AfterpulseAnalysis> MeasureAfterpulses(DetectorBench bench, DetectorCharacterizationOptions options, IReadOnlyList<int> channels, Dictionary<int, SaturationCurve> saturation)
    {
        double fullRate = channels.Average(c => saturation[c].RateAtFullPowerHz);
        bench.SetLight(CalibrationLightMode.Continuous, Math.Clamp(options.AfterpulseRateHz / fullRate, 1e-6, 1));
        bench.Board.StartInterArrivalHistogram(Duration.FromNanoseconds(options.HistogramBinNs));
        bench.Rig.Wait(TimeSpan.FromSeconds(options.AfterpulseSeconds));
        bench.Board.StopInterArrivalHistogram();
        bench.SetLight(CalibrationLightMode.Off, 0);
        return channels.ToDictionary(c => c, c => AnalyseAfterpulses(c, bench.Board.ReadInterArrivalHistogram(c), saturation[c].DeadTimeNs, options.TailStartNs));
    }

    /// <summary>Baseline from the tail, excess at short intervals, its release time, and the probability with the dead-time losses added back.</summary>
    internal static AfterpulseAnalysis AnalyseAfterpulses(int channel, InterArrivalHistogram histogram, double deadTimeNs, double tailStartNs)
    {
        double w = histogram.BinWidth.Nanoseconds;
        long total = histogram.Total;
        if (total < 200_000)
        {
            throw new CalibrationRefusedException(string.Create(CultureInfo.InvariantCulture,
                $"channel {channel}: {total} intervals in the inter-arrival histogram; 200000 are needed for the afterpulse probability to 20 % (record longer: --afterpulse-seconds)"));
        }

        int tail = (int)Math.Ceiling(tailStartNs / w);
        var bins = histogram.Bins;
        var tx = new List<double>();
        var ty = new List<double>();
        var tw = new List<double>();
        for (int i = tail; i < bins.Count; i++)
        {
            if (bins[i] > 0)
            {
                tx.Add((i + 0.5) * w);
                ty.Add(Math.Log(bins[i]));
                tw.Add(bins[i]);
            }
        }

        if (tx.Count < 10)
        {
            throw new CalibrationRefusedException($"channel {channel}: the inter-arrival histogram's tail (from {tailStartNs} ns) is empty; the rate is too high or the bins too narrow");
        }

        var baseline = BenchFits.Line(tx, ty, tw);
        double rate = -baseline.Slope; // per ns
        double amplitude = Math.Exp(baseline.Intercept); // counts per bin at t = 0 (bin-centre model)
        double Baseline(int i)
        {
            double lo = Math.Max(i * w, deadTimeNs), hi = (i + 1) * w;
            return hi <= lo ? 0 : amplitude / (2 * Math.Sinh(rate * w / 2)) * (Math.Exp(-rate * lo) - Math.Exp(-rate * hi));
        }

        // Afterpulses: N·p·(e^(−lo/τa) − e^(−hi/τa)) per bin above the dead time, on top of the baseline; fitted to every
        // bin short of the tail (no selection of "significant" bins, which would bias the release time long).
        double excess = 0, variance = 0;
        var fx = new List<double>();
        var fy = new List<double>();
        var fw = new List<double>();
        var fb = new List<double>();
        for (int i = 0; i < tail; i++)
        {
            excess += bins[i] - Baseline(i);
            variance += bins[i];
            if ((i + 1) * w > deadTimeNs)
            {
                fx.Add(i);
                fy.Add(bins[i]);
                fw.Add(1.0 / Math.Max(1, bins[i]));
                fb.Add(Baseline(i));
            }
        }

        double visible = excess / total;
        double sigma = Math.Sqrt(variance) / total;
        if (visible < 3 * sigma || fx.Count < 3)
        {
            // No significant afterpulsing: report what was seen, with no release time to extrapolate.
            return new AfterpulseAnalysis(histogram, rate * 1e9, amplitude, Math.Max(0, visible), 0, Math.Max(0, visible), sigma);
        }

        double Model(double[] q, double bin)
        {
            int i = (int)bin;
            double lo = Math.Max(i * w, deadTimeNs), hi = (i + 1) * w, tau = Math.Abs(q[1]);
            return fb[fx.IndexOf(bin)] + (q[0] * (Math.Exp(-lo / tau) - Math.Exp(-hi / tau)));
        }

        double start = 100;
        double[] guess = [Math.Max(1, excess) * Math.Exp(deadTimeNs / start), start];
        var (p, sigmas, _) = BenchFits.LevenbergMarquardt(Model, fx, fy, fw, guess, [guess[0] * 1e-5, 1e-3]);
        double timeConstant = Math.Abs(p[1]);
        if (!(timeConstant > 0) || timeConstant > tailStartNs / 3 || sigmas[1] > 0.5 * timeConstant)
        {
            throw new CalibrationRefusedException(string.Create(CultureInfo.InvariantCulture,
                $"channel {channel}: the afterpulse excess does not give a release time (τ {timeConstant:0} ± {sigmas[1]:0} ns against a tail from {tailStartNs} ns); record longer or use wider bins"));
        }

        double probability = p[0] / total;
        double probabilitySigma = Math.Max(sigmas[0] / total, sigma);
        return new AfterpulseAnalysis(histogram, rate * 1e9, amplitude, visible, timeConstant, probability, probabilitySigma);
    }
}

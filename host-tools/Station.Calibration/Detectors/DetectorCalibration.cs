using System.Globalization;
using ScottPlot;
using Station.Calibration.Common;
using Station.Calibration.GateDelay;
using Station.Firmware.Detectors;

namespace Station.Calibration.Detectors;

/// <summary>
/// <c>detector-characterization.cs</c>: the options, the procedure on a rig, and the result the session writes
/// (<c>detectors.json</c>, <see cref="DetectorCalibrationFile"/>, and <c>detectors.png</c>).
/// </summary>
public static class DetectorCalibration
{
    public const string FileName = "detectors.json";
    public const string PlotName = "detectors.png";

    private static readonly double[] DutyEnds = [0, 1];

    public static IReadOnlyList<CalibrationOption> Options { get; } =
    [
        CalibrationOption.Number("dark-seconds", 20, 0.01, 3600),
        CalibrationOption.Number("afterpulse-seconds", 20, 0.01, 3600),
        CalibrationOption.Number("afterpulse-rate-hz", 50_000, 1_000, 1_000_000),
        GateDelayCalibration.ChannelList("channels", "0,1,2,3"),
        DetectorBench.SourcePortOption,
    ];

    public static CalibrationResult Calibrate(CalibrationArguments arguments, CalibrationRig rig)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        if (!GateDelayCalibration.TryParseChannels(arguments.Get("channels"), out int[] channels))
        {
            throw new CalibrationArgumentException($"option --channels is '{arguments.Get("channels")}'; expected distinct board channels 0–3");
        }

        var options = new DetectorCharacterizationOptions(
            DarkSecondsPerWidth: arguments.GetDouble("dark-seconds"),
            AfterpulseSeconds: arguments.GetDouble("afterpulse-seconds"),
            AfterpulseRateHz: arguments.GetDouble("afterpulse-rate-hz"));
        using var bench = DetectorBench.Open(rig, arguments.Get(DetectorBench.SourcePortOption.Name));
        var result = ToResult(DetectorCharacterization.Run(bench, options, channels), options);
        result.Inputs["calibration_source_identity"] = bench.SourceIdentity.ToString();
        return result;
    }

    public static CalibrationResult ToResult(IReadOnlyList<DetectorChannelResult> results, DetectorCharacterizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(options);
        var file = new DetectorCalibrationFile(null!, [.. results.Select(r => new DetectorChannelCalibration(
            r.Channel, r.DarkCountRateHz, r.Saturation.DeadTimeNs, r.Afterpulses.Probability, r.Afterpulses.TimeConstantNs))]);
        var inputs = CalibrationSession.Inputs(
            ("source", "continuous bench source behind the filter wheels"),
            ("dark_gate_period_us", options.DarkPeriodUs),
            ("dark_duties", string.Join(",", options.Duties.Select(d => d.ToString(CultureInfo.InvariantCulture)))),
            ("saturation_powers", string.Join(",", options.Powers.Select(d => d.ToString(CultureInfo.InvariantCulture)))),
            ("histogram_bin_ns", options.HistogramBinNs),
            ("histogram_intervals", results.Sum(r => r.Afterpulses.Histogram.Total)));
        var summary = new List<string> { "channel  dark rate        dead time          afterpulsing           release   full-power rate" };
        summary.AddRange(results.Select(r => string.Create(CultureInfo.InvariantCulture,
            $"{r.Channel,7}  {r.DarkCountRateHz,8:0.0} Hz  {r.Saturation.DeadTimeNs,7:0.00} ± {r.Saturation.DeadTimeSigmaNs:0.00} ns  {r.Afterpulses.Probability * 100,6:0.000} ± {r.Afterpulses.ProbabilitySigma * 100:0.000} %  {r.Afterpulses.TimeConstantNs,6:0} ns  {r.Saturation.RateAtFullPowerHz / 1e6,8:0.0} MHz")));
        return new CalibrationResult(FileName, DetectorCalibrationFile.FormatName, DetectorCalibrationFile.FormatVersion, inputs,
            header => (file with { Header = header }).Serialize(header), PlotName, path => Plot(results, path), summary);
    }

    /// <summary>Three panels: dark rate vs. duty, the saturation curve, the inter-arrival histograms with their baselines.</summary>
    public static void Plot(IReadOnlyList<DetectorChannelResult> results, string path)
    {
        ArgumentNullException.ThrowIfNull(results);
        var multiplot = new Multiplot();
        multiplot.AddPlots(3);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Columns();
        var (dark, saturation, histogram) = (multiplot.GetPlot(0), multiplot.GetPlot(1), multiplot.GetPlot(2));
        foreach (var r in results)
        {
            var points = dark.Add.ScatterPoints(r.Dark.Duties.ToArray(), r.Dark.RatesHz.ToArray());
            points.LegendText = string.Create(CultureInfo.InvariantCulture, $"ch {r.Channel}: {r.DarkCountRateHz:0} Hz");
            dark.Add.ScatterLine(DutyEnds, new[] { r.Dark.Fit.At(0), r.Dark.Fit.At(1) }, points.Color);

            var s = saturation.Add.ScatterPoints(r.Saturation.Powers.Select(p => Math.Log10(p)).ToArray(), r.Saturation.RatesHz.Select(m => m / 1e6).ToArray());
            s.LegendText = string.Create(CultureInfo.InvariantCulture, $"ch {r.Channel}: τ {r.Saturation.DeadTimeNs:0.0} ns");
            var fx = Enumerable.Range(0, 61).Select(k => -3 + (k * 0.05)).ToArray();
            double a = r.Saturation.RateAtFullPowerHz, tau = r.Saturation.DeadTimeNs * 1e-9;
            saturation.Add.ScatterLine(fx, fx.Select(x => a * Math.Pow(10, x) / (1 + (a * Math.Pow(10, x) * tau)) / 1e6).ToArray(), s.Color);

            double w = r.Afterpulses.Histogram.BinWidth.Nanoseconds;
            var hx = Enumerable.Range(0, r.Afterpulses.Histogram.Bins.Count).Select(i => (i + 0.5) * w).ToArray();
            var h = histogram.Add.ScatterLine(hx, r.Afterpulses.Histogram.Bins.Select(b => Math.Log10(Math.Max(1, b))).ToArray());
            h.LegendText = string.Create(CultureInfo.InvariantCulture, $"ch {r.Channel}: {r.Afterpulses.Probability * 100:0.00} %, {r.Afterpulses.TimeConstantNs:0} ns");
            histogram.Add.ScatterLine(hx, hx.Select(t => Math.Log10(r.Afterpulses.BaselineAmplitude * Math.Exp(-r.Afterpulses.BaselineRateHz * 1e-9 * t))).ToArray(), h.Color).LinePattern = LinePattern.Dashed;
        }

        dark.Title("Dark counts vs. gate duty (shutter closed)");
        dark.XLabel("gate width / period");
        dark.YLabel("counts/s");
        dark.ShowLegend(Alignment.UpperLeft);
        saturation.Title("Count-rate saturation (non-paralysable fit)");
        saturation.XLabel("log10 relative source power");
        saturation.YLabel("MHz");
        saturation.ShowLegend(Alignment.UpperLeft);
        histogram.Title("Inter-arrival histogram (dashed: Poisson baseline)");
        histogram.XLabel("ns since the previous detection");
        histogram.YLabel("log10 counts per bin");
        histogram.ShowLegend(Alignment.UpperRight);
        multiplot.SavePng(path, 1800, 600);
    }
}

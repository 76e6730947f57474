using System.Globalization;
using ScottPlot;
using Station.Calibration.Common;
using Station.Calibration.Detectors;
using Station.Core.Calibration;
using Station.Firmware.Detectors;

namespace Station.Calibration.GateDelay;

/// <summary>
/// <c>gate-delay-scan.cs</c>: the options, the procedure on a rig, and the result the session writes
/// (<c>gate-delays.json</c>, <see cref="GateDelayCalibrationFile"/>, and <c>gate-delays.png</c>).
/// </summary>
public static class GateDelayCalibration
{
    public const string FileName = "gate-delays.json";
    public const string PlotName = "gate-delays.png";

    public static IReadOnlyList<CalibrationOption> Options { get; } =
    [
        CalibrationOption.Number("period-ns", 1000, 4, 1_000_000),
        CalibrationOption.Number("gate-width-ns", 1, 0.1, 100),
        CalibrationOption.Number("source-power", 0.05, 0.001, 1),
        CalibrationOption.Number("source-delay-ns", 0, -1000, 1000),
        ChannelList("channels", "0,1,2,3"),
        DetectorBench.SourcePortOption,
    ];

    /// <summary>A comma-separated list of distinct board channels 0–3.</summary>
    public static CalibrationOption ChannelList(string name, string defaultValue) =>
        new(name, "distinct board channels 0–3, comma-separated (e.g. 0,2)", defaultValue, text => TryParseChannels(text, out _));

    public static bool TryParseChannels(string text, out int[] channels)
    {
        var parts = (text ?? string.Empty).Split(',', StringSplitOptions.TrimEntries);
        channels = [.. parts.Select(p => int.TryParse(p, NumberStyles.Integer, CultureInfo.InvariantCulture, out int c) ? c : -1)];
        return channels.Length is >= 1 and <= 4 && channels.All(c => c is >= 0 and <= 3) && channels.Distinct().Count() == channels.Length;
    }

    /// <summary>Runs the scan on <paramref name="rig"/> and returns what the session writes.</summary>
    public static CalibrationResult Calibrate(CalibrationArguments arguments, CalibrationRig rig)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        if (!TryParseChannels(arguments.Get("channels"), out int[] channels))
        {
            throw new CalibrationArgumentException($"option --channels is '{arguments.Get("channels")}'; expected distinct board channels 0–3");
        }

        var options = new GateDelayScanOptions(
            PeriodNs: arguments.GetDouble("period-ns"),
            GateWidthNs: arguments.GetDouble("gate-width-ns"),
            SourcePower: arguments.GetDouble("source-power"),
            SourceDelayNs: arguments.GetDouble("source-delay-ns"));
        using var bench = DetectorBench.Open(rig, arguments.Get(DetectorBench.SourcePortOption.Name));
        var result = ToResult(GateDelayScan.Run(bench, options, channels));
        result.Inputs["calibration_source_identity"] = bench.SourceIdentity.ToString();
        return result;
    }

    public static CalibrationResult ToResult(GateDelayScanResult scan)
    {
        ArgumentNullException.ThrowIfNull(scan);
        var o = scan.Options;
        var channels = scan.Channels.Select(c => new GateDelayCalibrationChannel(c.Channel, c.InstrumentDelayNs, c.Fit.JitterPs, c.Fit.ArrivalSigmaPs)).ToList();
        var file = new GateDelayCalibrationFile(null!, o.PeriodNs, o.GateWidthNs, channels);
        var inputs = CalibrationSession.Inputs(
            ("source", "pulsed bench source triggered by the gate period"),
            ("coarse_steps", scan.CoarseDelaysNs.Count),
            ("fine_steps", scan.Channels[0].FineDelaysNs.Count),
            ("fine_step_ps", o.FineStepPs),
            ("counts_in_peaks", scan.Channels.Sum(c => c.FineCounts.Sum())));
        var summary = new List<string> { "channel  instrument delay   ±1σ     jitter   peak counts  background  χ²/dof" };
        summary.AddRange(scan.Channels.Select(c => string.Create(CultureInfo.InvariantCulture,
            $"{c.Channel,7}  {c.InstrumentDelayNs,12:0.000} ns  {c.Fit.ArrivalSigmaPs,5:0.0} ps  {c.Fit.JitterPs,5:0} ps  {c.Fit.Amplitude,11:0}  {c.Fit.Background,10:0.0}  {c.Fit.ReducedChiSquare,6:0.00}")));
        return new CalibrationResult(FileName, GateDelayCalibrationFile.FormatName, GateDelayCalibrationFile.FormatVersion, inputs,
            header => (file with { Header = header }).Serialize(header), PlotName, path => Plot(scan, path), summary);
    }

    /// <summary>Each channel's fine scan and fit against the gate centre's offset from the fitted arrival.</summary>
    public static void Plot(GateDelayScanResult scan, string path)
    {
        ArgumentNullException.ThrowIfNull(scan);
        var plot = new Plot();
        double w = scan.Options.GateWidthNs;
        foreach (var c in scan.Channels)
        {
            var xs = c.FineDelaysNs.Select(d => (d + (w / 2) - c.Fit.ArrivalNs) * 1000).ToArray();
            var points = plot.Add.ScatterPoints(xs, [.. c.FineCounts.Select(n => (double)n)]);
            points.LegendText = string.Create(CultureInfo.InvariantCulture, $"ch {c.Channel}: delay {c.InstrumentDelayNs:0.000} ns, jitter {c.Fit.JitterPs:0} ps");
            var line = plot.Add.ScatterLine(xs, [.. c.FineDelaysNs.Select(d => c.Fit.CountsAt(d, w))], points.Color);
            line.LineWidth = 2;
        }

        plot.XLabel("gate centre − fitted arrival (ps)");
        plot.YLabel(string.Create(CultureInfo.InvariantCulture, $"counts per {scan.Options.FineDwellMs} ms"));
        plot.Title(string.Create(CultureInfo.InvariantCulture, $"Gate-delay scan: {w} ns gate, {scan.Options.PeriodNs} ns period"));
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, 1000, 600);
    }

    /// <summary>Reads the file back through the firmware's loader (what the firmware will see at start-up).</summary>
    public static GateDelayCalibrationFile ReadBack(string path, string station) =>
        GateDelayCalibrationFile.Parse(File.ReadAllText(path), path, station);

}

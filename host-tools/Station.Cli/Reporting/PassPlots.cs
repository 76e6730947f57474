using ScottPlot;
using Station.Core.Acquisition;
using Station.Firmware.Telemetry;

namespace Station.Cli.Reporting;

/// <summary>
/// The pass report's PNG plots, drawn from the telemetry journal: the sky track (polar az/el), commanded vs. actual
/// az/el, the tracking residual with the tracker state behind it, and the count rates over the gate, laser and filter
/// timeline. Time runs in seconds from AOS (from the first mount sample when no pass was recorded).
/// </summary>
public static class PassPlots
{
    public const string SkyTrack = "sky_track.png";
    public const string Pointing = "pointing.png";
    public const string Residuals = "residuals.png";
    public const string Counts = "counts.png";

    private static readonly Color CommandedColor = Colors.Black;
    private static readonly Color ActualColor = Colors.OrangeRed;
    private static readonly Color CoarseColor = Colors.Gold.WithAlpha(0.25);
    private static readonly Color FineColor = Colors.Green.WithAlpha(0.2);
    private static readonly Color GateColor = Colors.SteelBlue.WithAlpha(0.7);
    private static readonly Color LaserColor = Colors.Red.WithAlpha(0.6);
    private const double GateLane = -2.5;
    private const double LaserLane = -3.5;

    /// <summary>Writes the four plots into <paramref name="directory"/>; returns their paths.</summary>
    public static IReadOnlyList<string> Write(TelemetryDatabase database, PassReport report, string directory)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(report);
        var all = (From: DateTimeOffset.UnixEpoch, To: new DateTimeOffset(2200, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var mount = database.ReadMountSamples(all.From, all.To);
        var detectors = database.ReadDetectorSamples(all.From, all.To);
        var optics = database.ReadOpticsSamples(all.From, all.To);
        DateTimeOffset origin = report.Pass is { } pass ? new DateTimeOffset(pass.AosUtc, TimeSpan.Zero)
            : mount.Count > 0 ? mount[0].Time : DateTimeOffset.UnixEpoch;
        double Seconds(DateTimeOffset t) => (t - origin).TotalSeconds;

        Directory.CreateDirectory(directory);
        var paths = new[] { SkyTrack, Pointing, Residuals, Counts }.Select(name => Path.Combine(directory, name)).ToArray();
        DrawSkyTrack(mount, report).SavePng(paths[0], 800, 800);
        DrawPointing(mount, Seconds, report.Pass is { } p ? Seconds(new DateTimeOffset(p.LosUtc, TimeSpan.Zero)) : double.PositiveInfinity).SavePng(paths[1], 1200, 1000);
        DrawResiduals(mount, Seconds).SavePng(paths[2], 1200, 600);
        DrawCounts(detectors, optics, Seconds).SavePng(paths[3], 1200, 900);
        return paths;
    }

    private static Plot DrawSkyTrack(IReadOnlyList<MountSample> mount, PassReport report)
    {
        var plot = new Plot();
        foreach (var elevation in new[] { 0, 30, 60 })
        {
            var ring = plot.Add.Circle(0, 0, 90 - elevation);
            ring.LineColor = Colors.Gray;
            plot.Add.Text(elevation + "°", 0, 90 - elevation).LabelFontColor = Colors.Gray;
        }

        foreach (var (label, az) in new[] { ("N", 0.0), ("E", 90.0), ("S", 180.0), ("W", 270.0) })
        {
            var (x, y) = Polar(az, -6);
            var text = plot.Add.Text(label, x, y);
            text.LabelFontSize = 18;
            text.LabelAlignment = Alignment.MiddleCenter;
        }

        AddPolarLine(plot, mount, s => (s.CommandedAzimuthDeg, s.CommandedElevationDeg), CommandedColor, "commanded", 3);
        AddPolarLine(plot, mount, s => (s.ActualAzimuthDeg, s.ActualElevationDeg), ActualColor, "actual (encoders)", 1);
        if (mount.Count > 0)
        {
            var (x0, y0) = Polar(mount[0].ActualAzimuthDeg, mount[0].ActualElevationDeg);
            plot.Add.Marker(x0, y0, MarkerShape.FilledCircle, 10, Colors.Green).LegendText = "start";
            var (x1, y1) = Polar(mount[^1].ActualAzimuthDeg, mount[^1].ActualElevationDeg);
            plot.Add.Marker(x1, y1, MarkerShape.FilledSquare, 10, Colors.Blue).LegendText = "end";
        }

        plot.Title(report.Satellite is { } sat
            ? $"Sky track: {sat.Name} ({sat.CatalogNumber}) over {report.Station.Name}, max el {report.Pass?.MaxElevationDeg:F1}°"
            : $"Sky track over {report.Station.Name}");
        plot.Axes.SetLimits(-100, 100, -100, 100);
        plot.Axes.SquareUnits();
        plot.Axes.Bottom.IsVisible = false;
        plot.Axes.Left.IsVisible = false;
        plot.Axes.Right.IsVisible = false;
        plot.HideGrid();
        plot.ShowLegend(Alignment.LowerRight);
        return plot;
    }

    private static void AddPolarLine(Plot plot, IReadOnlyList<MountSample> mount, Func<MountSample, (double Az, double El)> pick, Color color, string label, float width)
    {
        var xs = new double[mount.Count];
        var ys = new double[mount.Count];
        for (int i = 0; i < mount.Count; i++)
        {
            var (az, el) = pick(mount[i]);
            (xs[i], ys[i]) = Polar(az, el);
        }

        var line = plot.Add.ScatterLine(xs, ys, color);
        line.LineWidth = width;
        line.LegendText = label;
    }

    /// <summary>Zenith at the centre, horizon at radius 90, north up, east to the right (looking up at the sky from outside: east right as on a map).</summary>
    private static (double X, double Y) Polar(double azimuthDeg, double elevationDeg)
    {
        double r = 90 - elevationDeg, a = azimuthDeg * Math.PI / 180;
        return (r * Math.Sin(a), r * Math.Cos(a));
    }

    private static Multiplot DrawPointing(IReadOnlyList<MountSample> mount, Func<DateTimeOffset, double> seconds, double losSeconds)
    {
        var t = mount.Select(s => seconds(s.Time)).ToArray();
        var multiplot = new Multiplot();
        multiplot.AddPlots(3);
        var az = multiplot.GetPlot(0);
        AddLine(az, t, mount.Select(s => s.CommandedAzimuthDeg), CommandedColor, "commanded", 3);
        AddLine(az, t, mount.Select(s => s.ActualAzimuthDeg), ActualColor, "actual", 1);
        az.Title("Commanded vs. actual azimuth and elevation");
        az.YLabel("azimuth (deg)");
        az.ShowLegend(Alignment.UpperRight);
        var el = multiplot.GetPlot(1);
        AddLine(el, t, mount.Select(s => s.CommandedElevationDeg), CommandedColor, "commanded", 3);
        AddLine(el, t, mount.Select(s => s.ActualElevationDeg), ActualColor, "actual", 1);
        el.YLabel("elevation (deg)");
        // The error only while the pass is tracked (AOS to LOS): the slews before and after would swamp it.
        var tracked = mount.Where(s => seconds(s.Time) >= 0 && seconds(s.Time) <= losSeconds).ToList();
        var tt = tracked.Select(s => seconds(s.Time)).ToArray();
        var error = multiplot.GetPlot(2);
        AddLine(error, tt, tracked.Select(s => WrapDeg(s.ActualAzimuthDeg - s.CommandedAzimuthDeg) * Math.Cos(s.CommandedElevationDeg * Math.PI / 180) * 3600), Colors.Purple, "azimuth × cos el", 1);
        AddLine(error, tt, tracked.Select(s => (s.ActualElevationDeg - s.CommandedElevationDeg) * 3600), Colors.Teal, "elevation", 1);
        error.YLabel("actual − commanded, AOS–LOS (arcsec)");
        error.XLabel("time from AOS (s)");
        error.ShowLegend(Alignment.UpperRight);
        return multiplot;
    }

    private static Plot DrawResiduals(IReadOnlyList<MountSample> mount, Func<DateTimeOffset, double> seconds)
    {
        var plot = new Plot();
        AddStateSpans(plot, mount, seconds);
        var t = mount.Select(s => seconds(s.Time)).ToArray();
        AddLine(plot, t, mount.Select(s => s.ResidualCrossElevationUrad), Colors.Purple, "cross-elevation", 1);
        AddLine(plot, t, mount.Select(s => s.ResidualElevationUrad), Colors.Teal, "elevation", 1);
        // Scaled to the fine-lock residual: the coarse acquisition transient (hundreds of µrad) would flatten it to a line.
        var fine = mount.Where(m => m.TrackerState == TrackerState.FineLock)
            .SelectMany(m => new[] { Math.Abs(m.ResidualCrossElevationUrad), Math.Abs(m.ResidualElevationUrad) })
            .Where(double.IsFinite).Order().ToList();
        string scale = string.Empty;
        if (fine.Count > 0)
        {
            double limit = Math.Max(3 * fine[(int)(0.999 * (fine.Count - 1))], 1);
            plot.Axes.SetLimitsY(-limit, limit);
            scale = "; y scaled to the fine-lock residual";
        }

        plot.Title("Tracking residual (shaded: yellow coarse lock, green fine lock" + scale + ")");
        plot.YLabel("residual (µrad)");
        plot.XLabel("time from AOS (s)");
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    private static void AddStateSpans(Plot plot, IReadOnlyList<MountSample> mount, Func<DateTimeOffset, double> seconds)
    {
        int start = 0;
        for (int i = 1; i <= mount.Count; i++)
        {
            if (i < mount.Count && mount[i].TrackerState == mount[start].TrackerState)
            {
                continue;
            }

            var color = mount[start].TrackerState switch
            {
                TrackerState.CoarseLock => CoarseColor,
                TrackerState.FineLock => FineColor,
                _ => (Color?)null,
            };
            if (color is { } fill)
            {
                var span = plot.Add.HorizontalSpan(seconds(mount[start].Time), seconds(mount[i - 1].Time));
                span.FillStyle.Color = fill;
                span.LineStyle.Width = 0;
            }

            start = i;
        }
    }

    private static Multiplot DrawCounts(IReadOnlyList<DetectorSample> windows, IReadOnlyList<OpticsSample> optics, Func<DateTimeOffset, double> seconds)
    {
        var multiplot = new Multiplot();
        multiplot.AddPlots(2);
        var rates = multiplot.GetPlot(0);
        int channels = windows.Count == 0 ? 0 : windows.Max(w => w.ChannelCount);
        var t = windows.Select(w => seconds(w.Time)).ToArray();
        for (int channel = 0; channel < channels; channel++)
        {
            int c = channel;
            var line = rates.Add.ScatterLine(t, windows.Select(w => w.Counts[c] / w.WindowSeconds).ToArray());
            line.LegendText = "channel " + c;
        }

        rates.Title("Count rates, and the gate / laser / filter timeline");
        rates.YLabel("counts per second");
        rates.ShowLegend(Alignment.UpperRight);

        var timeline = multiplot.GetPlot(1);
        AddOnBars(timeline, windows.Select(w => (seconds(w.Time) - w.WindowSeconds, w.GateOnMask != 0)).ToList(), GateLane, GateColor, "a detector gate on");
        AddOnBars(timeline, optics.Select(o => (seconds(o.Time), o.LaserEnabled && o.LaserShutterOpen)).ToList(), LaserLane, LaserColor, "uplink laser emitting");
        var ot = optics.Select(o => seconds(o.Time)).ToArray();
        AddStep(timeline, ot, optics.Select(o => (double)o.SpectralFilterSlot), Colors.Black, "spectral filter slot");
        AddStep(timeline, ot, optics.Select(o => (double)o.NeutralDensityFilterSlot), Colors.Gray, "ND filter slot");
        timeline.Axes.Left.SetTicks([LaserLane, GateLane, -1, 0, 1, 2, 3, 4, 5, 6, 7], ["laser", "gates", "moving", "0", "1", "2", "3", "4", "5", "6", "7"]);
        timeline.YLabel("filter slot; gate and laser lanes");
        timeline.XLabel("time from AOS (s)");
        timeline.ShowLegend(Alignment.UpperRight);
        return multiplot;
    }

    /// <summary>Bars in a lane (centred on <paramref name="lane"/>) wherever the state is on.</summary>
    private static void AddOnBars(Plot plot, List<(double Time, bool On)> states, double lane, Color color, string label)
    {
        bool labelled = false;
        int i = 0;
        while (i < states.Count)
        {
            if (!states[i].On)
            {
                i++;
                continue;
            }

            int start = i;
            while (i < states.Count && states[i].On)
            {
                i++;
            }

            double end = i < states.Count ? states[i].Time : states[^1].Time;
            var bar = plot.Add.Rectangle(states[start].Time, end, lane - 0.35, lane + 0.35);
            bar.FillStyle.Color = color;
            bar.LineStyle.Width = 0;
            if (!labelled)
            {
                bar.LegendText = label;
                labelled = true;
            }
        }
    }

    private static void AddLine(Plot plot, double[] t, IEnumerable<double> values, Color color, string label, float width)
    {
        var line = plot.Add.ScatterLine(t, values.ToArray(), color);
        line.LineWidth = width;
        line.LegendText = label;
    }

    private static void AddStep(Plot plot, double[] t, IEnumerable<double> values, Color color, string label)
    {
        var line = plot.Add.Scatter(t, values.ToArray(), color);
        line.ConnectStyle = ConnectStyle.StepHorizontal;
        line.MarkerSize = 0;
        line.LegendText = label;
    }

    private static double WrapDeg(double degrees) => degrees - (360 * Math.Round(degrees / 360));
}

using ScottPlot;

namespace Station.Calibration.Pointing;

/// <summary>
/// The pointing residuals on the sky, before and after the fit: one arrow per star from where it is (zenith at the
/// centre, north up, east right, elevation rings every 30°) along its residual (mount minus sky, on-sky arcseconds),
/// both panels at the same scale.
/// </summary>
public static class PointingResidualPlot
{
    public static void Write(string path, IReadOnlyList<StarResidual> residuals, double rmsBeforeArcsec, double rmsAfterArcsec)
    {
        ArgumentNullException.ThrowIfNull(residuals);
        // Each panel has its own scale, its largest residual drawn 15° long (the scale is in the title).
        double largestBefore = residuals.Count == 0 ? 1 : residuals.Max(r => Math.Max(Math.Abs(r.BeforeXelArcsec), Math.Abs(r.BeforeElArcsec)));
        double largestAfter = residuals.Count == 0 ? 1 : residuals.Max(r => Math.Max(Math.Abs(r.AfterXelArcsec), Math.Abs(r.AfterElArcsec)));
        double before = 15 / Math.Max(largestBefore, 1e-3), after = 15 / Math.Max(largestAfter, 1e-3);
        var multiplot = new Multiplot();
        multiplot.AddPlots(2);
        Draw(multiplot.GetPlot(0), residuals, r => (r.BeforeXelArcsec, r.BeforeElArcsec), before, Colors.OrangeRed,
            $"Residuals before the fit: rms {rmsBeforeArcsec:0.0}″ (arrows: {1 / before:0.00}″ per degree of sky)");
        Draw(multiplot.GetPlot(1), residuals, r => (r.AfterXelArcsec, r.AfterElArcsec), after, Colors.SteelBlue,
            $"Residuals after the fit: rms {rmsAfterArcsec:0.00}″ (arrows: {1 / after:0.000}″ per degree of sky)");
        multiplot.SavePng(path, 800, 1600);
    }

    private static void Draw(Plot plot, IReadOnlyList<StarResidual> residuals, Func<StarResidual, (double Xel, double El)> pick, double degreesPerArcsec, Color color, string title)
    {
        foreach (var elevation in new[] { 0, 30, 60 })
        {
            var ring = plot.Add.Circle(0, 0, 90 - elevation);
            ring.LineColor = Colors.Gray;
            plot.Add.Text(elevation + "°", 0, 90 - elevation).LabelFontColor = Colors.Gray;
        }

        foreach (var (label, az) in new[] { ("N", 0.0), ("E", 90.0), ("S", 180.0), ("W", 270.0) })
        {
            var (x, y) = Polar(az, -5);
            plot.Add.Text(label, x, y);
        }

        foreach (var r in residuals)
        {
            var (x, y) = Polar(r.AzimuthDeg, r.ElevationDeg);
            var (xel, el) = pick(r);
            // On the sky: +xel is towards increasing azimuth (clockwise here), +el towards the centre.
            double a = r.AzimuthDeg * Math.PI / 180;
            double tx = x + (degreesPerArcsec * ((xel * Math.Cos(a)) - (el * Math.Sin(a))));
            double ty = y + (degreesPerArcsec * ((-xel * Math.Sin(a)) - (el * Math.Cos(a))));
            plot.Add.Marker(x, y, MarkerShape.FilledCircle, 5, color);
            var line = plot.Add.Line(x, y, tx, ty);
            line.LineColor = color;
            line.LineWidth = 2;
        }

        plot.Title(title);
        plot.Axes.SquareUnits();
        plot.HideGrid();
    }

    private static (double X, double Y) Polar(double azimuthDeg, double elevationDeg)
    {
        double r = 90 - elevationDeg, a = azimuthDeg * Math.PI / 180;
        return (r * Math.Sin(a), r * Math.Cos(a));
    }
}

/// <summary>One star's residual before and after the fit, on-sky arcseconds (cross-elevation, elevation).</summary>
public sealed record StarResidual(string StarId, double AzimuthDeg, double ElevationDeg, double BeforeXelArcsec, double BeforeElArcsec, double AfterXelArcsec, double AfterElArcsec);

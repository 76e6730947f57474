using ScottPlot;

namespace Station.Calibration.Boresight;

/// <summary>The raster on the sensor: measured spot positions, the fitted grid, and the boresight pixel found at the quad-cell null.</summary>
public static class BoresightPlot
{
    public static void Write(string path, IReadOnlyList<RasterPoint> points, double[,] g, (double X, double Y) boresight, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(g);
        var plot = new Plot();
        var frame = plot.Add.Rectangle(0, width, 0, height);
        frame.LineColor = Colors.Gray;
        frame.FillColor = Colors.Transparent;
        foreach (var p in points)
        {
            double fx = g[0, 2] + (g[0, 0] * p.MountXelUrad) + (g[0, 1] * p.MountElUrad);
            double fy = g[1, 2] + (g[1, 0] * p.MountXelUrad) + (g[1, 1] * p.MountElUrad);
            plot.Add.Marker(fx, fy, MarkerShape.OpenCircle, 10, Colors.SteelBlue);
            plot.Add.Marker(p.XPx, p.YPx, MarkerShape.Cross, 8, Colors.Black);
        }

        plot.Add.Marker(boresight.X, boresight.Y, MarkerShape.FilledDiamond, 12, Colors.Red).LegendText = $"boresight ({boresight.X:0.00}, {boresight.Y:0.00}) px";
        plot.Add.Marker(width / 2.0, height / 2.0, MarkerShape.OpenSquare, 10, Colors.Gray).LegendText = "sensor centre";
        plot.Title("Camera boresight: raster spots (×) and fitted grid (○), rows down");
        plot.XLabel("x (px)");
        plot.YLabel("y (px)");
        plot.Axes.InvertY();
        plot.Axes.SquareUnits();
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, 1000, 850);
    }
}

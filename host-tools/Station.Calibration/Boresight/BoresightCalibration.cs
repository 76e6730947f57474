using System.Globalization;
using Station.Calibration.Common;
using Station.Core.Acquisition;
using Station.Core.Calibration;
using Station.Core.Numerics;
using UnitsNet;

namespace Station.Calibration.Boresight;

/// <summary>
/// The camera-boresight calibration (<c>host-tools/calibration/camera-boresight.cs</c>) on a fixed source (a collimator):
/// rasters the mount around the source and fits how the spot moves on the sensor — the plate scale, the rotation and
/// the handedness of the image against the mount frame — then nulls the source on the quad cell (the fine path's
/// centre is the telescope's line of sight, with the steering mirror centred) and reads where the spot sits on the
/// camera then: the boresight pixel. Each frame is paired with a quad-cell reading taken at the same instant, so the
/// seeing that moves both cancels. Refuses when no source is found, too few raster points see it, or the quad cell
/// does not null.
/// </summary>
public static class BoresightCalibration
{
    private const double D = Math.PI / 180;

    /// <summary>Raster points that must see the source for the fit.</summary>
    public const int MinimumPoints = 9;

    public static IReadOnlyList<CalibrationOption> Options { get; } =
    [
        CalibrationOption.Number("source-az", 180, 0, 360),
        CalibrationOption.Number("source-el", 45, 5, 85),
        new("source-el2", "a second source elevation from 5 to 85 (measures how the field turns with elevation)", "",
            text => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && v is >= 5 and <= 85),
        CalibrationOption.WholeNumber("grid", 5, 3, 9),
        CalibrationOption.Number("step-urad", 350, 10, 2000),
        CalibrationOption.WholeNumber("frames", 30, 1, 200),
        CalibrationOption.WholeNumber("null-frames", 100, 10, 2000),
        CalibrationOption.Number("quad-cell-sigma-urad", 20, 1, 500),
        CalibrationOption.Number("max-rms-px", 0.5, 0.01, 10),
    ];

    public static CalibrationResult Run(CalibrationArguments arguments, CalibrationRig rig, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(rig);
        double sourceAz = arguments.GetDouble("source-az"), sourceEl = arguments.GetDouble("source-el");
        double? secondEl = arguments.Get("source-el2") is { Length: > 0 } text ? double.Parse(text, CultureInfo.InvariantCulture) : null;
        if (secondEl is { } el2 && Math.Abs(el2 - sourceEl) < 10)
        {
            throw new CalibrationArgumentException(string.Create(CultureInfo.InvariantCulture, $"option --source-el2 {el2} must differ from --source-el {sourceEl} by at least 10° to measure the rotation's change with elevation"));
        }

        using var mount = new CalibrationMount(rig);
        using var camera = new CalibrationCamera(rig);
        using var fine = new CalibrationFineSensor(rig);

        // With a second source elevation, the rotation there first; then the main source, where the boresight is read.
        var second = secondEl is { } otherEl ? MeasureGeometry(arguments, rig, mount, camera, sourceAz, otherEl, progress) : null;
        var geometry = MeasureGeometry(arguments, rig, mount, camera, sourceAz, sourceEl, progress);
        var (points, g, rmsPx) = (geometry.Points, geometry.G, geometry.RmsPx);
        var (c00, c01, c10, c11) = geometry.C;
        bool mirrored = geometry.Mirrored;
        double scale = geometry.ScaleUradPerPx;
        // The field turns with elevation on a Nasmyth or coudé camera: rotation = rotation(0) + factor · elevation.
        double factor = second is null ? 0 : Math.IEEERemainder(second.RotationRad - geometry.RotationRad, 2 * Math.PI) / ((secondEl!.Value - sourceEl) * D);
        double rotation = geometry.RotationRad - (factor * sourceEl * D);
        if (second is not null && second.Mirrored != mirrored)
        {
            throw new CalibrationRefusedException("the raster fit does not converge: the image's handedness differs between the two source elevations");
        }

        var boresight = NullAndMeasure(arguments, mount, camera, fine, geometry.CentreAz, geometry.CentreEl, (c00, c01, c10, c11), progress);
        var calibration = camera.NominalCalibration with
        {
            BoresightXPx = boresight.X,
            BoresightYPx = boresight.Y,
            PlateScale = Angle.FromMicroradians(scale),
            Rotation = Angle.FromRadians(rotation),
            ElevationRotationFactor = factor,
            Mirrored = mirrored,
        };
        calibration.Validate();

        var inputs = CalibrationSession.Inputs(
            ("source", "collimator"),
            ("source_az_deg", sourceAz),
            ("source_el_deg", sourceEl),
            ("raster_points", points.Count),
            ("null_frames", boresight.Frames),
            ("source_el2_deg", secondEl),
            ("elevation_dependence", second is null ? "not measured (one source elevation); elevation_rotation_factor 0 (camera on the tube)"
                : string.Create(CultureInfo.InvariantCulture, $"rotation {second.RotationRad / D:0.0000}° at el {secondEl}°, {geometry.RotationRad / D:0.0000}° at el {sourceEl}°")));
        var c = CultureInfo.InvariantCulture;
        var summary = new List<string>
        {
            string.Create(c, $"raster: {points.Count} points, affine fit residual {rmsPx:0.000} px rms"),
            string.Create(c, $"boresight: ({boresight.X:0.000}, {boresight.Y:0.000}) px from {boresight.Frames} frames at the quad-cell null"),
            string.Create(c, $"plate scale: {scale:0.0000} µrad/px; rotation: {rotation / D:0.0000}° at elevation 0, {factor:+0.0000;-0.0000} × elevation{(second is null ? " (not measured: one source elevation)" : "")}; image {(mirrored ? "mirrored (rows down)" : "not mirrored")}"),
        };
        if (rig is EmulatedCalibrationRig truthRig)
        {
            var t = truthRig.CameraTruth;
            double trueX = (camera.Width / 2.0) + t.BoresightOffsetXPixels - 0.5, trueY = (camera.Height / 2.0) + t.BoresightOffsetYPixels - 0.5;
            summary.Add(string.Create(c, $"emulator truth: boresight ({trueX:0.000}, {trueY:0.000}) px, plate scale {t.PlateScaleMicroradiansPerPixel:0.0000} µrad/px, rotation {t.RotationDegrees:0.0000}°; error ({boresight.X - trueX:+0.000;-0.000}, {boresight.Y - trueY:+0.000;-0.000}) px, {rotation / D - t.RotationDegrees:+0.0000;-0.0000}°"));
        }

        return new CalibrationResult(
            "camera-boresight.json",
            BoresightFile.Format,
            BoresightFile.Version,
            inputs,
            header => new BoresightFile(header, calibration, rmsPx).ToJson(),
            "camera-boresight.png",
            path => BoresightPlot.Write(path, points, g, (boresight.X, boresight.Y), camera.Width, camera.Height),
            summary);
    }

    /// <summary>What one raster at a source gives: where it was centred, the points, the fit, and the image's scale, rotation and handedness.</summary>
    private sealed record Geometry(double CentreAz, double CentreEl, List<RasterPoint> Points, double[,] G, double RmsPx,
        (double C00, double C01, double C10, double C11) C, double ScaleUradPerPx, double RotationRad, bool Mirrored);

    /// <summary>Finds the source at (<paramref name="sourceAz"/>, <paramref name="sourceEl"/>), centres it and rasters around it.</summary>
    private static Geometry MeasureGeometry(CalibrationArguments arguments, CalibrationRig rig, CalibrationMount mount, CalibrationCamera camera, double sourceAz, double sourceEl, Action<string>? progress)
    {
        if (rig is EmulatedCalibrationRig emulated)
        {
            emulated.Sky.Collimator = (sourceAz, sourceEl); // the bench: the collimator is set up where the options say
        }

        // Find the source, and put it near the nominal boresight.
        var nominal = camera.NominalCalibration;
        mount.MoveTo(sourceAz, sourceEl);
        var first = Average(camera, 3);
        if (first is not { } spot)
        {
            throw new CalibrationRefusedException(string.Create(CultureInfo.InvariantCulture,
                $"no source found: nothing above the detection threshold in the camera at az {sourceAz:0.###}° el {sourceEl:0.###}° (3 frames); is the collimator on and within the field?"));
        }

        var (xel, el) = nominal.PixelToMount(spot.X, spot.Y, sourceEl * D);
        double centreAz = sourceAz + (xel * 1e-6 / D / Math.Cos(sourceEl * D)), centreEl = sourceEl + (el * 1e-6 / D);
        mount.MoveTo(centreAz, centreEl);
        var (readAz, readEl) = mount.Read();

        // Raster: pixel = P0 + G·m, m the mount's offset (xel, el) in µrad; the spot moves opposite to the mount.
        var points = Raster(arguments, mount, camera, centreAz, centreEl, readAz, readEl, progress);
        if (points.Count < MinimumPoints)
        {
            throw new CalibrationRefusedException($"no source found: only {points.Count} of {arguments.GetInt("grid") * arguments.GetInt("grid")} raster points saw the source; at least {MinimumPoints} are needed (a smaller --step-urad keeps it in the field)");
        }

        var (g, rmsPx) = FitRaster(points);
        if (rmsPx > arguments.GetDouble("max-rms-px"))
        {
            throw new CalibrationRefusedException(string.Create(CultureInfo.InvariantCulture,
                $"the raster fit does not converge: residual {rmsPx:0.000} px rms is above the {arguments.GetDouble("max-rms-px")} px limit (--max-rms-px); is the source steady?"));
        }

        // C maps the source's offset from the line of sight (µrad) to pixels: C = −G.
        double c00 = -g[0, 0], c01 = -g[0, 1], c10 = -g[1, 0], c11 = -g[1, 1];
        double determinant = (c00 * c11) - (c01 * c10);
        bool mirrored = determinant < 0;
        double rotation = mirrored ? Math.Atan2((c10 + c01) / 2, (c00 - c11) / 2) : Math.Atan2((c01 - c10) / 2, (c00 + c11) / 2);
        progress?.Invoke(string.Create(CultureInfo.InvariantCulture, $"  source at el {sourceEl}°: rotation {rotation / D:0.0000}°, {rmsPx:0.000} px rms"));
        return new Geometry(centreAz, centreEl, points, g, rmsPx, (c00, c01, c10, c11), 1 / Math.Sqrt(Math.Abs(determinant)), rotation, mirrored);
    }

    /// <summary>The mean centroid over <paramref name="frames"/> frames (null when fewer than half see a spot).</summary>
    private static (double X, double Y)? Average(CalibrationCamera camera, int frames)
    {
        double x = 0, y = 0;
        int found = 0;
        for (int i = 0; i < frames; i++)
        {
            var frame = camera.Next();
            if (frame.IsValid)
            {
                x += frame.XPx;
                y += frame.YPx;
                found++;
            }
        }

        return found * 2 >= frames && found > 0 ? (x / found, y / found) : null;
    }

    private static List<RasterPoint> Raster(CalibrationArguments arguments, CalibrationMount mount, CalibrationCamera camera, double centreAz, double centreEl, double readAz, double readEl, Action<string>? progress)
    {
        int grid = arguments.GetInt("grid");
        double step = arguments.GetDouble("step-urad");
        var points = new List<RasterPoint>();
        for (int row = 0; row < grid; row++)
        {
            for (int k = 0; k < grid; k++)
            {
                int column = row % 2 == 0 ? k : grid - 1 - k; // serpentine: short moves
                double dx = (column - ((grid - 1) / 2.0)) * step, dy = (row - ((grid - 1) / 2.0)) * step;
                mount.MoveTo(centreAz + (dx * 1e-6 / D / Math.Cos(centreEl * D)), centreEl + (dy * 1e-6 / D));
                var (az, el) = mount.Read();
                var spot = Average(camera, arguments.GetInt("frames"));
                if (spot is not { } p)
                {
                    progress?.Invoke(string.Create(CultureInfo.InvariantCulture, $"  raster ({dx,7:0.0}, {dy,7:0.0}) µrad: no spot"));
                    continue;
                }

                var point = new RasterPoint((az - readAz) * Math.Cos(readEl * D) * D * 1e6, (el - readEl) * D * 1e6, p.X, p.Y);
                points.Add(point);
                progress?.Invoke(string.Create(CultureInfo.InvariantCulture, $"  raster ({point.MountXelUrad,7:0.0}, {point.MountElUrad,7:0.0}) µrad → ({p.X,8:0.000}, {p.Y,8:0.000}) px"));
            }
        }

        return points;
    }

    /// <summary>Least-squares affine fit pixel = P0 + G·m; returns G (2×2, with P0 in column 2) and the residual rms in pixels.</summary>
    public static (double[,] G, double RmsPx) FitRaster(IReadOnlyList<RasterPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var design = new double[points.Count, 3];
        var xs = new double[points.Count];
        var ys = new double[points.Count];
        for (int i = 0; i < points.Count; i++)
        {
            design[i, 0] = 1;
            design[i, 1] = points[i].MountXelUrad;
            design[i, 2] = points[i].MountElUrad;
            xs[i] = points[i].XPx;
            ys[i] = points[i].YPx;
        }

        var fx = LeastSquares.Solve(design, xs);
        var fy = LeastSquares.Solve(design, ys);
        var g = new double[,] { { fx.Parameters[1], fx.Parameters[2], fx.Parameters[0] }, { fy.Parameters[1], fy.Parameters[2], fy.Parameters[0] } };
        double sum = 0;
        foreach (var p in points)
        {
            double ex = p.XPx - (g[0, 2] + (g[0, 0] * p.MountXelUrad) + (g[0, 1] * p.MountElUrad));
            double ey = p.YPx - (g[1, 2] + (g[1, 0] * p.MountXelUrad) + (g[1, 1] * p.MountElUrad));
            sum += (ex * ex) + (ey * ey);
        }

        return (g, Math.Sqrt(sum / points.Count));
    }

    /// <summary>
    /// Drives the source onto the quad cell's centre, then pairs camera frames with simultaneous quad-cell readings:
    /// boresight = spot − C·(offset the quad cell still sees), averaged.
    /// </summary>
    private static (double X, double Y, int Frames) NullAndMeasure(CalibrationArguments arguments, CalibrationMount mount, CalibrationCamera camera, CalibrationFineSensor fine,
        double az, double el, (double C00, double C01, double C10, double C11) c, Action<string>? progress)
    {
        double sigma = arguments.GetDouble("quad-cell-sigma-urad");
        mount.MoveTo(az, el);
        for (int iteration = 0; ; iteration++)
        {
            var reading = fine.Read(10) ?? throw new CalibrationRefusedException(string.Create(CultureInfo.InvariantCulture,
                $"the quad cell sees no spot with the source in the camera at ({az:0.0000}°, {el:0.0000}°); is the fine path aligned and the steering mirror centred?"));
            double qx = QuadCellResponse.Offset(Math.Clamp(reading.X, -0.95, 0.95), sigma), qy = QuadCellResponse.Offset(Math.Clamp(reading.Y, -0.95, 0.95), sigma);
            progress?.Invoke(string.Create(CultureInfo.InvariantCulture, $"  quad-cell null {iteration}: source at ({qx:0.00}, {qy:0.00}) µrad from the line of sight"));
            if (Math.Abs(qx) < 2 && Math.Abs(qy) < 2)
            {
                break;
            }

            if (iteration == 8)
            {
                throw new CalibrationRefusedException(string.Create(CultureInfo.InvariantCulture,
                    $"the quad cell did not null the source: still ({qx:0.0}, {qy:0.0}) µrad off after {iteration} moves"));
            }

            az += qx * 1e-6 / D / Math.Cos(el * D);
            el += qy * 1e-6 / D;
            mount.MoveTo(az, el);
        }

        double sumX = 0, sumY = 0;
        int frames = 0;
        for (int i = 0; i < arguments.GetInt("null-frames"); i++)
        {
            var frame = camera.Next();
            var reading = fine.ReadNow();
            if (!frame.IsValid || reading is not { } q || Math.Abs(q.X) >= 0.95 || Math.Abs(q.Y) >= 0.95)
            {
                continue;
            }

            double qx = QuadCellResponse.Offset(q.X, sigma), qy = QuadCellResponse.Offset(q.Y, sigma);
            sumX += frame.XPx - ((c.C00 * qx) + (c.C01 * qy));
            sumY += frame.YPx - ((c.C10 * qx) + (c.C11 * qy));
            frames++;
        }

        return frames > 0 ? (sumX / frames, sumY / frames, frames)
            : throw new CalibrationRefusedException("no source found: no frame at the quad-cell null saw the source");
    }
}

/// <summary>One raster point: the mount's offset from the raster centre (cross-elevation, elevation; µrad) and where the spot was (px).</summary>
public sealed record RasterPoint(double MountXelUrad, double MountElUrad, double XPx, double YPx);

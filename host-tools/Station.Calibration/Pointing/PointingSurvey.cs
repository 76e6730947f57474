using System.Globalization;
using Station.Calibration.Common;
using Station.Calibration.Stars;
using Station.Core.Acquisition;

namespace Station.Calibration.Pointing;

/// <summary>
/// One star observed: where it was on the sky (apparent, refracted by the measured weather) and where the mount's
/// axes would have been with the star on the camera's boresight — both averaged over the frames taken. Degrees;
/// the mount azimuth is kept within ±180° of the sky azimuth.
/// </summary>
public sealed record StarObservation(BrightStar Star, DateTimeOffset Time, double SkyAzimuthDeg, double SkyElevationDeg, double MountAzimuthDeg, double MountElevationDeg, int Frames);

/// <summary>
/// Observes stars for a pointing model: for each, slews to its predicted apparent place (no model), finds it in the
/// camera, moves to put it on the boresight, then over several frames pairs the star's apparent place at each frame's
/// time with the encoder angles plus the star's remaining offset from boresight (through the camera calibration).
/// </summary>
public sealed class PointingSurvey(CalibrationRig rig, CalibrationMount mount, CalibrationCamera camera, CameraCalibration cameraCalibration)
{
    private const double D = Math.PI / 180;

    /// <summary>Frames averaged per star (seeing moves the image by ~0.5″ a frame).</summary>
    public int FramesPerStar { get; init; } = 8;

    /// <summary>Observes <paramref name="stars"/> in order; stars not found in the camera go to <paramref name="missed"/>.</summary>
    public IReadOnlyList<StarObservation> Observe(IReadOnlyList<SurveyStar> stars, double temperatureC, double pressureMbar, ICollection<BrightStar> missed, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(stars);
        ArgumentNullException.ThrowIfNull(missed);
        var observations = new List<StarObservation>();
        double commandedAz = mount.Read().AzimuthDeg;
        foreach (var target in stars)
        {
            (double Az, double El) Predict(DateTimeOffset t)
            {
                var (az, el) = StarAstrometry.Observed(target.Star, t.UtcDateTime, rig.Site, temperatureC, pressureMbar);
                return (az / D, el / D);
            }

            // Slew to the star, then once more to where it has moved during a long slew (stars drift up to 15″/s).
            double commandedEl = 0;
            for (int leg = 0; leg < 2; leg++)
            {
                var (skyAz, skyEl) = Predict(rig.Time.GetUtcNow());
                commandedAz = NearestTurn(skyAz, commandedAz); // the same direction within the ±270° travel, nearest the mount
                commandedEl = skyEl;
                mount.MoveTo(commandedAz, commandedEl);
            }

            var found = FirstSpot();
            if (!found.IsValid)
            {
                missed.Add(target.Star);
                progress?.Invoke($"  {target.Star.Id,-8} {target.Star.Name,-12} not found in the camera ({found.Status})");
                continue;
            }

            // Centre it: move by its offset from the boresight (the star drifts meanwhile; each frame below is timed).
            var (xelUrad, elUrad) = cameraCalibration.PixelToMount(found.XPx, found.YPx, commandedEl * D);
            commandedAz += xelUrad * 1e-6 / D / Math.Cos(commandedEl * D);
            commandedEl += elUrad * 1e-6 / D;
            mount.MoveTo(commandedAz, commandedEl);

            double sumSkyAz = 0, sumSkyEl = 0, sumDAz = 0, sumDEl = 0;
            int frames = 0;
            DateTimeOffset time = default;
            for (int i = 0; i < FramesPerStar * 2 && frames < FramesPerStar; i++)
            {
                var frame = camera.Next();
                if (!frame.IsValid)
                {
                    continue;
                }

                var (mountAz, mountEl) = mount.Read();
                var (xel, el) = cameraCalibration.PixelToMount(frame.XPx, frame.YPx, mountEl * D);
                double boresightAz = mountAz + (xel * 1e-6 / D / Math.Cos(mountEl * D)), boresightEl = mountEl + (el * 1e-6 / D);
                var (az, elSky) = Predict(frame.Timestamp);
                sumSkyAz += az;
                sumSkyEl += elSky;
                sumDAz += Math.IEEERemainder(boresightAz - az, 360);
                sumDEl += boresightEl - elSky;
                time = frame.Timestamp;
                frames++;
            }

            if (frames == 0)
            {
                missed.Add(target.Star);
                progress?.Invoke($"  {target.Star.Id,-8} {target.Star.Name,-12} lost while centring");
                continue;
            }

            double meanAz = sumSkyAz / frames, meanEl = sumSkyEl / frames;
            var observation = new StarObservation(target.Star, time, meanAz, meanEl, meanAz + (sumDAz / frames), meanEl + (sumDEl / frames), frames);
            observations.Add(observation);
            progress?.Invoke(string.Create(CultureInfo.InvariantCulture,
                $"  {target.Star.Id,-8} {target.Star.Name,-12} V {target.Star.VMagnitude,4:0.00}  az {meanAz,7:0.000}°  el {meanEl,6:0.000}°  offset {Math.IEEERemainder(observation.MountAzimuthDeg - meanAz, 360) * 3600 * Math.Cos(meanEl * D),7:0.0}″ {(observation.MountElevationDeg - meanEl) * 3600,7:0.0}″"));
        }

        return observations;
    }

    /// <summary>The first frame with a spot, trying a few frames (seeing, a cosmic ray).</summary>
    private CentroidResult FirstSpot()
    {
        var frame = camera.Next();
        for (int i = 0; i < 2 && !frame.IsValid; i++)
        {
            frame = camera.Next();
        }

        return frame;
    }

    /// <summary><paramref name="azimuthDeg"/> plus a whole number of turns, nearest to <paramref name="currentDeg"/> within ±270°.</summary>
    public static double NearestTurn(double azimuthDeg, double currentDeg)
    {
        double best = double.NaN;
        for (int turn = -2; turn <= 2; turn++)
        {
            double candidate = azimuthDeg + (360 * turn);
            if (candidate is >= -270 and <= 270 && (double.IsNaN(best) || Math.Abs(candidate - currentDeg) < Math.Abs(best - currentDeg)))
            {
                best = candidate;
            }
        }

        return best;
    }
}

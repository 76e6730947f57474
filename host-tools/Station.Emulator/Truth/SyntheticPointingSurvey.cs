using Station.Core.Pointing;

namespace Station.Emulator.Truth;

/// <summary>
/// Stands in for the bench star survey (host-tools/calibration/pointing-model.cs) until that runs on the
/// emulated camera: at mount positions spread over the sky it pairs the axis angles with where the emulated
/// optics truly point (the emulator's true pointing model), plus a seeded Gaussian centroiding error per
/// axis, and fits the TPOINT terms to those pairs exactly as the calibration would.
/// </summary>
public static class SyntheticPointingSurvey
{
    /// <summary>Centroiding error of one star observation, arcsec (1σ per axis, on the sky).</summary>
    public const double CentroidErrorArcsec = 1.0;

    public static PointingFitResult Fit(PointingModel truth, int seed, int azimuthSteps = 8, int elevationRows = 5)
    {
        ArgumentNullException.ThrowIfNull(truth);
        const double d = Math.PI / 180;
        var random = new Random(seed);
        var observations = new List<PointingObservation>();
        for (int row = 0; row < elevationRows; row++)
        {
            double el = 15 + (row * (70.0 / Math.Max(1, elevationRows - 1)));
            for (int step = 0; step < azimuthSteps; step++)
            {
                double az = ((step * 360.0 / azimuthSteps) + (row * 360.0 / azimuthSteps / 2)) % 360;
                var (skyAz, skyEl) = truth.MountToSky(az * d, el * d);
                double noiseEl = Gaussian(random) * CentroidErrorArcsec / 3600 * d;
                double noiseAz = Gaussian(random) * CentroidErrorArcsec / 3600 * d / Math.Cos(skyEl);
                observations.Add(new PointingObservation(skyAz + noiseAz, skyEl + noiseEl, az * d, el * d));
            }
        }

        return PointingModelFit.Fit(observations);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}

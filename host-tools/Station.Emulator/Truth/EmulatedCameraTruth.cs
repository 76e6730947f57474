using Station.Emulator.Devices;

namespace Station.Emulator.Truth;

/// <summary>
/// The beacon camera's true mounting, drawn from a seed for the boresight calibration to find: where the optical axis
/// lands on the sensor (up to ±25 px from the centre), how the sensor is turned against the mount frame (up to ±3°)
/// and its plate scale (5 µrad/px ± 4 %). The firmware never sees these; it learns them from camera-boresight.cs.
/// </summary>
/// <param name="BoresightOffsetXPixels">Boresight minus the sensor centre along x (right), pixels.</param>
/// <param name="BoresightOffsetYPixels">Boresight minus the sensor centre along y (down), pixels.</param>
/// <param name="RotationDegrees">Sensor rotation against the mount frame.</param>
/// <param name="PlateScaleMicroradiansPerPixel">Sky angle per pixel.</param>
public sealed record EmulatedCameraTruth(double BoresightOffsetXPixels, double BoresightOffsetYPixels, double RotationDegrees, double PlateScaleMicroradiansPerPixel)
{
    /// <summary>The ideal camera: boresight at the centre, square to the mount, 5 µrad/px.</summary>
    public static EmulatedCameraTruth Ideal { get; } = new(0, 0, 0, 5);

    public static EmulatedCameraTruth FromSeed(int seed)
    {
        // A different stream from the mount truth's, so the two draws are independent for one seed.
        var random = new Random(unchecked((seed * 7919) + 104729));
        double Uniform(double half) => half * ((2 * random.NextDouble()) - 1);
        return new EmulatedCameraTruth(Uniform(25), Uniform(25), Uniform(3), 5 * (1 + Uniform(0.04)));
    }

    /// <summary>Sets the scene's sensor geometry to this truth (the ROI stays centred on the sensor).</summary>
    public void ApplyTo(EmulatedBeaconScene scene)
    {
        ArgumentNullException.ThrowIfNull(scene);
        // The ROI centre relative to boresight is minus the boresight relative to the centre.
        scene.RoiCentreOffsetXPixels = -BoresightOffsetXPixels;
        scene.RoiCentreOffsetYPixels = -BoresightOffsetYPixels;
        scene.RotationRadians = RotationDegrees * Math.PI / 180;
        scene.PlateScaleMicroradiansPerPixel = PlateScaleMicroradiansPerPixel;
    }
}

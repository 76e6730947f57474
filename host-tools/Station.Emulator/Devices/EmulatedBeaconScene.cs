using Station.Emulator.World;

namespace Station.Emulator.Devices;

/// <summary>
/// What the beacon camera looks at and how its sensor responds: the world inputs (the line of sight, the
/// beacon's signal, the sky background) and the sensor's constants (plate scale, read noise, gain, bias,
/// hot pixels, frame rate). Every camera opened on the emulated bus renders from one scene, so a test or a
/// scenario changes the sky in one place.
/// </summary>
public sealed class EmulatedBeaconScene(EmulatedLineOfSight lineOfSight)
{
    /// <summary>Sky background for a dark, moonless night, e⁻ per pixel per frame.</summary>
    public const double NightSkyElectrons = 2;

    /// <summary>Sky background with a bright moon near the field, e⁻ per pixel per frame.</summary>
    public const double MoonlitSkyElectrons = 40;

    /// <summary>Daytime sky through the 532 nm filter at 10 ms exposure, e⁻ per pixel per frame.</summary>
    public const double DaySkyElectrons = 3000;

    /// <summary>Where the beacon is relative to boresight (the camera is upstream of the steering mirror).</summary>
    public EmulatedLineOfSight LineOfSight { get; } = lineOfSight ?? throw new ArgumentNullException(nameof(lineOfSight));

    /// <summary>Sky angle per pixel, µrad.</summary>
    public double PlateScaleMicroradiansPerPixel { get; set; } = 5;

    /// <summary>Beacon spot FWHM on the sky, µrad (seeing plus optics).</summary>
    public double SpotFwhmMicroradians { get; set; } = 15;

    /// <summary>Beacon signal per frame, e⁻ (whole spot).</summary>
    public double SignalElectrons { get; set; } = 20000;

    /// <summary>Sky background per pixel per frame, e⁻ (day/night/moon).</summary>
    public double BackgroundElectronsPerPixel { get; set; } = NightSkyElectrons;

    /// <summary>Dark current per pixel per frame, e⁻.</summary>
    public double DarkElectronsPerPixel { get; set; } = 0.5;

    /// <summary>Read noise, e⁻ rms.</summary>
    public double ReadNoiseElectrons { get; set; } = 3;

    /// <summary>Conversion gain, e⁻ per ADU.</summary>
    public double ElectronsPerAdu { get; set; } = 2;

    /// <summary>Bias (black level), ADU.</summary>
    public double BiasAdu { get; set; } = 64;

    /// <summary>
    /// Rotation of the sensor's axes against the mount frame, radians (the camera's true mounting; 0 = x along
    /// cross-elevation). A sky offset (x, y) lands on the sensor at (cos·x + sin·y, −sin·x + cos·y) / plate scale, rows down.
    /// </summary>
    public double RotationRadians { get; set; }

    /// <summary>Where a sky offset from boresight (x along +tip, y along +tilt, µrad) lands on the sensor, pixels from boresight (x right, y down).</summary>
    public (double X, double Y) ToSensorPixels(double xMicroradians, double yMicroradians)
    {
        var (sin, cos) = Math.SinCos(RotationRadians);
        double x = (cos * xMicroradians) + (sin * yMicroradians), y = (-sin * xMicroradians) + (cos * yMicroradians);
        return (x / PlateScaleMicroradiansPerPixel, -y / PlateScaleMicroradiansPerPixel);
    }

    /// <summary>Where the ROI centre sits relative to boresight on the sensor, pixels (x right, y down).</summary>
    public double RoiCentreOffsetXPixels { get; set; }

    /// <summary>ROI centre offset along y (down), pixels.</summary>
    public double RoiCentreOffsetYPixels { get; set; }

    /// <summary>Frames per second.</summary>
    public double FrameRateHz { get; set; } = 100;

    /// <summary>Hot pixels per million pixels (fixed positions from the seed).</summary>
    public double HotPixelsPerMillion { get; set; } = 500;

    /// <summary>Extra dark signal of a hot pixel, e⁻ per frame.</summary>
    public double HotPixelElectrons { get; set; } = 2500;

    /// <summary>
    /// Frames of pre-rendered noise (sky, dark, hot pixels, read noise, bias) the cameras cycle through, the beacon
    /// and star stamped on top with their own shot noise; 0 (default) renders every pixel afresh. A pool makes a full
    /// 640×512 frame cost a copy instead of ~330 k Poisson draws — what a whole emulated pass at 100 fps needs — at the
    /// price of noise that repeats every <see cref="NoisePoolFrames"/> frames. Pools are built once per ROI size and kept.
    /// </summary>
    public int NoisePoolFrames { get; set; }

    private readonly Dictionary<(int Width, int Height, ulong Seed, int Frames, double Floor), ushort[][]> _noisePools = [];

    /// <summary>The noise pool for a camera's ROI and seed, built by <paramref name="build"/> the first time.</summary>
    internal ushort[][] NoisePool(int width, int height, ulong seed, Func<ushort[][]> build)
    {
        var key = (width, height, seed, NoisePoolFrames, BackgroundElectronsPerPixel + DarkElectronsPerPixel);
        lock (_noisePools)
        {
            if (!_noisePools.TryGetValue(key, out var pool))
            {
                pool = build();
                _noisePools[key] = pool;
            }

            return pool;
        }
    }

    /// <summary>A star in the field: its signal per frame, e⁻ (0: none). Same spot shape as the beacon.</summary>
    public double StarElectrons { get; set; }

    /// <summary>The star's offset from boresight along x (+tip), µrad.</summary>
    public double StarOffsetXMicroradians { get; set; }

    /// <summary>The star's offset from boresight along y (+tilt), µrad.</summary>
    public double StarOffsetYMicroradians { get; set; }
}

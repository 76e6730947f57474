using Station.Calibration.Stars;
using Station.Core.Orbits;
using Station.Emulator;
using Station.Emulator.World;

namespace Station.Calibration.Emulation;

/// <summary>
/// The sky a bench calibration looks at on the emulator: the catalogue stars where they truly are (apparent places,
/// refracted by the true weather), or a collimator at a fixed azimuth and elevation. Every physics step it finds the
/// source within the camera's field of the mount's TRUE line of sight (the axes through the true pointing errors) and
/// puts it on the beacon path — camera and quad cell both see it — with seeded seeing jitter. The procedures never
/// read this: they see it only through the camera and the quad cell.
/// </summary>
public sealed class EmulatedCalibrationSky : IWorldComponent
{
    private const double D = Math.PI / 180;
    private readonly EmulatedStation _station;
    private readonly GroundStation _site;
    private readonly Random _random;
    private BrightStar[] _stars = [];
    private Vec3[] _geocentric = [];
    private double[] _azBefore = [], _elBefore = [], _azAfter = [], _elAfter = [];
    private DateTimeOffset _snapshot = DateTimeOffset.MinValue;
    private DateTimeOffset _nextJitter = DateTimeOffset.MinValue;
    private double _jitterX, _jitterY;

    public EmulatedCalibrationSky(EmulatedStation station, GroundStation site, int seed)
    {
        _station = station ?? throw new ArgumentNullException(nameof(station));
        _site = site ?? throw new ArgumentNullException(nameof(site));
        _random = new Random(seed ^ 0x5EE1);
        Stars = BrightStarCatalogue.All;
    }

    /// <summary>The stars in the sky (default the bundled catalogue); none leaves an empty sky.</summary>
    public IReadOnlyList<BrightStar> Stars
    {
        get => _stars;
        set
        {
            _stars = [.. value ?? []];
            _geocentric = [.. _stars.Select(s => StarAstrometry.Geocentric(s, _station.TimeProvider.GetUtcNow().UtcDateTime))];
            _azBefore = new double[_stars.Length];
            _elBefore = new double[_stars.Length];
            _azAfter = new double[_stars.Length];
            _elAfter = new double[_stars.Length];
            _snapshot = DateTimeOffset.MinValue;
        }
    }

    /// <summary>A collimator instead of the stars: its fixed direction (azimuth, elevation in degrees), or null.</summary>
    public (double AzimuthDeg, double ElevationDeg)? Collimator { get; set; }

    /// <summary>Camera signal of a V = 0 star per 10 ms frame, e⁻ (a V 4.5 star then gives ~640 e⁻).</summary>
    public double ElectronsAtMagnitudeZero { get; set; } = 40000;

    /// <summary>Camera signal of the collimator per frame, e⁻.</summary>
    public double CollimatorElectrons { get; set; } = 20000;

    /// <summary>Power of a source on the quad cell, W (the cell's dark level alone when no source is in the field).</summary>
    public double QuadCellPowerWatts { get; set; } = 2e-6;

    /// <summary>Image motion from seeing, arcsec rms per axis, a new draw every camera frame (10 ms).</summary>
    public double SeeingRmsArcsec { get; set; } = 0.5;

    /// <summary>Half-size of the field in which a source is seen, degrees (the camera's 11′ diagonal).</summary>
    public double FieldRadiusDeg { get; set; } = 0.12;

    public void Advance(DateTimeOffset now)
    {
        var (losAz, losEl) = _station.TrueLineOfSight();
        double? signal = null;
        double x = 0, y = 0;
        if (Collimator is { } c)
        {
            (x, y) = Offset(losAz * D, losEl * D, c.AzimuthDeg * D, c.ElevationDeg * D);
            signal = Math.Abs(x) < FieldRadiusDeg * D * 1e6 && Math.Abs(y) < FieldRadiusDeg * D * 1e6 ? CollimatorElectrons : null;
        }
        else if (_stars.Length > 0)
        {
            UpdateSnapshots(now);
            double f = (now - _snapshot).TotalSeconds;
            double brightest = double.PositiveInfinity;
            for (int i = 0; i < _stars.Length; i++)
            {
                double el = _elBefore[i] + (f * (_elAfter[i] - _elBefore[i]));
                if (Math.Abs(el - (losEl * D)) > FieldRadiusDeg * D || _stars[i].VMagnitude >= brightest)
                {
                    continue;
                }

                double az = _azBefore[i] + (f * Math.IEEERemainder(_azAfter[i] - _azBefore[i], 2 * Math.PI));
                var (sx, sy) = Offset(losAz * D, losEl * D, az, el);
                if (Math.Abs(sx) < FieldRadiusDeg * D * 1e6 && Math.Abs(sy) < FieldRadiusDeg * D * 1e6)
                {
                    brightest = _stars[i].VMagnitude;
                    (x, y) = (sx, sy);
                    signal = ElectronsAtMagnitudeZero * Math.Pow(10, -0.4 * brightest);
                }
            }
        }

        if (now >= _nextJitter)
        {
            // Seeing moves the image a little every frame: the procedures must average frames.
            _nextJitter = now + TimeSpan.FromMilliseconds(10);
            _jitterX = Gaussian() * SeeingRmsArcsec * D / 3600 * 1e6;
            _jitterY = Gaussian() * SeeingRmsArcsec * D / 3600 * 1e6;
        }

        var sight = _station.LineOfSight;
        sight.OffsetXMicroradians = x + _jitterX;
        sight.OffsetYMicroradians = y + _jitterY;
        _station.BeaconScene.SignalElectrons = signal ?? 0;
        _station.QuadCell.PowerWatts = signal is null ? 0 : QuadCellPowerWatts;
    }

    /// <summary>Where (az, el) lies from the line of sight (az, el), gnomonic, µrad: x along increasing azimuth, y up.</summary>
    public static (double X, double Y) Offset(double losAzRad, double losElRad, double azRad, double elRad)
    {
        double dAz = azRad - losAzRad;
        var (sinE, cosE) = Math.SinCos(elRad);
        var (sinL, cosL) = Math.SinCos(losElRad);
        double cosDAz = Math.Cos(dAz);
        double denominator = (sinE * sinL) + (cosE * cosL * cosDAz);
        return (cosE * Math.Sin(dAz) / denominator * 1e6, ((sinE * cosL) - (cosE * sinL * cosDAz)) / denominator * 1e6);
    }

    /// <summary>Keeps star positions (true weather's refraction) at the whole seconds either side of now, to interpolate between.</summary>
    private void UpdateSnapshots(DateTimeOffset now)
    {
        var second = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        if (second == _snapshot)
        {
            return;
        }

        bool next = second == _snapshot.AddSeconds(1);
        if (next)
        {
            (_azBefore, _azAfter) = (_azAfter, _azBefore);
            (_elBefore, _elAfter) = (_elAfter, _elBefore);
        }
        else
        {
            Fill(second, _azBefore, _elBefore);
        }

        Fill(second.AddSeconds(1), _azAfter, _elAfter);
        _snapshot = second;
    }

    private void Fill(DateTimeOffset time, double[] az, double[] el)
    {
        double pressureMbar = _station.Weather.PressurePascals / 100, temperatureC = _station.Weather.TemperatureCelsius;
        for (int i = 0; i < _stars.Length; i++)
        {
            var (a, e) = StarAstrometry.Horizon(_geocentric[i], time.UtcDateTime, _site);
            az[i] = a;
            el[i] = e < -2 * D ? e : Refraction.ApparentFromGeometricDeg(e / D, temperatureC, pressureMbar) * D;
        }
    }

    private double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());
}

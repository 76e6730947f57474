using Station.Core.Orbits;
using Station.Emulator.World.Disturbances;

namespace Station.Emulator.World;

/// <summary>
/// The sky the beacon sensors look at, stepped with the world (1 ms). Each step: the true satellite's apparent
/// direction (its truth ephemeris, through the emulated weather's refraction) is projected into the frame of the
/// emulated mount's true line of sight (true axis angles through the true pointing errors) — a gnomonic projection
/// onto cross-elevation and elevation, so it holds at the zenith too — and turbulence tip/tilt (rms and corner
/// following the zenith angle and the line of sight's slew rate) and mount jitter are added. The result goes to
/// <see cref="EmulatedLineOfSight"/>, delayed by the camera latency, and to the quad cell as the spot position after
/// the steering mirror, delayed by the quad-cell latency. Clouds set the beacon's camera signal and the quad-cell
/// power to zero; a star, when configured, is rendered by the camera at its own offset.
/// <para>
/// The truth ephemeris is sampled every 10 ms and interpolated (the direction changes by &lt; 0.1 mrad in that time
/// and the interpolation error is far below a µrad). Steady-state steps allocate nothing.
/// </para>
/// </summary>
public sealed class EmulatedBeaconSky : IWorldComponent
{
    private const int RingSize = 128;
    private const double EphemerisStepSeconds = 0.01;
    private const double Planck = 6.62607015e-34;
    private const double SpeedOfLight = 299_792_458.0;
    private const double ClearSkySumVolts = 2.0;
    private const double SlewRateSmoothingSeconds = 0.1;

    /// <summary>Where a direction more than 90° from the line of sight is placed: far outside every field.</summary>
    private const double OffSkyUrad = 1e7;

    private readonly EmulatedStation _station;
    private readonly Sgp4Propagator _satellite;
    private readonly GroundStation _site;
    private readonly BeaconSkyParameters _parameters;
    private readonly TurbulenceTilt _turbulence;
    private readonly MountJitter _jitter;
    private readonly Vec3? _star;
    private readonly double[] _beaconX = new double[RingSize];
    private readonly double[] _beaconY = new double[RingSize];
    private readonly double[] _starX = new double[RingSize];
    private readonly double[] _starY = new double[RingSize];
    private readonly double[] _fineX = new double[RingSize];
    private readonly double[] _fineY = new double[RingSize];
    private readonly int _cameraDelaySteps;
    private long _step = -1;
    private DateTimeOffset _ephemerisStart;
    private Vec3 _ephemeris0;
    private Vec3 _ephemeris1;
    private bool _hasEphemeris;
    private Vec3 _lastLineOfSight;
    private DateTimeOffset _lastTime;

    /// <param name="station">The emulated station whose line of sight, camera scene, quad cell and mirror this sky drives.</param>
    /// <param name="elements">The operator's element set; the truth is derived from it.</param>
    /// <param name="site">Where the station is.</param>
    /// <param name="parameters">Truth offset, disturbances, clouds, star.</param>
    public EmulatedBeaconSky(EmulatedStation station, ElementSet elements, GroundStation site, BeaconSkyParameters parameters)
    {
        _station = station ?? throw new ArgumentNullException(nameof(station));
        ArgumentNullException.ThrowIfNull(elements);
        _site = site ?? throw new ArgumentNullException(nameof(site));
        _parameters = parameters ?? throw new ArgumentNullException(nameof(parameters));
        parameters.Validate();
        _satellite = new Sgp4Propagator(elements);
        _turbulence = new TurbulenceTilt(parameters.Turbulence, parameters.Seed);
        _jitter = new MountJitter(parameters.Jitter, parameters.Seed + 1);
        double worldStep = station.World.Step.TotalSeconds;
        _cameraDelaySteps = (int)Math.Round((parameters.CameraLatencyFrames - 0.5) / station.BeaconScene.FrameRateHz / worldStep);
        if (_cameraDelaySteps >= RingSize || parameters.QuadCellLatencySteps >= RingSize)
        {
            throw new ArgumentException($"Beacon sky: a camera latency of {_cameraDelaySteps} world steps exceeds the {RingSize - 1}-step history.", nameof(parameters));
        }

        if (parameters.Star is { } star)
        {
            var at = TrueDirection(star.At.UtcDateTime);
            var (east, up) = Basis(at);
            _star = Normalize(at + (star.XelOffsetUrad * 1e-6 * east) + (star.ElOffsetUrad * 1e-6 * up));
        }

        var cell = parameters.QuadCell;
        var quadCell = station.QuadCell;
        quadCell.SpotSigmaMicroradians = cell.SpotSigma.Microradians;
        quadCell.PhotoelectronsPerJoule = cell.Wavelength.Meters / (Planck * SpeedOfLight) * cell.QuantumEfficiency;
        quadCell.ShotNoiseSampleSeconds = 1 / cell.SampleRate.Hertz;
        quadCell.BackgroundElectronsPerSecond = cell.BackgroundRatePerS;
        quadCell.VoltsPerWatt = (double)cell.ReceivedPower.Watts > 0 ? ClearSkySumVolts / (double)cell.ReceivedPower.Watts : quadCell.VoltsPerWatt;
        station.LineOfSight.FineSpotOverridden = true;
        Advance(station.TimeProvider.GetUtcNow());
    }

    public BeaconSkyParameters Parameters => _parameters;

    public TurbulenceTilt Turbulence => _turbulence;

    public MountJitter Jitter => _jitter;

    /// <summary>Where the beacon is now relative to the true line of sight (no sensor latency), µrad, x cross-elevation, y elevation.</summary>
    public (double X, double Y) BeaconOffset => (_beaconX[Index(0)], _beaconY[Index(0)]);

    /// <summary>The beacon's offset after the steering mirror now: what the science detectors see, µrad.</summary>
    public (double X, double Y) Residual => (_fineX[Index(0)], _fineY[Index(0)]);

    /// <summary>1 in clear sky, 0 behind a cloud.</summary>
    public double Transmission { get; private set; } = 1;

    /// <summary>The true line of sight's elevation, degrees.</summary>
    public double LineOfSightElevationDeg { get; private set; }

    /// <summary>The true line of sight's angular rate (smoothed over 0.1 s), rad/s.</summary>
    public double LineOfSightRateRadPerS { get; private set; }

    /// <summary>The true satellite's azimuth and elevation (degrees) at <paramref name="utc"/>, apparent (refracted) or geometric.</summary>
    public (double AzimuthDeg, double ElevationDeg) TrueLook(DateTime utc, bool refracted = true)
    {
        var d = TrueDirection(utc, refracted);
        double az = Math.Atan2(d.X, d.Y) * 180 / Math.PI;
        return (az < 0 ? az + 360 : az, Math.Asin(Math.Clamp(d.Z, -1, 1)) * 180 / Math.PI);
    }

    public void Advance(DateTimeOffset now)
    {
        if (_step >= 0 && now <= _lastTime)
        {
            return;
        }

        double dt = _step < 0 ? 0 : (now - _lastTime).TotalSeconds;
        _step++;
        _lastTime = now;
        var (losAz, losEl) = _station.TrueLineOfSight();
        LineOfSightElevationDeg = losEl;
        var los = Unit(losAz, losEl);
        if (dt > 0)
        {
            double rate = (los - _lastLineOfSight).Norm / dt;
            double a = Math.Min(1, dt / SlewRateSmoothingSeconds);
            LineOfSightRateRadPerS += a * (rate - LineOfSightRateRadPerS);
        }

        _lastLineOfSight = los;
        _turbulence.SetConditions((Math.PI / 2) - (losEl * Math.PI / 180), LineOfSightRateRadPerS);
        var (tx, ty) = _turbulence.Next();
        var (jx, jy) = _jitter.Next();
        var (bx, by) = Project(SatelliteDirection(now), los, losAz, losEl);
        int i = Index(0);
        _beaconX[i] = bx + tx + jx;
        _beaconY[i] = by + ty + jy;
        if (_star is { } star)
        {
            var (sx, sy) = Project(star, los, losAz, losEl);
            _starX[i] = sx + tx + jx;
            _starY[i] = sy + ty + jy;
        }

        var sight = _station.LineOfSight;
        var mirror = _station.SteeringMirror;
        _fineX[i] = _beaconX[i] - (sight.MirrorCoupling * mirror.TipMicroradians);
        _fineY[i] = _beaconY[i] - (sight.MirrorCoupling * mirror.TiltMicroradians);

        int camera = Index(Math.Min(_cameraDelaySteps, _step));
        sight.OffsetXMicroradians = _beaconX[camera];
        sight.OffsetYMicroradians = _beaconY[camera];
        int fine = Index(Math.Min(_parameters.QuadCellLatencySteps, _step));
        sight.FineSpotXMicroradians = _fineX[fine];
        sight.FineSpotYMicroradians = _fineY[fine];

        Transmission = InCloud(now) ? 0 : 1;
        var scene = _station.BeaconScene;
        scene.SignalElectrons = _parameters.CameraSignalElectrons * Transmission;
        _station.QuadCell.PowerWatts = (double)_parameters.QuadCell.ReceivedPower.Watts * Transmission;
        if (_parameters.Star is { } s)
        {
            scene.StarElectrons = s.SignalElectrons;
            scene.StarOffsetXMicroradians = _starX[camera];
            scene.StarOffsetYMicroradians = _starY[camera];
        }
    }

    private int Index(long stepsAgo) => (int)((_step - stepsAgo) % RingSize + RingSize) % RingSize;

    private bool InCloud(DateTimeOffset now)
    {
        var clouds = _parameters.Clouds;
        for (int i = 0; i < clouds.Count; i++) // indexed: foreach over the interface boxes an enumerator every physics step
        {
            if (clouds[i].Contains(now))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The truth's apparent direction (ENU unit vector), interpolated on a 10 ms grid.</summary>
    private Vec3 SatelliteDirection(DateTimeOffset now)
    {
        double since = _hasEphemeris ? (now - _ephemerisStart).TotalSeconds : -1;
        if (since < 0 || since > EphemerisStepSeconds)
        {
            _ephemerisStart = now;
            _ephemeris0 = TrueDirection(now.UtcDateTime);
            _ephemeris1 = TrueDirection(now.UtcDateTime.AddSeconds(EphemerisStepSeconds));
            _hasEphemeris = true;
            since = 0;
        }

        double f = since / EphemerisStepSeconds;
        return Normalize(_ephemeris0 + (f * (_ephemeris1 - _ephemeris0)));
    }

    /// <summary>The truth satellite's apparent direction at <paramref name="utc"/> as an ENU unit vector.</summary>
    private Vec3 TrueDirection(DateTime utc, bool refracted = true)
    {
        var state = _satellite.PropagateToUtc(utc.AddSeconds(_parameters.AlongTrackSeconds));
        var r = new Vec3(state.XKm, state.YKm, state.ZKm);
        var v = new Vec3(state.VxKmPerS, state.VyKmPerS, state.VzKmPerS);
        if (_parameters.CrossTrackMeters != 0)
        {
            var normal = Vec3.Cross(r, v);
            r += _parameters.CrossTrackMeters / 1000 / normal.Norm * normal;
        }

        var look = Topocentric.Look(r, v, utc, _site);
        var weather = _station.Weather;
        double el = refracted ? Refraction.ApparentFromGeometricDeg(look.ElevationDeg, weather.TemperatureCelsius, weather.PressurePascals / 100) : look.ElevationDeg;
        return Unit(look.AzimuthDeg, el);
    }

    /// <summary>Gnomonic projection of <paramref name="direction"/> into the line of sight's (cross-elevation, elevation) frame, µrad.</summary>
    private static (double X, double Y) Project(Vec3 direction, Vec3 los, double losAzDeg, double losElDeg)
    {
        double az = losAzDeg * Math.PI / 180, el = losElDeg * Math.PI / 180;
        var xel = new Vec3(Math.Cos(az), -Math.Sin(az), 0);
        var up = new Vec3(-Math.Sin(az) * Math.Sin(el), -Math.Cos(az) * Math.Sin(el), Math.Cos(el));
        double along = Vec3.Dot(direction, los);
        return along <= 0 ? (OffSkyUrad, OffSkyUrad) : (Vec3.Dot(direction, xel) / along * 1e6, Vec3.Dot(direction, up) / along * 1e6);
    }

    private static (Vec3 CrossElevation, Vec3 Elevation) Basis(Vec3 direction)
    {
        double el = Math.Asin(Math.Clamp(direction.Z, -1, 1)), az = Math.Atan2(direction.X, direction.Y);
        return (new Vec3(Math.Cos(az), -Math.Sin(az), 0), new Vec3(-Math.Sin(az) * Math.Sin(el), -Math.Cos(az) * Math.Sin(el), Math.Cos(el)));
    }

    /// <summary>East-north-up unit vector for azimuth (from north through east) and elevation, degrees.</summary>
    private static Vec3 Unit(double azDeg, double elDeg)
    {
        double az = azDeg * Math.PI / 180, el = elDeg * Math.PI / 180;
        return new Vec3(Math.Sin(az) * Math.Cos(el), Math.Cos(az) * Math.Cos(el), Math.Sin(el));
    }

    private static Vec3 Normalize(Vec3 v) => v / v.Norm;
}

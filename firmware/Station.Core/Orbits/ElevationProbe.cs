using System.Runtime.InteropServices;

namespace Station.Core.Orbits;

/// <summary>One evaluation of a satellite seen from a station, at <see cref="T"/> seconds after the window start.</summary>
/// <param name="T">Seconds after the window start.</param>
/// <param name="ElevationDeg">Geometric elevation above the ellipsoid-normal horizon, degrees.</param>
/// <param name="ConeAngleRad">
/// Angle ψ′ at the point O′ where the station's ellipsoid normal meets the Earth's axis, between that normal and the
/// satellite. Seen from O′ the horizon geometry is exactly that of a sphere of radius N + h, so elevation ≥ e exactly
/// when ψ′ ≤ acos((N + h)·cos e / r′) − e.
/// </param>
/// <param name="ConeDistanceKm">Distance r′ of the satellite from O′, km.</param>
/// <param name="PositionTemeKm">SGP4's TEME position, km.</param>
/// <param name="VelocityTemeKmPerS">SGP4's TEME velocity, km/s.</param>
/// <param name="StationTeme">The station's geocentric unit vector in TEME at this instant.</param>
[StructLayout(LayoutKind.Auto)]
internal readonly record struct ViewSample(double T, double ElevationDeg, double ConeAngleRad, double ConeDistanceKm,
    Vec3 PositionTemeKm, Vec3 VelocityTemeKmPerS, Vec3 StationTeme);

/// <summary>
/// Evaluates one satellite's elevation from one station at times given as seconds from the window start:
/// SGP4 → TEME → GMST-82 rotation (+ polar motion) → east-north-up. Allocation-free; counts its evaluations
/// and remembers the last SGP4 error.
/// </summary>
internal sealed class ElevationProbe
{
    private const double RadToDeg = 180.0 / Math.PI;

    private readonly Sgp4Propagator _satellite;
    private readonly GroundStation _station;
    private readonly EarthOrientationParameters _eop;
    private readonly bool _polarMotion;
    private readonly double _minutesAtStart;
    private readonly JulianDate _ut1AtStart;
    private readonly Vec3 _stationUnit;

    public ElevationProbe(Sgp4Propagator satellite, GroundStation station, DateTime startUtc, in EarthOrientationParameters eop)
    {
        _satellite = satellite;
        _station = station;
        _eop = eop;
        _polarMotion = eop.XpArcsec != 0.0 || eop.YpArcsec != 0.0;
        StartUtc = startUtc;
        JulianDate utc = JulianDate.FromDateTime(startUtc);
        _minutesAtStart = satellite.MinutesSinceEpoch(utc.Whole, utc.Fraction);
        _ut1AtStart = utc.AddSeconds(eop.Ut1MinusUtcSeconds);
        // The ellipsoid normal through the station meets the Earth's axis at O′, the prime-vertical radius N from the
        // ellipsoid point (so N + h from the station) and N·e²·|sin φ| from the Earth's centre.
        (double sinLat, _) = Math.SinCos(station.LatitudeDeg * Math.PI / 180.0);
        double n = Wgs84.EquatorialRadiusKm / Math.Sqrt(1.0 - (Wgs84.EccentricitySquared * sinLat * sinLat));
        ConeRadiusKm = n + (station.HeightM / 1000.0);
        ConeOffsetKm = n * Wgs84.EccentricitySquared * Math.Abs(sinLat);
        _stationUnit = station.PositionItrfKm / station.PositionItrfKm.Norm;
        // Angle between the ellipsoid normal (up) and the geocentric direction: geodetic minus geocentric latitude.
        NormalTiltRad = Math.Acos(Math.Clamp(Vec3.Dot(station.ToEnu(_stationUnit), new Vec3(0.0, 0.0, 1.0)), -1.0, 1.0));
    }

    /// <summary>Angle between the station's ellipsoid normal and its geocentric direction, rad (≤ 0.19°).</summary>
    public double NormalTiltRad { get; }

    public DateTime StartUtc { get; }

    /// <summary>N + h: the station's distance from O′, km.</summary>
    public double ConeRadiusKm { get; }

    /// <summary>|O O′|: how far O′ lies from the Earth's centre (along the axis), km.</summary>
    public double ConeOffsetKm { get; }

    public int Evaluations { get; private set; }

    /// <summary>The SGP4 error of the last failed evaluation (<see cref="Sgp4Error.None"/> if none failed).</summary>
    public Sgp4Error Error { get; private set; }

    public Sgp4Propagator Satellite => _satellite;

    public GroundStation Station => _station;

    /// <summary>Evaluates at <paramref name="t"/>; false (and <see cref="Error"/> set) when SGP4 fails there.</summary>
    public bool TrySample(double t, out ViewSample sample)
    {
        Evaluations++;
        Sgp4Result r = _satellite.Propagate(MinutesAt(t));
        if (!r.IsSuccess)
        {
            Error = r.Error;
            sample = new ViewSample(t, -90.0, Math.PI, 0.0, default, default, default);
            return false;
        }

        double gmst = SiderealTime.Gmst82(_ut1AtStart.AddSeconds(t));
        (double s, double c) = Math.SinCos(gmst);
        var p = new Vec3((c * r.XKm) + (s * r.YKm), (-s * r.XKm) + (c * r.YKm), r.ZKm);
        if (_polarMotion)
        {
            p = TemeToItrf.PefToItrf(p, _eop);
        }

        Vec3 enu = _station.ToEnu(p - _station.PositionItrfKm);
        double horizontal = Math.Sqrt((enu.X * enu.X) + (enu.Y * enu.Y));
        double upFromCone = enu.Z + ConeRadiusKm;
        // The station's direction turned back from Earth-fixed to TEME (the inverse of the rotation above).
        var station = new Vec3((c * _stationUnit.X) - (s * _stationUnit.Y), (s * _stationUnit.X) + (c * _stationUnit.Y), _stationUnit.Z);
        sample = new ViewSample(
            t,
            Math.Atan2(enu.Z, horizontal) * RadToDeg,
            Math.Atan2(horizontal, upFromCone),
            Math.Sqrt((horizontal * horizontal) + (upFromCone * upFromCone)),
            new Vec3(r.XKm, r.YKm, r.ZKm),
            new Vec3(r.VxKmPerS, r.VyKmPerS, r.VzKmPerS),
            station);
        return true;
    }

    /// <summary>Geometric elevation at <paramref name="t"/>, −90° where SGP4 fails (refinements stay between good samples).</summary>
    public double ElevationDeg(double t) => TrySample(t, out ViewSample s) ? s.ElevationDeg : -90.0;

    /// <summary>Minutes from the element set's epoch to <paramref name="t"/> seconds after the window start.</summary>
    public double MinutesAt(double t) => _minutesAtStart + (t / 60.0);

    /// <summary>The UTC instant <paramref name="t"/> seconds after the window start (rounded to the 100 ns tick).</summary>
    public DateTime UtcAt(double t) => StartUtc.AddTicks((long)Math.Round(t * TimeSpan.TicksPerSecond));

    /// <summary>Full look angles (range-rate from SGP4's velocity) at <paramref name="t"/>, and the TEME position.</summary>
    public LookAngles LookAt(double t, out Vec3 temeKm)
    {
        Sgp4Result r = _satellite.Propagate(MinutesAt(t));
        temeKm = new Vec3(r.XKm, r.YKm, r.ZKm);
        return Topocentric.Look(temeKm, new Vec3(r.VxKmPerS, r.VyKmPerS, r.VzKmPerS), UtcAt(t), _station, _eop);
    }
}

/// <summary>Elevation minus a threshold, for root finding.</summary>
internal readonly struct ElevationAbove(ElevationProbe probe, double thresholdDeg) : IScalarFunction
{
    public double Evaluate(double x) => probe.ElevationDeg(x) - thresholdDeg;
}

/// <summary>Minus the elevation, for finding its maximum with a minimiser.</summary>
internal readonly struct NegativeElevation(ElevationProbe probe) : IScalarFunction
{
    public double Evaluate(double x) => -probe.ElevationDeg(x);
}

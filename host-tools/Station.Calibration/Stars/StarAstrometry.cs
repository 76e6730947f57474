using Station.Core.Orbits;

namespace Station.Calibration.Stars;

/// <summary>
/// Where a catalogue star appears from a station: proper motion to the date, precession (IAU 1976: ζ, z, θ), nutation
/// (IAU 1980, the four largest terms: ≤ 0.5″), annual and diurnal aberration (first order, the Earth's velocity from the
/// VSOP87 Sun), Earth rotation (GMST-82 + equation of the equinoxes, UT1 = UTC, no polar motion), then refraction
/// (Bennett, scaled by P and T). Parallax (&lt; 0.8″), light deflection and frame bias (≈ 0.02″) are left out: the
/// result agrees with skyfield to well under 1″ (StarAstrometryTests). Radians in, radians out.
/// </summary>
public static class StarAstrometry
{
    private const double ArcsecToRad = Math.PI / 180 / 3600;
    private const double MasToRad = ArcsecToRad / 1000;
    private const double SpeedOfLightKmPerS = 299792.458;
    private const double EarthRotationRadPerS = 7.292115e-5;

    /// <summary>Apparent topocentric azimuth (from north through east) and elevation, unrefracted, radians.</summary>
    public static (double AzimuthRad, double ElevationRad) Topocentric(BrightStar star, DateTime utc, GroundStation site) =>
        Horizon(Geocentric(star, utc), utc, site);

    /// <summary>
    /// The star's geocentric apparent direction, true equator and equinox of date (unit vector): proper motion,
    /// precession, nutation and annual aberration. It changes by milliarcseconds in an hour, so a survey may reuse it.
    /// </summary>
    public static Vec3 Geocentric(BrightStar star, DateTime utc)
    {
        ArgumentNullException.ThrowIfNull(star);
        var tt = TimeScales.TtFromUtc(utc);
        double t = tt.CenturiesSinceJ2000;

        // Proper motion: a straight line on the sphere over the years since J2000 (μα* is a great-circle rate).
        double years = tt.DaysSinceJ2000 / 365.25;
        double decRad = (star.DecJ2000Deg * Math.PI / 180) + (star.PmDecMasPerYear * MasToRad * years);
        double raRad = (star.RaJ2000Deg * Math.PI / 180) + (star.PmRaMasPerYear * MasToRad * years / Math.Cos(star.DecJ2000Deg * Math.PI / 180));
        var p = Nutate(Precess(Unit(raRad, decRad), t), t);
        // Annual aberration: the Earth's orbital velocity (minus the derivative of the Sun's geocentric position).
        return Aberrate(p, EarthVelocityKmPerS(tt));
    }

    /// <summary>
    /// A geocentric apparent direction of date seen from <paramref name="site"/>: diurnal aberration, Earth rotation
    /// (hour angle from GAST) and the horizon of the geodetic latitude. Azimuth from north through east, radians.
    /// </summary>
    public static (double AzimuthRad, double ElevationRad) Horizon(Vec3 geocentric, DateTime utc, GroundStation site)
    {
        ArgumentNullException.ThrowIfNull(site);
        var tt = TimeScales.TtFromUtc(utc);
        var lastRad = SiderealTime.Gmst82(JulianDate.FromDateTime(utc)) + TrueOfDate.EquationOfEquinoxes(tt) + (site.LongitudeDeg * Math.PI / 180);
        var p = Aberrate(geocentric, StationVelocityKmPerS(site, lastRad));
        double ra = Math.Atan2(p.Y, p.X), dec = Math.Asin(Math.Clamp(p.Z, -1, 1));
        double hourAngle = lastRad - ra;
        double lat = site.LatitudeDeg * Math.PI / 180;
        var (sinH, cosH) = Math.SinCos(hourAngle);
        var (sinD, cosD) = Math.SinCos(dec);
        var (sinL, cosL) = Math.SinCos(lat);
        double elevation = Math.Asin(Math.Clamp((sinL * sinD) + (cosL * cosD * cosH), -1, 1));
        double azimuth = Math.Atan2(-cosD * sinH, (sinD * cosL) - (cosD * sinL * cosH));
        return (azimuth < 0 ? azimuth + (2 * Math.PI) : azimuth, elevation);
    }

    /// <summary>First-order aberration of unit vector <paramref name="p"/> for an observer moving at <paramref name="velocityKmPerS"/>.</summary>
    private static Vec3 Aberrate(Vec3 p, Vec3 velocityKmPerS)
    {
        var beta = velocityKmPerS / SpeedOfLightKmPerS;
        p = p + beta - (Vec3.Dot(p, beta) * p);
        return p / p.Norm;
    }

    /// <summary>Apparent azimuth and refracted elevation (what the telescope sees), radians.</summary>
    public static (double AzimuthRad, double ElevationRad) Observed(BrightStar star, DateTime utc, GroundStation site, double temperatureC, double pressureMbar)
    {
        var (az, el) = Topocentric(star, utc, site);
        double refracted = Refraction.ApparentFromGeometricDeg(el * 180 / Math.PI, temperatureC, pressureMbar);
        return (az, refracted * Math.PI / 180);
    }

    /// <summary>IAU 1976 precession, mean J2000 → mean of date: R3(−z) R2(θ) R3(−ζ).</summary>
    private static Vec3 Precess(Vec3 p, double t)
    {
        double zeta = ((2306.2181 + ((0.30188 + (0.017998 * t)) * t)) * t) * ArcsecToRad;
        double z = ((2306.2181 + ((1.09468 + (0.018203 * t)) * t)) * t) * ArcsecToRad;
        double theta = ((2004.3109 - ((0.42665 + (0.041833 * t)) * t)) * t) * ArcsecToRad;
        return RotateZ(RotateY(RotateZ(p, -zeta), theta), -z);
    }

    /// <summary>Nutation, mean of date → true of date: R1(−ε−Δε) R3(−Δψ) R1(ε).</summary>
    private static Vec3 Nutate(Vec3 p, double t)
    {
        var (dpsi, deps) = TrueOfDate.Nutation(t);
        double eps = TrueOfDate.MeanObliquity(t);
        return RotateX(RotateZ(RotateX(p, eps), -dpsi), -(eps + deps));
    }

    /// <summary>The Earth's heliocentric velocity, true frame of date, km/s (central difference of the Sun over ±1 h).</summary>
    private static Vec3 EarthVelocityKmPerS(JulianDate tt)
    {
        const double stepS = 3600;
        var before = Sun.GeometricTrueOfDateKm(tt.AddSeconds(-stepS));
        var after = Sun.GeometricTrueOfDateKm(tt.AddSeconds(stepS));
        return -(after - before) / (2 * stepS);
    }

    /// <summary>The station's velocity from the Earth's rotation, true frame of date, km/s (eastward, ω·r·cos φ).</summary>
    private static Vec3 StationVelocityKmPerS(GroundStation site, double lastRad)
    {
        var r = site.PositionItrfKm;
        double speed = EarthRotationRadPerS * Math.Sqrt((r.X * r.X) + (r.Y * r.Y));
        return new Vec3(-Math.Sin(lastRad) * speed, Math.Cos(lastRad) * speed, 0);
    }

    private static Vec3 Unit(double ra, double dec)
    {
        var (sinA, cosA) = Math.SinCos(ra);
        var (sinD, cosD) = Math.SinCos(dec);
        return new Vec3(cosD * cosA, cosD * sinA, sinD);
    }

    // Frame rotations Rn(φ) (the frame turns by φ about axis n; a vector's coordinates turn by −φ).
    private static Vec3 RotateX(Vec3 v, double a)
    {
        var (s, c) = Math.SinCos(a);
        return new Vec3(v.X, (c * v.Y) + (s * v.Z), (-s * v.Y) + (c * v.Z));
    }

    private static Vec3 RotateY(Vec3 v, double a)
    {
        var (s, c) = Math.SinCos(a);
        return new Vec3((c * v.X) - (s * v.Z), v.Y, (s * v.X) + (c * v.Z));
    }

    private static Vec3 RotateZ(Vec3 v, double a)
    {
        var (s, c) = Math.SinCos(a);
        return new Vec3((c * v.X) + (s * v.Y), (-s * v.X) + (c * v.Y), v.Z);
    }
}

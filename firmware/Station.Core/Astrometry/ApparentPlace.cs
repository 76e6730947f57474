using Station.Core.Orbits;

namespace Station.Core.Astrometry;

/// <summary>
/// Where a catalogue star appears from a station: proper motion to the date, annual parallax, annual aberration
/// (Earth's velocity from the Sun series), IAU 1976 precession and IAU 1980 nutation (the four largest terms, as
/// the Sun and Moon use: ≲ 0.5″), Earth rotation (GAST, polar motion when given), diurnal aberration, and the
/// horizon of the WGS-84 station. Left out, each below 0.05″ for bright stars: the ICRS–FK5 frame bias (≤ 0.03″),
/// gravitational light deflection (≤ 0.002″ beyond 45° from the Sun), second-order aberration. Verified
/// against ERFA's atco13 (the IAU SOFA reference) in the tests. Refraction is applied separately.
/// </summary>
public static class ApparentPlace
{
    private const double DegToRad = Math.PI / 180;
    private const double MasToRad = DegToRad / 3_600_000;
    private const double ArcsecToRad = DegToRad / 3600;
    private const double SpeedOfLightKmPerS = 299_792.458;
    private const double AuKm = 149_597_870.7;
    private const double EarthRotationRadPerS = 7.292115146706979e-5;

    /// <summary>Apparent topocentric azimuth and elevation (geometric: no refraction), degrees.</summary>
    public static HorizontalPosition Topocentric(CatalogStar star, DateTime utc, GroundStation station, EarthOrientation? eop = null)
    {
        ArgumentNullException.ThrowIfNull(star);
        ArgumentNullException.ThrowIfNull(station);
        EarthOrientationParameters p = eop is null ? default : eop.At(utc);
        JulianDate tt = TimeScales.TtFromUtc(utc);
        Vec3 trueOfDate = GeocentricTrueOfDate(star, tt);
        Vec3 itrf = TrueOfDate.ToItrf(trueOfDate, utc, tt, p);

        // Diurnal aberration: the station moves east at ω × r (up to 0.46 km/s at the equator, 0.32″).
        Vec3 r = station.PositionItrfKm;
        var stationVelocity = new Vec3(-EarthRotationRadPerS * r.Y, EarthRotationRadPerS * r.X, 0);
        Vec3 apparent = Aberrate(itrf, stationVelocity);
        Vec3 enu = station.ToEnu(apparent);
        return new HorizontalPosition(Orbits.Topocentric.Azimuth(enu), Orbits.Topocentric.Elevation(enu), double.PositiveInfinity);
    }

    /// <summary>Apparent geocentric direction (unit vector), true equator and equinox of date.</summary>
    public static Vec3 GeocentricTrueOfDate(CatalogStar star, JulianDate tt)
    {
        ArgumentNullException.ThrowIfNull(star);
        double years = tt.DaysSinceJ2000 / 365.25;

        // Space motion at the catalogue epoch, then the catalogue direction at the date (mean J2000 frame).
        double ra = star.RaJ2000Deg * DegToRad, dec = star.DecJ2000Deg * DegToRad;
        (double sa, double ca) = Math.SinCos(ra);
        (double sd, double cd) = Math.SinCos(dec);
        var position = new Vec3(cd * ca, cd * sa, sd);
        var eastward = new Vec3(-sa, ca, 0);
        var northward = new Vec3(-sd * ca, -sd * sa, cd);
        Vec3 motion = ((star.PmRaCosDecMasPerYear * MasToRad) * eastward) + ((star.PmDecMasPerYear * MasToRad) * northward);
        Vec3 atDate = Normalize(position + (years * motion));

        // To the true equator and equinox of date; parallax and aberration are then applied in that frame (the
        // frame's own rotation, 50″ a year, changes the Earth's velocity by far less than the 0.01″ that matters).
        Vec3 direction = Nutate(Precess(atDate, tt.CenturiesSinceJ2000), tt.CenturiesSinceJ2000);
        Vec3 earth = -Sun.GeometricTrueOfDateKm(tt);
        double parallaxRad = Math.Max(0, star.ParallaxMas) / 1000 * ArcsecToRad; // a negative catalogue parallax is noise: 0
        Vec3 parallaxShifted = Normalize(direction - (parallaxRad * (earth / AuKm)));
        return Aberrate(parallaxShifted, EarthVelocityKmPerS(tt));
    }

    /// <summary>The Earth's heliocentric velocity, true of date, km/s (central difference of the Sun series over ±1 h).</summary>
    public static Vec3 EarthVelocityKmPerS(JulianDate tt)
    {
        const double halfStepSeconds = 3600;
        Vec3 before = Sun.GeometricTrueOfDateKm(tt.AddSeconds(-halfStepSeconds));
        Vec3 after = Sun.GeometricTrueOfDateKm(tt.AddSeconds(halfStepSeconds));
        return -(after - before) / (2 * halfStepSeconds);
    }

    /// <summary>IAU 1976 precession (Lieske et al. 1977) of a mean J2000 vector to the mean equator and equinox of date.</summary>
    public static Vec3 Precess(Vec3 j2000, double centuries)
    {
        double t = centuries;
        double zeta = ((2306.2181 + ((0.30188 + (0.017998 * t)) * t)) * t) * ArcsecToRad;
        double z = ((2306.2181 + ((1.09468 + (0.018203 * t)) * t)) * t) * ArcsecToRad;
        double theta = ((2004.3109 - ((0.42665 + (0.041833 * t)) * t)) * t) * ArcsecToRad;
        return RotateZ(RotateY(RotateZ(j2000, -zeta), theta), -z);
    }

    /// <summary>Mean of date → true of date: R1(−ε−Δε) R3(−Δψ) R1(ε).</summary>
    public static Vec3 Nutate(Vec3 meanOfDate, double centuries)
    {
        (double dpsi, double deps) = TrueOfDate.Nutation(centuries);
        double eps = TrueOfDate.MeanObliquity(centuries);
        return RotateX(RotateZ(RotateX(meanOfDate, eps), -dpsi), -(eps + deps));
    }

    /// <summary>First-order aberration of a unit direction for an observer moving at <paramref name="velocityKmPerS"/>.</summary>
    public static Vec3 Aberrate(Vec3 direction, Vec3 velocityKmPerS)
    {
        Vec3 beta = velocityKmPerS / SpeedOfLightKmPerS;
        return Normalize(direction + beta - (Vec3.Dot(direction, beta) * direction));
    }

    private static Vec3 Normalize(Vec3 v) => v / v.Norm;

    // Frame rotations (the coordinate axes turn by the angle, as in SOFA's iauRx/iauRy/iauRz).
    private static Vec3 RotateX(Vec3 v, double a)
    {
        (double s, double c) = Math.SinCos(a);
        return new Vec3(v.X, (c * v.Y) + (s * v.Z), (-s * v.Y) + (c * v.Z));
    }

    private static Vec3 RotateY(Vec3 v, double a)
    {
        (double s, double c) = Math.SinCos(a);
        return new Vec3((c * v.X) - (s * v.Z), v.Y, (s * v.X) + (c * v.Z));
    }

    private static Vec3 RotateZ(Vec3 v, double a)
    {
        (double s, double c) = Math.SinCos(a);
        return new Vec3((c * v.X) + (s * v.Y), (-s * v.X) + (c * v.Y), v.Z);
    }
}

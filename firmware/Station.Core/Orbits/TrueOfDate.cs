using UnitsNet;

namespace Station.Core.Orbits;

/// <summary>Where a Sun/Moon-like body appears from a station: azimuth, elevation (deg) and distance (km).</summary>
public readonly record struct HorizontalPosition(double AzimuthDeg, double ElevationDeg, double DistanceKm)
{
    public Angle Azimuth => Angle.FromDegrees(AzimuthDeg);

    public Angle Elevation => Angle.FromDegrees(ElevationDeg);

    public Length Distance => Length.FromKilometers(DistanceKm);
}

/// <summary>
/// Nutation, obliquity and the true-equator-true-equinox-of-date frame shared by the Sun and Moon series.
/// Accuracy target is arcseconds (the Sun/Moon goal is 0.01°), so IAU-1980 nutation's four largest terms
/// (Meeus ch. 22: 0.5″ in Δψ, 0.1″ in Δε) and Earth rotation by GMST-82 + equation of the equinoxes suffice.
/// </summary>
public static class TrueOfDate
{
    internal const double DegToRad = Math.PI / 180.0;
    internal const double ArcsecToRad = DegToRad / 3600.0;
    internal const double AuKm = 149597870.7;

    /// <summary>Nutation in longitude and obliquity (rad) at TT Julian centuries <paramref name="t"/> since J2000.</summary>
    public static (double DeltaPsiRad, double DeltaEpsilonRad) Nutation(double t)
    {
        double omega = (125.04452 - (1934.136261 * t)) * DegToRad;
        double l = (280.4665 + (36000.7698 * t)) * DegToRad;
        double lm = (218.3165 + (481267.8813 * t)) * DegToRad;
        double dpsi = (-17.20 * Math.Sin(omega)) - (1.32 * Math.Sin(2 * l)) - (0.23 * Math.Sin(2 * lm)) + (0.21 * Math.Sin(2 * omega));
        double deps = (9.20 * Math.Cos(omega)) + (0.57 * Math.Cos(2 * l)) + (0.10 * Math.Cos(2 * lm)) - (0.09 * Math.Cos(2 * omega));
        return (dpsi * ArcsecToRad, deps * ArcsecToRad);
    }

    /// <summary>Mean obliquity of the ecliptic (IAU 1980, Meeus 22.2), rad.</summary>
    public static double MeanObliquity(double t) =>
        (84381.448 - (t * (46.8150 + (t * (0.00059 - (0.001813 * t)))))) * ArcsecToRad;

    /// <summary>Unit-free ecliptic-of-date (λ, β, distance) → true-equator-of-date Cartesian vector (same unit as distance).</summary>
    public static Vec3 FromEcliptic(double lambdaRad, double betaRad, double distance, double trueObliquityRad)
    {
        (double sl, double cl) = Math.SinCos(lambdaRad);
        (double sb, double cb) = Math.SinCos(betaRad);
        (double se, double ce) = Math.SinCos(trueObliquityRad);
        double x = cb * cl;
        double y = cb * sl;
        double z = sb;
        return new Vec3(distance * x, distance * ((ce * y) - (se * z)), distance * ((se * y) + (ce * z)));
    }

    /// <summary>Equation of the equinoxes Δψ cos ε (rad), the angle GAST − GMST (and TEME → true-of-date about z).</summary>
    public static double EquationOfEquinoxes(JulianDate tt)
    {
        double t = tt.CenturiesSinceJ2000;
        (double dpsi, double deps) = Nutation(t);
        return dpsi * Math.Cos(MeanObliquity(t) + deps);
    }

    /// <summary>A true-of-date geocentric vector (km) → Earth-fixed ITRF (km) at a UTC instant.</summary>
    public static Vec3 ToItrf(Vec3 trueOfDateKm, DateTime utc, JulianDate tt, in EarthOrientationParameters eop)
    {
        double gmst = SiderealTime.Gmst82(TimeScales.Ut1FromUtc(utc, eop.Ut1MinusUtcSeconds));
        double gast = gmst + EquationOfEquinoxes(tt);
        return TemeToItrf.PefToItrf(TemeToItrf.RotateZ(trueOfDateKm, gast), eop);
    }

    /// <summary>A true-of-date vector → SGP4's TEME (true equator, mean equinox): rotate by the equation of the equinoxes.</summary>
    public static Vec3 ToTeme(Vec3 trueOfDateKm, JulianDate tt) => TemeToItrf.RotateZ(trueOfDateKm, EquationOfEquinoxes(tt));

    /// <summary>Azimuth/elevation/distance from a station of a body at a true-of-date geocentric position (km).</summary>
    public static HorizontalPosition Horizontal(Vec3 trueOfDateKm, DateTime utc, JulianDate tt, GroundStation station, in EarthOrientationParameters eop)
    {
        ArgumentNullException.ThrowIfNull(station);
        Vec3 rho = ToItrf(trueOfDateKm, utc, tt, eop) - station.PositionItrfKm;
        Vec3 enu = station.ToEnu(rho);
        return new HorizontalPosition(Topocentric.Azimuth(enu), Topocentric.Elevation(enu), rho.Norm);
    }
}

namespace Station.Core.Orbits;

/// <summary>Greenwich sidereal time.</summary>
public static class SiderealTime
{
    private const double TwoPi = 2.0 * Math.PI;

    /// <summary>
    /// GMST of the IAU-82 model (AIAA 2006-6753 appendix C; Vallado's <c>gstime</c>) in radians, 0 ≤ θ &lt; 2π,
    /// from the UT1 Julian date. This is the angle SGP4's TEME frame is rotated by to reach the pseudo-Earth-fixed frame.
    /// </summary>
    public static double Gmst82(JulianDate ut1)
    {
        double t = ut1.CenturiesSinceJ2000;
        // Seconds of sidereal time past the day's 0h; the 876600 h/century of Vallado's form become whole days
        // and are kept out of the polynomial, the day fraction is added separately to keep full precision.
        double g = 67310.54841 + ((8640184.812866 + ((0.093104 + (-6.2e-6 * t)) * t)) * t);
        double frac = Frac(ut1.Whole) + ut1.Fraction + Frac(g / JulianDate.SecondsPerDay);
        return Frac(frac) * TwoPi;
    }

    /// <summary>
    /// GMST-82 from a single-double UT1 Julian date, evaluated exactly as Vallado's <c>gstime</c> does; SGP4's
    /// deep-space initialisation uses it so results match the reference implementation to the last digit.
    /// </summary>
    public static double Gmst82Vallado(double julianDateUt1)
    {
        double tut1 = (julianDateUt1 - 2451545.0) / 36525.0;
        double seconds = (-6.2e-6 * tut1 * tut1 * tut1) + (0.093104 * tut1 * tut1)
            + (((876600.0 * 3600.0) + 8640184.812866) * tut1) + 67310.54841;
        // 360°/86400 s = 1/240 degree per second of time.
        double gmst = seconds * (Math.PI / 180.0) / 240.0 % TwoPi;
        return gmst < 0.0 ? gmst + TwoPi : gmst;
    }

    /// <summary>Rate of GMST-82 in rad per second of UT1 (≈ 7.2921158553e-5).</summary>
    public static double Gmst82RateRadPerSecond(JulianDate ut1)
    {
        double t = ut1.CenturiesSinceJ2000;
        double dg = 8640184.812866 + (((0.093104 * 2.0) + (-6.2e-6 * 3.0 * t)) * t);
        return (1.0 + (dg / (JulianDate.SecondsPerDay * 36525.0))) * TwoPi / JulianDate.SecondsPerDay;
    }

    private static double Frac(double x) => x - Math.Floor(x);
}

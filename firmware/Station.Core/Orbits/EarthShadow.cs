namespace Station.Core.Orbits;

/// <summary>
/// Whether a satellite is in sunlight: a conical Earth shadow from the apparent discs of the Sun and a spherical
/// Earth (radius = WGS-84 equatorial) as seen from the satellite (Montenbruck &amp; Gill, Satellite Orbits, 3.4.2).
/// </summary>
public static class EarthShadow
{
    /// <summary>
    /// Fraction of the Sun's disc visible from the satellite, 0 (umbra) … 1 (full sunlight). Both vectors are geocentric,
    /// in the same frame, in km.
    /// </summary>
    public static double SunVisibleFraction(Vec3 satelliteKm, Vec3 sunKm)
    {
        Vec3 toSun = sunKm - satelliteKm;
        double dSun = toSun.Norm;
        double dEarth = satelliteKm.Norm;
        if (dEarth <= Wgs84.EquatorialRadiusKm)
        {
            return 0.0;   // at or below the surface: treat as shadowed
        }

        double a = Math.Asin(Math.Min(1.0, Sun.RadiusKm / dSun));              // apparent radius of the Sun
        double b = Math.Asin(Wgs84.EquatorialRadiusKm / dEarth);              // apparent radius of the Earth
        double cosC = -Vec3.Dot(satelliteKm, toSun) / (dEarth * dSun);
        double c = Math.Acos(Math.Clamp(cosC, -1.0, 1.0));                    // Sun–Earth centre separation
        if (c >= a + b)
        {
            return 1.0;
        }

        if (c <= b - a)
        {
            return 0.0;
        }

        if (c <= a - b)
        {
            return 1.0 - (b * b / (a * a));                                     // Earth inside the solar disc
        }

        // Partial overlap of two discs (small-angle plane geometry).
        double x = ((c * c) + (a * a) - (b * b)) / (2.0 * c);
        double y = Math.Sqrt(Math.Max(0.0, (a * a) - (x * x)));
        double area = (a * a * Math.Acos(Math.Clamp(x / a, -1.0, 1.0)))
            + (b * b * Math.Acos(Math.Clamp((c - x) / b, -1.0, 1.0))) - (c * y);
        return Math.Clamp(1.0 - (area / (Math.PI * a * a)), 0.0, 1.0);
    }

    /// <summary>
    /// True when the centre of the Sun is above the Earth's limb as seen from the satellite — the middle of the
    /// penumbra, the same criterion as skyfield's <c>is_sunlit()</c>. Vectors geocentric, same frame, km.
    /// </summary>
    public static bool IsSunlit(Vec3 satelliteKm, Vec3 sunKm) => SunCentreAboveLimbRad(satelliteKm, sunKm) >= 0.0;

    /// <summary>Angle (rad) of the Sun's centre above (+) or below (−) the Earth's limb as seen from the satellite.</summary>
    public static double SunCentreAboveLimbRad(Vec3 satelliteKm, Vec3 sunKm)
    {
        Vec3 toSun = sunKm - satelliteKm;
        double dEarth = satelliteKm.Norm;
        double b = Math.Asin(Math.Min(1.0, Wgs84.EquatorialRadiusKm / dEarth));
        double cosC = -Vec3.Dot(satelliteKm, toSun) / (dEarth * toSun.Norm);
        return Math.Acos(Math.Clamp(cosC, -1.0, 1.0)) - b;
    }

    /// <summary>Whether a TEME position (km, SGP4 output) is sunlit at a UTC instant (Sun centre criterion).</summary>
    public static bool IsSunlit(Vec3 rTemeKm, DateTime utc) => IsSunlit(rTemeKm, Sun.PositionTemeKm(utc));

    /// <summary>Visible fraction of the Sun's disc from a TEME position (km) at a UTC instant (conical shadow).</summary>
    public static double SunVisibleFraction(Vec3 rTemeKm, DateTime utc) => SunVisibleFraction(rTemeKm, Sun.PositionTemeKm(utc));
}

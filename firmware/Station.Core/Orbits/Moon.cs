namespace Station.Core.Orbits;

/// <summary>
/// The Moon from the truncated ELP-2000/82 series of Meeus, Astronomical Algorithms ch. 47 (~10″ in longitude,
/// ~4″ in latitude), plus nutation; the Moon's large parallax (~1°) comes from the station-minus-geocentre vector.
/// </summary>
public static class Moon
{
    /// <summary>Mean lunar radius, km.</summary>
    public const double RadiusKm = 1737.4;

    private const double DegToRad = Math.PI / 180.0;

    /// <summary>Apparent topocentric position (geometric elevation, no refraction).</summary>
    public static HorizontalPosition Apparent(DateTime utc, GroundStation station, EarthOrientation? eop = null)
    {
        EarthOrientationParameters p = eop is null ? default : eop.At(utc);
        JulianDate tt = TimeScales.TtFromUtc(utc);
        return TrueOfDate.Horizontal(ApparentTrueOfDateKm(tt), utc, tt, station, p);
    }

    /// <summary>Apparent geocentric position, true equator and equinox of date, km.</summary>
    public static Vec3 ApparentTrueOfDateKm(JulianDate tt)
    {
        double t = tt.CenturiesSinceJ2000;
        // Mean arguments (deg, Meeus 47.1-47.5); L' includes the constant light-time term.
        double lp = Poly(t, 218.3164477, 481267.88123421, -0.0015786, 1.0 / 538841.0, -1.0 / 65194000.0);
        double d = Poly(t, 297.8501921, 445267.1114034, -0.0018819, 1.0 / 545868.0, -1.0 / 113065000.0);
        double m = Poly(t, 357.5291092, 35999.0502909, -0.0001536, 1.0 / 24490000.0, 0.0);
        double mp = Poly(t, 134.9633964, 477198.8675055, 0.0087414, 1.0 / 69699.0, -1.0 / 14712000.0);
        double f = Poly(t, 93.2720950, 483202.0175233, -0.0036539, -1.0 / 3526000.0, 1.0 / 863310000.0);
        double a1 = (119.75 + (131.849 * t)) * DegToRad;
        double a2 = (53.09 + (479264.290 * t)) * DegToRad;
        double a3 = (313.45 + (481266.484 * t)) * DegToRad;
        double e = 1.0 - (t * (0.002516 + (0.0000074 * t)));
        double lpR = lp * DegToRad;
        double dR = d * DegToRad;
        double mR = m * DegToRad;
        double mpR = mp * DegToRad;
        double fR = f * DegToRad;

        double sl = (3958.0 * Math.Sin(a1)) + (1962.0 * Math.Sin(lpR - fR)) + (318.0 * Math.Sin(a2));
        double sr = 0.0;
        int[] ld = LongitudeDistanceTerms;
        for (int i = 0; i < ld.Length; i += 6)
        {
            double arg = (ld[i] * dR) + (ld[i + 1] * mR) + (ld[i + 2] * mpR) + (ld[i + 3] * fR);
            double k = EccentricityFactor(ld[i + 1], e);
            (double s, double c) = Math.SinCos(arg);
            sl += ld[i + 4] * k * s;
            sr += ld[i + 5] * k * c;
        }

        double sb = (-2235.0 * Math.Sin(lpR)) + (382.0 * Math.Sin(a3)) + (175.0 * Math.Sin(a1 - fR))
            + (175.0 * Math.Sin(a1 + fR)) + (127.0 * Math.Sin(lpR - mpR)) - (115.0 * Math.Sin(lpR + mpR));
        int[] lt = LatitudeTerms;
        for (int i = 0; i < lt.Length; i += 5)
        {
            double arg = (lt[i] * dR) + (lt[i + 1] * mR) + (lt[i + 2] * mpR) + (lt[i + 3] * fR);
            sb += lt[i + 4] * EccentricityFactor(lt[i + 1], e) * Math.Sin(arg);
        }

        (double dpsi, double deps) = TrueOfDate.Nutation(t);
        double lambda = ((lp + (sl * 1e-6)) * DegToRad) + dpsi;
        double beta = sb * 1e-6 * DegToRad;
        double distanceKm = 385000.56 + (sr * 1e-3);
        double eps = TrueOfDate.MeanObliquity(t) + deps;
        return TrueOfDate.FromEcliptic(lambda, beta, distanceKm, eps);
    }

    /// <summary>Geocentric Moon in SGP4's TEME frame, km.</summary>
    public static Vec3 PositionTemeKm(DateTime utc)
    {
        JulianDate tt = TimeScales.TtFromUtc(utc);
        return TrueOfDate.ToTeme(ApparentTrueOfDateKm(tt), tt);
    }

    // Terms with the Sun's anomaly M carry the Earth-orbit eccentricity factor E (|M| = 1) or E² (|M| = 2).
    private static double EccentricityFactor(int mMultiple, double e) => mMultiple switch
    {
        1 or -1 => e,
        2 or -2 => e * e,
        _ => 1.0,
    };

    private static double Poly(double t, double c0, double c1, double c2, double c3, double c4) =>
        c0 + (t * (c1 + (t * (c2 + (t * (c3 + (t * c4)))))));

    // Meeus table 47.A: multiples of D, M, M', F; Σl (1e-6 deg, sine) and Σr (1e-3 km, cosine).
    private static readonly int[] LongitudeDistanceTerms =
    [
        0, 0, 1, 0, 6288774, -20905355, 2, 0, -1, 0, 1274027, -3699111, 2, 0, 0, 0, 658314, -2955968,
        0, 0, 2, 0, 213618, -569925, 0, 1, 0, 0, -185116, 48888, 0, 0, 0, 2, -114332, -3149,
        2, 0, -2, 0, 58793, 246158, 2, -1, -1, 0, 57066, -152138, 2, 0, 1, 0, 53322, -170733,
        2, -1, 0, 0, 45758, -204586, 0, 1, -1, 0, -40923, -129620, 1, 0, 0, 0, -34720, 108743,
        0, 1, 1, 0, -30383, 104755, 2, 0, 0, -2, 15327, 10321, 0, 0, 1, 2, -12528, 0,
        0, 0, 1, -2, 10980, 79661, 4, 0, -1, 0, 10675, -34782, 0, 0, 3, 0, 10034, -23210,
        4, 0, -2, 0, 8548, -21636, 2, 1, -1, 0, -7888, 24208, 2, 1, 0, 0, -6766, 30824,
        1, 0, -1, 0, -5163, -8379, 1, 1, 0, 0, 4987, -16675, 2, -1, 1, 0, 4036, -12831,
        2, 0, 2, 0, 3994, -10445, 4, 0, 0, 0, 3861, -11650, 2, 0, -3, 0, 3665, 14403,
        0, 1, -2, 0, -2689, -7003, 2, 0, -1, 2, -2602, 0, 2, -1, -2, 0, 2390, 10056,
        1, 0, 1, 0, -2348, 6322, 2, -2, 0, 0, 2236, -9884, 0, 1, 2, 0, -2120, 5751,
        0, 2, 0, 0, -2069, 0, 2, -2, -1, 0, 2048, -4950, 2, 0, 1, -2, -1773, 4130,
        2, 0, 0, 2, -1595, 0, 4, -1, -1, 0, 1215, -3958, 0, 0, 2, 2, -1110, 0,
        3, 0, -1, 0, -892, 3258, 2, 1, 1, 0, -810, 2616, 4, -1, -2, 0, 759, -1897,
        0, 2, -1, 0, -713, -2117, 2, 2, -1, 0, -700, 2354, 2, 1, -2, 0, 691, 0,
        2, -1, 0, -2, 596, 0, 4, 0, 1, 0, 549, -1423, 0, 0, 4, 0, 537, -1117,
        4, -1, 0, 0, 520, -1571, 1, 0, -2, 0, -487, -1739, 2, 1, 0, -2, -399, 0,
        0, 0, 2, -2, -381, -4421, 1, 1, 1, 0, 351, 0, 3, 0, -2, 0, -340, 0,
        4, 0, -3, 0, 330, 0, 2, -1, 2, 0, 327, 0, 0, 2, 1, 0, -323, 1165,
        1, 1, -1, 0, 299, 0, 2, 0, 3, 0, 294, 0, 2, 0, -1, -2, 0, 8752,
    ];

    // Meeus table 47.B: multiples of D, M, M', F; Σb (1e-6 deg, sine).
    private static readonly int[] LatitudeTerms =
    [
        0, 0, 0, 1, 5128122, 0, 0, 1, 1, 280602, 0, 0, 1, -1, 277693, 2, 0, 0, -1, 173237,
        2, 0, -1, 1, 55413, 2, 0, -1, -1, 46271, 2, 0, 0, 1, 32573, 0, 0, 2, 1, 17198,
        2, 0, 1, -1, 9266, 0, 0, 2, -1, 8822, 2, -1, 0, -1, 8216, 2, 0, -2, -1, 4324,
        2, 0, 1, 1, 4200, 2, 1, 0, -1, -3359, 2, -1, -1, 1, 2463, 2, -1, 0, 1, 2211,
        2, -1, -1, -1, 2065, 0, 1, -1, -1, -1870, 4, 0, -1, -1, 1828, 0, 1, 0, 1, -1794,
        0, 0, 0, 3, -1749, 0, 1, -1, 1, -1565, 1, 0, 0, 1, -1491, 0, 1, 1, 1, -1475,
        0, 1, 1, -1, -1410, 0, 1, 0, -1, -1344, 1, 0, 0, -1, -1335, 0, 0, 3, 1, 1107,
        4, 0, 0, -1, 1021, 4, 0, -1, 1, 833, 0, 0, 1, -3, 777, 4, 0, -2, 1, 671,
        2, 0, 0, -3, 607, 2, 0, 2, -1, 596, 2, -1, 1, -1, 491, 2, 0, -2, 1, -451,
        0, 0, 3, -1, 439, 2, 0, 2, 1, 422, 2, 0, -3, -1, 421, 2, 1, -1, 1, -366,
        2, 1, 0, 1, -351, 4, 0, 0, 1, 331, 2, -1, 1, 1, 315, 2, -2, 0, -1, 302,
        0, 0, 1, 3, -283, 2, 1, 1, -1, -229, 1, 1, 0, -1, 223, 1, 1, 0, 1, 223,
        0, 1, -2, -1, -220, 2, 1, -1, -1, -220, 1, 0, 1, 1, -185, 2, -1, -2, -1, 181,
        0, 1, 2, 1, -177, 4, 0, -2, -1, 176, 4, -1, -1, -1, 166, 1, 0, 1, -1, -164,
        4, 0, 1, -1, 132, 1, 0, -1, -1, -119, 4, -1, 0, -1, 115, 2, -2, 0, 1, 107,
    ];
}

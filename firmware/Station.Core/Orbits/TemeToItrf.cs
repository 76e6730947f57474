namespace Station.Core.Orbits;

/// <summary>
/// SGP4's TEME frame → Earth-fixed ITRF: rotate by GMST-82 about z to the pseudo-Earth-fixed frame (PEF), then
/// apply polar motion (x_p, y_p) if given. Velocities get the ω × r term of the rotating frame (AIAA 2006-6753 C).
/// </summary>
public static class TemeToItrf
{
    /// <summary>Nominal Earth rotation rate, rad/s (Vallado), scaled by (1 − LOD/86400) when LOD is known.</summary>
    public const double EarthRotationRadPerSecond = 7.292115e-5;

    private const double ArcsecToRad = Math.PI / (180.0 * 3600.0);

    /// <summary>Position only (km in, km out).</summary>
    public static Vec3 Position(Vec3 rTeme, DateTime utc, in EarthOrientationParameters eop)
    {
        double gmst = SiderealTime.Gmst82(TimeScales.Ut1FromUtc(utc, eop.Ut1MinusUtcSeconds));
        return PefToItrf(RotateZ(rTeme, gmst), eop);
    }

    /// <summary>Position and velocity (km, km/s) at a UTC instant with the given Earth orientation.</summary>
    public static void Transform(Vec3 rTeme, Vec3 vTeme, DateTime utc, in EarthOrientationParameters eop, out Vec3 rItrf, out Vec3 vItrf)
    {
        double gmst = SiderealTime.Gmst82(TimeScales.Ut1FromUtc(utc, eop.Ut1MinusUtcSeconds));
        Transform(rTeme, vTeme, gmst, eop, out rItrf, out vItrf);
    }

    /// <summary>Position and velocity given GMST-82 (rad) — for callers that already hold the angle.</summary>
    public static void Transform(Vec3 rTeme, Vec3 vTeme, double gmstRad, in EarthOrientationParameters eop, out Vec3 rItrf, out Vec3 vItrf)
    {
        Vec3 rPef = RotateZ(rTeme, gmstRad);
        double omega = EarthRotationRadPerSecond * (1.0 - (eop.LodSeconds / JulianDate.SecondsPerDay));
        // v_PEF = R v_TEME − ω × r_PEF, with ω along +z.
        Vec3 vRot = RotateZ(vTeme, gmstRad);
        Vec3 vPef = new(vRot.X + (omega * rPef.Y), vRot.Y - (omega * rPef.X), vRot.Z);
        rItrf = PefToItrf(rPef, eop);
        vItrf = PefToItrf(vPef, eop);
    }

    /// <summary>Frame rotation by <paramref name="angleRad"/> about z: the vector seen from axes turned by +angle.</summary>
    public static Vec3 RotateZ(Vec3 v, double angleRad)
    {
        (double s, double c) = Math.SinCos(angleRad);
        return new Vec3((c * v.X) + (s * v.Y), (-s * v.X) + (c * v.Y), v.Z);
    }

    /// <summary>
    /// Polar motion: r_ITRF = Wᵀ r_PEF with W = R2(x_p) R1(y_p) (IERS; Vallado's <c>polarm</c> '80', s′ neglected),
    /// in first-order form (second-order terms are below 1e-11 for |x_p|, |y_p| &lt; 1″). The PEF pole lands at (x_p, −y_p, 1).
    /// </summary>
    public static Vec3 PefToItrf(Vec3 pef, in EarthOrientationParameters eop)
    {
        if (eop.XpArcsec == 0.0 && eop.YpArcsec == 0.0)
        {
            return pef;
        }

        double xp = eop.XpArcsec * ArcsecToRad;
        double yp = eop.YpArcsec * ArcsecToRad;
        return new Vec3(
            pef.X + (xp * pef.Z),
            pef.Y - (yp * pef.Z),
            (-xp * pef.X) + (yp * pef.Y) + pef.Z);
    }

    /// <summary>Inverse of <see cref="PefToItrf"/> (to first order in x_p, y_p).</summary>
    public static Vec3 ItrfToPef(Vec3 itrf, in EarthOrientationParameters eop)
    {
        if (eop.XpArcsec == 0.0 && eop.YpArcsec == 0.0)
        {
            return itrf;
        }

        double xp = eop.XpArcsec * ArcsecToRad;
        double yp = eop.YpArcsec * ArcsecToRad;
        return new Vec3(
            itrf.X - (xp * itrf.Z),
            itrf.Y + (yp * itrf.Z),
            (xp * itrf.X) - (yp * itrf.Y) + itrf.Z);
    }
}

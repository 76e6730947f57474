using UnitsNet;

namespace Station.Core.Orbits;

/// <summary>
/// Topocentric look angles: azimuth from true north clockwise (0–360°), elevation above the plane normal to the
/// WGS-84 ellipsoid (geometric, no refraction), slant range and range-rate (positive when receding).
/// </summary>
public readonly record struct LookAngles(double AzimuthDeg, double ElevationDeg, double RangeKm, double RangeRateKmPerS)
{
    public Angle Azimuth => Angle.FromDegrees(AzimuthDeg);

    public Angle Elevation => Angle.FromDegrees(ElevationDeg);

    public Length Range => Length.FromKilometers(RangeKm);

    public Speed RangeRate => Speed.FromKilometersPerSecond(RangeRateKmPerS);
}

/// <summary><see cref="LookAngles"/> plus the azimuth and elevation rates seen in the rotating local frame.</summary>
public readonly record struct LookAnglesWithRates(
    double AzimuthDeg, double ElevationDeg, double RangeKm, double RangeRateKmPerS, double AzimuthRateDegPerS, double ElevationRateDegPerS)
{
    public LookAngles Angles => new(AzimuthDeg, ElevationDeg, RangeKm, RangeRateKmPerS);

    public RotationalSpeed AzimuthRate => RotationalSpeed.FromDegreesPerSecond(AzimuthRateDegPerS);

    public RotationalSpeed ElevationRate => RotationalSpeed.FromDegreesPerSecond(ElevationRateDegPerS);
}

/// <summary>
/// Look angles from a station to a satellite given SGP4's TEME state. TEME → ITRF by GMST-82 at UT1 (+ polar motion),
/// then station-relative east-north-up. Allocation-free; range-rate uses SGP4's velocity (relative velocity in the
/// Earth-fixed frame projected on the line of sight), not a finite difference.
/// </summary>
public static class Topocentric
{
    private const double RadToDeg = 180.0 / Math.PI;

    /// <summary>Look angles for a TEME state (km, km/s) at a UTC instant with explicit Earth orientation.</summary>
    public static LookAngles Look(Vec3 rTemeKm, Vec3 vTemeKmPerS, DateTime utc, GroundStation station, in EarthOrientationParameters eop)
    {
        TemeToItrf.Transform(rTemeKm, vTemeKmPerS, utc, eop, out Vec3 r, out Vec3 v);
        return FromItrf(r, v, station);
    }

    /// <summary>Look angles for a TEME state; <paramref name="eop"/> null means UT1 = UTC and no polar motion.</summary>
    public static LookAngles Look(Vec3 rTemeKm, Vec3 vTemeKmPerS, DateTime utc, GroundStation station, EarthOrientation? eop = null)
    {
        EarthOrientationParameters p = eop is null ? default : eop.At(utc);
        return Look(rTemeKm, vTemeKmPerS, utc, station, p);
    }

    /// <summary>Look angles and az/el rates for a TEME state.</summary>
    public static LookAnglesWithRates LookWithRates(Vec3 rTemeKm, Vec3 vTemeKmPerS, DateTime utc, GroundStation station, in EarthOrientationParameters eop)
    {
        TemeToItrf.Transform(rTemeKm, vTemeKmPerS, utc, eop, out Vec3 r, out Vec3 v);
        return FromItrfWithRates(r, v, station);
    }

    /// <summary>Look angles and az/el rates; <paramref name="eop"/> null means UT1 = UTC and no polar motion.</summary>
    public static LookAnglesWithRates LookWithRates(Vec3 rTemeKm, Vec3 vTemeKmPerS, DateTime utc, GroundStation station, EarthOrientation? eop = null)
    {
        EarthOrientationParameters p = eop is null ? default : eop.At(utc);
        return LookWithRates(rTemeKm, vTemeKmPerS, utc, station, p);
    }

    /// <summary>Look angles for an Earth-fixed state (km, km/s; velocity relative to the rotating Earth).</summary>
    public static LookAngles FromItrf(Vec3 rItrfKm, Vec3 vItrfKmPerS, GroundStation station)
    {
        ArgumentNullException.ThrowIfNull(station);
        Vec3 rho = rItrfKm - station.PositionItrfKm;
        Vec3 enu = station.ToEnu(rho);
        double range = rho.Norm;
        double rangeRate = Vec3.Dot(rho, vItrfKmPerS) / range;
        return new LookAngles(Azimuth(enu), Elevation(enu), range, rangeRate);
    }

    /// <summary>Look angles and rates for an Earth-fixed state.</summary>
    public static LookAnglesWithRates FromItrfWithRates(Vec3 rItrfKm, Vec3 vItrfKmPerS, GroundStation station)
    {
        ArgumentNullException.ThrowIfNull(station);
        Vec3 rho = rItrfKm - station.PositionItrfKm;
        Vec3 p = station.ToEnu(rho);
        Vec3 v = station.ToEnu(vItrfKmPerS);
        double h2 = (p.X * p.X) + (p.Y * p.Y);
        double h = Math.Sqrt(h2);
        double range2 = h2 + (p.Z * p.Z);
        double range = Math.Sqrt(range2);
        double rangeRate = Vec3.Dot(p, v) / range;
        // d/dt atan2(e, n) and d/dt atan2(u, h); undefined exactly at the zenith (h = 0), reported as 0 there.
        double azRate = h2 > 0.0 ? ((p.Y * v.X) - (p.X * v.Y)) / h2 : 0.0;
        double elRate = h > 0.0 ? ((v.Z * h2) - (p.Z * ((p.X * v.X) + (p.Y * v.Y)))) / (range2 * h) : 0.0;
        return new LookAnglesWithRates(Azimuth(p), Elevation(p), range, rangeRate, azRate * RadToDeg, elRate * RadToDeg);
    }

    /// <summary>Azimuth (deg, 0–360 from north through east) of an east-north-up vector.</summary>
    public static double Azimuth(Vec3 enu)
    {
        double az = Math.Atan2(enu.X, enu.Y) * RadToDeg;
        if (az < 0.0)
        {
            az += 360.0;
        }

        return az >= 360.0 ? 0.0 : az;
    }

    /// <summary>Elevation (deg) of an east-north-up vector.</summary>
    public static double Elevation(Vec3 enu) =>
        Math.Atan2(enu.Z, Math.Sqrt((enu.X * enu.X) + (enu.Y * enu.Y))) * RadToDeg;
}

using UnitsNet;

namespace Station.Core.Orbits;

/// <summary>
/// Atmospheric refraction by Bennett's formula scaled by pressure and temperature, as skyfield's
/// <c>earthlib.refraction()</c> / <c>refract()</c>: R = (1/60°) / tan(h + 7.31/(h + 4.4)) · 0.28 P / (T + 273), with h the
/// apparent altitude in degrees, P in mbar (hPa), T in °C, and R = 0 outside −1° ≤ h ≤ 89.9°.
/// </summary>
public static class Refraction
{
    public const double StandardTemperatureC = 10.0;
    public const double SeaLevelPressureMbar = 1010.0;

    private const double DegToRad = Math.PI / 180.0;

    /// <summary>skyfield's 'standard' pressure at a height: 1010 mbar · exp(−h / 9.1 km).</summary>
    public static double StandardPressureMbar(double heightM) => SeaLevelPressureMbar * Math.Exp(-heightM / 9100.0);

    /// <summary>Refraction (deg) for an object seen at <paramref name="apparentElevationDeg"/>.</summary>
    public static double BennettDeg(double apparentElevationDeg, double temperatureC, double pressureMbar)
    {
        double h = apparentElevationDeg;
        if (!(h >= -1.0 && h <= 89.9))
        {
            return 0.0;
        }

        double r = 0.016667 / Math.Tan((h + (7.31 / (h + 4.4))) * DegToRad);
        return r * (0.28 * pressureMbar / (temperatureC + 273.0));
    }

    /// <summary>
    /// Where an object at geometric elevation <paramref name="geometricElevationDeg"/> appears (what the mount points
    /// at). Solves a − R(a) = g by the same fixed-point iteration as skyfield's <c>refract()</c>, started at g, but run
    /// to 1e-10° instead of skyfield's 3e-5° stopping step (so the two differ by up to ~1.5e-5°). Geometric elevations
    /// below −1° are returned unchanged, as skyfield does.
    /// </summary>
    public static double ApparentFromGeometricDeg(double geometricElevationDeg, double temperatureC, double pressureMbar)
    {
        double a = geometricElevationDeg;
        for (int i = 0; i < 60; i++)
        {
            double next = geometricElevationDeg + BennettDeg(a, temperatureC, pressureMbar);
            double step = Math.Abs(next - a);
            a = next;
            if (step <= 1e-10)
            {
                break;
            }
        }

        return a;
    }

    /// <summary>Geometric elevation (deg) of an object seen at <paramref name="apparentElevationDeg"/>: a − R(a), no iteration.</summary>
    public static double GeometricFromApparentDeg(double apparentElevationDeg, double temperatureC, double pressureMbar) =>
        apparentElevationDeg - BennettDeg(apparentElevationDeg, temperatureC, pressureMbar);

    public static Angle ApparentFromGeometric(Angle geometricElevation, Temperature temperature, Pressure pressure) =>
        Angle.FromDegrees(ApparentFromGeometricDeg(geometricElevation.Degrees, temperature.DegreesCelsius, pressure.Millibars));

    public static Angle GeometricFromApparent(Angle apparentElevation, Temperature temperature, Pressure pressure) =>
        Angle.FromDegrees(GeometricFromApparentDeg(apparentElevation.Degrees, temperature.DegreesCelsius, pressure.Millibars));
}

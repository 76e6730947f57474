namespace Station.Core.Orbits;

/// <summary>WGS-84 ellipsoid and geodetic ↔ Earth-fixed Cartesian conversions (km).</summary>
public static class Wgs84
{
    public const double EquatorialRadiusKm = 6378.137;
    public const double Flattening = 1.0 / 298.257223563;
    public const double EccentricitySquared = Flattening * (2.0 - Flattening);

    /// <summary>Earth-fixed position (km) of a point at geodetic latitude/longitude (rad) and ellipsoidal height (km).</summary>
    public static Vec3 ToEcef(double latitudeRad, double longitudeRad, double heightKm)
    {
        (double sLat, double cLat) = Math.SinCos(latitudeRad);
        (double sLon, double cLon) = Math.SinCos(longitudeRad);
        double n = EquatorialRadiusKm / Math.Sqrt(1.0 - (EccentricitySquared * sLat * sLat));
        double rxy = (n + heightKm) * cLat;
        return new Vec3(rxy * cLon, rxy * sLon, ((n * (1.0 - EccentricitySquared)) + heightKm) * sLat);
    }

    /// <summary>
    /// Geodetic latitude, longitude (rad) and height (km) of an Earth-fixed point (km), by Bowring's iteration
    /// (converges to &lt; 1e-12 rad in 3–4 steps for points near the Earth).
    /// </summary>
    public static (double LatitudeRad, double LongitudeRad, double HeightKm) FromEcef(Vec3 r)
    {
        double p = Math.Sqrt((r.X * r.X) + (r.Y * r.Y));
        double lon = Math.Atan2(r.Y, r.X);
        double lat = Math.Atan2(r.Z, p * (1.0 - EccentricitySquared));
        double h = 0.0;
        for (int i = 0; i < 10; i++)
        {
            (double s, double c) = Math.SinCos(lat);
            double n = EquatorialRadiusKm / Math.Sqrt(1.0 - (EccentricitySquared * s * s));
            h = Math.Abs(c) > 1e-10 ? (p / c) - n : (Math.Abs(r.Z) / Math.Abs(s)) - (n * (1.0 - EccentricitySquared));
            double next = Math.Atan2(r.Z, p * (1.0 - (EccentricitySquared * n / (n + h))));
            bool done = Math.Abs(next - lat) < 1e-14;
            lat = next;
            if (done)
            {
                break;
            }
        }

        return (lat, lon, h);
    }
}

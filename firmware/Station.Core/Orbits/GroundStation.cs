using UnitsNet;

namespace Station.Core.Orbits;

/// <summary>
/// A ground station on the WGS-84 ellipsoid. Its Earth-fixed position and local east-north-up axes are computed
/// once here, so look-angle evaluation per sample is a handful of multiplications.
/// </summary>
public sealed class GroundStation
{
    public GroundStation(string name, Angle latitude, Angle longitude, Length height)
        : this(name, latitude.Degrees, longitude.Degrees, height.Meters)
    {
    }

    /// <summary>Builds a station from geodetic latitude/longitude (deg, north/east positive) and ellipsoidal height (m).</summary>
    public GroundStation(string name, double latitudeDeg, double longitudeDeg, double heightM)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!double.IsFinite(latitudeDeg) || latitudeDeg < -90.0 || latitudeDeg > 90.0)
        {
            throw new ArgumentOutOfRangeException(nameof(latitudeDeg), latitudeDeg, "Latitude must be within -90..90 degrees.");
        }

        if (!double.IsFinite(longitudeDeg) || longitudeDeg < -180.0 || longitudeDeg > 360.0)
        {
            throw new ArgumentOutOfRangeException(nameof(longitudeDeg), longitudeDeg, "Longitude must be within -180..360 degrees.");
        }

        if (!double.IsFinite(heightM) || heightM < -1000.0 || heightM > 100_000.0)
        {
            throw new ArgumentOutOfRangeException(nameof(heightM), heightM, "Height must be within -1,000..100,000 m of the ellipsoid.");
        }

        Name = name;
        LatitudeDeg = latitudeDeg;
        LongitudeDeg = longitudeDeg > 180.0 ? longitudeDeg - 360.0 : longitudeDeg;
        HeightM = heightM;
        double lat = LatitudeDeg * Math.PI / 180.0;
        double lon = LongitudeDeg * Math.PI / 180.0;
        (SinLat, CosLat) = Math.SinCos(lat);
        (SinLon, CosLon) = Math.SinCos(lon);
        PositionItrfKm = Wgs84.ToEcef(lat, lon, heightM / 1000.0);
    }

    public string Name { get; }

    public double LatitudeDeg { get; }

    /// <summary>Longitude, east positive, normalised to −180..180.</summary>
    public double LongitudeDeg { get; }

    /// <summary>Height above the WGS-84 ellipsoid, m.</summary>
    public double HeightM { get; }

    public Angle Latitude => Angle.FromDegrees(LatitudeDeg);

    public Angle Longitude => Angle.FromDegrees(LongitudeDeg);

    public Length Height => Length.FromMeters(HeightM);

    /// <summary>Earth-fixed (ITRF/WGS-84) position, km.</summary>
    public Vec3 PositionItrfKm { get; }

    internal double SinLat { get; }

    internal double CosLat { get; }

    internal double SinLon { get; }

    internal double CosLon { get; }

    /// <summary>An Earth-fixed vector expressed in local east, north, up (ellipsoid normal) components.</summary>
    public Vec3 ToEnu(Vec3 itrf)
    {
        double e = (-SinLon * itrf.X) + (CosLon * itrf.Y);
        double t = (CosLon * itrf.X) + (SinLon * itrf.Y);
        double n = (-SinLat * t) + (CosLat * itrf.Z);
        double u = (CosLat * t) + (SinLat * itrf.Z);
        return new Vec3(e, n, u);
    }

    public override string ToString() =>
        FormattableString.Invariant($"{Name} ({LatitudeDeg:F6}°, {LongitudeDeg:F6}°, {HeightM:F1} m)");
}

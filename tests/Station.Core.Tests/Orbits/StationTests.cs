using Station.Core.Orbits;
using UnitsNet;

namespace Station.Core.Tests.Orbits;

public class StationTests
{
    [Fact]
    public void Builtin_stations_have_the_published_coordinates()
    {
        GroundStation d = StationCatalog.Delingha;
        Assert.Equal(37 + (22 / 60.0) + (44.43 / 3600), d.LatitudeDeg, 12);
        Assert.Equal(97 + (43 / 60.0) + (37.01 / 3600), d.LongitudeDeg, 12);
        Assert.Equal(3153.0, d.HeightM);
        GroundStation n = StationCatalog.Nanshan;
        Assert.Equal(43 + (28 / 60.0) + (31.66 / 3600), n.LatitudeDeg, 12);
        Assert.Equal(87 + (10 / 60.0) + (36.07 / 3600), n.LongitudeDeg, 12);
        Assert.Equal(2028.0, n.Height.Meters);
        // The two stations are ~1,120 km apart (Yin et al. 2020).
        Assert.InRange((d.PositionItrfKm - n.PositionItrfKm).Norm, 1100.0, 1140.0);
    }

    [Theory]
    [InlineData("delingha")]
    [InlineData("DeLingHa")]
    [InlineData(" NANSHAN ")]
    public void Lookup_ignores_case(string name) => Assert.NotNull(StationCatalog.Find(name));

    [Fact]
    public void Unknown_name_is_null() => Assert.Null(StationCatalog.Find("xinglong"));

    [Fact]
    public void Parses_lat_lon_height_with_negatives()
    {
        GroundStation s = StationCatalog.Parse("-33.5, -70.25 ,-12.5");
        Assert.Equal(-33.5, s.LatitudeDeg);
        Assert.Equal(-70.25, s.LongitudeDeg);
        Assert.Equal(-12.5, s.HeightM);
        Assert.Same(StationCatalog.Nanshan, StationCatalog.Parse("Nanshan"));
    }

    [Theory]
    [InlineData("37.4,97.7", "found 2 field(s)")]
    [InlineData("37.4,97.7,3153,1", "found 4 field(s)")]
    [InlineData("abc,97.7,3153", "latitude 'abc' is not a decimal number")]
    [InlineData("37.4,,3153", "longitude is empty")]
    [InlineData("37.4,97.7,NaN", "height 'NaN' is not a decimal number")]
    [InlineData("91,97.7,3153", "latitude 91 is outside -90..90 degrees")]
    [InlineData("37.4,-181,3153", "longitude -181 is outside -180..360 degrees")]
    [InlineData("37.4,97.7,200000", "height 200000 m is outside")]
    [InlineData("37,4,97,7,3153", "found 5 field(s)")]
    public void Bad_station_strings_say_what_is_wrong(string text, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => StationCatalog.Parse(text));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.False(StationCatalog.TryParse(text, out GroundStation? s, out string? err));
        Assert.Null(s);
        Assert.Equal(ex.Message, err);
    }

    [Fact]
    public void UnitsNet_constructor_and_wgs84_round_trip()
    {
        var s = new GroundStation("x", Angle.FromDegrees(-45.25), Angle.FromDegrees(200), Length.FromKilometers(1.5));
        Assert.Equal(-160.0, s.LongitudeDeg, 12);
        (double lat, double lon, double h) = Wgs84.FromEcef(s.PositionItrfKm);
        Assert.Equal(-45.25, lat * 180 / Math.PI, 11);
        Assert.Equal(-160.0, lon * 180 / Math.PI, 11);
        Assert.Equal(1.5, h, 9);
    }

    [Fact]
    public void Enu_axes_are_orthonormal_and_up_is_the_ellipsoid_normal()
    {
        GroundStation s = StationCatalog.Delingha;
        Vec3 up = s.ToEnu(s.PositionItrfKm);
        // The geocentric radius leans from the normal by ~0.19° at 37°N, toward the equator (north component negative).
        Assert.InRange(Math.Atan2(-up.Y, up.Z) * 180 / Math.PI, 0.18, 0.20);
        Assert.Equal(0.0, up.X, 9);
    }
}

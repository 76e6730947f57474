using System.Globalization;
using Station.Core.Astrometry;
using Station.Core.Orbits;
using Station.Core.Pointing;
using Station.Core.Tests.Orbits;
using Xunit.Abstractions;

namespace Station.Core.Tests.Astrometry;

/// <summary>
/// Apparent places of the bundled bright stars against ERFA's atco13 (the IAU SOFA reference; fixture made by
/// TestData/stars/make_star_fixture.py): every seventh star above 5° from Delingha and Nanshan at three dates
/// from 2016 to 2026, no refraction.
/// </summary>
public sealed class ApparentPlaceTests(ITestOutputHelper output)
{
    [Fact]
    public void Every_fixture_star_is_within_one_arcsecond_of_erfa()
    {
        var stars = StarCatalog.BrightStars.ToDictionary(s => s.Id);
        double worst = 0, sumSquares = 0;
        string worstAt = string.Empty;
        var lines = File.ReadAllLines(TestDataFiles.Path("stars", "erfa_star_places.csv"));
        Assert.Equal("hr_or_hip,station,utc,azimuth_deg,elevation_deg", lines[0]);
        foreach (string line in lines.Skip(1))
        {
            string[] f = line.Split(',');
            var utc = DateTime.Parse(f[2], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
            var place = ApparentPlace.Topocentric(stars[f[0]], utc, StationCatalog.Find(f[1])!);
            double arcsec = SlewPlanner.Separation(place.AzimuthDeg, place.ElevationDeg, double.Parse(f[3], CultureInfo.InvariantCulture), double.Parse(f[4], CultureInfo.InvariantCulture)) * 3600;
            sumSquares += arcsec * arcsec;
            if (arcsec > worst)
            {
                (worst, worstAt) = (arcsec, line);
            }
        }

        int count = lines.Length - 1;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{count} places: rms {Math.Sqrt(sumSquares / count):0.000}″, worst {worst:0.000}″ ({worstAt})"));
        Assert.True(count > 200);
        Assert.True(worst < 1.0, $"worst {worst:0.000}″ at {worstAt}");
    }

    [Fact]
    public void Aberration_parallax_and_proper_motion_each_move_a_star_by_their_known_size()
    {
        var tt = TimeScales.TtFromUtc(new DateTime(2026, 3, 19, 0, 0, 0, DateTimeKind.Utc));
        double speed = ApparentPlace.EarthVelocityKmPerS(tt).Norm;
        Assert.InRange(speed, 29.2, 30.3); // the Earth's orbital speed, km/s

        // Barnard's star is not in BSC5; a synthetic one with its motion moves 10.3″/yr × 26.2 yr.
        var still = new CatalogStar("X", "still", 269.45, 4.69, 0, 0, 0, 9.5);
        var moving = still with { PmRaCosDecMasPerYear = -798.6, PmDecMasPerYear = 10328.1 };
        double moved = Angle(ApparentPlace.GeocentricTrueOfDate(still, tt), ApparentPlace.GeocentricTrueOfDate(moving, tt));
        Assert.Equal(10.359 * (tt.DaysSinceJ2000 / 365.25), moved, 0.05);

        // Alpha Centauri's parallax (0.75″) shifts it by at most that much.
        var alphaCen = StarCatalog.BrightStars.Single(s => s.Id == "HR 5459");
        double shift = Angle(ApparentPlace.GeocentricTrueOfDate(alphaCen with { ParallaxMas = 0 }, tt), ApparentPlace.GeocentricTrueOfDate(alphaCen, tt));
        Assert.InRange(shift, 0.05, alphaCen.ParallaxMas / 1000 * 1.01);
    }

    [Fact]
    public void A_damaged_catalogue_line_is_refused_naming_the_line_and_field()
    {
        using var reader = new StringReader(StarCatalog.Header + "\nHR 15,21 Alp And,2.097083,29.090556,136,-163,32,2.06\nHR 21,11 Bet Cas,400,59.149722,525,-181,72,2.27\n");
        var error = Assert.Throws<FormatException>(() => StarCatalog.Parse(reader, "stars.csv"));
        Assert.Equal("stars.csv: line 3: ra_j2000_deg '400' is not a number in 0…360.", error.Message);
    }

    [Fact]
    public void The_bundled_catalogue_holds_every_bsc5_star_brighter_than_4_5()
    {
        var stars = StarCatalog.BrightStars;
        Assert.Equal(891, stars.Count);
        Assert.All(stars, s => Assert.True(s.VMagnitude < 4.5, s.Id));
        Assert.Contains(stars, s => s.Name.Contains("Alp CMa", StringComparison.Ordinal)); // Sirius
    }

    private static double Angle(Vec3 a, Vec3 b) => Math.Acos(Math.Clamp(Vec3.Dot(a, b) / (a.Norm * b.Norm), -1, 1)) * 180 / Math.PI * 3600;
}

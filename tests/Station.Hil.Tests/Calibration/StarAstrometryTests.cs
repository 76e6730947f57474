using System.Globalization;
using Station.Calibration.Stars;
using Station.Core.Orbits;
using Xunit.Abstractions;

namespace Station.Hil.Tests.Calibration;

public sealed class StarAstrometryTests(ITestOutputHelper output)
{
    [Fact]
    public void Catalogue_has_the_bright_stars_with_positions_and_proper_motions()
    {
        var stars = BrightStarCatalogue.All;
        Assert.InRange(stars.Count, 850, 900);
        Assert.All(stars, s => Assert.True(s.VMagnitude < 4.5));
        var alpheratz = stars.Single(s => s.Id == "HR 15");
        Assert.Equal(2.097083, alpheratz.RaJ2000Deg, 6);
        Assert.Equal(136, alpheratz.PmRaMasPerYear);
    }

    /// <summary>Against skyfield (Fixtures/make_star_fixture.py): apparent az/el within 1″ on the sky, refracted too.</summary>
    [Fact]
    public void Apparent_az_el_agrees_with_skyfield_within_one_arcsecond()
    {
        var stars = BrightStarCatalogue.All.ToDictionary(s => s.Id);
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Calibration", "Fixtures", "star_apparent_skyfield.csv")).Skip(1).ToList();
        Assert.True(lines.Count > 60);
        double worst = 0, worstRefracted = 0;
        foreach (var line in lines)
        {
            var f = line.Split(',');
            double N(int i) => double.Parse(f[i], CultureInfo.InvariantCulture);
            var site = StationCatalog.Parse(f[0]);
            var utc = DateTime.Parse(f[1], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
            var (az, el) = StarAstrometry.Topocentric(stars[f[4]], utc, site);
            worst = Math.Max(worst, SkyDistanceArcsec(az, el, N(5), N(6)));
            var (azR, elR) = StarAstrometry.Observed(stars[f[4]], utc, site, N(2), N(3));
            worstRefracted = Math.Max(worstRefracted, SkyDistanceArcsec(azR, elR, N(5), N(7)));
        }

        output.WriteLine($"{lines.Count} stars: worst {worst:0.###}″ unrefracted, {worstRefracted:0.###}″ refracted");
        Assert.True(worst < 1.0, $"worst unrefracted difference {worst:0.###}″");
        Assert.True(worstRefracted < 1.0, $"worst refracted difference {worstRefracted:0.###}″");
    }

    private static double SkyDistanceArcsec(double azRad, double elRad, double refAzDeg, double refElDeg)
    {
        double d = Math.PI / 180;
        double dAz = Math.IEEERemainder(azRad - (refAzDeg * d), 2 * Math.PI) * Math.Cos(refElDeg * d);
        double dEl = elRad - (refElDeg * d);
        return Math.Sqrt((dAz * dAz) + (dEl * dEl)) / d * 3600;
    }
}

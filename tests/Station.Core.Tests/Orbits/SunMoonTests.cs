using Station.Core.Orbits;
using Xunit.Abstractions;

namespace Station.Core.Tests.Orbits;

/// <summary>Sun and Moon against skyfield (ERFA epv00 Sun, Swiss-Ephemeris Moon; TestData/skyfield/sun_moon.csv).</summary>
public class SunMoonTests(ITestOutputHelper output)
{
    [Fact]
    public void Apparent_sun_and_moon_within_a_hundredth_of_a_degree()
    {
        FixtureCsv csv = FixtureCsv.Load("skyfield", "sun_moon.csv");
        var sunAz = new MaxError("sun az·cos(el), deg");
        var sunEl = new MaxError("sun el, deg");
        var sunDist = new MaxError("sun distance, km");
        var fast = new MaxError("fast sun el, deg");
        var moonAz = new MaxError("moon az·cos(el), deg");
        var moonEl = new MaxError("moon el, deg");
        var moonDist = new MaxError("moon distance, km");
        Assert.Equal(600, csv.Rows.Count);
        foreach (string[] row in csv.Rows)
        {
            DateTime utc = csv.Utc(row, "utc");
            GroundStation st = StationCatalog.Find(csv.Text(row, "station"))!;
            string where = $"{csv.Text(row, "station")} {csv.Text(row, "utc")}";
            HorizontalPosition sun = Sun.Apparent(utc, st);
            double refSunEl = csv.Num(row, "sun_el_deg");
            sunAz.Add(Math.IEEERemainder(sun.AzimuthDeg - csv.Num(row, "sun_az_deg"), 360) * Math.Cos(refSunEl * Math.PI / 180), where);
            sunEl.Add(sun.ElevationDeg - refSunEl, where);
            sunDist.Add(sun.DistanceKm - csv.Num(row, "sun_dist_km"), where);
            fast.Add(Sun.ElevationDegFast(utc, st) - refSunEl, where);
            HorizontalPosition moon = Moon.Apparent(utc, st);
            double refMoonEl = csv.Num(row, "moon_el_deg");
            moonAz.Add(Math.IEEERemainder(moon.AzimuthDeg - csv.Num(row, "moon_az_deg"), 360) * Math.Cos(refMoonEl * Math.PI / 180), where);
            moonEl.Add(moon.ElevationDeg - refMoonEl, where);
            moonDist.Add(moon.DistanceKm - csv.Num(row, "moon_dist_km"), where);
        }

        foreach (MaxError e in new[] { sunAz, sunEl, sunDist, fast, moonAz, moonEl, moonDist })
        {
            output.WriteLine(e.ToString());
        }

        Assert.True(sunAz.Value < 0.01 && sunEl.Value < 0.01, $"{sunAz} {sunEl}");
        Assert.True(moonAz.Value < 0.01 && moonEl.Value < 0.01, $"{moonAz} {moonEl}");
        Assert.True(moonDist.Value < 50.0, moonDist.ToString());
        Assert.True(fast.Value < 0.03, fast.ToString());
    }

    [Fact]
    public void Sunlit_matches_skyfield_away_from_the_shadow_edge()
    {
        int compared = 0;
        int shadowed = 0;
        foreach (string station in new[] { "delingha", "nanshan" })
        {
            FixtureCsv csv = FixtureCsv.Load("skyfield", $"look_{station}.csv");
            foreach (string[] row in csv.Rows)
            {
                DateTime utc = csv.Utc(row, "utc");
                var r = new Vec3(csv.Num(row, "teme_x_km"), csv.Num(row, "teme_y_km"), csv.Num(row, "teme_z_km"));
                Vec3 sun = Sun.PositionTemeKm(utc);
                double margin = EarthShadow.SunCentreAboveLimbRad(r, sun) * 180 / Math.PI;
                if (Math.Abs(margin) < 0.01)
                {
                    continue;   // within 36″ of the limb the two Sun/Earth models may disagree
                }

                bool expected = csv.Text(row, "sunlit") == "1";
                Assert.True(expected == EarthShadow.IsSunlit(r, utc), $"{csv.Text(row, "satnum")} {csv.Text(row, "utc")} margin {margin}");
                double fraction = EarthShadow.SunVisibleFraction(r, utc);
                Assert.True(expected ? fraction > 0.0 : fraction < 1.0);
                compared++;
                shadowed += expected ? 0 : 1;
            }
        }

        output.WriteLine($"{compared} rows compared, {shadowed} in shadow");
        Assert.True(shadowed > 100 && compared - shadowed > 100);
    }

    [Fact]
    public void Shadow_fraction_geometry()
    {
        var sun = new Vec3(1.496e8, 0, 0);
        Assert.Equal(1.0, EarthShadow.SunVisibleFraction(new Vec3(0, 7000, 0), sun));
        Assert.Equal(0.0, EarthShadow.SunVisibleFraction(new Vec3(-7000, 0, 0), sun));
        // On the shadow axis beyond the umbra's tip (~1.38 million km) the Earth sits inside the solar disc.
        double annular = EarthShadow.SunVisibleFraction(new Vec3(-3.0e6, 0, 0), sun);
        Assert.InRange(annular, 0.0, 1.0);
        // Across the penumbra the visible fraction rises monotonically from 0 to 1.
        double last = -1;
        for (double y = 6300; y <= 6500; y += 5)
        {
            double f = EarthShadow.SunVisibleFraction(new Vec3(-7000, y, 0), sun);
            Assert.True(f >= last);
            last = f;
        }

        Assert.Equal(1.0, last);
    }
}

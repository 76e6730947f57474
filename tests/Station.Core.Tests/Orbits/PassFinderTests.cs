using Station.Core.Orbits;
using Xunit.Abstractions;

namespace Station.Core.Tests.Orbits;

/// <summary>Pass finder behaviour beyond the skyfield fixtures: the detection guarantee, refraction, darkness and sunlight, options.</summary>
public class PassFinderTests(ITestOutputHelper output)
{
    private static readonly DateTime Start = new(2026, 3, 19, 0, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(10.0, 0.5, 0)]
    [InlineData(0.0, 0.5, 1)]
    [InlineData(30.0, 0.2, 2)]
    public void Every_pass_a_brute_force_scan_sees_above_mask_plus_margin_is_found(double mask, double margin, int offset)
    {
        // Every 70th satellite of the catalogue (210 of all kinds), scanned every 5 s for 24 h.
        ElementSet[] sets = [.. TleCatalog.Parse(File.ReadAllText(TestDataFiles.ActiveCatalog)).ElementSets.Where((_, i) => i % 70 == offset)];
        Sgp4Propagator[] satellites = [.. sets.Select(s => new Sgp4Propagator(s))];
        var finder = new PassFinder(StationCatalog.Delingha, new PassSearchOptions { MinElevationDeg = mask, DetectionMarginDeg = margin });
        IReadOnlyList<SatellitePasses> found = finder.FindAll(satellites, Start, Start.AddHours(24));

        var missed = new System.Collections.Concurrent.ConcurrentBag<string>();
        int bruteForcePasses = 0, grazingMissed = 0;
        Parallel.For(0, satellites.Length, i =>
        {
            foreach ((DateTime peakUtc, double peakDeg) in BruteForcePeaks(satellites[i], mask, 5.0))
            {
                Interlocked.Increment(ref bruteForcePasses);
                bool hit = found[i].Passes.Any(p => p.StartUtc <= peakUtc && p.EndUtc >= peakUtc);
                if (!hit && peakDeg >= mask + margin)
                {
                    missed.Add($"{sets[i].Name} peak {peakDeg:F3}° at {peakUtc:O}");
                }
                else if (!hit)
                {
                    Interlocked.Increment(ref grazingMissed);
                }
            }
        });

        output.WriteLine($"{bruteForcePasses} passes by brute force, {found.Sum(r => r.Passes.Count)} by the finder, " +
            $"{grazingMissed} grazing (peak below mask + margin) missed, evaluations {found.Sum(r => (long)r.Evaluations)}");
        Assert.True(bruteForcePasses > 300, $"{bruteForcePasses}");
        Assert.Empty(missed);
    }

    [Fact]
    public void Refraction_makes_the_mask_apparent_and_the_reported_maximum_apparent()
    {
        Sgp4Propagator iss = PassFinderFixtureTests.TestSetSatellite("ISS (ZARYA)");
        var air = new AtmosphereConditions(10.0, 1010.0);
        SatellitePass geometric = new PassFinder(StationCatalog.Delingha).Find(iss, Start, Start.AddHours(24)).Passes[0];
        SatellitePass refracted = new PassFinder(StationCatalog.Delingha, new PassSearchOptions { Refraction = air })
            .Find(iss, Start, Start.AddHours(24)).Passes[0];

        // Refraction lifts the satellite, so it clears an apparent 10° earlier and drops below it later.
        Assert.True(refracted.AosUtc < geometric.AosUtc && refracted.LosUtc > geometric.LosUtc);
        Assert.InRange(Refraction.ApparentFromGeometricDeg(refracted.Aos!.Value.ElevationDeg, 10.0, 1010.0), 10.0 - 1e-4, 10.0 + 1e-4);
        Assert.InRange(Refraction.ApparentFromGeometricDeg(refracted.Los!.Value.ElevationDeg, 10.0, 1010.0), 10.0 - 1e-4, 10.0 + 1e-4);
        Assert.Equal(Refraction.ApparentFromGeometricDeg(refracted.Tca.ElevationDeg, 10.0, 1010.0), refracted.MaxElevationDeg, 9);
        Assert.True(refracted.MaxElevationDeg > geometric.MaxElevationDeg);
        Assert.Equal(geometric.MaxElevationDeg, geometric.Tca.ElevationDeg, 12);
    }

    [Fact]
    public void Darkness_and_sunlight_are_judged_at_tca()
    {
        Sgp4Propagator[] satellites = [.. TleCatalog.Parse(File.ReadAllText(TestDataFiles.TestSet)).ElementSets.Take(10).Select(s => new Sgp4Propagator(s))];
        var finder = new PassFinder(StationCatalog.Delingha, new PassSearchOptions { DarkSunElevationDeg = -6.0 });
        var passes = PassFinder.InStartOrder(finder.FindAll(satellites, Start, Start.AddHours(48)));
        Assert.True(passes.Count > 40);
        int dark = 0, sunlit = 0;
        foreach (SatellitePass p in passes)
        {
            double sunEl = Sun.Apparent(p.TcaUtc, StationCatalog.Delingha).ElevationDeg;
            Assert.InRange(p.SunElevationAtTcaDeg - sunEl, -0.02, 0.02);
            Assert.Equal(p.SunElevationAtTcaDeg < -6.0, p.StationDark);
            Sgp4Result r = satellites.Single(s => s.CatalogNumber == p.CatalogNumber).PropagateToUtc(p.TcaUtc);
            // The finder interpolates the Sun from an hourly table; the full series must agree unless right at the shadow edge.
            Vec3 sat = new(r.XKm, r.YKm, r.ZKm);
            if (Math.Abs(EarthShadow.SunCentreAboveLimbRad(sat, Sun.PositionTemeKm(p.TcaUtc))) > 1e-5)
            {
                Assert.Equal(EarthShadow.IsSunlit(sat, p.TcaUtc), p.SatelliteSunlit);
            }

            dark += p.StationDark ? 1 : 0;
            sunlit += p.SatelliteSunlit ? 1 : 0;
        }

        // Both answers occur in two days of LEO passes, so neither can be a constant.
        Assert.InRange(dark, 1, passes.Count - 1);
        Assert.InRange(sunlit, 1, passes.Count - 1);
    }

    [Fact]
    public void Parallel_and_sequential_searches_agree_and_keep_the_input_order()
    {
        Sgp4Propagator[] satellites = [.. TleCatalog.Parse(File.ReadAllText(TestDataFiles.TestSet)).ElementSets.Select(s => new Sgp4Propagator(s))];
        var one = new PassFinder(StationCatalog.Nanshan, new PassSearchOptions { MaxDegreeOfParallelism = 1 }).FindAll(satellites, Start, Start.AddHours(24));
        var all = new PassFinder(StationCatalog.Nanshan, new PassSearchOptions { MaxDegreeOfParallelism = -1 }).FindAll(satellites, Start, Start.AddHours(24));
        Assert.Equal(satellites.Select(s => s.CatalogNumber), one.Select(r => r.CatalogNumber));
        Assert.Equal(one.Select(r => r.Passes.Count), all.Select(r => r.Passes.Count));
        Assert.Equal(one.SelectMany(r => r.Passes).Select(p => (p.AosUtc, p.TcaUtc, p.LosUtc)), all.SelectMany(r => r.Passes).Select(p => (p.AosUtc, p.TcaUtc, p.LosUtc)));

        IReadOnlyList<SatellitePass> sorted = PassFinder.InStartOrder(all);
        Assert.Equal(all.Sum(r => r.Passes.Count), sorted.Count);
        Assert.True(sorted.Zip(sorted.Skip(1)).All(x => x.First.StartUtc <= x.Second.StartUtc));
    }

    [Theory]
    [InlineData("MinElevationDeg", 90.0)]
    [InlineData("MinElevationDeg", double.NaN)]
    [InlineData("DetectionMarginDeg", 0.0)]
    [InlineData("TimeToleranceSeconds", -1.0)]
    [InlineData("DarkSunElevationDeg", 91.0)]
    public void Options_out_of_range_are_refused_by_name(string option, double value)
    {
        var options = option switch
        {
            "MinElevationDeg" => new PassSearchOptions { MinElevationDeg = value },
            "DetectionMarginDeg" => new PassSearchOptions { DetectionMarginDeg = value },
            "TimeToleranceSeconds" => new PassSearchOptions { TimeToleranceSeconds = value },
            _ => new PassSearchOptions { DarkSunElevationDeg = value },
        };
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new PassFinder(StationCatalog.Delingha, options));
        Assert.Equal(option, ex.ParamName);
        Assert.Contains($"{option} must be within", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_windows_are_refused()
    {
        Sgp4Propagator iss = PassFinderFixtureTests.TestSetSatellite("ISS (ZARYA)");
        var finder = new PassFinder(StationCatalog.Delingha);
        Assert.Contains("must end after it starts", Assert.Throws<ArgumentException>(() => finder.Find(iss, Start, Start)).Message, StringComparison.Ordinal);
        Assert.Contains("at most 31 days", Assert.Throws<ArgumentException>(() => finder.Find(iss, Start, Start.AddDays(40))).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => finder.Find(iss, new DateTime(2026, 3, 19, 0, 0, 0, DateTimeKind.Local), Start.AddDays(1)));
    }

    // Peaks of the runs of samples above the mask, every step seconds over 24 h.
    private static List<(DateTime, double)> BruteForcePeaks(Sgp4Propagator satellite, double mask, double step)
    {
        var peaks = new List<(DateTime, double)>();
        (DateTime t, double el) best = (default, double.NegativeInfinity);
        bool inPass = false;
        for (double s = 0; s <= 86400.0; s += step)
        {
            DateTime t = Start.AddSeconds(s);
            Sgp4Result r = satellite.PropagateToUtc(t);
            if (!r.IsSuccess)
            {
                break;
            }

            double el = Topocentric.Look(new Vec3(r.XKm, r.YKm, r.ZKm), new Vec3(r.VxKmPerS, r.VyKmPerS, r.VzKmPerS), t, StationCatalog.Delingha).ElevationDeg;
            if (el >= mask)
            {
                if (!inPass || el > best.el)
                {
                    best = (t, el);
                }

                inPass = true;
            }
            else if (inPass)
            {
                peaks.Add(best);
                inPass = false;
            }
        }

        if (inPass)
        {
            peaks.Add(best);
        }

        return peaks;
    }
}

using Station.Core.Orbits;
using Xunit.Abstractions;

namespace Station.Core.Tests.Orbits;

/// <summary>
/// The pass finder against skyfield (TestData/skyfield/passes_delingha_min10.csv and _min00.csv): the 45-satellite
/// test set over 2026-03-19T00:00Z + 48 h, then each ISS history set over its epoch + 48 h, from Delingha, geometric
/// elevation, UT1 = UTC, no polar motion.
/// </summary>
/// <remarks>
/// skyfield's find_events samples at a fixed fraction of the orbit and misses some dips below the mask of slow
/// deep-space satellites (QZS-1R, POLAR, CLUSTER II, BEIDOU-3 IGSO-1): it then reports one pass where the finder
/// reports two. The comparison therefore asks that every AOS and LOS skyfield reports is found, that each fixture
/// pass's highest elevation is the highest of the finder's passes inside its span, and that every extra LOS/AOS
/// pair of the finder brackets a real dip, checked by evaluating the elevation directly.
/// </remarks>
public class PassFinderFixtureTests(ITestOutputHelper output)
{
    private static readonly DateTime TestSetStart = new(2026, 3, 19, 0, 0, 0, DateTimeKind.Utc);

    public static TheoryData<int> Masks => new() { 10, 0 };

    [Theory]
    [MemberData(nameof(Masks))]
    public void Passes_match_skyfield(int mask)
    {
        FixtureCsv csv = FixtureCsv.Load("skyfield", $"passes_delingha_min{mask:00}.csv");
        var finder = new PassFinder(StationCatalog.Delingha, new PassSearchOptions { MinElevationDeg = mask });
        var runs = new List<(Sgp4Propagator Satellite, DateTime Start, List<string[]> Rows)>();
        foreach (ElementSet set in TleCatalog.Parse(File.ReadAllText(TestDataFiles.TestSet)).ElementSets)
        {
            runs.Add((new Sgp4Propagator(set), TestSetStart, []));
        }

        foreach (ElementSet set in TleCatalog.Parse(File.ReadAllText(TestDataFiles.Path("tle", "iss_25544_history.tle"))).ElementSets)
        {
            runs.Add((new Sgp4Propagator(set), set.EpochUtc, []));
        }

        // Rows come in run order (the test set, then the ISS history sets); a run is known by catalogue number and epoch.
        int run = 0;
        foreach (string[] row in csv.Rows)
        {
            while (!SameSet(runs[run].Satellite, csv, row))
            {
                run++;
            }

            runs[run].Rows.Add(row);
        }

        var aos = new MaxError("AOS, s");
        var los = new MaxError("LOS, s");
        var maxEl = new MaxError("max elevation, deg");
        var tcaNear = new MaxError("TCA near-earth, s");
        var tcaDeep = new MaxError("TCA deep-space, s");
        int dips = 0;
        foreach ((Sgp4Propagator sat, DateTime start, List<string[]> rows) in runs)
        {
            DateTime end = start.AddHours(48);
            SatellitePasses found = finder.Find(sat, start, end);
            var ours = found.Passes;
            foreach (string[] row in rows)
            {
                string where = $"{csv.Text(row, "name")} {csv.Text(row, "tca_utc")}";
                DateTime spanStart = start, spanEnd = found.LastGoodUtc ?? end;
                if (csv.Text(row, "aos_utc").Length > 0)
                {
                    spanStart = csv.Utc(row, "aos_utc");
                    aos.Add(Nearest(ours.Select(p => p.AosUtc), spanStart, where), where);
                }
                else
                {
                    Assert.True(ours[0].AosUtc is null && ours[0].Status.HasFlag(PassStatus.InProgressAtStart), $"{where}: in progress at the start");
                }

                if (csv.Text(row, "los_utc").Length > 0)
                {
                    spanEnd = csv.Utc(row, "los_utc");
                    los.Add(Nearest(ours.Select(p => p.LosUtc), spanEnd, where), where);
                }
                else
                {
                    Assert.True(ours[^1].LosUtc is null && ours[^1].Status.HasFlag(PassStatus.InProgressAtEnd), $"{where}: in progress at the end");
                }

                // skyfield's pass = the finder's passes inside its span; its peak is the highest of theirs.
                var inside = ours.Where(p => p.StartUtc >= spanStart.AddSeconds(-0.1) && p.EndUtc <= spanEnd.AddSeconds(0.1)).ToList();
                Assert.True(inside.Count > 0, $"{where}: no pass of the finder inside skyfield's");
                SatellitePass best = inside.MaxBy(p => p.MaxElevationDeg)!;
                maxEl.Add(best.MaxElevationDeg - csv.Num(row, "tca_el_deg"), where);
                (sat.IsDeepSpace ? tcaDeep : tcaNear).Add((best.TcaUtc - csv.Utc(row, "tca_utc")).TotalSeconds, where);
                for (int k = 0; k + 1 < inside.Count; k++)
                {
                    DateTime mid = inside[k].EndUtc + ((inside[k + 1].StartUtc - inside[k].EndUtc) / 2);
                    Assert.True(ElevationAt(sat, mid) < mask, $"{where}: the finder's gap at {mid:O} is not below the mask");
                    dips++;
                }
            }

            Assert.True(ours.Count >= rows.Count, $"{sat.Elements.Name}: {ours.Count} passes, skyfield {rows.Count}");
        }

        output.WriteLine($"{aos}\n{los}\n{maxEl}\n{tcaNear}\n{tcaDeep}\ndips below the mask that skyfield merged: {dips}");
        Assert.True(aos.Count > 100 && los.Count > 100);
        Assert.True(aos.Value <= 0.1, aos.ToString());
        Assert.True(los.Value <= 0.1, los.ToString());
        // The fixture prints 4 decimals: 0.001° leaves room for its rounding (5e-5°).
        Assert.True(maxEl.Value <= 0.001, maxEl.ToString());
        Assert.True(tcaNear.Value <= 0.1, tcaNear.ToString());
        // Deep-space maxima are so flat that their time is defined only to ~0.1–1 s (oracle.py's notes).
        Assert.True(tcaDeep.Value <= 1.0, tcaDeep.ToString());
    }

    [Fact]
    public void Decaying_satellite_stops_at_its_sgp4_error_like_skyfield()
    {
        Sgp4Propagator starlink = TestSetSatellite("STARLINK-30559");
        var finder = new PassFinder(StationCatalog.Delingha, new PassSearchOptions { MinElevationDeg = 0 });
        SatellitePasses found = finder.Find(starlink, TestSetStart, TestSetStart.AddHours(48));

        Assert.Equal(Sgp4Error.MeanElements, found.Error);
        // oracle.py: "SGP4 error code 1 after 2026-03-20T17:59:34.563Z" (its bisection stops at 10 ms).
        var skyfield = new DateTime(2026, 3, 20, 17, 59, 34, 563, DateTimeKind.Utc);
        Assert.InRange((found.LastGoodUtc!.Value - skyfield).TotalSeconds, -0.02, 0.02);
        Assert.True(starlink.PropagateToUtc(found.LastGoodUtc.Value).IsSuccess);
        Assert.False(starlink.PropagateToUtc(found.LastGoodUtc.Value.AddSeconds(0.02)).IsSuccess);
        Assert.All(found.Passes, p => Assert.True(p.EndUtc <= found.LastGoodUtc.Value));

        // Searching after the failure finds nothing and says why.
        SatellitePasses later = finder.Find(starlink, TestSetStart.AddDays(2), TestSetStart.AddDays(3));
        Assert.Equal(PassSkipReason.Sgp4ErrorAtStart, later.Skipped);
        Assert.Equal(Sgp4Error.MeanElements, later.Error);
        Assert.Empty(later.Passes);
    }

    [Fact]
    public void A_pass_cut_by_the_search_window_is_flagged_and_keeps_its_other_edge()
    {
        Sgp4Propagator iss = TestSetSatellite("ISS (ZARYA)");
        var finder = new PassFinder(StationCatalog.Delingha);
        SatellitePasses whole = finder.Find(iss, TestSetStart, TestSetStart.AddHours(24));
        SatellitePass first = whole.Passes[0];            // 09:27:27 → 09:34:08, TCA 09:30:47 at 60.17°

        // Start after AOS but before TCA; end after AOS of the next pass but before its TCA.
        DateTime start = first.AosUtc!.Value.AddSeconds(60);
        SatellitePass second = whole.Passes[1];
        DateTime end = second.AosUtc!.Value.AddSeconds(30);
        SatellitePasses cut = finder.Find(iss, start, end);

        Assert.Equal(2, cut.Passes.Count);
        SatellitePass head = cut.Passes[0], tail = cut.Passes[1];
        Assert.Null(head.AosUtc);
        Assert.Equal(PassStatus.InProgressAtStart, head.Status);
        Assert.Equal(start, head.StartUtc);
        Assert.InRange((head.LosUtc!.Value - first.LosUtc!.Value).TotalSeconds, -0.01, 0.01);
        Assert.InRange(head.MaxElevationDeg - first.MaxElevationDeg, -1e-6, 1e-6);

        Assert.Null(tail.LosUtc);
        Assert.Equal(PassStatus.InProgressAtEnd | PassStatus.MaxAtWindowEdge, tail.Status);
        Assert.Equal(end, tail.TcaUtc);
        Assert.InRange((tail.AosUtc!.Value - second.AosUtc.Value).TotalSeconds, -0.01, 0.01);
        Assert.InRange(tail.MaxElevationDeg - ElevationAt(iss, end), -1e-6, 1e-6);
    }

    [Fact]
    public void Geostationary_satellites_never_set_or_never_rise()
    {
        var finder = new PassFinder(StationCatalog.Delingha);
        DateTime end = TestSetStart.AddHours(48);

        // FENGYUN 4A hangs over China: one pass spanning the whole window (skyfield: max 40.8354° at 2026-03-20T15:13:11).
        SatellitePasses fengyun = finder.Find(TestSetSatellite("FENGYUN 4A"), TestSetStart, end);
        SatellitePass always = Assert.Single(fengyun.Passes);
        Assert.Equal(PassStatus.InProgressAtStart | PassStatus.InProgressAtEnd, always.Status);
        Assert.Equal((TestSetStart, end), (always.StartUtc, always.EndUtc));
        Assert.InRange(always.MaxElevationDeg, 40.8354 - 0.001, 40.8354 + 0.001);

        // GOES 16 over the Americas is below Delingha's horizon all the time: searched, nothing found.
        Sgp4Propagator goes = TestSetSatellite("GOES 16");
        SatellitePasses none = finder.Find(goes, TestSetStart, end);
        Assert.Empty(none.Passes);
        Assert.Equal(PassSkipReason.None, none.Skipped);
        Assert.True(ElevationAt(goes, TestSetStart) < 0.0);

        // ...and above the mask all the time from Quito.
        var quito = new GroundStation("quito", -0.22, -78.51, 2850.0);
        SatellitePass overhead = Assert.Single(new PassFinder(quito).Find(goes, TestSetStart, end).Passes);
        Assert.Equal(PassStatus.InProgressAtStart | PassStatus.InProgressAtEnd, overhead.Status);
        double sampledMax = Enumerable.Range(0, 289).Max(k => ElevationAt(goes, TestSetStart.AddMinutes(10 * k), quito));
        Assert.InRange(overhead.MaxElevationDeg - sampledMax, 0.0, 0.01);
        Assert.InRange(sampledMax, 50.0, 70.0);
    }

    [Fact]
    public void An_equatorial_orbit_is_skipped_from_delingha_and_never_comes_into_view()
    {
        Sgp4Propagator ixpe = TestSetSatellite("IXPE");     // 0.23° inclination, ~600 km
        var finder = new PassFinder(StationCatalog.Delingha, new PassSearchOptions { MinElevationDeg = 0 });
        SatellitePasses found = finder.Find(ixpe, TestSetStart, TestSetStart.AddHours(24));
        Assert.Equal(PassSkipReason.InclinationTooLow, found.Skipped);
        Assert.Empty(found.Passes);
        for (int minute = 0; minute <= 1440; minute += 2)
        {
            Assert.True(ElevationAt(ixpe, TestSetStart.AddMinutes(minute)) < -5.0);
        }

        // From the equator it is searched and seen.
        var equator = new GroundStation("equator", 0.0, 10.0, 0.0);
        Assert.NotEmpty(new PassFinder(equator).Find(ixpe, TestSetStart, TestSetStart.AddHours(24)).Passes);
    }

    internal static Sgp4Propagator TestSetSatellite(string name) =>
        new(TleCatalog.Parse(File.ReadAllText(TestDataFiles.TestSet)).ElementSets.Single(e => e.Name == name));

    internal static double ElevationAt(Sgp4Propagator satellite, DateTime utc, GroundStation? station = null)
    {
        Sgp4Result r = satellite.PropagateToUtc(utc);
        Assert.True(r.IsSuccess);
        return Topocentric.Look(new Vec3(r.XKm, r.YKm, r.ZKm), new Vec3(r.VxKmPerS, r.VyKmPerS, r.VzKmPerS), utc,
            station ?? StationCatalog.Delingha).ElevationDeg;
    }

    private static bool SameSet(Sgp4Propagator satellite, FixtureCsv csv, string[] row)
    {
        // tle_epoch is line 1's YYDDD.DDDDDDDD.
        double epoch = csv.Num(row, "tle_epoch");
        int year = 2000 + (int)(epoch / 1000.0);
        DateTime utc = new DateTime(year, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddDays((epoch % 1000.0) - 1.0);
        return satellite.CatalogNumber == (int)csv.Num(row, "satnum") && Math.Abs((satellite.Elements.EpochUtc - utc).TotalSeconds) < 0.01;
    }

    private static double Nearest(IEnumerable<DateTime?> times, DateTime reference, string where)
    {
        double best = times.Where(t => t is not null).Select(t => (t!.Value - reference).TotalSeconds).DefaultIfEmpty(double.PositiveInfinity)
            .MinBy(Math.Abs);
        Assert.True(Math.Abs(best) < 1.0, $"{where}: no event of the finder near {reference:O}");
        return best;
    }
}

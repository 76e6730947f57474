using System.Globalization;
using Station.Cli;
using Station.Core.Orbits;

namespace Station.Hil.Tests;

/// <summary>
/// The orbit commands of stationctl (propagate, look, passes, common-view, bench propagate) run in-process on the
/// committed test data (tests/Station.Core.Tests/TestData), compared with Vallado's tcppver.out and the skyfield fixtures.
/// </summary>
public sealed class OrbitCliTests
{
    private static readonly string TestData = Path.Combine(RepositoryRoot(), "tests", "Station.Core.Tests", "TestData");
    private static readonly string TestSet = Path.Combine(TestData, "tle", "test_set_2026-03-19.tle");

    [Fact]
    public void Propagate_vallado_matches_tcppver_out_within_a_millimetre_and_reports_each_error()
    {
        var (code, output, error) = Run("propagate", "--tle", Path.Combine(TestData, "sgp4", "SGP4-VER.TLE"), "--vallado");
        Assert.True(code == 0, error);
        string[] lines = Lines(output);
        Assert.Equal("satnum,tsince_min,x_km,y_km,z_km,vx_kms,vy_kms,vz_kms", lines[0]);

        double[][] ours = [.. lines.Skip(1).Select(line => line.Split(',').Select(c => double.Parse(c, CultureInfo.InvariantCulture)).ToArray())];
        int next = 0, rows = 0;
        double worstKm = 0.0, worstKmPerS = 0.0;
        foreach ((int satnum, List<double[]> reference) in ReadTcppver(Path.Combine(TestData, "sgp4", "tcppver.out")))
        {
            if (satnum == 33334)
            {
                continue;                               // fails at epoch; testcpp repeats the previous case's last line
            }

            foreach (double[] r in reference)
            {
                double[] g = ours[next++];
                Assert.Equal(satnum, (int)g[0]);
                Assert.Equal(r[0], g[1], 6);
                worstKm = Math.Max(worstKm, Math.Sqrt(Sq(r[1] - g[2]) + Sq(r[2] - g[3]) + Sq(r[3] - g[4])));
                worstKmPerS = Math.Max(worstKmPerS, Math.Sqrt(Sq(r[4] - g[5]) + Sq(r[5] - g[6]) + Sq(r[6] - g[7])));
                rows++;
            }
        }

        Assert.Equal(ours.Length, next);
        Assert.True(rows > 500);
        Assert.True(worstKm <= 1e-6, $"position off by {worstKm * 1e6:F3} mm");
        Assert.True(worstKmPerS <= 1e-8, $"velocity off by {worstKmPerS * 1e9:F4} mm/s");

        // Each stop: satnum,tsince_min,error_code, and the hand-made cases' bad checksums are warnings.
        foreach (string stop in new[] { "22312,494.20286720,1", "28350,1560.00000000,1", "28872,55.00000000,6", "29141,440.00000000,6", "33333,25.00000000,4", "33334,0.00000000,3", "20413,1844345.00000000,6" })
        {
            Assert.Contains(stop, Lines(error));
        }

        Assert.Equal(5, Lines(error).Count(l => l.StartsWith("# warning: line ", StringComparison.Ordinal) && l.Contains("checksum", StringComparison.Ordinal)));
    }

    [Fact]
    public void Propagate_grid_refuses_the_bad_checksums_and_says_where()
    {
        var (code, output, error) = Run("propagate", "--tle", Path.Combine(TestData, "sgp4", "SGP4-VER.TLE"), "--start", "0", "--stop", "10", "--step", "5");
        Assert.Equal(1, code);
        Assert.Contains("# error: line 100, columns 69: checksum is 4, expected 2", error, StringComparison.Ordinal);
        Assert.Contains("5 bad element set(s) or line(s) in 'SGP4-VER.TLE' skipped", error, StringComparison.Ordinal);
        Assert.DoesNotContain(Lines(output), l => l.StartsWith("33333,", StringComparison.Ordinal));
        Assert.Contains("5,10.00000000,", output, StringComparison.Ordinal);
        Assert.Equal(2, Run("propagate", "--tle", TestSet).Code);
    }

    [Fact]
    public void Look_matches_skyfield_for_leo_and_geo_with_and_without_refraction()
    {
        string[] fixture = [.. File.ReadAllLines(Path.Combine(TestData, "skyfield", "look_delingha.csv")).Where(l => !l.StartsWith('#'))];
        string[] header = fixture[0].Split(',');
        int Col(string name) => Array.IndexOf(header, name);
        int checkedRows = 0;
        foreach ((string satnum, string name) in new[] { ("25544", "ISS (ZARYA)"), ("41882", "FENGYUN 4A"), ("23802", "POLAR") })   // LEO, GEO, HEO
        {
            // The test set's element set (the fixture also holds the ISS history sets, named with their dates).
            string[][] rows = [.. fixture.Skip(1).Select(l => l.Split(',')).Where(c => c[Col("satnum")] == satnum && c[Col("name")] == name).Take(30)];
            string at = string.Join(',', rows.Select(c => c[Col("utc")]));
            string[] plain = Lines(Check(Run("look", "--tle", TestSet, "--sat", satnum, "--station", "delingha", "--at", at)));
            string[] refracted = Lines(Check(Run("look", "--tle", TestSet, "--sat", satnum, "--station", "delingha", "--at", at,
                "--refraction", "--pressure-hpa", "1010", "--temperature-c", "10")));
            Assert.Equal("utc,azimuth_deg,elevation_deg,range_km,range_rate_kms", plain[0]);
            Assert.Equal(rows.Length + 1, plain.Length);
            foreach ((string[] r, int k) in rows.Select((r, k) => (r, k)))
            {
                double[] g = [.. plain[k + 1].Split(',').Skip(1).Select(D)];
                Assert.Equal(r[Col("utc")], plain[k + 1].Split(',')[0]);
                double el = D(r[Col("el_deg")]);
                if (el > 5.0)
                {
                    Assert.InRange(Math.IEEERemainder(g[0] - D(r[Col("az_deg")]), 360.0), -0.001, 0.001);
                }

                Assert.InRange(g[1] - el, -0.001, 0.001);
                Assert.InRange(g[2] - D(r[Col("range_km")]), -0.001, 0.001);
                Assert.InRange(g[3] - D(r[Col("range_rate_kms")]), -1e-6, 1e-6);
                Assert.InRange(D(refracted[k + 1].Split(',')[2]) - D(r[Col("el_refracted_deg")]), -0.001, 0.001);
                checkedRows++;
            }
        }

        Assert.True(checkedRows >= 60);
    }

    [Fact]
    public void Look_on_a_grid_includes_both_ends_and_agrees_with_the_same_instants_given_one_by_one()
    {
        string[] grid = Lines(Check(Run("look", "--tle", TestSet, "--sat", "48274", "--station", "nanshan",
            "--start", "2026-03-19T00:17:00Z", "--end", "2026-03-19T00:18:00Z", "--step-s", "12.5")));
        string[] listed = Lines(Check(Run("look", "--tle", TestSet, "--sat", "CSS (TIANHE)", "--station", "nanshan",
            "--at", "2026-03-19T00:17:00Z, 2026-03-19T00:17:12.500Z,2026-03-19T00:17:25Z,2026-03-19T00:17:37.5Z,2026-03-19T00:17:50Z")));
        Assert.Equal(6, grid.Length);                       // 0, 12.5, …, 50 s: 60 s is not on the grid
        Assert.Equal(listed, grid);
        Assert.StartsWith("2026-03-19T00:17:37.500Z,", grid[4], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--station=-33.93,18.47,50")]
    [InlineData("--station", "-33.93,18.47,50")]
    public void Negative_station_coordinates_parse(params string[] stationArgs)
    {
        var (code, output, error) = Run(["look", "--tle", TestSet, "--sat", "ISS (ZARYA)", .. stationArgs, "--at", "2026-03-19T02:31:00.448Z"]);
        Assert.True(code == 0, error);
        string[] row = Lines(output)[1].Split(',');

        var capeTown = new GroundStation("cape town", -33.93, 18.47, 50.0);
        var iss = new Sgp4Propagator(TleCatalog.Parse(File.ReadAllText(TestSet)).ElementSets.Single(e => e.CatalogNumber == 25544));
        var t = new DateTime(2026, 3, 19, 2, 31, 0, 448, DateTimeKind.Utc);
        Sgp4Result r = iss.PropagateToUtc(t);
        LookAngles look = Topocentric.Look(new Vec3(r.XKm, r.YKm, r.ZKm), new Vec3(r.VxKmPerS, r.VyKmPerS, r.VzKmPerS), t, capeTown);
        Assert.Equal(look.ElevationDeg, D(row[2]), 5);
        Assert.Equal(look.AzimuthDeg, D(row[1]), 5);
        Assert.True(look.ElevationDeg > 45.0);       // the highest ISS pass over Cape Town that morning
    }

    [Fact]
    public void Passes_match_skyfield_rows_sorted_by_aos()
    {
        var (code, output, error) = Run("passes", "--tle", TestSet, "--station", "delingha", "--start", "2026-03-19T00:00:00Z",
            "--hours", "48", "--min-elevation", "10");
        Assert.True(code == 0, error);
        string[] lines = Lines(output);
        Assert.Equal("satnum,name,aos_utc,tca_utc,los_utc,max_elevation_deg,aos_azimuth_deg,tca_azimuth_deg,los_azimuth_deg", lines[0]);
        string[][] ours = [.. lines.Skip(1).Select(Split)];
        Assert.Contains("# STARLINK-30559 (58039): SGP4 error 1 (MeanElements) after 2026-03-20T17:59:34.56", error, StringComparison.Ordinal);

        // Sorted by AOS; passes already up at the start (empty AOS) first.
        DateTime[] starts = [.. ours.Select(c => c[2].Length == 0 ? DateTime.MinValue : Utc(c[2]))];
        Assert.True(starts.Zip(starts.Skip(1)).All(p => p.First <= p.Second));
        Assert.All(ours, c => Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", c[3]));

        int compared = 0;
        foreach (string line in File.ReadAllLines(Path.Combine(TestData, "skyfield", "passes_delingha_min10.csv")).Where(l => !l.StartsWith('#')).Skip(1))
        {
            string[] f = Split(line);
            if (f[1].StartsWith("ISS (ZARYA) ", StringComparison.Ordinal) || f[3].Length == 0 || f[8].Length == 0)
            {
                continue;                               // ISS history windows; passes cut by the window edge
            }

            string[][] same = [.. ours.Where(c => c[0] == f[0].TrimStart('0'))];
            string[]? row = same.FirstOrDefault(c => c[2].Length > 0 && Math.Abs((Utc(c[2]) - Utc(f[3])).TotalSeconds) < 0.1);
            Assert.True(row is not null, $"no AOS for {line}");
            Assert.Contains(same, c => c[4].Length > 0 && Math.Abs((Utc(c[4]) - Utc(f[8])).TotalSeconds) < 0.1);
            if (Math.Abs((Utc(row[4]) - Utc(f[8])).TotalSeconds) > 0.1)
            {
                continue;                               // skyfield missed a dip below the mask and merged two passes (see PassFinderFixtureTests)
            }

            Assert.Equal(f[1], row[1]);
            Assert.InRange((Utc(row[3]) - Utc(f[5])).TotalSeconds, -1.0, 1.0);
            Assert.InRange(D(row[5]) - D(f[7]), -0.001, 0.001);
            Assert.InRange(Math.IEEERemainder(D(row[6]) - D(f[4]), 360.0), -0.01, 0.01);
            Assert.InRange(Math.IEEERemainder(D(row[8]) - D(f[9]), 360.0), -0.01, 0.01);
            compared++;
        }

        Assert.True(compared > 150, $"{compared}");
    }

    [Fact]
    public void Passes_of_one_satellite_by_name_and_at_night_only()
    {
        var all = Lines(Check(Run("passes", "--tle", TestSet, "--sat", "iss (zarya)", "--station", "nanshan", "--start", "2026-03-19T00:00:00Z", "--hours", "48", "--min-elevation", "10")));
        var night = Lines(Check(Run("passes", "--tle", TestSet, "--sat", "25544", "--station", "nanshan", "--start", "2026-03-19T00:00:00Z", "--hours", "48", "--min-elevation", "10", "--night-only")));
        Assert.All(all.Skip(1), l => Assert.StartsWith("25544,ISS (ZARYA),", l, StringComparison.Ordinal));
        Assert.InRange(night.Length, 2, all.Length - 1);
        var station = StationCatalog.Nanshan;
        Assert.All(night.Skip(1), l => Assert.True(Sun.ElevationDegFast(Utc(Split(l)[3]), station) < -12.0, l));
        Assert.Contains(all.Skip(1), l => Sun.ElevationDegFast(Utc(Split(l)[3]), station) > -12.0);
    }

    [Fact]
    public void Common_view_matches_skyfield()
    {
        string samples = Path.Combine(Path.GetTempPath(), $"common-view-{Guid.NewGuid():N}.csv");
        try
        {
            var (code, output, error) = Run("common-view", "--tle", TestSet, "--sat", "25544", "--station", "delingha", "--station", "nanshan",
                "--start", "2026-03-19T00:00:00Z", "--hours", "72", "--min-elevation", "10", "--samples-csv", samples, "--sample-s", "10");
            Assert.True(code == 0, error);
            string[] lines = Lines(output);
            Assert.Equal("start_utc,end_utc,duration_s,max_elevation_a_deg,max_elevation_b_deg", lines[0]);
            string[][] expected = [.. File.ReadAllLines(Path.Combine(TestData, "skyfield", "common_view.csv")).Where(l => l.StartsWith("25544,", StringComparison.Ordinal)).Select(Split)];
            Assert.Equal(expected.Length, lines.Length - 1);
            foreach ((string[] f, string line) in expected.Zip(lines.Skip(1)))
            {
                string[] c = line.Split(',');
                Assert.InRange((Utc(c[0]) - Utc(f[2])).TotalSeconds, -0.1, 0.1);
                Assert.InRange((Utc(c[1]) - Utc(f[3])).TotalSeconds, -0.1, 0.1);
                Assert.InRange(D(c[2]) - D(f[4]), -0.1, 0.1);
                Assert.True(Math.Min(D(c[3]), D(c[4])) >= D(f[7]) - 0.001, line);     // both peaks at least the best joint elevation
            }

            string[] sampled = File.ReadAllLines(samples);
            Assert.Equal("window_start_utc,utc,azimuth_a_deg,elevation_a_deg,range_a_km,azimuth_b_deg,elevation_b_deg,range_b_km", sampled[0]);
            Assert.True(sampled.Length > 11 * 10);
            Assert.All(sampled.Skip(1), l => Assert.True(D(l.Split(',')[3]) >= 9.9999 && D(l.Split(',')[6]) >= 9.9999, l));
        }
        finally
        {
            File.Delete(samples);
        }
    }

    [Fact]
    public void Bench_propagate_ends_with_the_rate()
    {
        string[] lines = Lines(Check(Run("bench", "propagate", "--tle", TestSet, "--minutes", "10", "--step-s", "60", "--threads", "2")));
        Assert.Contains("propagations=495", lines);                     // 45 satellites × 11 times
        Assert.Matches(@"^propagations_per_second=\d+$", lines[^1]);
        Assert.True(double.Parse(lines[^1].Split('=')[1], CultureInfo.InvariantCulture) > 1000.0);
    }

    [Theory]
    [InlineData("no such file", "passes", "--tle", "{missing}", "--station", "delingha", "--start", "2026-03-19T00:00:00Z", "--hours", "1", "--min-elevation", "10")]
    [InlineData("is neither a known station", "passes", "--tle", "{testset}", "--station", "moon", "--start", "2026-03-19T00:00:00Z", "--hours", "1", "--min-elevation", "10")]
    [InlineData("latitude 95 is outside -90..90", "look", "--tle", "{testset}", "--sat", "25544", "--station=95,0,0", "--at", "2026-03-19T00:00:00Z")]
    [InlineData("--start '2026-02-30T00:00:00Z' is not an ISO 8601 UTC time", "passes", "--tle", "{testset}", "--station", "delingha", "--start", "2026-02-30T00:00:00Z", "--hours", "1", "--min-elevation", "10")]
    [InlineData("--at 'noon' is not an ISO 8601 UTC time", "look", "--tle", "{testset}", "--sat", "25544", "--station", "delingha", "--at", "noon")]
    [InlineData("--sat 'HUBBLE': no satellite", "look", "--tle", "{testset}", "--sat", "HUBBLE", "--station", "delingha", "--at", "2026-03-19T00:00:00Z")]
    [InlineData("--min-elevation 95 is outside -10..89", "passes", "--tle", "{testset}", "--station", "delingha", "--start", "2026-03-19T00:00:00Z", "--hours", "1", "--min-elevation", "95")]
    [InlineData("give exactly two stations", "common-view", "--tle", "{testset}", "--sat", "25544", "--station", "delingha", "--start", "2026-03-19T00:00:00Z", "--hours", "1", "--min-elevation", "10")]
    [InlineData("holds no valid element set", "passes", "--tle", "{bad}", "--station", "delingha", "--start", "2026-03-19T00:00:00Z", "--hours", "1", "--min-elevation", "10")]
    public void Bad_input_fails_with_a_precise_message(string message, params string[] args)
    {
        string bad = Path.Combine(Path.GetTempPath(), $"bad-{Guid.NewGuid():N}.tle");
        File.WriteAllLines(bad, ["ISS (ZARYA)", "1 25544U 98067A   26078.12958500  .00009105  00000+0  17698-3 0  9992",
            "2 25544  51.6344  25.6919 0006229 207.4819 152.5840 15.48370465557798"]);
        try
        {
            string[] resolved = [.. args.Select(a => a.Replace("{missing}", Path.Combine(TestData, "missing.tle"), StringComparison.Ordinal)
                .Replace("{testset}", TestSet, StringComparison.Ordinal).Replace("{bad}", bad, StringComparison.Ordinal))];
            var (code, output, error) = Run(resolved);
            Assert.Equal(2, code);
            Assert.Contains(message == "no such file" ? "missing.tle' does not exist" : message, error, StringComparison.Ordinal);
            Assert.Equal("", output);
            if (message.Contains("no valid", StringComparison.Ordinal))
            {
                Assert.Contains("line 2, columns 69: checksum is 2, expected 1", error, StringComparison.Ordinal);
            }
        }
        finally
        {
            File.Delete(bad);
        }
    }

    [Theory]
    [InlineData("propagate")]
    [InlineData("look")]
    [InlineData("passes")]
    [InlineData("common-view")]
    [InlineData("bench", "propagate")]
    public void Every_orbit_command_has_help(params string[] command)
    {
        var (code, output, _) = Run([.. command, "--help"]);
        Assert.Equal(0, code);
        Assert.Contains($" {string.Join(' ', command)} [options]", output, StringComparison.Ordinal);
        Assert.Contains("--tle", output, StringComparison.Ordinal);
    }

    private static string Check((int Code, string Output, string Error) run)
    {
        Assert.True(run.Code == 0, run.Error);
        return run.Output;
    }

    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        int code = StationCli.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    private static double Sq(double x) => x * x;

    private static DateTime Utc(string s) => DateTime.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    private static string[] Split(string line) => Station.Tests.Shared.CsvLine.Split(line);

    private static IEnumerable<(int Satnum, List<double[]> Rows)> ReadTcppver(string path)
    {
        (int, List<double[]>)? current = null;
        foreach (string raw in File.ReadLines(path))
        {
            string[] f = raw.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length == 2 && f[1] == "xx")
            {
                if (current is { } done)
                {
                    yield return done;
                }

                current = (int.Parse(f[0], CultureInfo.InvariantCulture), []);
            }
            else if (f.Length >= 7 && current is { } c)
            {
                c.Item2.Add([.. f.Take(7).Select(D)]);
            }
        }

        if (current is { } last)
        {
            yield return last;
        }
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Controller.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Controller.sln not found above " + AppContext.BaseDirectory);
    }
}

using System.CommandLine;
using System.Globalization;
using System.Text;
using Station.Cli.Orbits;
using Station.Core.Orbits;

namespace Station.Cli.Commands;

/// <summary><c>stationctl passes</c>: AOS, TCA and LOS of every satellite of a TLE file (or one) over a station.</summary>
internal static class PassesCommand
{
    public const string Header = "satnum,name,aos_utc,tca_utc,los_utc,max_elevation_deg,aos_azimuth_deg,tca_azimuth_deg,los_azimuth_deg";

    public static Command Create()
    {
        var tle = OrbitOptions.Tle();
        var sat = OrbitOptions.Sat(required: false);
        var station = OrbitOptions.Station();
        var start = new Option<string>("--start") { Description = "Window start, ISO 8601 UTC", Required = true };
        var hours = new Option<double>("--hours") { Description = "Window length, hours (up to 744)", Required = true };
        var minElevation = new Option<double>("--min-elevation") { Description = "Elevation mask, degrees (-10..89; apparent with --refraction)", Required = true };
        var refraction = OrbitOptions.Refraction();
        var pressure = OrbitOptions.Pressure();
        var temperature = OrbitOptions.Temperature();
        var nightOnly = new Option<bool>("--night-only") { Description = "Only passes whose TCA falls while the station is dark (Sun below --dark-below-deg)" };
        var darkBelow = new Option<double>("--dark-below-deg") { Description = "Sun elevation below which the station is dark, degrees", DefaultValueFactory = _ => -12.0 };
        var threads = new Option<int>("--threads") { Description = "Threads to search on (-1: every core)", DefaultValueFactory = _ => -1 };
        var command = new Command("passes",
            "Passes above an elevation mask, refined to 10 ms, sorted by AOS; CSV to stdout: " + Header + ". " +
            "A pass already up at the window start has empty aos_utc and aos_azimuth_deg (and sorts at the start); one still up at the end " +
            "(or when SGP4 fails) has empty los_utc and los_azimuth_deg; its TCA is then the highest point inside the window. " +
            "Satellites that stop propagating (SGP4 error) and rejected element sets are reported on stderr.")
        {
            tle, sat, station, start, hours, minElevation, refraction, pressure, temperature, nightOnly, darkBelow, threads,
        };
        command.SetAction(parse =>
        {
            TextWriter output = parse.InvocationConfiguration.Output, error = parse.InvocationConfiguration.Error;
            try
            {
                GroundStation site = OrbitInput.Station(parse.GetRequiredValue(station));
                DateTime from = OrbitInput.Time(parse.GetRequiredValue(start), "--start");
                DateTime to = from.AddHours(OrbitInput.InRange(parse.GetValue(hours), 1e-3, PassFinder.MaxWindow.TotalHours, "--hours"));
                int threadCount = parse.GetValue(threads);
                if (threadCount is 0 or < -1)
                {
                    throw new OrbitInputException($"--threads {threadCount}: give -1 (every core) or at least 1.");
                }

                var options = new PassSearchOptions
                {
                    MinElevationDeg = OrbitInput.InRange(parse.GetValue(minElevation), -10.0, 89.0, "--min-elevation"),
                    Refraction = OrbitInput.Air(parse.GetValue(refraction), parse.GetValue(pressure), parse.GetValue(temperature), site),
                    DarkSunElevationDeg = OrbitInput.InRange(parse.GetValue(darkBelow), -90.0, 90.0, "--dark-below-deg"),
                    MaxDegreeOfParallelism = threadCount,
                };
                FileInfo file = parse.GetRequiredValue(tle);
                TleCatalog catalog = OrbitInput.LoadTle(file, ChecksumPolicy.Enforce, error);
                IReadOnlyList<ElementSet> sets = parse.GetValue(sat) is { } id
                    ? [OrbitInput.Nearest(OrbitInput.Select(catalog, id, file), from)]
                    : catalog.ElementSets;

                Sgp4Propagator[] satellites = new Sgp4Propagator[sets.Count];
                Parallel.For(0, sets.Count, new ParallelOptions { MaxDegreeOfParallelism = threadCount }, i => satellites[i] = new Sgp4Propagator(sets[i]));
                IReadOnlyList<SatellitePasses> results = new PassFinder(site, options).FindAll(satellites, from, to);
                foreach (SatellitePasses r in results.Where(r => r.Error != Sgp4Error.None))
                {
                    string when = r.LastGoodUtc is { } t ? $"after {OrbitInput.Iso(t)}" : "at the window start";
                    error.WriteLine($"# {r.Name} ({r.CatalogNumber}): SGP4 error {(int)r.Error} ({r.Error}) {when}; search stopped there");
                }

                output.Write(Table(PassFinder.InStartOrder(results), parse.GetValue(nightOnly)));
                return catalog.Errors.Count > 0 ? 1 : 0;
            }
            catch (OrbitInputException ex)
            {
                error.WriteLine($"stationctl passes: {ex.Message}");
                return 2;
            }
        });
        return command;
    }

    private static string Table(IReadOnlyList<SatellitePass> passes, bool nightOnly)
    {
        var text = new StringBuilder(Header).Append('\n');
        foreach (SatellitePass p in passes)
        {
            if (nightOnly && !p.StationDark)
            {
                continue;
            }

            text.Append(p.CatalogNumber.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(OrbitInput.Csv(p.Name)).Append(',')
                .Append(p.AosUtc is { } aos ? OrbitInput.Iso(aos) : "").Append(',')
                .Append(OrbitInput.Iso(p.TcaUtc)).Append(',')
                .Append(p.LosUtc is { } los ? OrbitInput.Iso(los) : "").Append(',')
                .Append(OrbitInput.F(p.MaxElevationDeg, 4)).Append(',')
                .Append(p.Aos is { } a ? OrbitInput.F(a.AzimuthDeg, 4) : "").Append(',')
                .Append(OrbitInput.F(p.Tca.AzimuthDeg, 4)).Append(',')
                .Append(p.Los is { } l ? OrbitInput.F(l.AzimuthDeg, 4) : "").Append('\n');
        }

        return text.ToString();
    }
}

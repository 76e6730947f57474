using System.CommandLine;
using System.Text;
using Station.Cli.Orbits;
using Station.Core.Orbits;

namespace Station.Cli.Commands;

/// <summary><c>stationctl look</c>: azimuth, elevation, range and range-rate of one satellite from one station.</summary>
internal static class LookCommand
{
    private const int MaxRows = 10_000_000;

    public static Command Create()
    {
        var tle = OrbitOptions.Tle();
        var sat = OrbitOptions.Sat(required: true);
        var station = OrbitOptions.Station();
        var at = new Option<string?>("--at") { Description = "Instants, ISO 8601 UTC, comma-separated (2026-03-19T09:30:00Z,2026-03-19T09:31:00.5Z)" };
        var start = new Option<string?>("--start") { Description = "First instant of a grid, ISO 8601 UTC" };
        var end = new Option<string?>("--end") { Description = "Last instant of the grid (included when the step lands on it)" };
        var step = new Option<double?>("--step-s") { Description = "Grid step, seconds" };
        var refraction = OrbitOptions.Refraction();
        var pressure = OrbitOptions.Pressure();
        var temperature = OrbitOptions.Temperature();
        var command = new Command("look",
            "Look angles of one satellite from one station (TEME → GMST-82 → WGS-84 east-north-up, UT1 = UTC); CSV to stdout: " +
            "utc,azimuth_deg,elevation_deg,range_km,range_rate_kms (elevation apparent with --refraction; range-rate from SGP4's velocity, positive receding)")
        {
            tle, sat, station, at, start, end, step, refraction, pressure, temperature,
        };
        command.SetAction(parse =>
        {
            TextWriter output = parse.InvocationConfiguration.Output, error = parse.InvocationConfiguration.Error;
            try
            {
                GroundStation site = OrbitInput.Station(parse.GetRequiredValue(station));
                List<DateTime> times = Times(parse.GetValue(at), parse.GetValue(start), parse.GetValue(end), parse.GetValue(step));
                AtmosphereConditions? air = OrbitInput.Air(parse.GetValue(refraction), parse.GetValue(pressure), parse.GetValue(temperature), site);
                FileInfo file = parse.GetRequiredValue(tle);
                TleCatalog catalog = OrbitInput.LoadTle(file, ChecksumPolicy.Enforce, error);
                ElementSet set = OrbitInput.Nearest(OrbitInput.Select(catalog, parse.GetRequiredValue(sat), file), times[0]);
                var propagator = new Sgp4Propagator(set);

                var text = new StringBuilder("utc,azimuth_deg,elevation_deg,range_km,range_rate_kms\n");
                foreach (DateTime t in times)
                {
                    Sgp4Result r = propagator.PropagateToUtc(t);
                    if (!r.IsSuccess)
                    {
                        output.Write(text.ToString());
                        error.WriteLine($"stationctl look: {set.Name ?? set.CatalogNumberText}: SGP4 error {(int)r.Error} ({r.Error}) at {OrbitInput.Iso(t)}; stopped there.");
                        return 1;
                    }

                    LookAngles look = Topocentric.Look(new Vec3(r.XKm, r.YKm, r.ZKm), new Vec3(r.VxKmPerS, r.VyKmPerS, r.VzKmPerS), t, site);
                    double el = air is { } a ? Refraction.ApparentFromGeometricDeg(look.ElevationDeg, a.TemperatureC, a.PressureMbar) : look.ElevationDeg;
                    text.Append(OrbitInput.Iso(t)).Append(',').Append(OrbitInput.F(look.AzimuthDeg, 6)).Append(',')
                        .Append(OrbitInput.F(el, 6)).Append(',').Append(OrbitInput.F(look.RangeKm, 6)).Append(',')
                        .Append(OrbitInput.F(look.RangeRateKmPerS, 7)).Append('\n');
                }

                output.Write(text.ToString());
                return catalog.Errors.Count > 0 ? 1 : 0;
            }
            catch (OrbitInputException ex)
            {
                error.WriteLine($"stationctl look: {ex.Message}");
                return 2;
            }
        });
        return command;
    }

    private static List<DateTime> Times(string? at, string? start, string? end, double? step)
    {
        bool grid = start is not null || end is not null || step is not null;
        if ((at is not null) == grid)
        {
            throw new OrbitInputException("give either --at or all of --start, --end and --step-s.");
        }

        if (at is not null)
        {
            return [.. at.Split(',').Select(s => OrbitInput.Time(s, "--at"))];
        }

        if (start is null || end is null || step is null)
        {
            throw new OrbitInputException("--start, --end and --step-s go together.");
        }

        DateTime first = OrbitInput.Time(start, "--start"), last = OrbitInput.Time(end, "--end");
        double s = OrbitInput.InRange(step.Value, 1e-3, 1e7, "--step-s");
        if (last < first)
        {
            throw new OrbitInputException($"--end {OrbitInput.Iso(last)} is before --start {OrbitInput.Iso(first)}.");
        }

        double count = Math.Floor(((last - first).TotalSeconds / s) + 1e-9) + 1;
        if (count > MaxRows)
        {
            throw new OrbitInputException($"the grid has {count:F0} instants; at most {MaxRows} are written.");
        }

        // first + k·step (no accumulated rounding).
        return [.. Enumerable.Range(0, (int)count).Select(k => first.AddTicks((long)Math.Round(k * s * TimeSpan.TicksPerSecond)))];
    }
}

using System.CommandLine;
using System.Globalization;
using System.Text;
using Station.Cli.Orbits;
using Station.Core.Orbits;

namespace Station.Cli.Commands;

/// <summary><c>stationctl common-view</c>: when one satellite is above the masks of two stations at once.</summary>
internal static class CommonViewCommand
{
    public const string Header = "start_utc,end_utc,duration_s,max_elevation_a_deg,max_elevation_b_deg";
    public const string SamplesHeader = "window_start_utc,utc,azimuth_a_deg,elevation_a_deg,range_a_km,azimuth_b_deg,elevation_b_deg,range_b_km";

    public static Command Create()
    {
        var tle = OrbitOptions.Tle();
        var sat = OrbitOptions.Sat(required: true);
        var stations = new Option<string[]>("--station")
        {
            Description = "The two stations, each delingha, nanshan or LAT,LON,HEIGHT_M (give --station twice: A, then B)",
            Required = true,
            Arity = ArgumentArity.OneOrMore,
        };
        var start = new Option<string>("--start") { Description = "Window start, ISO 8601 UTC", Required = true };
        var hours = new Option<double>("--hours") { Description = "Window length, hours (up to 744)", Required = true };
        var minElevation = new Option<double>("--min-elevation") { Description = "Elevation mask at both stations, degrees (-10..89)", Required = true };
        var samples = new Option<FileInfo?>("--samples-csv") { Description = "Also write look angles from both stations across every window to this file: " + SamplesHeader };
        var sampleStep = new Option<double>("--sample-s") { Description = "Step for --samples-csv, seconds", DefaultValueFactory = _ => 1.0 };
        var command = new Command("common-view",
            "Windows when one satellite is above the mask of two stations at once (geometric elevation); CSV to stdout: " + Header)
        {
            tle, sat, stations, start, hours, minElevation, samples, sampleStep,
        };
        command.SetAction(parse =>
        {
            TextWriter output = parse.InvocationConfiguration.Output, error = parse.InvocationConfiguration.Error;
            try
            {
                string[] names = parse.GetRequiredValue(stations);
                if (names.Length != 2)
                {
                    throw new OrbitInputException($"--station: give exactly two stations (A and B), got {names.Length}.");
                }

                GroundStation a = OrbitInput.Station(names[0]), b = OrbitInput.Station(names[1]);
                DateTime from = OrbitInput.Time(parse.GetRequiredValue(start), "--start");
                DateTime to = from.AddHours(OrbitInput.InRange(parse.GetValue(hours), 1e-3, PassFinder.MaxWindow.TotalHours, "--hours"));
                var options = new PassSearchOptions { MinElevationDeg = OrbitInput.InRange(parse.GetValue(minElevation), -10.0, 89.0, "--min-elevation") };
                double step = OrbitInput.InRange(parse.GetValue(sampleStep), 1e-3, 86400.0, "--sample-s");
                FileInfo? samplesFile = parse.GetValue(samples);
                FileInfo file = parse.GetRequiredValue(tle);
                TleCatalog catalog = OrbitInput.LoadTle(file, ChecksumPolicy.Enforce, error);
                var satellite = new Sgp4Propagator(OrbitInput.Nearest(OrbitInput.Select(catalog, parse.GetRequiredValue(sat), file), from));

                var finder = new CommonViewFinder(a, b, options);
                CommonViewResult result = finder.Find(satellite, from, to);
                if (result.Error != Sgp4Error.None)
                {
                    error.WriteLine($"# {satellite.Elements.Name ?? satellite.Elements.CatalogNumberText}: SGP4 error {(int)result.Error} ({result.Error}); search stopped there");
                }

                var text = new StringBuilder(Header).Append('\n');
                foreach (CommonViewWindow w in result.Windows)
                {
                    text.Append(OrbitInput.Iso(w.StartUtc)).Append(',').Append(OrbitInput.Iso(w.EndUtc)).Append(',')
                        .Append(OrbitInput.F(w.Duration.TotalSeconds, 3)).Append(',')
                        .Append(OrbitInput.F(w.MaxElevationADeg, 4)).Append(',').Append(OrbitInput.F(w.MaxElevationBDeg, 4)).Append('\n');
                }

                if (samplesFile is not null)
                {
                    WriteSamples(finder, satellite, result.Windows, TimeSpan.FromSeconds(step), samplesFile);
                }

                output.Write(text.ToString());
                return catalog.Errors.Count > 0 ? 1 : 0;
            }
            catch (OrbitInputException ex)
            {
                error.WriteLine($"stationctl common-view: {ex.Message}");
                return 2;
            }
        });
        return command;
    }

    private static void WriteSamples(CommonViewFinder finder, Sgp4Propagator satellite, IReadOnlyList<CommonViewWindow> windows, TimeSpan step, FileInfo file)
    {
        var text = new StringBuilder(SamplesHeader).Append('\n');
        foreach (CommonViewWindow w in windows)
        {
            foreach (CommonViewSample s in finder.Sample(satellite, w, step))
            {
                text.Append(OrbitInput.Iso(w.StartUtc)).Append(',').Append(OrbitInput.Iso(s.Utc)).Append(',')
                    .Append(OrbitInput.F(s.A.AzimuthDeg, 4)).Append(',').Append(OrbitInput.F(s.A.ElevationDeg, 4)).Append(',')
                    .Append(OrbitInput.F(s.A.RangeKm, 3)).Append(',').Append(OrbitInput.F(s.B.AzimuthDeg, 4)).Append(',')
                    .Append(OrbitInput.F(s.B.ElevationDeg, 4)).Append(',').Append(OrbitInput.F(s.B.RangeKm, 3)).Append('\n');
            }
        }

        try
        {
            File.WriteAllText(file.FullName, text.ToString(), new UTF8Encoding(false));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new OrbitInputException(string.Create(CultureInfo.InvariantCulture, $"cannot write --samples-csv '{file.FullName}':"), ex);
        }
    }
}

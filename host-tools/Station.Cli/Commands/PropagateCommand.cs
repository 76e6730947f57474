using System.CommandLine;
using Station.Cli.Orbits;
using Station.Core.Orbits;

namespace Station.Cli.Commands;

/// <summary><c>stationctl propagate</c>: SGP4 TEME states of every set in a TLE file, as CSV.</summary>
internal static class PropagateCommand
{
    public static Command Create()
    {
        var tle = OrbitOptions.Tle();
        var vallado = new Option<bool>("--vallado")
        {
            Description = "Vallado's verification run: start/stop/step minutes from the columns after 69 of each line 2 " +
                "(t = 0 first, stop always included), a satellite stops at its first SGP4 error (satnum,tsince_min,error_code on stderr), " +
                "wrong checksums are warnings",
        };
        var start = new Option<double?>("--start") { Description = "First time, minutes after each set's epoch" };
        var stop = new Option<double?>("--stop") { Description = "Last time, minutes after each set's epoch (always included)" };
        var step = new Option<double?>("--step") { Description = "Step, minutes" };
        var command = new Command("propagate",
            "Propagate every element set of a TLE file with SGP4 (WGS-72, opsmode i); CSV to stdout: " + PropagationCsv.Header)
        {
            tle, vallado, start, stop, step,
        };
        command.SetAction(parse =>
        {
            TextWriter output = parse.InvocationConfiguration.Output, error = parse.InvocationConfiguration.Error;
            try
            {
                FileInfo file = parse.GetRequiredValue(tle);
                (double? a, double? b, double? s) = (parse.GetValue(start), parse.GetValue(stop), parse.GetValue(step));
                bool grid = a is not null || b is not null || s is not null;
                if (parse.GetValue(vallado) == grid)
                {
                    throw new OrbitInputException("give either --vallado or all of --start, --stop and --step.");
                }

                // A missing file or one without a single usable set fails here, before any output; the writers below
                // report each rejected set themselves (and propagate the good ones).
                ChecksumPolicy checksums = grid ? ChecksumPolicy.Enforce : ChecksumPolicy.Warn;
                TleCatalog catalog = OrbitInput.LoadTle(file, checksums, TextWriter.Null);

                using var reader = new StreamReader(file.FullName);
                var buffer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
                if (grid)
                {
                    if (a is null || b is null || s is null)
                    {
                        throw new OrbitInputException("--start, --stop and --step go together.");
                    }

                    OrbitInput.InRange(s.Value, 1e-6, 1e7, "--step");
                    OrbitInput.InRange(b.Value, OrbitInput.InRange(a.Value, -1e7, 1e7, "--start"), 1e7, "--stop");
                    PropagationCsv.WriteGrid(reader, buffer, error, a.Value, b.Value, s.Value);
                }
                else
                {
                    PropagationCsv.WriteVallado(reader, buffer, error);
                }

                output.Write(buffer.ToString());
                if (catalog.Errors.Count > 0)
                {
                    error.WriteLine($"stationctl propagate: {catalog.Errors.Count} bad element set(s) or line(s) in '{file.Name}' skipped (listed above).");
                    return 1;
                }

                return 0;
            }
            catch (OrbitInputException ex)
            {
                error.WriteLine($"stationctl propagate: {ex.Message}");
                return 2;
            }
        });
        return command;
    }
}

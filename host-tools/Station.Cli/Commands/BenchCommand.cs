using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Station.Cli.Orbits;
using Station.Core.Orbits;

namespace Station.Cli.Commands;

/// <summary><c>stationctl bench propagate</c>: SGP4 throughput over a whole TLE file.</summary>
internal static class BenchCommand
{
    private const int ChunkSatellites = 64;

    public static Command Create()
    {
        var tle = OrbitOptions.Tle();
        var minutes = new Option<double>("--minutes") { Description = "Span propagated after each set's epoch, minutes", DefaultValueFactory = _ => 1440.0 };
        var step = new Option<double>("--step-s") { Description = "Step, seconds", DefaultValueFactory = _ => 600.0 };
        var threads = new Option<int>("--threads") { Description = "Threads (1: single-thread throughput; -1: every core)", DefaultValueFactory = _ => 1 };
        var propagate = new Command("propagate",
            "Propagate every satellite of a TLE file over a time grid (Sgp4Batch into preallocated arrays) and report the rate; " +
            "the last line is propagations_per_second=<number>")
        {
            tle, minutes, step, threads,
        };
        propagate.SetAction(parse =>
        {
            TextWriter output = parse.InvocationConfiguration.Output, error = parse.InvocationConfiguration.Error;
            try
            {
                double span = OrbitInput.InRange(parse.GetValue(minutes), 0.0, 1e6, "--minutes");
                double stepMin = OrbitInput.InRange(parse.GetValue(step), 1e-3, 1e7, "--step-s") / 60.0;
                int threadCount = parse.GetValue(threads);
                if (threadCount is 0 or < -1)
                {
                    throw new OrbitInputException($"--threads {threadCount}: give -1 (every core) or at least 1.");
                }

                TleCatalog catalog = OrbitInput.LoadTle(parse.GetRequiredValue(tle), ChecksumPolicy.Enforce, error);
                double[] times = [.. Enumerable.Range(0, (int)Math.Floor((span / stepMin) + 1e-9) + 1).Select(k => k * stepMin)];
                Sgp4Batch[] chunks = [.. catalog.ElementSets.Chunk(ChunkSatellites).Select(c => Sgp4Batch.FromElementSets(c))];
                Run(chunks, times, threadCount);                        // warm-up: JIT and caches, not timed

                var clock = Stopwatch.StartNew();
                long errors = Run(chunks, times, threadCount);
                double seconds = clock.Elapsed.TotalSeconds;
                long propagations = (long)catalog.ElementSets.Count * times.Length;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"satellites={catalog.ElementSets.Count}"));
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"times_per_satellite={times.Length}"));
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"threads={(threadCount == -1 ? Environment.ProcessorCount : threadCount)}"));
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"propagations={propagations}"));
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sgp4_errors={errors}"));
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"elapsed_s={seconds:F3}"));
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"propagations_per_second={propagations / seconds:F0}"));
                return catalog.Errors.Count > 0 ? 1 : 0;
            }
            catch (OrbitInputException ex)
            {
                error.WriteLine($"stationctl bench propagate: {ex.Message}");
                return 2;
            }
        });
        return new Command("bench", "Benchmarks") { propagate };
    }

    // Chunks of satellites go to the workers; each worker reuses one set of output arrays, so nothing is allocated per propagation.
    private static long Run(Sgp4Batch[] chunks, double[] times, int threads)
    {
        long errors = 0;
        Parallel.For(0, chunks.Length, new ParallelOptions { MaxDegreeOfParallelism = threads },
            () => new Buffers(ChunkSatellites * times.Length),
            (i, _, buffers) =>
            {
                int n = chunks[i].Count * times.Length;
                chunks[i].PropagateSinceEpoch(times, new Sgp4BatchOutput(buffers.X.AsSpan(0, n), buffers.Y.AsSpan(0, n), buffers.Z.AsSpan(0, n),
                    buffers.Vx.AsSpan(0, n), buffers.Vy.AsSpan(0, n), buffers.Vz.AsSpan(0, n), buffers.Errors.AsSpan(0, n)));
                foreach (Sgp4Error e in buffers.Errors.AsSpan(0, n))
                {
                    buffers.ErrorCount += e == Sgp4Error.None ? 0 : 1;
                }

                return buffers;
            },
            buffers => Interlocked.Add(ref errors, buffers.ErrorCount));
        return errors;
    }

    private sealed class Buffers(int n)
    {
        public double[] X { get; } = new double[n];

        public double[] Y { get; } = new double[n];

        public double[] Z { get; } = new double[n];

        public double[] Vx { get; } = new double[n];

        public double[] Vy { get; } = new double[n];

        public double[] Vz { get; } = new double[n];

        public Sgp4Error[] Errors { get; } = new Sgp4Error[n];

        public long ErrorCount { get; set; }
    }
}

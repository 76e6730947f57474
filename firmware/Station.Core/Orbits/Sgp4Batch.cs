using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Station.Core.Orbits;

/// <summary>
/// Propagates many satellites to many times into caller-provided spans (<see cref="Sgp4BatchOutput"/>),
/// with no allocation per propagation, optionally spreading satellites over several threads.
/// </summary>
public sealed class Sgp4Batch
{
    private readonly Sgp4Propagator[] _satellites;

    /// <summary>Creates a batch over the given propagators (copied; order kept).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="satellites"/> or one of its items is null.</exception>
    public Sgp4Batch(IEnumerable<Sgp4Propagator> satellites)
    {
        ArgumentNullException.ThrowIfNull(satellites);
        _satellites = [.. satellites];
        foreach (Sgp4Propagator s in _satellites)
        {
            ArgumentNullException.ThrowIfNull(s, nameof(satellites));
        }
    }

    /// <summary>Creates propagators for element sets (WGS-72 unless stated) and a batch over them.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="elementSets"/> is null.</exception>
    public static Sgp4Batch FromElementSets(IEnumerable<ElementSet> elementSets,
        Sgp4GravityModel gravityModel = Sgp4GravityModel.Wgs72, Sgp4OperationMode operationMode = Sgp4OperationMode.Improved)
    {
        ArgumentNullException.ThrowIfNull(elementSets);
        return new Sgp4Batch(elementSets.Select(e => new Sgp4Propagator(e, gravityModel, operationMode)));
    }

    /// <summary>The satellites, in output order.</summary>
    public IReadOnlyList<Sgp4Propagator> Satellites => _satellites;

    /// <summary>Number of satellites.</summary>
    public int Count => _satellites.Length;

    /// <summary>Propagates every satellite to the same offsets from its own epoch (minutes).</summary>
    /// <param name="minutesSinceEpoch">Times, minutes after each satellite's epoch.</param>
    /// <param name="output">Destination; result <c>satellite * times + time</c>.</param>
    /// <param name="maxDegreeOfParallelism">1 runs on the calling thread (no allocation at all); n &gt; 1 uses up to n threads; -1 uses every core.</param>
    /// <exception cref="ArgumentException">An output span is too short.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDegreeOfParallelism"/> is 0 or below -1.</exception>
    public void PropagateSinceEpoch(ReadOnlySpan<double> minutesSinceEpoch, Sgp4BatchOutput output, int maxDegreeOfParallelism = 1) =>
        Run(new Times(TimeKind.SinceEpoch, minutesSinceEpoch, default, default), output, maxDegreeOfParallelism);

    /// <summary>Propagates every satellite to the same UTC Julian dates, each given as whole + fraction.</summary>
    /// <exception cref="ArgumentException">The two time spans differ in length or an output span is too short.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDegreeOfParallelism"/> is 0 or below -1.</exception>
    public void PropagateToJulianDates(ReadOnlySpan<double> julianDateWhole, ReadOnlySpan<double> julianDateFraction,
        Sgp4BatchOutput output, int maxDegreeOfParallelism = 1)
    {
        if (julianDateWhole.Length != julianDateFraction.Length)
        {
            throw new ArgumentException("Expected as many Julian date fractions as whole parts.", nameof(julianDateFraction));
        }

        Run(new Times(TimeKind.JulianDate, julianDateWhole, julianDateFraction, default), output, maxDegreeOfParallelism);
    }

    /// <summary>Propagates every satellite to the same UTC times (Kind Utc or Unspecified).</summary>
    /// <exception cref="ArgumentException">A time is local, or an output span is too short.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDegreeOfParallelism"/> is 0 or below -1.</exception>
    public void PropagateToUtc(ReadOnlySpan<DateTime> timesUtc, Sgp4BatchOutput output, int maxDegreeOfParallelism = 1)
    {
        foreach (DateTime t in timesUtc)
        {
            if (t.Kind == DateTimeKind.Local)
            {
                throw new ArgumentException("Expected UTC times (Kind Utc or Unspecified), got local time.", nameof(timesUtc));
            }
        }

        Run(new Times(TimeKind.Utc, default, default, timesUtc), output, maxDegreeOfParallelism);
    }

    private enum TimeKind
    {
        SinceEpoch,
        JulianDate,
        Utc,
    }

    private readonly ref struct Times(TimeKind kind, ReadOnlySpan<double> a, ReadOnlySpan<double> b, ReadOnlySpan<DateTime> utc)
    {
        public readonly TimeKind Kind = kind;
        public readonly ReadOnlySpan<double> A = a;
        public readonly ReadOnlySpan<double> B = b;
        public readonly ReadOnlySpan<DateTime> Utc = utc;

        public int Count => Kind == TimeKind.Utc ? Utc.Length : A.Length;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public double MinutesSinceEpoch(Sgp4Propagator satellite, int i)
        {
            switch (Kind)
            {
                case TimeKind.SinceEpoch:
                    return A[i];
                case TimeKind.JulianDate:
                    return satellite.MinutesSinceEpoch(A[i], B[i]);
                default:
                    (double whole, double fraction) = JulianDate.FromUtc(Utc[i]);
                    return satellite.MinutesSinceEpoch(whole, fraction);
            }
        }
    }

    private void Run(Times times, Sgp4BatchOutput output, int maxDegreeOfParallelism)
    {
        if (maxDegreeOfParallelism == 0 || maxDegreeOfParallelism < -1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxDegreeOfParallelism), maxDegreeOfParallelism, "Expected 1 or more, or -1 for every core.");
        }

        long needed = (long)_satellites.Length * times.Count;
        if (output.Capacity < needed)
        {
            throw new ArgumentException($"Output spans hold {output.Capacity} results, expected at least {needed} ({_satellites.Length} satellites × {times.Count} times).", nameof(output));
        }

        int threads = maxDegreeOfParallelism == -1 ? Environment.ProcessorCount : maxDegreeOfParallelism;
        if (threads == 1 || _satellites.Length < 2)
        {
            PropagateRange(0, _satellites.Length, times, output);
            return;
        }

        RunParallel(times, output, threads);
    }

    // Spans cannot cross into worker threads, so pin them and hand the workers addresses; the fixed block
    // outlives Parallel.ForEach, which returns only when every worker is done.
    private unsafe void RunParallel(Times times, Sgp4BatchOutput output, int threads)
    {
        int timeCount = times.Count;
        int resultCount = _satellites.Length * timeCount;
        TimeKind kind = times.Kind;
        fixed (double* pa = times.A, pb = times.B, px = output.XKm, py = output.YKm, pz = output.ZKm,
            pvx = output.VxKmPerS, pvy = output.VyKmPerS, pvz = output.VzKmPerS)
        fixed (DateTime* putc = times.Utc)
        fixed (Sgp4Error* perr = output.Errors)
        {
            nint a = (nint)pa, b = (nint)pb, utc = (nint)putc, x = (nint)px, y = (nint)py, z = (nint)pz;
            nint vx = (nint)pvx, vy = (nint)pvy, vz = (nint)pvz, err = (nint)perr;
            int aLength = times.A.Length, bLength = times.B.Length, utcLength = times.Utc.Length;
            int chunk = Math.Max(16, _satellites.Length / (threads * 8));
            var options = new ParallelOptions { MaxDegreeOfParallelism = threads };
            Parallel.ForEach(Partitioner.Create(0, _satellites.Length, chunk), options, range =>
            {
                var workerTimes = new Times(kind,
                    new ReadOnlySpan<double>((void*)a, aLength),
                    new ReadOnlySpan<double>((void*)b, bLength),
                    new ReadOnlySpan<DateTime>((void*)utc, utcLength));
                var workerOutput = new Sgp4BatchOutput(
                    new Span<double>((void*)x, resultCount), new Span<double>((void*)y, resultCount),
                    new Span<double>((void*)z, resultCount), new Span<double>((void*)vx, resultCount),
                    new Span<double>((void*)vy, resultCount), new Span<double>((void*)vz, resultCount),
                    new Span<Sgp4Error>((void*)err, resultCount));
                PropagateRange(range.Item1, range.Item2, workerTimes, workerOutput);
            });
        }
    }

    private void PropagateRange(int firstSatellite, int endSatellite, Times times, Sgp4BatchOutput output)
    {
        int timeCount = times.Count;
        Span<double> xs = output.XKm, ys = output.YKm, zs = output.ZKm;
        Span<double> vxs = output.VxKmPerS, vys = output.VyKmPerS, vzs = output.VzKmPerS;
        Span<Sgp4Error> errors = output.Errors;
        for (int s = firstSatellite; s < endSatellite; s++)
        {
            Sgp4Propagator satellite = _satellites[s];
            int row = s * timeCount;
            for (int i = 0; i < timeCount; i++)
            {
                Sgp4Result r = satellite.Propagate(times.MinutesSinceEpoch(satellite, i));
                int k = row + i;
                xs[k] = r.XKm;
                ys[k] = r.YKm;
                zs[k] = r.ZKm;
                vxs[k] = r.VxKmPerS;
                vys[k] = r.VyKmPerS;
                vzs[k] = r.VzKmPerS;
                errors[k] = r.Error;
            }
        }
    }
}

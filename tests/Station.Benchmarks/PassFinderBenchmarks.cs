using BenchmarkDotNet.Attributes;
using Station.Core.Orbits;

namespace Station.Benchmarks;

/// <summary>
/// The whole CelesTrak active catalogue (14,710 satellites) searched for passes over Delingha for 24 hours above
/// 10°, on one thread and on every core (the target: ≤ 3 s wall on 2 cores, including loading). Propagators are
/// built once in setup; the search itself is what is timed, plus building them for the cold variant.
/// </summary>
[MemoryDiagnoser]
public class PassFinderBenchmarks
{
    private static readonly DateTime Start = new(2026, 3, 19, 0, 0, 0, DateTimeKind.Utc);

    private ElementSet[] _sets = [];
    private Sgp4Propagator[] _satellites = [];

    [GlobalSetup]
    public void Setup()
    {
        _sets = [.. TleCatalog.Parse(File.ReadAllText(Sgp4Benchmarks.CataloguePath())).ElementSets];
        _satellites = [.. _sets.Select(s => new Sgp4Propagator(s))];
    }

    [Benchmark]
    public int CatalogueDaySingleThread() => Search(_satellites, 1);

    [Benchmark]
    public int CatalogueDayAllCores() => Search(_satellites, -1);

    [Benchmark]
    public int CatalogueDayAllCoresIncludingSgp4Init()
    {
        var satellites = new Sgp4Propagator[_sets.Length];
        Parallel.For(0, _sets.Length, i => satellites[i] = new Sgp4Propagator(_sets[i]));
        return Search(satellites, -1);
    }

    private static int Search(Sgp4Propagator[] satellites, int threads)
    {
        var finder = new PassFinder(StationCatalog.Delingha, new PassSearchOptions { MinElevationDeg = 10.0, MaxDegreeOfParallelism = threads });
        return finder.FindAll(satellites, Start, Start.AddHours(24)).Sum(r => r.Passes.Count);
    }
}

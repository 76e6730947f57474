using BenchmarkDotNet.Attributes;
using Station.Core.Orbits;

namespace Station.Benchmarks;

/// <summary>
/// SGP4 throughput: one near-earth and one deep-space satellite propagated one time at a time, and the
/// whole CelesTrak active catalogue (14,710 satellites) to one instant, sequentially and on every core.
/// Per-operation times are per propagation (OperationsPerInvoke), so 1e9 / ns = propagations per second.
/// </summary>
[MemoryDiagnoser]
public class Sgp4Benchmarks
{
    private const int TimesPerInvoke = 1000;

    private Sgp4Propagator _iss = null!;
    private Sgp4Propagator _molniya = null!;
    private Sgp4Propagator _geo = null!;
    private Sgp4Batch _catalogue = null!;
    private double[] _x = [], _y = [], _z = [], _vx = [], _vy = [], _vz = [];
    private Sgp4Error[] _errors = [];
    private readonly DateTime[] _instant = [new(2026, 3, 19, 12, 0, 0, DateTimeKind.Utc)];

    [GlobalSetup]
    public void Setup()
    {
        _iss = new Sgp4Propagator(TleParser.Parse(
            "1 25544U 98067A   26078.12958500  .00009105  00000+0  17698-3 0  9991",
            "2 25544  51.6344  25.6919 0006229 207.4819 152.5840 15.48370465557798"));
        // 12-hour resonant Molniya and a 24-hour resonant GEO from Vallado's verification set.
        _molniya = new Sgp4Propagator(TleParser.Parse(
            "1 08195U 75081A   06176.33215444  .00000099  00000-0  11873-3 0   813",
            "2 08195  64.1586 279.0717 6877146 264.7651  20.2257  2.00491383225656"));
        _geo = new Sgp4Propagator(TleParser.Parse(
            "1 28626U 05008A   06176.46683397 -.00000205  00000-0  10000-3 0  2190",
            "2 28626   0.0019 286.9433 0000335  13.7918  55.6504  1.00270176  4891"));

        TleCatalog catalog = TleCatalog.Parse(File.ReadAllText(CataloguePath()));
        _catalogue = Sgp4Batch.FromElementSets(catalog.ElementSets);
        int n = _catalogue.Count;
        (_x, _y, _z, _vx, _vy, _vz, _errors) = (new double[n], new double[n], new double[n], new double[n], new double[n], new double[n], new Sgp4Error[n]);
    }

    [Benchmark(OperationsPerInvoke = TimesPerInvoke)]
    public double NearEarthSingle() => Sweep(_iss);

    [Benchmark(OperationsPerInvoke = TimesPerInvoke)]
    public double DeepSpaceHalfDayResonanceSingle() => Sweep(_molniya);

    [Benchmark(OperationsPerInvoke = TimesPerInvoke)]
    public double DeepSpaceOneDayResonanceSingle() => Sweep(_geo);

    [Benchmark(OperationsPerInvoke = 14710)]
    public double CatalogueBatchSequential() => Catalogue(1);

    [Benchmark(OperationsPerInvoke = 14710)]
    public double CatalogueBatchAllCores() => Catalogue(-1);

    // One day of times, one minute and a half apart, so every call does real work.
    private static double Sweep(Sgp4Propagator satellite)
    {
        double sum = 0.0;
        for (int i = 0; i < TimesPerInvoke; i++)
        {
            sum += satellite.Propagate(i * 1.44).XKm;
        }

        return sum;
    }

    private double Catalogue(int degreeOfParallelism)
    {
        _catalogue.PropagateToUtc(_instant, new Sgp4BatchOutput(_x, _y, _z, _vx, _vy, _vz, _errors), degreeOfParallelism);
        return _x[0];
    }

    /// <summary>Finds the catalogue in the test data by walking up from the benchmark's folder to Controller.sln.</summary>
    internal static string CataloguePath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Controller.sln")))
            {
                return Path.Combine(dir.FullName, "tests", "Station.Core.Tests", "TestData", "tle", "celestrak_active_2026-03-19.txt");
            }
        }

        throw new FileNotFoundException("Controller.sln not found above " + AppContext.BaseDirectory);
    }
}

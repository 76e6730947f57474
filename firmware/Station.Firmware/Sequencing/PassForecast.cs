using System.Globalization;
using Station.Core.Orbits;

namespace Station.Firmware.Sequencing;

/// <summary>
/// The passes ahead: the satellites of a TLE catalogue (for each, the element set whose epoch is nearest the forecast
/// time) searched over the station for the lookahead window. Rebuilt on demand when the window is used up or the
/// catalogue changes.
/// </summary>
public sealed class PassForecast
{
    private readonly Dictionary<int, Sgp4Propagator> _propagators = [];

    private PassForecast(GroundStation station, DateTime fromUtc, DateTime toUtc, IReadOnlyList<SatellitePass> passes, IEnumerable<ElementSet> elements)
    {
        Station = station;
        FromUtc = fromUtc;
        ToUtc = toUtc;
        Passes = passes;
        foreach (var set in elements)
        {
            _propagators[set.CatalogNumber] = new Sgp4Propagator(set);
        }
    }

    public GroundStation Station { get; }

    public DateTime FromUtc { get; }

    public DateTime ToUtc { get; }

    /// <summary>Every pass in the window, in start order.</summary>
    public IReadOnlyList<SatellitePass> Passes { get; }

    /// <summary>The propagator for a satellite of the forecast.</summary>
    public Sgp4Propagator Propagator(int catalogNumber) => _propagators.TryGetValue(catalogNumber, out var propagator)
        ? propagator
        : throw new KeyNotFoundException(string.Create(CultureInfo.InvariantCulture, $"Satellite {catalogNumber} is not in the forecast."));

    /// <summary>Predicts the passes of <paramref name="catalog"/> over <paramref name="station"/> from <paramref name="fromUtc"/> for <paramref name="lookahead"/>.</summary>
    public static PassForecast Predict(IReadOnlyList<ElementSet> catalog, GroundStation station, DateTime fromUtc, TimeSpan lookahead, double minElevationDeg, AtmosphereConditions? air = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(station);
        var nearest = catalog.GroupBy(e => e.CatalogNumber).Select(g => g.MinBy(e => Math.Abs((e.EpochUtc - fromUtc).Ticks))!).ToList();
        var finder = new PassFinder(station, new PassSearchOptions { MinElevationDeg = minElevationDeg, Refraction = air, MaxDegreeOfParallelism = 1 });
        var results = finder.FindAll([.. nearest.Select(e => new Sgp4Propagator(e))], fromUtc, fromUtc + lookahead);
        return new PassForecast(station, fromUtc, fromUtc + lookahead, PassFinder.InStartOrder(results), nearest);
    }

    /// <summary>Loads a TLE file (checksums enforced) and predicts; a file that is not a TLE catalogue is refused naming it and its first error.</summary>
    public static PassForecast Predict(string tlePath, GroundStation station, DateTime fromUtc, TimeSpan lookahead, double minElevationDeg, AtmosphereConditions? air = null) =>
        Predict(LoadCatalogue(tlePath), station, fromUtc, lookahead, minElevationDeg, air);

    /// <summary>The element sets of a TLE file (checksums enforced).</summary>
    /// <exception cref="FormatException">The file holds no element set; the message names it and its first error.</exception>
    public static IReadOnlyList<ElementSet> LoadCatalogue(string tlePath)
    {
        var catalog = TleCatalog.Parse(File.ReadAllText(tlePath));
        if (catalog.ElementSets.Count == 0)
        {
            string why = catalog.Errors.Count > 0 ? catalog.Errors[0].Message : "no element sets";
            throw new FormatException($"{tlePath}: not a TLE catalogue ({why})");
        }

        return catalog.ElementSets;
    }
}

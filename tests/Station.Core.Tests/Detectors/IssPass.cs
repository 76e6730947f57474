using Station.Core.Detectors;
using Station.Core.Orbits;
using Station.Core.Tests.Orbits;

namespace Station.Core.Tests.Detectors;

/// <summary>
/// A real ISS pass straight over a station (the worst case for the light time's curvature): the 2026-03-19 element
/// set from the history file, a station placed under the ground track two hours after epoch, ±4 minutes around it.
/// Pass time is seconds since <see cref="Start"/>, which the gate tests also use as pulse 0 of the source's clock.
/// </summary>
internal sealed class IssPass
{
    public const double HalfSpanS = 240;

    private IssPass()
    {
        var catalog = TleCatalog.Parse(File.ReadAllText(TestDataFiles.Path("tle", "iss_25544_history.tle")));
        ElementSet elements = catalog.ElementSets.Single(e => e.Name == "ISS (ZARYA) 2026-03-19");
        Satellite = new Sgp4Propagator(elements);
        Culmination = new DateTime(2026, 3, 19, 5, 0, 0, DateTimeKind.Utc);
        var s = Satellite.PropagateToUtc(Culmination);
        var (lat, lon, _) = Wgs84.FromEcef(TemeToItrf.Position(new Vec3(s.XKm, s.YKm, s.ZKm), Culmination, EarthOrientationParameters.Zero));
        Station = new GroundStation("under-iss", lat * 180 / Math.PI, lon * 180 / Math.PI, 3153);
        Start = JulianDate.FromDateTime(Culmination).AddSeconds(-HalfSpanS);
    }

    public static IssPass Instance { get; } = new();

    public Sgp4Propagator Satellite { get; }

    public GroundStation Station { get; }

    public DateTime Culmination { get; }

    public JulianDate Start { get; }

    /// <summary>Light time (s) of a photon emitted <paramref name="t"/> seconds after <see cref="Start"/>.</summary>
    public double LightTimeForEmission(double t) =>
        LightTime.TryForEmission(Satellite, Station, Start.AddSeconds(t), EarthOrientationParameters.Zero, out double tau)
            ? tau
            : throw new InvalidOperationException($"SGP4 failed {t} s into the pass");
}

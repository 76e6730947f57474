namespace Station.Core.Astrometry;

/// <summary>
/// A star as a catalogue gives it: ICRS/FK5 J2000 position at epoch J2000, proper motion (RA component times
/// cos Dec, as Hipparcos and BSC5 give it), parallax and visual magnitude.
/// </summary>
public sealed record CatalogStar(
    string Id,
    string Name,
    double RaJ2000Deg,
    double DecJ2000Deg,
    double PmRaCosDecMasPerYear,
    double PmDecMasPerYear,
    double ParallaxMas,
    double VMagnitude);

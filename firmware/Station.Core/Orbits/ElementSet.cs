namespace Station.Core.Orbits;

/// <summary>
/// One set of mean orbital elements in the form SGP4 expects (a TLE or a CCSDS OMM with
/// MEAN_ELEMENT_THEORY SGP4). Angles are degrees and rates are revolutions per day, exactly as the
/// sources print them; <see cref="Sgp4Propagator"/> converts to radians and radians per minute.
/// </summary>
public sealed record ElementSet
{
    /// <summary>NORAD catalogue number, Alpha-5 decoded (<c>A0001</c> = 100001).</summary>
    public required int CatalogNumber { get; init; }

    /// <summary>The catalogue number as written in the source (e.g. <c>00005</c>, <c>A0001</c>, <c>5</c>).</summary>
    public required string CatalogNumberText { get; init; }

    /// <summary>Object name from a 3-line TLE's name line or OMM OBJECT_NAME; null when absent.</summary>
    public string? Name { get; init; }

    /// <summary>International designator as written in the source: <c>98067A</c> in a TLE, <c>1998-067A</c> in an OMM; empty when blank.</summary>
    public string InternationalDesignator { get; init; } = "";

    /// <summary>Security classification: <c>U</c>, <c>C</c> or <c>S</c>.</summary>
    public char Classification { get; init; } = 'U';

    /// <summary>Epoch in UTC (rounded to the 100 ns tick; use the Julian date pair for full precision).</summary>
    public required DateTime EpochUtc { get; init; }

    /// <summary>Whole part of the epoch Julian date (UTC), always ending in .5 (midnight).</summary>
    public required double EpochJulianDateWhole { get; init; }

    /// <summary>Fraction of the day since midnight UTC, in [0, 1). Kept apart from the whole part so no precision is lost.</summary>
    public required double EpochJulianDateFraction { get; init; }

    /// <summary>Kozai mean motion, revolutions per day.</summary>
    public required double MeanMotionRevPerDay { get; init; }

    /// <summary>First derivative of mean motion divided by two (TLE line 1 columns 34-43), rev/day².</summary>
    public double MeanMotionDotOver2RevPerDay2 { get; init; }

    /// <summary>Second derivative of mean motion divided by six (TLE line 1 columns 45-52), rev/day³.</summary>
    public double MeanMotionDdotOver6RevPerDay3 { get; init; }

    /// <summary>SGP4 drag term B*, inverse Earth radii.</summary>
    public double BStar { get; init; }

    /// <summary>Inclination, degrees [0, 180].</summary>
    public required double InclinationDeg { get; init; }

    /// <summary>Right ascension of the ascending node, degrees.</summary>
    public required double RightAscensionOfAscendingNodeDeg { get; init; }

    /// <summary>Eccentricity [0, 1).</summary>
    public required double Eccentricity { get; init; }

    /// <summary>Argument of perigee, degrees.</summary>
    public required double ArgumentOfPerigeeDeg { get; init; }

    /// <summary>Mean anomaly, degrees.</summary>
    public required double MeanAnomalyDeg { get; init; }

    /// <summary>Element set number (a counter the producer increments).</summary>
    public int ElementSetNumber { get; init; }

    /// <summary>Revolution number at epoch.</summary>
    public int RevolutionNumberAtEpoch { get; init; }

    /// <summary>Ephemeris type (0 for SGP4 element sets as distributed).</summary>
    public int EphemerisType { get; init; }

    /// <summary>Epoch as one Julian date (loses ~20 µs of precision; prefer the whole/fraction pair).</summary>
    public double EpochJulianDate => EpochJulianDateWhole + EpochJulianDateFraction;
}

namespace Station.Core.Orbits;

/// <summary>UTC → TAI → TT conversions (leap-second table) for the Sun and Moon theories, which run on TT.</summary>
public static class TimeScales
{
    /// <summary>TT − TAI, exactly.</summary>
    public const double TtMinusTaiSeconds = 32.184;

    // Dates (UTC, 0h) from which TAI − UTC took the value in the same position (IERS Bulletin C).
    // No leap second has been announced after 2017-01-01 up to Bulletin C 70 (2025).
    private static readonly DateTime[] LeapDates =
    [
        new(1972, 1, 1), new(1972, 7, 1), new(1973, 1, 1), new(1974, 1, 1), new(1975, 1, 1), new(1976, 1, 1),
        new(1977, 1, 1), new(1978, 1, 1), new(1979, 1, 1), new(1980, 1, 1), new(1981, 7, 1), new(1982, 7, 1),
        new(1983, 7, 1), new(1985, 7, 1), new(1988, 1, 1), new(1990, 1, 1), new(1991, 1, 1), new(1992, 7, 1),
        new(1993, 7, 1), new(1994, 7, 1), new(1996, 1, 1), new(1997, 7, 1), new(1999, 1, 1), new(2006, 1, 1),
        new(2009, 1, 1), new(2012, 7, 1), new(2015, 7, 1), new(2017, 1, 1),
    ];

    /// <summary>TAI − UTC in seconds at a UTC instant (10 s before 1972; the pre-1972 rubber-second era is not modelled).</summary>
    public static double TaiMinusUtcSeconds(DateTime utc)
    {
        int n = 0;
        while (n < LeapDates.Length && utc >= LeapDates[n])
        {
            n++;
        }

        return n == 0 ? 10.0 : 9.0 + n;
    }

    /// <summary>TT − UTC in seconds (69.184 s from 2017 on).</summary>
    public static double TtMinusUtcSeconds(DateTime utc) => TaiMinusUtcSeconds(utc) + TtMinusTaiSeconds;

    /// <summary>The TT Julian date of a UTC instant.</summary>
    public static JulianDate TtFromUtc(DateTime utc) => JulianDate.FromDateTime(utc).AddSeconds(TtMinusUtcSeconds(utc));

    /// <summary>The UT1 Julian date of a UTC instant, given UT1 − UTC in seconds.</summary>
    public static JulianDate Ut1FromUtc(DateTime utc, double ut1MinusUtcSeconds) =>
        JulianDate.FromDateTime(utc).AddSeconds(ut1MinusUtcSeconds);
}

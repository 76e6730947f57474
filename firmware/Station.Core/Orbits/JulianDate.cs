namespace Station.Core.Orbits;

/// <summary>
/// UTC instants as Julian dates split into a whole part (midnight, ending in .5) and a day fraction,
/// the way SGP4 consumers keep them to avoid losing ~20 µs to a single double.
/// </summary>
public static class JulianDate
{
    /// <summary>Julian date of 0001-01-01T00:00 (DateTime tick 0).</summary>
    private const double JulianDateOfTickZero = 1721425.5;

    /// <summary>Julian date of 1949-12-31T00:00, the origin of SGP4's "days since 1950" epoch.</summary>
    public const double Sgp4EpochOrigin = 2433281.5;

    /// <summary>Splits a UTC <see cref="DateTime"/> (Kind Utc or Unspecified) into Julian date whole and fraction.</summary>
    /// <exception cref="ArgumentException">The time is local time, whose offset would depend on the machine.</exception>
    public static (double Whole, double Fraction) FromUtc(DateTime utc)
    {
        if (utc.Kind == DateTimeKind.Local)
        {
            throw new ArgumentException("Expected a UTC time (Kind Utc or Unspecified), got local time.", nameof(utc));
        }

        long day = utc.Ticks / TimeSpan.TicksPerDay;
        long ticksOfDay = utc.Ticks % TimeSpan.TicksPerDay;
        return (JulianDateOfTickZero + day, ticksOfDay / (double)TimeSpan.TicksPerDay);
    }

    /// <summary>Whole day number (as a Julian date of midnight) for a calendar date.</summary>
    internal static double WholeForDate(int year, int month, int day) =>
        JulianDateOfTickZero + (new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Utc).Ticks / TimeSpan.TicksPerDay);

    /// <summary>Converts a Julian date pair back to a UTC <see cref="DateTime"/>, rounded to the tick.</summary>
    public static DateTime ToUtc(double whole, double fraction)
    {
        double days = (whole - JulianDateOfTickZero) + fraction;
        return new DateTime((long)Math.Round(days * TimeSpan.TicksPerDay), DateTimeKind.Utc);
    }

    /// <summary>
    /// Greenwich mean sidereal time (IAU-82, Vallado 2004 eq. 3-45) in radians [0, 2π), for a UT1 Julian date.
    /// SGP4's deep-space resonance terms use it at epoch.
    /// </summary>
    public static double GreenwichMeanSiderealTime(double julianDateUt1)
    {
        double tut1 = (julianDateUt1 - 2451545.0) / 36525.0;
        double seconds = (-6.2e-6 * tut1 * tut1 * tut1) + (0.093104 * tut1 * tut1)
            + (((876600.0 * 3600.0) + 8640184.812866) * tut1) + 67310.54841;
        // 360°/86400 s = 1/240 degree per second of time.
        double gmst = seconds * (Math.PI / 180.0) / 240.0 % (2.0 * Math.PI);
        return gmst < 0.0 ? gmst + (2.0 * Math.PI) : gmst;
    }
}

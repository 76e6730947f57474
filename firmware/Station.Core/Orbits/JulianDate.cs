namespace Station.Core.Orbits;

/// <summary>
/// A Julian date split into a whole part (a day boundary at 0h, i.e. ending in .5) and a day fraction,
/// so that sub-microsecond precision survives the ~2.46e6 day offset.
/// </summary>
public readonly record struct JulianDate(double Whole, double Fraction)
{
    /// <summary>JD of 0001-01-01T00:00 (the DateTime epoch).</summary>
    public const double DateTimeEpochJd = 1721425.5;

    /// <summary>J2000.0 = 2000-01-01T12:00 (in whatever time scale the date is in).</summary>
    public const double J2000 = 2451545.0;

    /// <summary>Modified Julian Date offset: MJD = JD − 2400000.5.</summary>
    public const double MjdOffset = 2400000.5;

    public const double SecondsPerDay = 86400.0;

    /// <summary>Julian date of 1949-12-31T00:00, the origin of SGP4's "days since 1950" epoch.</summary>
    public const double Sgp4EpochOrigin = 2433281.5;

    public double Value => Whole + Fraction;

    /// <summary>Days since J2000.0, computed without losing the fraction's precision.</summary>
    public double DaysSinceJ2000 => (Whole - J2000) + Fraction;

    /// <summary>Julian centuries since J2000.0 (in this date's time scale).</summary>
    public double CenturiesSinceJ2000 => DaysSinceJ2000 / 36525.0;

    /// <summary>Modified Julian Date (precision ~1e-11 day).</summary>
    public double Mjd => (Whole - MjdOffset) + Fraction;

    /// <summary>The JD of a UTC <see cref="DateTime"/> (tick-exact; Kind Local is converted, Unspecified is taken as UTC).</summary>
    public static JulianDate FromDateTime(DateTime time)
    {
        if (time.Kind == DateTimeKind.Local)
        {
            time = time.ToUniversalTime();
        }

        long ticks = time.Ticks;
        long days = ticks / TimeSpan.TicksPerDay;
        long rem = ticks - (days * TimeSpan.TicksPerDay);
        return new JulianDate(DateTimeEpochJd + days, rem / (double)TimeSpan.TicksPerDay);
    }

    /// <summary>The UTC <see cref="DateTime"/> for this JD, rounded to the nearest tick.</summary>
    public DateTime ToDateTime()
    {
        double wholeDays = Whole - DateTimeEpochJd;
        double floorDays = Math.Floor(wholeDays);
        double frac = (wholeDays - floorDays) + Fraction;
        long ticks = ((long)floorDays * TimeSpan.TicksPerDay) + (long)Math.Round(frac * TimeSpan.TicksPerDay);
        return new DateTime(ticks, DateTimeKind.Utc);
    }

    /// <summary>This date plus <paramref name="seconds"/>, re-normalised so 0 ≤ Fraction &lt; 1.</summary>
    public JulianDate AddSeconds(double seconds) => Normalize(Whole, Fraction + (seconds / SecondsPerDay));

    public static JulianDate Normalize(double whole, double fraction)
    {
        double shift = Math.Floor(fraction);
        return new JulianDate(whole + shift, fraction - shift);
    }

    /// <summary>Splits a UTC <see cref="DateTime"/> (Kind Utc or Unspecified) into whole and fraction, as SGP4 takes it.</summary>
    /// <exception cref="ArgumentException">The time is local time, whose offset would depend on the machine.</exception>
    public static (double Whole, double Fraction) FromUtc(DateTime utc)
    {
        if (utc.Kind == DateTimeKind.Local)
        {
            throw new ArgumentException("Expected a UTC time (Kind Utc or Unspecified), got local time.", nameof(utc));
        }

        var jd = FromDateTime(utc);
        return (jd.Whole, jd.Fraction);
    }

    /// <summary>Converts a Julian date pair back to a UTC <see cref="DateTime"/>, rounded to the tick.</summary>
    public static DateTime ToUtc(double whole, double fraction) => new JulianDate(whole, fraction).ToDateTime();

    /// <summary>Whole day number (as a Julian date of midnight) for a calendar date.</summary>
    internal static double WholeForDate(int year, int month, int day) =>
        DateTimeEpochJd + (new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Utc).Ticks / TimeSpan.TicksPerDay);
}

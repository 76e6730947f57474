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
}

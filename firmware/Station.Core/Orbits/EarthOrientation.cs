namespace Station.Core.Orbits;

/// <summary>Earth orientation at one instant: UT1 − UTC, polar motion and excess length of day.</summary>
/// <param name="Ut1MinusUtcSeconds">UT1 − UTC, s.</param>
/// <param name="XpArcsec">Polar motion x, arcsec.</param>
/// <param name="YpArcsec">Polar motion y, arcsec.</param>
/// <param name="LodSeconds">Excess length of day, s (0 if unknown).</param>
public readonly record struct EarthOrientationParameters(
    double Ut1MinusUtcSeconds, double XpArcsec, double YpArcsec, double LodSeconds)
{
    /// <summary>UT1 = UTC, no polar motion, nominal rotation rate.</summary>
    public static EarthOrientationParameters Zero => default;
}

/// <summary>
/// A daily table of Earth orientation parameters (e.g. IERS finals2000A) interpolated linearly in UTC.
/// With no data (<see cref="None"/>) UT1 = UTC and there is no polar motion.
/// </summary>
public sealed class EarthOrientation
{
    private readonly double[] mjd;
    private readonly double[] dut1;
    private readonly double[] xp;
    private readonly double[] yp;
    private readonly double[] lod;

    /// <summary>No data: every instant gets <see cref="EarthOrientationParameters.Zero"/>.</summary>
    public static EarthOrientation None { get; } = new([], [], [], [], []);

    /// <summary>Builds a table from parallel arrays; MJDs (UTC) must be strictly increasing.</summary>
    public EarthOrientation(double[] mjdUtc, double[] ut1MinusUtcSeconds, double[] xpArcsec, double[] ypArcsec, double[] lodSeconds)
    {
        ArgumentNullException.ThrowIfNull(mjdUtc);
        ArgumentNullException.ThrowIfNull(ut1MinusUtcSeconds);
        ArgumentNullException.ThrowIfNull(xpArcsec);
        ArgumentNullException.ThrowIfNull(ypArcsec);
        ArgumentNullException.ThrowIfNull(lodSeconds);
        int n = mjdUtc.Length;
        if (ut1MinusUtcSeconds.Length != n || xpArcsec.Length != n || ypArcsec.Length != n || lodSeconds.Length != n)
        {
            throw new ArgumentException("Earth orientation arrays must all have the same length.", nameof(mjdUtc));
        }

        for (int i = 1; i < n; i++)
        {
            if (!(mjdUtc[i] > mjdUtc[i - 1]))
            {
                throw new ArgumentException(
                    $"Earth orientation MJDs must increase: MJD {mjdUtc[i]} follows {mjdUtc[i - 1]} (entry {i}).", nameof(mjdUtc));
            }
        }

        mjd = (double[])mjdUtc.Clone();
        dut1 = (double[])ut1MinusUtcSeconds.Clone();
        xp = (double[])xpArcsec.Clone();
        yp = (double[])ypArcsec.Clone();
        lod = (double[])lodSeconds.Clone();
    }

    public int Count => mjd.Length;

    /// <summary>First tabulated instant (UTC), or null when empty.</summary>
    public DateTime? FirstUtc => Count == 0 ? null : new JulianDate(JulianDate.MjdOffset, mjd[0]).ToDateTime();

    /// <summary>Last tabulated instant (UTC), or null when empty.</summary>
    public DateTime? LastUtc => Count == 0 ? null : new JulianDate(JulianDate.MjdOffset, mjd[^1]).ToDateTime();

    /// <summary>True when <paramref name="utc"/> lies within the table (so <see cref="At"/> interpolates rather than holds an end value).</summary>
    public bool Covers(DateTime utc)
    {
        if (Count == 0)
        {
            return false;
        }

        double m = JulianDate.FromDateTime(utc).Mjd;
        return m >= mjd[0] && m <= mjd[^1];
    }

    /// <summary>
    /// The parameters at a UTC instant, linearly interpolated between daily values. Outside the table the first or
    /// last value is held (check <see cref="Covers"/>). A leap second between two entries (a ±1 s step in UT1 − UTC)
    /// is taken out before interpolating and the step is applied at the day boundary, as UTC does.
    /// </summary>
    public EarthOrientationParameters At(DateTime utc)
    {
        int n = mjd.Length;
        if (n == 0)
        {
            return EarthOrientationParameters.Zero;
        }

        double m = JulianDate.FromDateTime(utc).Mjd;
        if (m <= mjd[0])
        {
            return Entry(0);
        }

        if (m >= mjd[n - 1])
        {
            return Entry(n - 1);
        }

        int hi = Array.BinarySearch(mjd, m);
        if (hi >= 0)
        {
            return Entry(hi);
        }

        hi = ~hi;
        int lo = hi - 1;
        double f = (m - mjd[lo]) / (mjd[hi] - mjd[lo]);
        double d0 = dut1[lo];
        double d1 = dut1[hi];
        double step = Math.Round(d1 - d0);   // a leap second shows as a jump of about ±1 s
        double dut = d0 + (f * (d1 - step - d0));
        return new EarthOrientationParameters(
            dut,
            xp[lo] + (f * (xp[hi] - xp[lo])),
            yp[lo] + (f * (yp[hi] - yp[lo])),
            lod[lo] + (f * (lod[hi] - lod[lo])));
    }

    private EarthOrientationParameters Entry(int i) => new(dut1[i], xp[i], yp[i], lod[i]);
}

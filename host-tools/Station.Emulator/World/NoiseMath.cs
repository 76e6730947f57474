namespace Station.Emulator.World;

/// <summary>
/// The special functions and random variates the sensor twins need. .NET has no <c>erf</c>; this one is
/// Abramowitz &amp; Stegun 7.1.26 (|error| ≤ 1.5e-7), ample for spot integrals against 12-bit converters.
/// </summary>
public static class NoiseMath
{
    /// <summary>The error function erf(x).</summary>
    public static double Erf(double x)
    {
        double sign = x < 0 ? -1 : 1;
        x = Math.Abs(x);
        double t = 1.0 / (1.0 + (0.3275911 * x));
        double poly = t * (0.254829592 + (t * (-0.284496736 + (t * (1.421413741 + (t * (-1.453152027 + (t * 1.061405429))))))));
        return sign * (1.0 - (poly * Math.Exp(-x * x)));
    }

    /// <summary>The standard normal cumulative distribution Φ(z).</summary>
    public static double NormalCdf(double z) => 0.5 * (1.0 + Erf(z / Math.Sqrt(2.0)));

    /// <summary>Fraction of a 1-D Gaussian (centre <paramref name="centre"/>, σ) that falls in [<paramref name="from"/>, <paramref name="to"/>].</summary>
    public static double GaussianFraction(double from, double to, double centre, double sigma) =>
        to <= from ? 0 : NormalCdf((to - centre) / sigma) - NormalCdf((from - centre) / sigma);

    /// <summary>A standard normal variate from <paramref name="random"/> (Box–Muller).</summary>
    public static double NextGaussian(this Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        double u1 = 1.0 - random.NextDouble(); // (0, 1]: keeps the logarithm finite
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}

/// <summary>
/// A small allocation-free pseudo-random generator (SplitMix64) for per-frame noise: a frame's noise is a
/// pure function of (seed, frame sequence), so re-reading a frame gives the same pixels and rendering
/// allocates nothing (a <see cref="Random"/> cannot be re-seeded without a new instance).
/// </summary>
public struct SplitMix64(ulong state)
{
    private ulong _state = state;
    private double _spare;
    private bool _hasSpare;

    /// <summary>Next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Standard normal variate (Box–Muller; each pair of uniforms gives two variates).</summary>
    public double NextGaussian()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spare;
        }

        double u1 = 1.0 - NextDouble();
        double u2 = NextDouble();
        double radius = Math.Sqrt(-2.0 * Math.Log(u1));
        (double sin, double cos) = Math.SinCos(2.0 * Math.PI * u2);
        _spare = radius * sin;
        _hasSpare = true;
        return radius * cos;
    }

    /// <summary>
    /// Poisson variate of mean <paramref name="mean"/>: Knuth's product method below 30, the normal
    /// approximation (rounded, non-negative) above, where it is within the shot noise's own accuracy.
    /// </summary>
    public double NextPoisson(double mean)
    {
        if (mean <= 0)
        {
            return 0;
        }

        if (mean >= 30)
        {
            return Math.Max(0, Math.Round(mean + (Math.Sqrt(mean) * NextGaussian())));
        }

        double limit = Math.Exp(-mean);
        double product = NextDouble();
        int count = 0;
        while (product > limit)
        {
            count++;
            product *= NextDouble();
        }

        return count;
    }
}

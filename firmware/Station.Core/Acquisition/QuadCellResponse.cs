namespace Station.Core.Acquisition;

/// <summary>
/// The quad-cell's normalised difference signal for a Gaussian spot: the fraction of a Gaussian of σ on one side
/// of the split, minus the other side, is erf(δ/(σ√2)). It is linear (slope √(2/π)/σ) only for |δ| ≲ σ and
/// saturates at ±1 beyond ~2σ, which is why the fine loop takes over only inside the linear range.
/// </summary>
public static class QuadCellResponse
{
    /// <summary>Normalised signal (−1…1) for a spot displaced by <paramref name="offset"/> with Gaussian width <paramref name="sigma"/> (same units).</summary>
    public static double Normalized(double offset, double sigma)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sigma);
        return Erf(offset / (sigma * Math.Sqrt(2)));
    }

    /// <summary>Slope of <see cref="Normalized"/> at the centre: normalised units per unit offset.</summary>
    public static double CentreSlope(double sigma)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sigma);
        return Math.Sqrt(2 / Math.PI) / sigma;
    }

    /// <summary>Offset that produces the normalised signal <paramref name="normalized"/> (inverse of <see cref="Normalized"/>), |normalized| &lt; 1.</summary>
    public static double Offset(double normalized, double sigma)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sigma);
        if (!(Math.Abs(normalized) < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(normalized), normalized, "a normalised quad-cell signal must lie strictly inside (−1, 1) to be inverted");
        }

        // Newton on erf: well conditioned inside (−1, 1); start from the linear guess.
        double z = normalized * Math.Sqrt(Math.PI) / 2;
        for (int i = 0; i < 50; i++)
        {
            double f = Erf(z) - normalized;
            double step = f / (2 / Math.Sqrt(Math.PI) * Math.Exp(-z * z));
            z -= Math.Clamp(step, -0.5, 0.5);
            if (Math.Abs(step) < 1e-13)
            {
                break;
            }
        }

        return z * sigma * Math.Sqrt(2);
    }

    /// <summary>
    /// Error function to ~1e-13 relative: Maclaurin series for |x| &lt; 2.5, continued fraction for erfc beyond
    /// (both converge fast there). .NET has no Math.Erf.
    /// </summary>
    public static double Erf(double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        double ax = Math.Abs(x);
        if (ax < 2.5)
        {
            double term = x, sum = x, x2 = x * x;
            for (int n = 1; n < 200; n++)
            {
                term *= -x2 / n;
                double add = term / ((2 * n) + 1);
                sum += add;
                if (Math.Abs(add) < 1e-17 * Math.Abs(sum))
                {
                    break;
                }
            }

            return 2 / Math.Sqrt(Math.PI) * sum;
        }

        if (ax > 6)
        {
            return Math.Sign(x);
        }

        // erfc(x) = exp(−x²)/√π · 1/(x + 1/2/(x + 1/(x + 3/2/(x + …)))), evaluated bottom-up.
        double fraction = ax;
        for (int n = 60; n >= 1; n--)
        {
            fraction = ax + (n / 2.0 / fraction);
        }

        double erfc = Math.Exp(-ax * ax) / Math.Sqrt(Math.PI) / fraction;
        return Math.Sign(x) * (1 - erfc);
    }
}

namespace Station.Core.Detectors;

/// <summary>
/// Poisson tail probabilities for the count monitor's collapse test, computed by direct summation of the
/// probability mass in log space (no normal approximation: the tails at p ≈ 1e-6 are where approximations fail).
/// Allocation-free; the cost is a few √μ terms at most, and the thresholded form stops after one term in the
/// ordinary case where the count is near its mean.
/// </summary>
public static class PoissonStatistics
{
    private const int TableSize = 256;
    private static readonly double[] LogFactorials = BuildTable();

    /// <summary>ln(n!) — a table below 256, Stirling's series with terms to n⁻⁵ above (error below 1e-16 relative).</summary>
    public static double LogFactorial(long n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (n < TableSize)
        {
            return LogFactorials[n];
        }

        double x = n;
        double inv = 1 / x;
        double inv2 = inv * inv;
        return (x * Math.Log(x)) - x + (0.5 * Math.Log(2 * Math.PI * x))
            + (inv * ((1.0 / 12) - (inv2 * ((1.0 / 360) - (inv2 / 1260)))));
    }

    /// <summary>ln P(X = k) for X ~ Poisson(μ).</summary>
    public static double LogProbability(long k, double mu) =>
        mu == 0 ? (k == 0 ? 0 : double.NegativeInfinity) : (k * Math.Log(mu)) - mu - LogFactorial(k);

    /// <summary>P(X ≤ k) for X ~ Poisson(μ).</summary>
    public static double LowerTail(long k, double mu)
    {
        Check(mu);
        if (k < 0)
        {
            return 0;
        }

        // Below the mean the terms shrink going down: sum them. Above it, 1 − (upper tail), whose terms shrink going up.
        return k < mu ? SumDown(k, mu, double.PositiveInfinity) : 1 - SumUp(k + 1, mu);
    }

    /// <summary>
    /// Whether P(X ≤ k) is below <paramref name="p"/>; stops summing as soon as the answer is known.
    /// <paramref name="probability"/> is the exact tail when the answer is true, a lower bound (≥ p) otherwise.
    /// </summary>
    public static bool IsLowerTailBelow(long k, double mu, double p, out double probability)
    {
        Check(mu);
        if (k < 0)
        {
            probability = 0;
            return true;
        }

        if (k >= mu)
        {
            // At or above the mean the lower tail is at least about one half.
            probability = LowerTail(k, mu);
            return probability < p;
        }

        probability = SumDown(k, mu, p);
        return probability < p;
    }

    private static double SumDown(long k, double mu, double stopAbove)
    {
        double term = Math.Exp(LogProbability(k, mu));
        double sum = 0;
        for (long j = k; j >= 0 && term > 0; j--)
        {
            sum += term;
            if (sum >= stopAbove || term < sum * 1e-17)
            {
                break;
            }

            term *= j / mu; // P(j−1) = P(j)·j/μ
        }

        return sum;
    }

    private static double SumUp(long k, double mu)
    {
        double term = Math.Exp(LogProbability(k, mu));
        double sum = 0;
        for (long j = k; term > 0; j++)
        {
            sum += term;
            if (term < sum * 1e-17)
            {
                break;
            }

            term *= mu / (j + 1); // P(j+1) = P(j)·μ/(j+1)
        }

        return Math.Min(sum, 1);
    }

    private static void Check(double mu)
    {
        if (!double.IsFinite(mu) || mu < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(mu), mu, "the Poisson mean must be finite and not negative");
        }
    }

    private static double[] BuildTable()
    {
        var table = new double[TableSize];
        for (int n = 2; n < TableSize; n++)
        {
            table[n] = table[n - 1] + Math.Log(n);
        }

        return table;
    }
}

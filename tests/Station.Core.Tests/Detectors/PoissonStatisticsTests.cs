using Station.Core.Detectors;

namespace Station.Core.Tests.Detectors;

public sealed class PoissonStatisticsTests
{
    [Fact]
    public void Log_factorial_matches_the_summed_logarithms_across_the_table_edge()
    {
        double sum = 0;
        for (int n = 1; n <= 3000; n++)
        {
            sum += Math.Log(n);
            Assert.True(Math.Abs(PoissonStatistics.LogFactorial(n) - sum) <= 1e-12 * Math.Max(1, sum), $"ln({n}!)");
        }

        Assert.Equal(0, PoissonStatistics.LogFactorial(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => PoissonStatistics.LogFactorial(-1));
    }

    [Theory]
    [InlineData(0, 3.0, 0.049787068367863944)] // e^−3
    [InlineData(2, 3.0, 0.42319008112684353)] // e^−3·(1 + 3 + 4.5)
    [InlineData(3, 3.0, 0.64723188878223134)] // + e^−3·4.5 (k = μ: the upper-tail branch)
    [InlineData(10, 3.0, 0.9997076630493528)]
    public void Small_tails_are_exact(long k, double mu, double expected) =>
        Assert.Equal(expected, PoissonStatistics.LowerTail(k, mu), 1e-14);

    [Theory]
    [InlineData(100.0)]
    [InlineData(650.0)]
    public void Tails_match_an_independent_upward_summation(double mu)
    {
        // Sum P(0), P(1), … upward from e^−μ (representable for μ < 700): a different path to the same numbers.
        double term = Math.Exp(-mu), cdf = 0;
        for (long k = 0; k <= 2 * mu; k++)
        {
            cdf += term;
            double tail = PoissonStatistics.LowerTail(k, mu);
            Assert.True(Math.Abs(tail - cdf) <= (1e-9 * cdf) + 1e-300, $"P(X ≤ {k} | {mu}) = {tail}, summed {cdf}");
            bool below = PoissonStatistics.IsLowerTailBelow(k, mu, 1e-6, out double p);
            Assert.Equal(cdf < 1e-6, below);
            if (below)
            {
                Assert.True(Math.Abs(p - cdf) <= 1e-9 * cdf);
            }

            term *= mu / (k + 1);
        }
    }

    [Fact]
    public void Far_tails_underflow_to_zero_not_to_nonsense()
    {
        Assert.Equal(0, PoissonStatistics.LowerTail(0, 1e6));
        Assert.True(PoissonStatistics.IsLowerTailBelow(10, 1e5, 1e-6, out double p));
        Assert.Equal(0, p);
        Assert.Equal(1, PoissonStatistics.LowerTail(10_000, 10));
        Assert.Equal(1, PoissonStatistics.LowerTail(5, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => PoissonStatistics.LowerTail(5, double.NaN));
    }
}

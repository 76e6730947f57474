using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Station.Core.Acquisition;

namespace Station.Core.Tests.Acquisition;

public sealed class RobustStatisticsTests
{
    /// <summary>Background samples: a level, Gaussian-ish noise, and a few bright outliers (spot, stars, hot pixels).</summary>
    private static ushort[] Samples(int seed, int count, int level, double sigma, int outliers, int span)
    {
        var random = new Random(seed);
        var samples = new ushort[count];
        for (int i = 0; i < count; i++)
        {
            double noise = sigma * (random.NextDouble() + random.NextDouble() + random.NextDouble() - 1.5) * 2;
            samples[i] = (ushort)Math.Clamp(Math.Round(level + noise), 0, ushort.MaxValue);
        }

        for (int i = 0; i < outliers; i++)
        {
            samples[random.Next(count)] = (ushort)Math.Clamp(level + random.Next(span), 0, ushort.MaxValue);
        }

        return samples;
    }

    [Property(MaxTest = 200)]
    public Property The_histogram_gives_the_same_background_as_selection_to_the_last_bit() =>
        Prop.ForAll(
            (from seed in Gen.Choose(0, int.MaxValue)
             from count in Gen.Choose(1, 3000)
             from level in Gen.Choose(0, 60_000)
             from sigma in Gen.Choose(0, 400)
             from outliers in Gen.Choose(0, 200)
             from span in Gen.Choose(1, 4000)
             select (seed, count, level, sigma / 10.0, outliers, span)).ToArbitrary(),
            c =>
            {
                var samples = Samples(c.seed, c.count, c.level, c.Item4, c.outliers, c.span);
                ushort min = samples.Min(), max = samples.Max();
                if (max - min >= RobustStatistics.HistogramBins)
                {
                    return true; // selection only: nothing to compare
                }

                var byHistogram = RobustStatistics.ClippedMeanSigmaByHistogram(samples, min, max - min);
                var bySelection = RobustStatistics.ClippedMeanSigmaBySelection((ushort[])samples.Clone(), new ushort[samples.Length]);
                return byHistogram.Mean.Equals(bySelection.Mean) && byHistogram.Sigma.Equals(bySelection.Sigma);
            });

    [Fact]
    public void Background_and_noise_come_out_of_a_sample_with_a_bright_spot_in_it()
    {
        var samples = Samples(seed: 7, count: 2048, level: 100, sigma: 3, outliers: 60, span: 4000);
        var (mean, sigma) = RobustStatistics.ClippedMeanSigma(samples, new ushort[samples.Length]);
        Assert.InRange(mean, 99.5, 100.5);
        Assert.InRange(sigma, 2.6, 3.4); // the noise is a sum of three uniforms, σ = 3 (to within its sampling error)
    }

    [Fact]
    public void A_sample_wider_than_the_histogram_is_measured_by_selection()
    {
        var samples = Samples(seed: 11, count: 1000, level: 30_000, sigma: 5, outliers: 20, span: 30_000);
        Assert.True(samples.Max() - samples.Min() >= RobustStatistics.HistogramBins);
        var (mean, sigma) = RobustStatistics.ClippedMeanSigma((ushort[])samples.Clone(), new ushort[samples.Length]);
        Assert.Equal(RobustStatistics.ClippedMeanSigmaBySelection(samples, new ushort[samples.Length]), (mean, sigma));
        Assert.InRange(mean, 29_999, 30_001);
    }
}

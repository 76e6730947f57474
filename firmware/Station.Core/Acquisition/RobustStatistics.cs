namespace Station.Core.Acquisition;

/// <summary>Allocation-free order statistics on integer pixel samples.</summary>
internal static class RobustStatistics
{
    /// <summary>
    /// The k-th smallest value (0-based), reordering <paramref name="values"/> in place. Hoare partition around a
    /// median-of-three pivot: O(n) expected, and pixel data (many equal values) does not degrade it because
    /// equal elements are split between both sides.
    /// </summary>
    public static ushort Select(Span<ushort> values, int k)
    {
        if ((uint)k >= (uint)values.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, "rank outside the sample");
        }

        int lo = 0, hi = values.Length - 1;
        while (hi > lo)
        {
            int mid = lo + ((hi - lo) >> 1);
            // Median of three into values[mid].
            if (values[mid] < values[lo])
            {
                (values[mid], values[lo]) = (values[lo], values[mid]);
            }

            if (values[hi] < values[lo])
            {
                (values[hi], values[lo]) = (values[lo], values[hi]);
            }

            if (values[hi] < values[mid])
            {
                (values[hi], values[mid]) = (values[mid], values[hi]);
            }

            ushort pivot = values[mid];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (values[i] < pivot)
                {
                    i++;
                }

                while (values[j] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }

            if (k <= j)
            {
                hi = j;
            }
            else if (k >= i)
            {
                lo = i;
            }
            else
            {
                return values[k];
            }
        }

        return values[k];
    }

    /// <summary>
    /// Background level and noise of a sample: median and MAD locate the bulk (immune to the spot and stars), then
    /// the mean and standard deviation of the samples within ±4 MAD-sigmas refine them. The second stage matters
    /// because integer data with σ ≈ 1 ADU makes the MAD itself jump in whole ADU steps.
    /// </summary>
    /// <param name="samples">Sample values; reordered.</param>
    /// <param name="scratch">Scratch of at least the same length.</param>
    public static (double Mean, double Sigma) ClippedMeanSigma(Span<ushort> samples, Span<ushort> scratch)
    {
        int n = samples.Length;
        ushort median = Select(samples, n / 2);
        var deviations = scratch[..n];
        for (int i = 0; i < n; i++)
        {
            int d = samples[i] - median;
            deviations[i] = (ushort)(d < 0 ? -d : d);
        }

        double mad = Select(deviations, n / 2);
        // 1.4826·MAD estimates σ for Gaussian data; at least 1 ADU so quantised, nearly constant data still clips sensibly.
        double clip = 4 * Math.Max(1.4826 * mad, 1.0);
        double lo = median - clip, hi = median + clip;
        double sum = 0, sumSq = 0;
        int count = 0;
        for (int i = 0; i < n; i++)
        {
            double v = samples[i];
            if (v >= lo && v <= hi)
            {
                double d = v - median;
                sum += d;
                sumSq += d * d;
                count++;
            }
        }

        double meanOffset = sum / count;
        double variance = Math.Max(0, (sumSq / count) - (meanOffset * meanOffset));
        return (median + meanOffset, Math.Sqrt(variance * count / Math.Max(1, count - 1)));
    }
}

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
    /// <para>
    /// Samples spanning fewer than <see cref="HistogramBins"/> ADU (any 12-bit frame) are counted into a histogram:
    /// one pass instead of two selections, which made up a third of the centroider's time at 100 fps. The result is the
    /// same to the last bit as by selection (the sums are of integers), which wider spans still use.
    /// </para>
    /// </summary>
    /// <param name="samples">Sample values; may be reordered.</param>
    /// <param name="scratch">Scratch of at least the same length.</param>
    public static (double Mean, double Sigma) ClippedMeanSigma(Span<ushort> samples, Span<ushort> scratch)
    {
        ushort min = ushort.MaxValue, max = 0;
        foreach (ushort v in samples)
        {
            min = v < min ? v : min;
            max = v > max ? v : max;
        }

        return samples.Length > 0 && max - min < HistogramBins
            ? ClippedMeanSigmaByHistogram(samples, min, max - min)
            : ClippedMeanSigmaBySelection(samples, scratch);
    }

    /// <summary>Largest span of sample values (max − min + 1) counted into a histogram on the stack (16 KiB).</summary>
    internal const int HistogramBins = 4096;

    internal static (double Mean, double Sigma) ClippedMeanSigmaByHistogram(ReadOnlySpan<ushort> samples, ushort min, int range)
    {
        int n = samples.Length, k = n / 2;
        Span<int> histogram = stackalloc int[range + 1];
        foreach (ushort v in samples)
        {
            histogram[v - min]++;
        }

        // The k-th smallest value, then the k-th smallest distance from it (the bins at ±d from the median).
        int medianBin = 0;
        for (int cumulative = histogram[0]; cumulative <= k; cumulative += histogram[++medianBin])
        {
        }

        int mad = 0;
        for (int cumulative = histogram[medianBin]; cumulative <= k;)
        {
            mad++;
            cumulative += (medianBin - mad >= 0 ? histogram[medianBin - mad] : 0) + (medianBin + mad <= range ? histogram[medianBin + mad] : 0);
        }

        int median = min + medianBin;
        double clip = ClipHalfWidth(mad);
        int first = Math.Max(0, (int)Math.Ceiling(median - clip) - min), last = Math.Min(range, (int)Math.Floor(median + clip) - min);
        double sum = 0, sumSq = 0;
        int count = 0;
        for (int b = first; b <= last; b++)
        {
            double d = b - medianBin, c = histogram[b];
            sum += c * d;
            sumSq += c * d * d;
            count += histogram[b];
        }

        return Moments(median, sum, sumSq, count);
    }

    internal static (double Mean, double Sigma) ClippedMeanSigmaBySelection(Span<ushort> samples, Span<ushort> scratch)
    {
        int n = samples.Length;
        ushort median = Select(samples, n / 2);
        var deviations = scratch[..n];
        for (int i = 0; i < n; i++)
        {
            int d = samples[i] - median;
            deviations[i] = (ushort)(d < 0 ? -d : d);
        }

        double clip = ClipHalfWidth(Select(deviations, n / 2));
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

        return Moments(median, sum, sumSq, count);
    }

    /// <summary>1.4826·MAD estimates σ for Gaussian data; at least 1 ADU so quantised, nearly constant data still clips sensibly.</summary>
    private static double ClipHalfWidth(double mad) => 4 * Math.Max(1.4826 * mad, 1.0);

    private static (double Mean, double Sigma) Moments(double median, double sum, double sumSq, int count)
    {
        double meanOffset = sum / count;
        double variance = Math.Max(0, (sumSq / count) - (meanOffset * meanOffset));
        return (median + meanOffset, Math.Sqrt(variance * count / Math.Max(1, count - 1)));
    }
}

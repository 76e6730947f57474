using System.Globalization;

namespace Station.Emulator.World.Disturbances;

/// <summary>A one-sided power spectral density: frequencies (Hz) and density (units²/Hz).</summary>
public sealed record PowerSpectrum(double[] FrequencyHz, double[] Density)
{
    /// <summary>Integral of the density over [loHz, hiHz] (rectangle rule on the bins): the variance in that band.</summary>
    public double BandPower(double loHz, double hiHz)
    {
        double df = FrequencyHz.Length > 1 ? FrequencyHz[1] - FrequencyHz[0] : 0, sum = 0;
        for (int i = 0; i < FrequencyHz.Length; i++)
        {
            if (FrequencyHz[i] >= loHz && FrequencyHz[i] <= hiHz)
            {
                sum += Density[i] * df;
            }
        }

        return sum;
    }

    /// <summary>Least-squares slope of log10(density) against log10(frequency) over [loHz, hiHz].</summary>
    public double LogLogSlope(double loHz, double hiHz)
    {
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        int n = 0;
        for (int i = 0; i < FrequencyHz.Length; i++)
        {
            if (FrequencyHz[i] >= loHz && FrequencyHz[i] <= hiHz && Density[i] > 0)
            {
                double x = Math.Log10(FrequencyHz[i]), y = Math.Log10(Density[i]);
                sx += x;
                sy += y;
                sxx += x * x;
                sxy += x * y;
                n++;
            }
        }

        if (n < 3)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"only {n} spectral bins within {loHz}…{hiHz} Hz: too few for a slope"));
        }

        return ((n * sxy) - (sx * sy)) / ((n * sxx) - (sx * sx));
    }

    /// <summary>Mean density over [loHz, hiHz] (for comparing with a model in bands, which tames the estimate's scatter).</summary>
    public double MeanDensity(double loHz, double hiHz)
    {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < FrequencyHz.Length; i++)
        {
            if (FrequencyHz[i] >= loHz && FrequencyHz[i] <= hiHz)
            {
                sum += Density[i];
                n++;
            }
        }

        return n == 0 ? double.NaN : sum / n;
    }
}

/// <summary>
/// Welch's PSD estimate (Hann window, 50 % overlap, averaged periodograms) over an in-house radix-2 FFT: used by the
/// disturbance tests and by the pass report to show the spectra actually injected and the residuals left.
/// </summary>
public static class SpectralEstimate
{
    /// <summary>One-sided PSD of <paramref name="samples"/> taken at <paramref name="sampleRateHz"/>, segments of <paramref name="segmentLength"/> (a power of two).</summary>
    public static PowerSpectrum Welch(ReadOnlySpan<double> samples, double sampleRateHz, int segmentLength)
    {
        if (segmentLength < 8 || (segmentLength & (segmentLength - 1)) != 0 || segmentLength > samples.Length)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"segment length {segmentLength} must be a power of two ≥ 8 and at most the {samples.Length} samples"), nameof(segmentLength));
        }

        if (!(sampleRateHz > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(sampleRateHz), sampleRateHz, "the sample rate must be positive");
        }

        int n = segmentLength, half = n / 2;
        var window = new double[n];
        double windowPower = 0;
        for (int i = 0; i < n; i++)
        {
            window[i] = 0.5 * (1 - Math.Cos(2 * Math.PI * i / n));
            windowPower += window[i] * window[i];
        }

        var re = new double[n];
        var im = new double[n];
        var density = new double[half + 1];
        int segments = 0;
        for (int start = 0; start + n <= samples.Length; start += half)
        {
            double mean = 0;
            for (int i = 0; i < n; i++)
            {
                mean += samples[start + i];
            }

            mean /= n;
            for (int i = 0; i < n; i++)
            {
                re[i] = (samples[start + i] - mean) * window[i];
                im[i] = 0;
            }

            Fft(re, im);
            for (int k = 0; k <= half; k++)
            {
                double p = ((re[k] * re[k]) + (im[k] * im[k])) / (sampleRateHz * windowPower);
                density[k] += k == 0 || k == half ? p : 2 * p;
            }

            segments++;
        }

        var frequency = new double[half + 1];
        for (int k = 0; k <= half; k++)
        {
            density[k] /= segments;
            frequency[k] = k * sampleRateHz / n;
        }

        return new PowerSpectrum(frequency, density);
    }

    /// <summary>In-place iterative radix-2 decimation-in-time FFT (forward, no scaling).</summary>
    public static void Fft(Span<double> re, Span<double> im)
    {
        int n = re.Length;
        if (im.Length != n || n == 0 || (n & (n - 1)) != 0)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"FFT length {n} (imaginary {im.Length}) must be equal powers of two"));
        }

        for (int i = 1, j = 0; i < n; i++)
        {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1)
            {
                j ^= bit;
            }

            j ^= bit;
            if (i < j)
            {
                (re[i], re[j]) = (re[j], re[i]);
                (im[i], im[j]) = (im[j], im[i]);
            }
        }

        for (int length = 2; length <= n; length <<= 1)
        {
            double angle = -2 * Math.PI / length;
            double wr = Math.Cos(angle), wi = Math.Sin(angle);
            for (int start = 0; start < n; start += length)
            {
                double cr = 1, ci = 0;
                for (int k = 0; k < length / 2; k++)
                {
                    int a = start + k, b = a + (length / 2);
                    double tr = (re[b] * cr) - (im[b] * ci), ti = (re[b] * ci) + (im[b] * cr);
                    re[b] = re[a] - tr;
                    im[b] = im[a] - ti;
                    re[a] += tr;
                    im[a] += ti;
                    (cr, ci) = ((cr * wr) - (ci * wi), (cr * wi) + (ci * wr));
                }
            }
        }
    }
}

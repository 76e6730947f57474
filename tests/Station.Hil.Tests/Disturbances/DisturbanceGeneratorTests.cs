using Station.Emulator.World.Disturbances;
using UnitsNet;
using Xunit.Abstractions;

namespace Station.Hil.Tests.Disturbances;

/// <summary>
/// The generators checked against their specifications by estimating what they produce: rms from the samples,
/// the spectrum by Welch's method (2^20 samples at 1 kHz, 8192-point segments).
/// </summary>
public sealed class DisturbanceGeneratorTests(ITestOutputHelper output)
{
    private const int Samples = 1 << 20;
    private const double Fs = 1000;

    private static (double[] X, double[] Y) Record(Func<(double X, double Y)> next, int count = Samples)
    {
        var x = new double[count];
        var y = new double[count];
        for (int i = 0; i < count; i++)
        {
            (x[i], y[i]) = next();
        }

        return (x, y);
    }

    private static double Rms(double[] v) => Math.Sqrt(v.Sum(a => a * a) / v.Length);

    [Theory]
    [InlineData(0.0, 0.0152)]    // zenith of a 500 km pass: the 10 Hz reference corner
    [InlineData(60.0, 0.0152)]   // rms × √2
    [InlineData(30.0, 0.0304)]   // twice the slew rate: corner ≈ 20 Hz
    [InlineData(70.0, 0.0025)]   // low and slow: corner ≈ 1.8 Hz
    public void Turbulence_tilt_has_the_requested_rms_and_an_eleven_thirds_slope_above_the_corner(double zenithDeg, double slewRadPerS)
    {
        var parameters = new TurbulenceTiltParameters();
        var tilt = new TurbulenceTilt(parameters, seed: 7);
        tilt.SetConditions(zenithDeg * Math.PI / 180, slewRadPerS);
        var (x, y) = Record(tilt.Next);
        double expectedRms = 2 / Math.Sqrt(Math.Cos(zenithDeg * Math.PI / 180));
        double fc = tilt.CornerHz;
        double modelCorner = parameters.CornerHz(slewRadPerS);
        Assert.InRange(fc, modelCorner / 1.0100, modelCorner * 1.0100); // the corner is held on a grid 2 % apart: the nearest step
        var psd = SpectralEstimate.Welch(x, Fs, 8192);
        double slope = psd.LogLogSlope(3 * fc, Fs / 5);
        output.WriteLine($"z {zenithDeg}°, ω {slewRadPerS * 1e3} mrad/s: fc {fc:F2} Hz, rms x {Rms(x):F3} y {Rms(y):F3} (want {expectedRms:F3}) µrad, slope {slope:F3} over {3 * fc:F1}…{Fs / 5} Hz");
        Assert.Equal(expectedRms, Rms(x), 0.1 * expectedRms);
        Assert.Equal(expectedRms, Rms(y), 0.1 * expectedRms);
        Assert.Equal(-11.0 / 3, slope, 0.5);

        // Shape, band by band (half-octaves from fc/8 to fs/5): within 1.5 dB of the target, flat part included.
        for (double lo = fc / 8; lo * Math.Sqrt(2) <= Fs / 5; lo *= Math.Sqrt(2))
        {
            double hi = lo * Math.Sqrt(2), mid = Math.Sqrt(lo * hi);
            double measured = psd.MeanDensity(lo, hi);
            if (double.IsNaN(measured))
            {
                continue; // narrower than a bin at the lowest corners
            }

            double model = TurbulenceTiltParameters.Psd(mid, fc, expectedRms);
            double db = 10 * Math.Log10(measured / model);
            Assert.True(Math.Abs(db) < 1.5, $"{lo:F2}…{hi:F2} Hz: {db:F2} dB from the model");
        }
    }

    [Fact]
    public void Turbulence_follows_changing_conditions_continuously()
    {
        var tilt = new TurbulenceTilt(new TurbulenceTiltParameters(), seed: 3);
        double previous = tilt.Next().X, largestStep = 0;
        for (int i = 0; i < 20_000; i++)
        {
            // A pass: the slew rate swells to the reference and back, the zenith angle from 80° to 0° and back.
            double phase = i / 20_000.0;
            tilt.SetConditions(Math.Abs(1 - (2 * phase)) * 80 * Math.PI / 180, 0.0152 * Math.Sin(Math.PI * phase));
            double x = tilt.Next().X;
            largestStep = Math.Max(largestStep, Math.Abs(x - previous));
            previous = x;
        }

        Assert.True(largestStep < 1, $"largest sample-to-sample step {largestStep:F3} µrad");
        var error = Assert.Throws<ArgumentException>(() => new TurbulenceTilt(new TurbulenceTiltParameters { CornerAtReference = Frequency.FromHertz(300) }, 1));
        Assert.Contains("corner 300 Hz must be positive and below an eighth of the sample rate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mount_jitter_is_a_one_microradian_resonance_at_five_hertz()
    {
        var jitter = new MountJitter(new MountJitterParameters(), seed: 5);
        var (x, y) = Record(jitter.Next);
        var parameters = jitter.Parameters;
        var psd = SpectralEstimate.Welch(x, Fs, 8192);
        // Peak of the spectrum smoothed over ±2 bins (±0.24 Hz), so one noisy bin cannot move it.
        int peak = 2;
        double best = 0;
        for (int i = 2; i < psd.Density.Length - 2; i++)
        {
            double smoothed = psd.Density.AsSpan(i - 2, 5).ToArray().Average();
            (peak, best) = smoothed > best ? (i, smoothed) : (peak, best);
        }

        output.WriteLine($"jitter rms x {Rms(x):F3} y {Rms(y):F3} µrad, PSD peak at {psd.FrequencyHz[peak]:F2} Hz");
        Assert.Equal(1, Rms(x), 0.1);
        Assert.Equal(1, Rms(y), 0.1);
        Assert.InRange(psd.FrequencyHz[peak], 4.75, 5.25);
        // Shape against |H|², scaled to the rms, in 1 Hz bands from 1 to 20 Hz.
        double scale = 1 / Enumerable.Range(1, 200_000).Sum(i => parameters.ShapeAt(i * 0.001) * 0.001);
        for (double lo = 1; lo < 20; lo += 1)
        {
            double model = Enumerable.Range(0, 100).Average(i => parameters.ShapeAt(lo + (i * 0.01))) * scale;
            double db = 10 * Math.Log10(psd.MeanDensity(lo, lo + 1) / model);
            Assert.True(Math.Abs(db) < 1.5, $"{lo}…{lo + 1} Hz: {db:F2} dB from the model");
        }
    }

    [Fact]
    public void Quad_cell_noise_is_photon_shot_noise()
    {
        var parameters = new QuadCellNoiseParameters { ReceivedPower = Power.FromPicowatts(100), BackgroundRatePerS = 2e5 };
        var cell = new QuadCellShotNoise(parameters, seed: 9);
        double signal = parameters.SignalRatePerS / 1000, total = signal + 200;
        var t = DateTimeOffset.UnixEpoch;
        var centred = Enumerable.Range(0, 40_000).Select(_ => cell.Sample(t, 0, 0)).ToArray();
        double stdX = Math.Sqrt(centred.Average(s => s.X * s.X));
        double meanSum = centred.Average(s => s.Sum);
        output.WriteLine($"signal {signal:F1} e⁻/sample, sum {meanSum:F1}, σx {stdX:F4} (1/√N = {1 / Math.Sqrt(total):F4}), NEA {parameters.NoiseEquivalentAngleUrad:F3} µrad");
        Assert.Equal(total, meanSum, 0.01 * total);
        Assert.Equal(1 / Math.Sqrt(total), stdX, 0.05 / Math.Sqrt(total));

        double offset = 5; // half the spot σ
        double meanX = Enumerable.Range(0, 40_000).Select(_ => cell.Sample(t, offset, 0).X).Average();
        double expected = signal / total * Station.Core.Acquisition.QuadCellResponse.Normalized(offset, 10);
        Assert.Equal(expected, meanX, 0.02 * expected);

        var cloud = cell.Sample(t, 0, 0, transmission: 0);
        Assert.InRange(cloud.Sum, 120, 280); // background only
    }

    [Fact]
    public void Generators_replay_from_their_seeds_and_step_with_time()
    {
        var a = new TurbulenceTilt(new TurbulenceTiltParameters(), seed: 11);
        var b = new TurbulenceTilt(new TurbulenceTiltParameters(), seed: 11);
        var c = new TurbulenceTilt(new TurbulenceTiltParameters(), seed: 12);
        var sa = Record(a.Next, 100).X;
        Assert.Equal(sa, Record(b.Next, 100).X);
        Assert.NotEqual(sa, Record(c.Next, 100).X);

        var jitter = new MountJitter(new MountJitterParameters(), seed: 1);
        var reference = new MountJitter(new MountJitterParameters(), seed: 1);
        var start = new DateTimeOffset(2026, 3, 19, 20, 0, 0, TimeSpan.Zero);
        jitter.Advance(start);
        jitter.Advance(start.AddMilliseconds(250));
        double last = 0;
        for (int i = 0; i < 250; i++)
        {
            last = reference.Next().X;
        }

        Assert.Equal(last, jitter.XUrad);
    }

    [Fact]
    public void The_fft_and_welch_estimator_are_right()
    {
        var random = new Random(1);
        var re = Enumerable.Range(0, 64).Select(_ => random.NextDouble() - 0.5).ToArray();
        var im = new double[64];
        var input = (double[])re.Clone();
        SpectralEstimate.Fft(re, im);
        for (int k = 0; k < 64; k++)
        {
            double dr = 0, di = 0;
            for (int n = 0; n < 64; n++)
            {
                dr += input[n] * Math.Cos(-2 * Math.PI * k * n / 64);
                di += input[n] * Math.Sin(-2 * Math.PI * k * n / 64);
            }

            Assert.Equal(dr, re[k], 1e-9);
            Assert.Equal(di, im[k], 1e-9);
        }

        var noise = new GaussianSource(2);
        var white = Enumerable.Range(0, 1 << 18).Select(_ => 3 * noise.Next()).ToArray();
        var psd = SpectralEstimate.Welch(white, Fs, 4096);
        Assert.Equal(2 * 9 / Fs, psd.MeanDensity(10, 490), 0.03 * 2 * 9 / Fs);
        Assert.Equal(9, psd.BandPower(0, 500), 0.3);
        Assert.Throws<ArgumentException>(() => SpectralEstimate.Welch(white, Fs, 1000));
    }
}

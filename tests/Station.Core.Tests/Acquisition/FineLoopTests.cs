using System.Numerics;
using Station.Core.Acquisition;
using UnitsNet;

namespace Station.Core.Tests.Acquisition;

/// <summary>
/// The fine loop on a simulated plant at 1 kHz: the quad-cell at tick k sees the disturbance minus the mirror
/// command of tick k−1 (one sample of latency), through a linear cell of 12.5 µrad per unit.
/// </summary>
public sealed class FineLoopTests
{
    private const double Dt = 0.001;
    private static readonly DateTimeOffset T0 = new(2026, 3, 19, 20, 0, 0, TimeSpan.Zero);

    /// <summary>|S| of e = d − z⁻¹·C·e with C(z) = Kp + Ki·T/(1 − z⁻¹), at frequency f.</summary>
    internal static double Sensitivity(FineLoopOptions options, double f, int latencySamples = 1)
    {
        var z = Complex.FromPolarCoordinates(1, 2 * Math.PI * f * Dt);
        var c = options.ProportionalGain + (options.IntegralGainPerS * Dt / (1 - (1 / z)));
        return (1 / (1 + (Complex.Pow(z, -latencySamples) * c))).Magnitude;
    }

    private static double[] Run(FineLoop loop, Func<double, double> disturbance, int ticks, out double[] mirror)
    {
        double gain = loop.Calibration.GainX.Microradians;
        var residual = new double[ticks];
        mirror = new double[ticks];
        double previous = 0;
        for (int k = 0; k < ticks; k++)
        {
            double e = disturbance(k * Dt) - previous;
            residual[k] = e;
            var command = loop.Step(new QuadCellSample(T0.AddTicks(k * 10_000), e / gain, 0, 1000), Dt);
            previous = command.MirrorXUrad;
            mirror[k] = previous;
        }

        return residual;
    }

    [Theory]
    [InlineData(2.0)]
    [InlineData(5.0)]
    [InlineData(30.0)]
    [InlineData(120.0)]
    public void Sinusoidal_tilt_is_rejected_as_the_sensitivity_function_predicts(double frequency)
    {
        var options = new FineLoopOptions();
        var loop = new FineLoop(options, new QuadCellCalibration());
        int ticks = 4000;
        var residual = Run(loop, t => 10 * Math.Sin(2 * Math.PI * frequency * t), ticks, out _);
        // Amplitude of the residual at f over the last two seconds (a whole number of periods for these f).
        Complex sum = 0;
        for (int k = 2000; k < ticks; k++)
        {
            sum += residual[k] * Complex.FromPolarCoordinates(1, -2 * Math.PI * frequency * k * Dt);
        }

        double measured = 2 * sum.Magnitude / 2000 / 10;
        double predicted = Sensitivity(options, frequency);
        Assert.Equal(predicted, measured, 0.03 * predicted);
        if (frequency <= 5)
        {
            Assert.True(measured < 0.15, $"|S({frequency} Hz)| = {measured:F3}");
        }
    }

    [Fact]
    public void The_mirror_range_clamps_and_the_integrator_does_not_wind_up()
    {
        var options = new FineLoopOptions { MirrorRange = Angle.FromMicroradians(50) };
        var loop = new FineLoop(options, new QuadCellCalibration());
        Run(loop, t => t < 0.5 ? 80 : 20, 700, out var mirror);
        Assert.Equal(50, mirror[499], 1e-9);
        int recovered = Array.FindIndex(mirror, 500, m => Math.Abs(m - 20) < 1);
        Assert.InRange(recovered - 500, 0, 40); // tens of milliseconds, not the seconds a wound-up integral would take
    }

    [Fact]
    public void Offloading_to_the_mount_keeps_the_mirror_centred_while_the_beacon_drifts()
    {
        // The beacon drifts 200 µrad/s against the mount for 10 s: 2 mrad, four times the mirror range.
        double withOffload = MeanMirrorOverLastSecond(offload: true, out double residualRms);
        double withoutOffload = MeanMirrorOverLastSecond(offload: false, out _);
        Assert.True(Math.Abs(withOffload) < 2, $"mirror mean {withOffload:F2} µrad with offload");
        Assert.True(residualRms < 1, $"residual {residualRms:F2} µrad rms");
        Assert.Equal(500, withoutOffload, 1e-6); // pinned at its range without it
    }

    [Fact]
    public void Hand_over_tests_use_the_linear_range_and_the_sum()
    {
        var loop = new FineLoop(new FineLoopOptions(), new QuadCellCalibration { LinearRange = 0.6, MinimumSum = 100 });
        Assert.True(loop.IsWithin(new QuadCellSample(T0, 0.29, -0.2, 500), 0.5));
        Assert.False(loop.IsWithin(new QuadCellSample(T0, 0.31, 0, 500), 0.5));
        Assert.True(loop.IsWithin(new QuadCellSample(T0, 0.31, 0, 500), 0.9));
        Assert.False(loop.IsWithin(new QuadCellSample(T0, 0, 0, 50), 0.9));
        var gaussian = QuadCellCalibration.ForGaussianSpot(Angle.FromMicroradians(10));
        Assert.Equal(10 * Math.Sqrt(Math.PI / 2), gaussian.GainX.Microradians, 1e-9);
        var error = Assert.Throws<ArgumentException>(() => new FineLoop(new FineLoopOptions { ProportionalGain = -1 }, new QuadCellCalibration()));
        Assert.Contains("proportional gain -1 must be within [0, 2)", error.Message, StringComparison.Ordinal);
    }

    private static double MeanMirrorOverLastSecond(bool offload, out double residualRms)
    {
        var fine = new FineLoop(new FineLoopOptions(), new QuadCellCalibration());
        var coarse = new CoarseLoop(new CoarseLoopOptions());
        coarse.Reset(0, 0);
        double mount = 0, mirror = 0, sumMirror = 0, sumSq = 0;
        int n = 0;
        for (int k = 0; k < 10_000; k++)
        {
            double t = k * Dt;
            double e = (200 * t) - mount - mirror;
            var command = fine.Step(new QuadCellSample(T0, e / 12.5, 0, 1000), Dt);
            mirror = command.MirrorXUrad;
            if (offload)
            {
                var (xel, _) = fine.OffloadError(0.8);
                mount = coarse.Offload(xel, 0, Dt).XelUrad; // an ideal mount: the offset is reached at once
            }

            if (t >= 9)
            {
                sumMirror += mirror;
                sumSq += e * e;
                n++;
            }
        }

        residualRms = Math.Sqrt(sumSq / n);
        return sumMirror / n;
    }
}

using Station.Core.Acquisition;
using UnitsNet;

namespace Station.Core.Tests.Acquisition;

/// <summary>
/// The coarse loop on a simulated plant: a mount whose line of sight follows the commanded offset with a
/// first-order lag (τ = 50 ms, integrated at 1 ms), a camera at 100 fps that reports the error one frame late
/// with 2 µrad of noise, and a beacon whose offset from the prediction drifts (an along-track timing error).
/// </summary>
public sealed class CoarseLoopTests
{
    private const double FramePeriod = 0.01;

    private sealed class Plant(Func<double, (double Xel, double El)> truth, int seed)
    {
        private readonly Random _random = new(seed);
        private (double Xel, double El) _pointing;
        private (double Xel, double El) _pendingError;

        public double Time { get; private set; }

        public (double Xel, double El) LastError { get; private set; }

        /// <summary>Advances one frame with the given command; returns the (one-frame-late, noisy) camera error.</summary>
        public (double Xel, double El) Frame(MountOffset command)
        {
            for (int i = 0; i < 10; i++)
            {
                double a = 1 - Math.Exp(-0.001 / 0.05);
                double xel = command.XelUrad + (command.XelRateUradPerS * 0.001 * i);
                double el = command.ElUrad + (command.ElRateUradPerS * 0.001 * i);
                _pointing = (_pointing.Xel + (a * (xel - _pointing.Xel)), _pointing.El + (a * (el - _pointing.El)));
            }

            Time += FramePeriod;
            var (tx, ty) = truth(Time);
            LastError = (tx - _pointing.Xel, ty - _pointing.El);
            var reported = _pendingError;
            _pendingError = (LastError.Xel + (2 * Gaussian()), LastError.El + (2 * Gaussian()));
            return reported;
        }

        private double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());
    }

    [Fact]
    public void The_loop_converges_and_follows_a_drifting_beacon_without_steady_state_error()
    {
        var loop = new CoarseLoop(new CoarseLoopOptions());
        var plant = new Plant(t => (1500 + (300 * t), -600 - (200 * t)), seed: 1);
        loop.Reset(0, 0);
        var command = loop.Offset;
        double sumX = 0, sumY = 0;
        int n = 0;
        double settledAt = double.NaN;
        for (int k = 0; k < 800; k++)
        {
            var (ex, ey) = plant.Frame(command);
            command = loop.Update(ex, ey, FramePeriod);
            double error = Math.Max(Math.Abs(plant.LastError.Xel), Math.Abs(plant.LastError.El));
            if (double.IsNaN(settledAt) && error < 20)
            {
                settledAt = plant.Time;
            }

            if (plant.Time > 6)
            {
                sumX += plant.LastError.Xel;
                sumY += plant.LastError.El;
                n++;
            }
        }

        Assert.True(settledAt < 2.0, $"settled at {settledAt} s");
        Assert.True(Math.Abs(sumX / n) < 0.5 && Math.Abs(sumY / n) < 0.5, $"mean error ({sumX / n:F2}, {sumY / n:F2}) µrad on a 300/−200 µrad/s ramp");
        Assert.Equal(300, loop.DriftRate.XelUradPerS, 5.0);
        Assert.Equal(-200, loop.DriftRate.ElUradPerS, 5.0);
        Assert.Equal(300, loop.Offset.XelRateUradPerS, 60.0); // P-term noise: Kp·2 µrad ≈ 19 µrad/s rms
    }

    [Fact]
    public void Large_steps_move_at_the_rate_limit_without_integrator_windup()
    {
        var options = new CoarseLoopOptions { MaxOffsetRate = RotationalSpeed.FromRadiansPerSecond(0.005) };
        var loop = new CoarseLoop(options);
        var plant = new Plant(_ => (10_000, 0), seed: 2);
        loop.Reset(0, 0);
        var command = loop.Offset;
        double previous = 0, peak = 0;
        for (int k = 0; k < 600; k++)
        {
            var (ex, ey) = plant.Frame(command);
            command = loop.Update(ex, ey, FramePeriod);
            Assert.True(Math.Abs(command.XelUrad - previous) <= (5000 * FramePeriod) + 1e-9, $"step {command.XelUrad - previous} µrad at frame {k}");
            Assert.True(Math.Abs(command.XelRateUradPerS) <= 5000 + 1e-9);
            previous = command.XelUrad;
            peak = Math.Max(peak, command.XelUrad);
        }

        Assert.True(peak < 10_300, $"overshoot to {peak:F0} µrad");
        Assert.Equal(10_000, command.XelUrad, 5.0);
    }

    [Fact]
    public void Coasting_extrapolates_the_drift_estimate_and_offsets_are_bounded()
    {
        var loop = new CoarseLoop(new CoarseLoopOptions { MaxOffset = Angle.FromMicroradians(500) });
        loop.Reset(100, 200, 50, -30);
        var coasted = loop.Coast(2);
        Assert.Equal(200, coasted.XelUrad, 1e-9);
        Assert.Equal(140, coasted.ElUrad, 1e-9);
        Assert.Equal((50.0, -30.0), loop.DriftRate);
        Assert.Equal(500, loop.Coast(10).XelUrad, 1e-9);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => loop.Update(1, 1, 0));
        Assert.Contains("the loop step must be within (0, 10] s", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new CoarseLoop(new CoarseLoopOptions { Bandwidth = Frequency.FromHertz(0) }));
    }
}

using Station.Core.Pointing;

namespace Station.Core.Tests.Pointing;

/// <summary>The position loop on a simulated stepper axis: rate command followed with bounded acceleration,
/// encoder quantised to 26 bits, one tick of latency.</summary>
public sealed class AxisControllerTests
{
    private const double Dt = 0.01;
    private const double EncoderCountDeg = 360.0 / (1 << 26);

    [Fact]
    public void A_moving_target_is_tracked_to_arcseconds_after_the_transient()
    {
        var controller = new AxisController(new AxisControllerOptions());
        var plant = new StepperPlant(accelerationDegPerS2: 5);
        double maxLateError = 0;
        for (int k = 0; k < 6000; k++)
        {
            double t = k * Dt;
            double setpoint = 10 + (0.9 * t) + (2 * Math.Sin(0.05 * t)); // LEO-like rate with a slow curvature
            double rate = 0.9 + (0.1 * Math.Cos(0.05 * t));
            var output = controller.Update(setpoint, rate, plant.Encoder, Dt);
            plant.Step(output.RateCommandDegPerS, Dt);
            if (t > 20)
            {
                maxLateError = Math.Max(maxLateError, Math.Abs(output.ErrorDeg));
            }
        }

        Assert.InRange(maxLateError * 3600, 0, 5);
    }

    [Fact]
    public void A_large_step_saturates_without_winding_up_and_then_settles()
    {
        var controller = new AxisController(new AxisControllerOptions());
        var plant = new StepperPlant(accelerationDegPerS2: 5);
        bool sawSaturation = false, settled = false;
        double overshoot = 0;
        for (int k = 0; k < 3000 && !settled; k++)
        {
            var output = controller.Update(30, 0, plant.Encoder, Dt);
            sawSaturation |= output.Saturated;
            plant.Step(output.RateCommandDegPerS, Dt);
            overshoot = Math.Max(overshoot, plant.Position - 30);
            settled = output.Settled;
        }

        Assert.True(sawSaturation);
        Assert.True(settled);
        Assert.InRange(overshoot, 0, 0.5); // windup would overshoot by degrees
    }

    [Fact]
    public void A_stalled_axis_raises_a_following_error_fault()
    {
        var controller = new AxisController(new AxisControllerOptions());
        var faulted = false;
        for (int k = 0; k < 200 && !faulted; k++)
        {
            faulted = controller.Update(k * Dt * 0.9 * 10, 9, measuredDeg: 0, Dt).FollowingErrorFault; // the axis never moves
        }

        Assert.True(faulted);
    }

    [Fact]
    public void Invalid_gains_are_refused_naming_each()
    {
        var error = Assert.Throws<ArgumentException>(() => new AxisController(new AxisControllerOptions { ProportionalGain = 0, SettleTicks = 0 }));
        Assert.Contains("ProportionalGain is 0; expected > 0", error.Message, StringComparison.Ordinal);
        Assert.Contains("SettleTicks is 0; expected ≥ 1", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Stepper in velocity mode: the rate ramps to the command at a bounded acceleration; the command
    /// takes effect one tick late; the encoder quantises.</summary>
    private sealed class StepperPlant(double accelerationDegPerS2)
    {
        private double _rate;
        private double _pendingCommand;

        public double Position { get; private set; }

        public double Encoder => Math.Round(Position / EncoderCountDeg) * EncoderCountDeg;

        public void Step(double command, double dt)
        {
            double target = _pendingCommand;
            _pendingCommand = command;
            double change = Math.Clamp(target - _rate, -accelerationDegPerS2 * dt, accelerationDegPerS2 * dt);
            double next = _rate + change;
            Position += (_rate + next) / 2 * dt;
            _rate = next;
        }
    }
}

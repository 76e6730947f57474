using System.Globalization;

namespace Station.Core.Pointing;

/// <summary>Gains and thresholds of one axis's position loop (degrees, seconds).</summary>
public sealed record AxisControllerOptions
{
    /// <summary>Proportional gain, 1/s (the loop's crossover in rad/s for an integrating plant).</summary>
    public double ProportionalGain { get; init; } = 8;

    /// <summary>Integral gain, 1/s².</summary>
    public double IntegralGain { get; init; } = 12;

    /// <summary>Largest velocity command (the axis rate limit).</summary>
    public double MaxRateDegPerS { get; init; } = 10;

    /// <summary>The acceleration the driver ramps at: large errors are closed no faster than it can brake.</summary>
    public double MaxAccelerationDegPerS2 { get; init; } = 5;

    /// <summary>The integrator only runs while |error| is below this (it trims, it does not slew).</summary>
    public double IntegrationBandDeg { get; init; } = 0.05;

    /// <summary>The axis is settled while |error| stays below this for <see cref="SettleTicks"/> ticks.</summary>
    public double SettleToleranceDeg { get; init; } = 5.0 / 3600;

    public int SettleTicks { get; init; } = 10;

    /// <summary>A following error above this for <see cref="FollowingErrorTicks"/> ticks is a fault.</summary>
    public double FollowingErrorLimitDeg { get; init; } = 0.5;

    public int FollowingErrorTicks { get; init; } = 20;

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        void Require(bool ok, string name, double value, string expected)
        {
            if (!ok)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{name} is {value}; expected {expected}"));
            }
        }

        Require(ProportionalGain > 0, nameof(ProportionalGain), ProportionalGain, "> 0");
        Require(IntegralGain >= 0, nameof(IntegralGain), IntegralGain, "≥ 0");
        Require(MaxRateDegPerS > 0, nameof(MaxRateDegPerS), MaxRateDegPerS, "> 0");
        Require(MaxAccelerationDegPerS2 > 0, nameof(MaxAccelerationDegPerS2), MaxAccelerationDegPerS2, "> 0");
        Require(IntegrationBandDeg > 0, nameof(IntegrationBandDeg), IntegrationBandDeg, "> 0");
        Require(SettleToleranceDeg > 0, nameof(SettleToleranceDeg), SettleToleranceDeg, "> 0");
        Require(SettleTicks >= 1, nameof(SettleTicks), SettleTicks, "≥ 1");
        Require(FollowingErrorLimitDeg > SettleToleranceDeg, nameof(FollowingErrorLimitDeg), FollowingErrorLimitDeg, "greater than the settle tolerance");
        Require(FollowingErrorTicks >= 1, nameof(FollowingErrorTicks), FollowingErrorTicks, "≥ 1");
        return problems;
    }
}

/// <summary>What the loop commands this tick and what it knows about the axis.</summary>
/// <param name="RateCommandDegPerS">Velocity to command (feed-forward plus correction, clamped).</param>
/// <param name="ErrorDeg">Setpoint minus measured position.</param>
/// <param name="Saturated">The command hit the rate limit (integration held: anti-windup).</param>
/// <param name="Settled">The error has stayed within tolerance long enough.</param>
/// <param name="FollowingErrorFault">The error has stayed above the limit too long: stop and fault.</param>
public readonly record struct AxisControlOutput(double RateCommandDegPerS, double ErrorDeg, bool Saturated, bool Settled, bool FollowingErrorFault);

/// <summary>
/// Position loop of one axis: the stepper driver integrates a velocity command, so the plant is an integrator
/// and a PI on the encoder's position error plus the trajectory's feed-forward rate tracks a moving target with
/// no steady error. The proportional term is shaped like a time-optimal brake for large errors
/// (min(Kp·|e|, √(a·|e|)), so a big correction decelerates in time at the driver's acceleration), the
/// integrator trims only within a small band and stops while the command saturates (anti-windup).
/// Allocation-free per tick.
/// </summary>
public sealed class AxisController
{
    private readonly AxisControllerOptions _options;
    private double _integral;
    private int _withinTolerance;
    private int _beyondLimit;

    public AxisController(AxisControllerOptions options)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid axis controller options: " + string.Join("; ", problems), nameof(options));
        }
    }

    /// <summary>Clears the integrator and the settle/fault counters (after a stop, homing, or a new move).</summary>
    public void Reset()
    {
        _integral = 0;
        _withinTolerance = 0;
        _beyondLimit = 0;
    }

    /// <summary>One control tick.</summary>
    /// <param name="setpointDeg">Where the axis should be now.</param>
    /// <param name="feedForwardRateDegPerS">The trajectory's rate now.</param>
    /// <param name="measuredDeg">The absolute encoder's reading.</param>
    /// <param name="dtSeconds">Time since the last tick.</param>
    public AxisControlOutput Update(double setpointDeg, double feedForwardRateDegPerS, double measuredDeg, double dtSeconds)
    {
        double error = setpointDeg - measuredDeg;
        double magnitude = Math.Abs(error);
        double correction = Math.Sign(error) * Math.Min(_options.ProportionalGain * magnitude, Math.Sqrt(_options.MaxAccelerationDegPerS2 * magnitude));
        double candidateIntegral = magnitude < _options.IntegrationBandDeg ? _integral + (error * dtSeconds) : _integral * 0.98;
        double unclamped = feedForwardRateDegPerS + correction + (_options.IntegralGain * candidateIntegral);
        bool saturated = Math.Abs(unclamped) > _options.MaxRateDegPerS;
        if (!saturated || Math.Abs(candidateIntegral) < Math.Abs(_integral))
        {
            _integral = candidateIntegral; // conditional integration: never wind further into saturation
        }

        double command = Math.Clamp(feedForwardRateDegPerS + correction + (_options.IntegralGain * _integral), -_options.MaxRateDegPerS, _options.MaxRateDegPerS);
        _withinTolerance = magnitude <= _options.SettleToleranceDeg ? _withinTolerance + 1 : 0;
        _beyondLimit = magnitude > _options.FollowingErrorLimitDeg ? _beyondLimit + 1 : 0;
        return new AxisControlOutput(command, error, saturated, _withinTolerance >= _options.SettleTicks, _beyondLimit >= _options.FollowingErrorTicks);
    }
}

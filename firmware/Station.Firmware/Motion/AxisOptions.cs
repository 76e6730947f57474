using System.Globalization;

namespace Station.Firmware.Motion;

/// <summary>
/// Mechanics and limits of one mount axis. Angles in degrees, rates in degrees per second (configuration
/// boundary: plain numbers with the unit in the name, as appsettings.json carries them).
/// </summary>
public sealed class AxisOptions
{
    /// <summary>Motor revolutions per axis revolution.</summary>
    public double GearRatio { get; set; } = 100;

    /// <summary>Full steps per motor revolution (200 for a 1.8° motor).</summary>
    public int MotorFullStepsPerRevolution { get; set; } = 200;

    /// <summary>Microsteps per full step (power of two, 1–256).</summary>
    public int MicrostepsPerFullStep { get; set; } = 256;

    /// <summary>Lowest commandable axis angle.</summary>
    public double MinAngleDeg { get; set; } = -270;

    /// <summary>Highest commandable axis angle.</summary>
    public double MaxAngleDeg { get; set; } = 270;

    /// <summary>Slew speed limit of the axis.</summary>
    public double MaxSpeedDegPerSec { get; set; } = 5;

    /// <summary>Acceleration (and deceleration) limit of the axis.</summary>
    public double AccelerationDegPerSec2 { get; set; } = 2;

    /// <summary>TMC5160 run current IRUN (0–31).</summary>
    public int RunCurrent { get; set; } = 20;

    /// <summary>TMC5160 hold current IHOLD (0–31).</summary>
    public int HoldCurrent { get; set; } = 8;

    /// <summary>
    /// StallGuard2 threshold SGT (−64…63; higher is less sensitive). Stall detection is armed above a quarter of
    /// the slew speed, and a stall stops the motor in hardware and ends the move as <see cref="AxisMoveOutcome.Stalled"/>.
    /// </summary>
    public int StallThreshold { get; set; }

    /// <summary>How often the move supervisor polls the controller.</summary>
    public double PollIntervalMs { get; set; } = 10;

    /// <summary>Axis angle of one microstep, in degrees.</summary>
    public double DegreesPerMicrostep => 360.0 / (GearRatio * MotorFullStepsPerRevolution * MicrostepsPerFullStep);

    /// <summary>Every problem with these options, each naming the option, its value and what was expected.</summary>
    public IReadOnlyList<string> Validate(string axisName)
    {
        var problems = new List<string>();
        void Require(bool ok, string name, double value, string expected)
        {
            if (!ok)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{axisName}.{name} is {value}; expected {expected}"));
            }
        }

        Require(GearRatio > 0 && double.IsFinite(GearRatio), nameof(GearRatio), GearRatio, "a positive number");
        Require(MotorFullStepsPerRevolution > 0, nameof(MotorFullStepsPerRevolution), MotorFullStepsPerRevolution, "a positive integer");
        Require(MicrostepsPerFullStep is >= 1 and <= 256 && System.Numerics.BitOperations.IsPow2(MicrostepsPerFullStep), nameof(MicrostepsPerFullStep), MicrostepsPerFullStep, "a power of two from 1 to 256");
        Require(MinAngleDeg < MaxAngleDeg, nameof(MinAngleDeg), MinAngleDeg, $"less than MaxAngleDeg ({MaxAngleDeg})");
        Require(MaxSpeedDegPerSec > 0 && double.IsFinite(MaxSpeedDegPerSec), nameof(MaxSpeedDegPerSec), MaxSpeedDegPerSec, "a positive number");
        Require(AccelerationDegPerSec2 > 0 && double.IsFinite(AccelerationDegPerSec2), nameof(AccelerationDegPerSec2), AccelerationDegPerSec2, "a positive number");
        Require(RunCurrent is >= 0 and <= 31, nameof(RunCurrent), RunCurrent, "0–31");
        Require(HoldCurrent is >= 0 and <= 31, nameof(HoldCurrent), HoldCurrent, "0–31");
        Require(StallThreshold is >= -64 and <= 63, nameof(StallThreshold), StallThreshold, "−64…63");
        Require(PollIntervalMs is > 0 and <= 1000, nameof(PollIntervalMs), PollIntervalMs, "0 < value ≤ 1000");
        if (problems.Count == 0)
        {
            double microstepsPerAxisRev = GearRatio * MotorFullStepsPerRevolution * MicrostepsPerFullStep;
            double travel = Math.Max(Math.Abs(MinAngleDeg), Math.Abs(MaxAngleDeg)) / 360.0 * microstepsPerAxisRev;
            Require(travel < int.MaxValue, nameof(MaxAngleDeg), MaxAngleDeg, "a travel that fits XACTUAL's 32 bits at this gearing");
        }

        return problems;
    }
}

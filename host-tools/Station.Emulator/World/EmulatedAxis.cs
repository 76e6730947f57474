using Station.Emulator.Devices;
using UnitsNet;

namespace Station.Emulator.World;

/// <summary>
/// One mount axis as the emulator's truth: a stepper motor driven by an emulated TMC5160, geared down to
/// the axis. The axis angle follows the rotor (microsteps → full steps → motor revolutions → gear), so
/// it departs from XACTUAL exactly when the real axis would (driver disabled, driver fault).
/// </summary>
public sealed class EmulatedAxis : IWorldComponent
{
    /// <param name="name">Axis name for messages ("az", "el").</param>
    /// <param name="driver">The emulated motion controller.</param>
    /// <param name="gearRatio">Motor revolutions per axis revolution.</param>
    /// <param name="motorFullStepsPerRevolution">Full steps per motor revolution (200 for 1.8°).</param>
    /// <param name="zeroOffset">Axis angle when the rotor is at full step 0.</param>
    public EmulatedAxis(string name, EmulatedTmc5160 driver, double gearRatio, int motorFullStepsPerRevolution = 200, Angle zeroOffset = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(gearRatio);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(motorFullStepsPerRevolution);
        Name = name;
        Driver = driver ?? throw new ArgumentNullException(nameof(driver));
        GearRatio = gearRatio;
        MotorFullStepsPerRevolution = motorFullStepsPerRevolution;
        ZeroOffset = zeroOffset;
    }

    public string Name { get; }

    public EmulatedTmc5160 Driver { get; }

    public double GearRatio { get; }

    public int MotorFullStepsPerRevolution { get; }

    public Angle ZeroOffset { get; }

    /// <summary>True axis angle in degrees.</summary>
    public double AngleDegrees => ZeroOffset.Degrees + (Driver.RotorFullSteps / MotorFullStepsPerRevolution / GearRatio * 360.0);

    /// <summary>True axis angle.</summary>
    public Angle Angle => Angle.FromDegrees(AngleDegrees);

    public void Advance(DateTimeOffset now) => Driver.Synchronize();
}

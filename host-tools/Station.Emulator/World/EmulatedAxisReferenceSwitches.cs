using Station.Emulator.Devices;

namespace Station.Emulator.World;

/// <summary>
/// The reference switches on a mount axis, wired to its TMC5160's reference inputs: a hall index on REFL,
/// active (high) from <see cref="IndexAngleDeg"/> upwards over <see cref="IndexWidthDeg"/>, and a side cam on
/// REFR, high everywhere at or above the index angle, so the firmware can tell at power-up which side of the
/// index the axis is on. The levels follow the axis angle on the gear side (the switches sit on the axis, the
/// backlash is a few arcseconds) within the chip's ramp sub-steps, so XLATCH catches the edge exactly.
/// A switch can be disconnected (its input then reads low, as an open hall output with a pull-down does).
/// </summary>
public sealed class EmulatedAxisReferenceSwitches : IEmulatedMotorMechanics
{
    private readonly EmulatedAxis _axis;

    public EmulatedAxisReferenceSwitches(EmulatedAxis axis, double indexAngleDeg, double indexWidthDeg = 1)
    {
        _axis = axis ?? throw new ArgumentNullException(nameof(axis));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(indexWidthDeg);
        IndexAngleDeg = indexAngleDeg;
        IndexWidthDeg = indexWidthDeg;
        Update();
    }

    /// <summary>Axis angle at which the index becomes active from below.</summary>
    public double IndexAngleDeg { get; }

    /// <summary>Arc over which the index stays active.</summary>
    public double IndexWidthDeg { get; }

    /// <summary>Whether the index switch is connected (false: REFL reads low everywhere).</summary>
    public bool IndexConnected { get; set; } = true;

    /// <summary>Whether the side cam is connected (false: REFR reads low everywhere).</summary>
    public bool SideCamConnected { get; set; } = true;

    /// <summary>The switches add no load: the motor's load stays what the driver twin is set to.</summary>
    public double LoadFraction => _axis.Driver.LoadFraction;

    public bool? ReferenceLeftHigh { get; private set; }

    public bool? ReferenceRightHigh { get; private set; }

    public void RotorTurned(double deltaFullSteps) => Update();

    /// <summary>Recomputes the levels (after a change to <see cref="IndexConnected"/> or <see cref="SideCamConnected"/>, reassign the mechanics).</summary>
    public void Update()
    {
        double angle = _axis.GearSideDegrees;
        ReferenceLeftHigh = IndexConnected && angle >= IndexAngleDeg && angle < IndexAngleDeg + IndexWidthDeg;
        ReferenceRightHigh = SideCamConnected && angle >= IndexAngleDeg;
    }
}

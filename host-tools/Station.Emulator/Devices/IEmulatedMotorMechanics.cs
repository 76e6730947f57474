namespace Station.Emulator.Devices;

/// <summary>
/// The mechanism an emulated stepper turns (a filter wheel): the emulated TMC5160 reports every rotor
/// movement to it within its ramp sub-steps, takes the load for StallGuard2 from it, and reads back the
/// levels it drives on the chip's reference inputs, so switch edges and XLATCH are as sharp in time as the
/// sub-step (≤ 50 µs), not as coarse as the world step or the SPI polling.
/// </summary>
public interface IEmulatedMotorMechanics
{
    /// <summary>Load torque as a fraction of the motor's pull-out torque (≥ 1: the rotor cannot turn).</summary>
    double LoadFraction { get; }

    /// <summary>Level the mechanism drives on REFL (true = high), or null when REFL is not wired to it.</summary>
    bool? ReferenceLeftHigh { get; }

    /// <summary>Level the mechanism drives on REFR, or null when REFR is not wired to it.</summary>
    bool? ReferenceRightHigh { get; }

    /// <summary>The rotor turned by <paramref name="deltaFullSteps"/> (signed); update the mechanism.</summary>
    void RotorTurned(double deltaFullSteps);
}

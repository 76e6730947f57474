namespace Station.Devices.Tmc5160;

/// <summary>
/// The six-point ramp of the TMC5160 in register units: start at VSTART, accelerate with A1 to V1, with
/// AMAX to VMAX; decelerate with DMAX to V1, with D1 to VSTOP, then stop. V1 = 0 uses AMAX/DMAX throughout.
/// Velocities are in units of fCLK/2^24 microsteps/s, accelerations in fCLK²/2^41 microsteps/s².
/// </summary>
public sealed record Tmc5160Ramp(uint VStart, uint A1, uint V1, uint AMax, uint VMax, uint DMax, uint D1, uint VStop)
{
    /// <summary>Largest VMAX the register holds (2^23 − 512).</summary>
    public const uint MaxVelocityRegister = (1u << 23) - 512;

    /// <summary>Largest A1/AMAX/DMAX/D1 (16 bits).</summary>
    public const uint MaxAccelerationRegister = (1u << 16) - 1;

    /// <summary>Largest V1 (20 bits).</summary>
    public const uint MaxV1Register = (1u << 20) - 1;

    /// <summary>Largest VSTART and VSTOP (18 bits).</summary>
    public const uint MaxStartStopRegister = (1u << 18) - 1;

    /// <summary>
    /// Checks every field against its register width and the datasheet's rules for positioning mode
    /// (D1 ≠ 0 and VSTOP ≥ 1 so the ramp terminates; VSTOP ≥ VSTART). Returns the problems found.
    /// </summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        void Check(string name, uint value, uint max)
        {
            if (value > max)
            {
                problems.Add($"{name} = {value} exceeds its register maximum {max}");
            }
        }

        Check(nameof(VStart), VStart, MaxStartStopRegister);
        Check(nameof(A1), A1, MaxAccelerationRegister);
        Check(nameof(V1), V1, MaxV1Register);
        Check(nameof(AMax), AMax, MaxAccelerationRegister);
        Check(nameof(VMax), VMax, MaxVelocityRegister);
        Check(nameof(DMax), DMax, MaxAccelerationRegister);
        Check(nameof(D1), D1, MaxAccelerationRegister);
        Check(nameof(VStop), VStop, MaxStartStopRegister);
        if (AMax == 0 || DMax == 0)
        {
            problems.Add("AMAX and DMAX must be non-zero");
        }

        if (V1 != 0 && (A1 == 0 || D1 == 0))
        {
            problems.Add("A1 and D1 must be non-zero when V1 is used");
        }

        if (D1 == 0)
        {
            problems.Add("D1 must be non-zero in positioning mode (datasheet: the ramp would not terminate)");
        }

        if (VStop == 0)
        {
            problems.Add("VSTOP must be at least 1 in positioning mode");
        }

        if (VStop < VStart)
        {
            problems.Add($"VSTOP ({VStop}) must not be below VSTART ({VStart})");
        }

        return problems;
    }
}

using System.Globalization;
using UnitsNet;

namespace Station.Devices.Tmc5160;

/// <summary>Driver set-up, the ramp generator in positioning and velocity mode, and unit conversions.</summary>
public sealed partial class Tmc5160
{
    /// <summary>
    /// Checks the chip answers with the TMC5160 version and configures the driver stage: chopper
    /// (SpreadCycle, TOFF = 3, TBL = 2, HSTRT = 4, HEND = 1, the datasheet's start-up values), microstep
    /// resolution, currents and power-down delay. Clears GSTAT.
    /// </summary>
    public void ConfigureDriver(Tmc5160DriverSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        byte version = ReadVersion();
        if (version != ExpectedVersion)
        {
            throw new InvalidOperationException($"{Name} is not a TMC5160: IOIN version is 0x{version:X2}, expected 0x{ExpectedVersion:X2}.");
        }

        uint mres = (uint)(8 - System.Numerics.BitOperations.Log2((uint)settings.MicrostepsPerFullStep));
        const uint chopperBase = 0x000100C3; // TOFF=3, HSTRT=4, HEND=1, TBL=2, SpreadCycle
        WriteRegister(Tmc5160Register.GConf, settings.StealthChop ? 1u << 2 : 0u);
        WriteRegister(Tmc5160Register.ChopConf, chopperBase | (mres << 24));
        WriteRegister(Tmc5160Register.IHoldIRun, (uint)settings.HoldCurrent | ((uint)settings.RunCurrent << 8) | ((uint)settings.HoldDelay << 16));
        WriteRegister(Tmc5160Register.TPowerDown, 10);
        WriteRegister(Tmc5160Register.GStat, 0x7);
        MicrostepsPerFullStep = settings.MicrostepsPerFullStep;
    }

    /// <summary>Writes the ramp registers (validated first; nothing is written when invalid).</summary>
    public void ConfigureRamp(Tmc5160Ramp ramp)
    {
        ArgumentNullException.ThrowIfNull(ramp);
        var problems = ramp.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException($"Invalid TMC5160 ramp for {Name}: " + string.Join("; ", problems), nameof(ramp));
        }

        WriteRegister(Tmc5160Register.VStart, ramp.VStart);
        WriteRegister(Tmc5160Register.A1, ramp.A1);
        WriteRegister(Tmc5160Register.V1, ramp.V1);
        WriteRegister(Tmc5160Register.AMax, ramp.AMax);
        WriteRegister(Tmc5160Register.VMax, ramp.VMax);
        WriteRegister(Tmc5160Register.DMax, ramp.DMax);
        WriteRegister(Tmc5160Register.D1, ramp.D1);
        WriteRegister(Tmc5160Register.VStop, ramp.VStop);
    }

    /// <summary>The ramp mode.</summary>
    public Tmc5160RampMode RampMode
    {
        get => (Tmc5160RampMode)(ReadRegister(Tmc5160Register.RampMode) & 0x3);
        set
        {
            if (!Enum.IsDefined(value))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "RAMPMODE is 0 (positioning), 1 (velocity +), 2 (velocity −) or 3 (hold).");
            }

            WriteRegister(Tmc5160Register.RampMode, (uint)value);
        }
    }

    /// <summary>Actual position in microsteps (XACTUAL). Writing it re-references the position.</summary>
    public int ActualPosition
    {
        get => unchecked((int)ReadRegister(Tmc5160Register.XActual));
        set => WriteRegister(Tmc5160Register.XActual, unchecked((uint)value));
    }

    /// <summary>Target position in microsteps (XTARGET); writing it starts a move in positioning mode.</summary>
    public int TargetPosition
    {
        get => unchecked((int)ReadRegister(Tmc5160Register.XTarget));
        set => WriteRegister(Tmc5160Register.XTarget, unchecked((uint)value));
    }

    /// <summary>
    /// Starts a move to <paramref name="targetMicrosteps"/> in positioning mode with the ramp last written by
    /// <see cref="ConfigureRamp"/>: XTARGET first, then RAMPMODE = 0, so the chip never heads for a stale target.
    /// </summary>
    public void StartPositioning(int targetMicrosteps)
    {
        TargetPosition = targetMicrosteps;
        WriteRegister(Tmc5160Register.RampMode, (uint)Tmc5160RampMode.Positioning);
    }

    /// <summary>
    /// Velocity mode: accelerates with <paramref name="acceleration"/> (AMAX, which velocity mode also uses to
    /// decelerate) to <paramref name="velocity"/> (motor shaft; its sign selects RAMPMODE 1 or 2) and holds it.
    /// The registers are checked first; nothing is written when a value does not fit.
    /// </summary>
    public void RunAtVelocity(RotationalSpeed velocity, RotationalAcceleration acceleration)
    {
        double v = velocity.RevolutionsPerSecond * MicrostepsPerRevolution;
        uint vmax = VelocityRegisterFor(Math.Abs(v), velocity);
        uint amax = AccelerationRegisterFor(acceleration);
        WriteRegister(Tmc5160Register.AMax, amax);
        WriteRegister(Tmc5160Register.VMax, vmax);
        WriteRegister(Tmc5160Register.RampMode, (uint)(v >= 0 ? Tmc5160RampMode.VelocityPositive : Tmc5160RampMode.VelocityNegative));
    }

    /// <summary>
    /// Velocity mode: decelerates to standstill with <paramref name="deceleration"/> (VMAX = 0, the datasheet's
    /// way to stop in velocity mode). RAMP_STAT.vzero reports when the motor stands still.
    /// </summary>
    public void StopVelocity(RotationalAcceleration deceleration)
    {
        uint amax = AccelerationRegisterFor(deceleration);
        WriteRegister(Tmc5160Register.AMax, amax);
        WriteRegister(Tmc5160Register.VMax, 0);
    }

    /// <summary>Hold mode (RAMPMODE 3): keeps the present velocity, whatever VMAX says.</summary>
    public void HoldVelocity() => WriteRegister(Tmc5160Register.RampMode, (uint)Tmc5160RampMode.Hold);

    /// <summary>Actual velocity register (VACTUAL, signed 24-bit) in register units.</summary>
    public int ReadActualVelocityRegister() => SignExtend24(ReadRegister(Tmc5160Register.VActual));

    /// <summary>Actual motor shaft velocity.</summary>
    public RotationalSpeed ActualVelocity => RotationalSpeed.FromRevolutionsPerSecond(VelocityFromRegister(ReadActualVelocityRegister()) / MicrostepsPerRevolution);

    /// <summary>Motor shaft angle of XACTUAL.</summary>
    public Angle ActualAngle => Angle.FromRevolutions((double)ActualPosition / MicrostepsPerRevolution);

    /// <summary>Velocity in microsteps/s for a velocity register value: v = VMAX · fCLK / 2^24.</summary>
    public double VelocityFromRegister(double register) => register * _clockHz / (1 << 24);

    /// <summary>Velocity register value for microsteps/s, rounded to the nearest unit.</summary>
    public uint VelocityToRegister(double microstepsPerSecond) => ToRegister(microstepsPerSecond * (1 << 24) / _clockHz, "velocity");

    /// <summary>Acceleration in microsteps/s² for a register value: a = AMAX · fCLK² / 2^41.</summary>
    public double AccelerationFromRegister(double register) => register * _clockHz * _clockHz / Math.Pow(2, 41);

    /// <summary>Acceleration register value for microsteps/s², rounded to the nearest unit.</summary>
    public uint AccelerationToRegister(double microstepsPerSecondSquared) => ToRegister(microstepsPerSecondSquared * Math.Pow(2, 41) / (_clockHz * _clockHz), "acceleration");

    /// <summary>
    /// A trapezoidal ramp (V1 = 0) reaching <paramref name="maxSpeed"/> with <paramref name="acceleration"/>
    /// (motor shaft), with small start/stop velocities so the move ends exactly on target.
    /// </summary>
    public Tmc5160Ramp TrapezoidRamp(RotationalSpeed maxSpeed, RotationalAcceleration acceleration)
    {
        double v = maxSpeed.RevolutionsPerSecond * MicrostepsPerRevolution;
        double a = acceleration.RevolutionsPerSecondSquared * MicrostepsPerRevolution;
        uint vmax = VelocityToRegister(v);
        uint amax = Math.Max(1u, AccelerationToRegister(a));
        return new Tmc5160Ramp(VStart: 0, A1: amax, V1: 0, AMax: amax, VMax: vmax, DMax: amax, D1: amax, VStop: 10);
    }

    private uint VelocityRegisterFor(double microstepsPerSecond, RotationalSpeed asGiven)
    {
        if (!double.IsFinite(microstepsPerSecond))
        {
            throw new ArgumentOutOfRangeException(nameof(asGiven), asGiven, $"{Name}: the velocity must be finite.");
        }

        double register = Math.Round(microstepsPerSecond * (1 << 24) / _clockHz);
        if (register > Tmc5160Ramp.MaxVelocityRegister)
        {
            throw new ArgumentOutOfRangeException(nameof(asGiven), asGiven, string.Create(CultureInfo.InvariantCulture,
                $"{Name}: {asGiven.RevolutionsPerSecond:0.###} rev/s needs VMAX {register:0}, above the register maximum {Tmc5160Ramp.MaxVelocityRegister}."));
        }

        return (uint)register;
    }

    private uint AccelerationRegisterFor(RotationalAcceleration acceleration)
    {
        double a = acceleration.RevolutionsPerSecondSquared * MicrostepsPerRevolution;
        if (!double.IsFinite(a) || a <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(acceleration), acceleration, $"{Name}: the acceleration must be finite and positive.");
        }

        double register = Math.Max(1, Math.Round(a * Math.Pow(2, 41) / (_clockHz * _clockHz)));
        if (register > Tmc5160Ramp.MaxAccelerationRegister)
        {
            throw new ArgumentOutOfRangeException(nameof(acceleration), acceleration, string.Create(CultureInfo.InvariantCulture,
                $"{Name}: {acceleration.RevolutionsPerSecondSquared:0.###} rev/s² needs AMAX {register:0}, above the register maximum {Tmc5160Ramp.MaxAccelerationRegister}."));
        }

        return (uint)register;
    }

    private static uint ToRegister(double value, string what)
    {
        if (!double.IsFinite(value) || value < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"A TMC5160 {what} must be finite and non-negative.");
        }

        return (uint)Math.Round(value);
    }
}

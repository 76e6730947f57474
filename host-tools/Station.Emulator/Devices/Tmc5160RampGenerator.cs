namespace Station.Emulator.Devices;

/// <summary>
/// The TMC5160's ramp generator as motion: position (microsteps) and velocity (microsteps/s) advanced in
/// simulated time under the six-point profile (VSTART → A1 → V1 → AMAX → VMAX; DMAX → V1 → D1 → VSTOP)
/// in positioning mode, or AMAX towards ±VMAX in velocity mode. Integrated in sub-steps of at most
/// <see cref="MaxStepSeconds"/> with exact constant-acceleration kinematics inside each; once braking
/// starts, the decelerations are scaled by the ratio of the nominal braking distance to the distance left,
/// so the move ends on XTARGET as the chip's does (the scale stays within a fraction of a percent).
/// </summary>
public sealed class Tmc5160RampGenerator
{
    /// <summary>Longest integration sub-step.</summary>
    public const double MaxStepSeconds = 50e-6;

    private bool _braking;

    /// <summary>Profile in physical units (microsteps/s and microsteps/s²).</summary>
    public RampProfile Profile { get; set; } = new(0, 0, 0, 0, 0, 0, 0, 0);

    /// <summary>Ramp mode as in RAMPMODE: 0 positioning, 1 velocity +, 2 velocity −, 3 hold.</summary>
    public int Mode { get; private set; }

    /// <summary>Position in microsteps (fractional inside the generator; XACTUAL is its rounded value).</summary>
    public double Position { get; private set; }

    /// <summary>Signed velocity in microsteps/s.</summary>
    public double Velocity { get; private set; }

    /// <summary>Target position in microsteps.</summary>
    public long Target { get; private set; }

    /// <summary>Whether motion is stopped at the target in positioning mode.</summary>
    public bool PositionReached => Mode == 0 && Velocity == 0 && Position == Target;

    /// <summary>Whether the velocity equals the commanded velocity (VMAX in magnitude).</summary>
    public bool VelocityReached => Mode switch
    {
        0 => Math.Abs(Velocity) == Profile.VMax || PositionReached,
        1 => Velocity == Profile.VMax,
        2 => Velocity == -Profile.VMax,
        _ => true,
    };

    /// <summary>
    /// The direction the generator moves or is about to move in: the sign of the velocity while moving;
    /// at standstill, towards XTARGET (positioning) or ±VMAX (velocity mode); 0 when it will stay put.
    /// </summary>
    public int IntendedDirection => Velocity != 0
        ? Math.Sign(Velocity)
        : Mode switch
        {
            0 => Math.Sign(Target - Position),
            1 => Profile.VMax > 0 ? 1 : 0,
            2 => Profile.VMax > 0 ? -1 : 0,
            _ => 0,
        };

    /// <summary>Sets XTARGET; in positioning mode this starts or redirects a move.</summary>
    public void SetTarget(long target)
    {
        Target = target;
        _braking = false;
    }

    /// <summary>Sets RAMPMODE.</summary>
    public void SetMode(int mode)
    {
        Mode = mode & 0x3;
        _braking = false;
    }

    /// <summary>Overwrites XACTUAL (re-referencing: no motion).</summary>
    public void SetPosition(long position) => Position = position;

    /// <summary>Stops immediately (hard stop by a reference switch or a driver fault).</summary>
    public void HardStop()
    {
        Velocity = 0;
        Position = Math.Round(Position);
        _braking = false;
    }

    /// <summary>Decelerates towards standstill at <paramref name="deceleration"/> for <paramref name="seconds"/> (a soft stop).</summary>
    public void Decelerate(double seconds, double deceleration)
    {
        double speed = Math.Abs(Velocity);
        double next = Math.Max(0, speed - (deceleration * seconds));
        Position += Math.Sign(Velocity) * (speed + next) / 2 * seconds;
        Velocity = Math.Sign(Velocity) * next;
        _braking = false;
    }

    /// <summary>Back to the power-on state: positioning mode, at rest at position and target 0.</summary>
    public void Reset()
    {
        Mode = 0;
        Position = 0;
        Velocity = 0;
        Target = 0;
        _braking = false;
    }

    /// <summary>
    /// Advances the motion by <paramref name="seconds"/>. Returns how far into the interval a positioning
    /// move came to rest on its target, or null when none did.
    /// </summary>
    public double? Advance(double seconds)
    {
        double elapsed = 0;
        double? arrival = null;
        while (elapsed < seconds)
        {
            double dt = Math.Min(seconds - elapsed, MaxStepSeconds);
            if (Mode == 0)
            {
                if (PositionReached)
                {
                    return arrival;
                }

                double used = StepPositioning(dt);
                if (PositionReached)
                {
                    arrival = elapsed + used;
                }
            }
            else if (Mode is 1 or 2)
            {
                double goal = Mode == 1 ? Profile.VMax : -Profile.VMax;
                StepTowardsVelocity(goal, Profile.AMax, dt);
            }
            else
            {
                Position += Velocity * dt;
            }

            elapsed += dt;
        }

        return arrival;
    }

    /// <summary>One integration step; returns the time used (less than dt when the move ends inside it).</summary>
    private double StepPositioning(double dt)
    {
        double remaining = Target - Position;
        int direction = Math.Sign(remaining);
        double speed = Math.Abs(Velocity);

        if (Velocity != 0 && Math.Sign(Velocity) != direction)
        {
            // Moving away from the target (redirected, or overshot): brake to standstill, then turn around.
            _braking = false;
            double a = DecelerationAt(speed);
            double next = Math.Max(0, speed - (a * dt));
            if (next <= Profile.VStop)
            {
                next = 0;
            }

            Position += Math.Sign(Velocity) * (speed + next) / 2 * dt;
            Velocity = Math.Sign(Velocity) * next;
            return dt;
        }

        double distance = Math.Abs(remaining);
        if (!_braking && speed > 0 && distance - (speed * dt) <= BrakingDistance(speed))
        {
            _braking = true;
        }

        if (_braking)
        {
            double crawl = Math.Max(Math.Max(speed, Profile.VStop), 1);
            if (distance <= speed * dt || speed <= Profile.VStop)
            {
                if (distance <= crawl * dt)
                {
                    Position = Target;
                    Velocity = 0;
                    _braking = false;
                    return distance / crawl;
                }

                Position += direction * crawl * dt; // the last fraction of a step at VSTOP
                Velocity = direction * crawl;
                return dt;
            }

            // Scale the decelerations so braking ends on the target; when the target came too close to
            // stop in time (redirected mid-move), brake nominally and overshoot, as the chip does.
            double scale = BrakingDistance(speed) / distance;
            if (scale > 1.02)
            {
                scale = 1;
            }

            double a = DecelerationAt(speed) * scale;
            double next = Math.Max(Profile.VStop, speed - (a * dt));
            Position += direction * (speed + next) / 2 * dt;
            Velocity = direction * next;
            return dt;
        }

        double start = speed < Profile.VStart ? Profile.VStart : speed;
        double target = Profile.VMax;
        double nextSpeed;
        if (start < target)
        {
            double accel = Profile.V1 > 0 && start < Profile.V1 ? Profile.A1 : Profile.AMax;
            nextSpeed = Math.Min(target, start + (accel * dt));
        }
        else
        {
            nextSpeed = Math.Max(target, start - (DecelerationAt(start) * dt));
        }

        double step = (start + nextSpeed) / 2 * dt;
        if (step >= distance)
        {
            Position = Target;
            Velocity = 0;
            return dt * distance / step;
        }

        Position += direction * step;
        Velocity = direction * nextSpeed;
        return dt;
    }

    private void StepTowardsVelocity(double goal, double acceleration, double dt)
    {
        double delta = goal - Velocity;
        double change = Math.Min(Math.Abs(delta), acceleration * dt);
        double next = Velocity + (Math.Sign(delta) * change);
        Position += (Velocity + next) / 2 * dt;
        Velocity = next;
    }

    /// <summary>Deceleration the profile applies at <paramref name="speed"/>: DMAX above V1, D1 below.</summary>
    private double DecelerationAt(double speed) =>
        Profile.V1 > 0 && speed <= Profile.V1 ? Profile.D1 : Profile.DMax;

    /// <summary>Distance to brake from <paramref name="speed"/> to VSTOP with the profile's decelerations.</summary>
    public double BrakingDistance(double speed)
    {
        double vStop = Math.Min(speed, Profile.VStop);
        if (Profile.V1 > 0 && speed > Profile.V1)
        {
            double v1 = Math.Max(Profile.V1, vStop);
            return (((speed * speed) - (v1 * v1)) / (2 * Profile.DMax)) + (((v1 * v1) - (vStop * vStop)) / (2 * Profile.D1));
        }

        double decel = Profile.V1 > 0 ? Profile.D1 : Profile.DMax;
        return ((speed * speed) - (vStop * vStop)) / (2 * decel);
    }
}

/// <summary>Ramp parameters in microsteps/s (velocities) and microsteps/s² (accelerations).</summary>
public readonly record struct RampProfile(double VStart, double A1, double V1, double AMax, double VMax, double DMax, double D1, double VStop);

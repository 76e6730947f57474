namespace Station.Firmware.Acquisition;

/// <summary>
/// Shapes the offset handed to the mount: a jump (a beacon confirmed off-centre, a re-acquisition) becomes a
/// time-optimal move at the given acceleration and rate, with its rate as feed-forward, so the mount's position
/// loop follows it instead of winding its integrator up and overshooting. Slow changes (coarse loop, offload)
/// pass through unchanged.
/// </summary>
internal struct OffsetShaper
{
    public double Position { get; private set; }

    public double Rate { get; private set; }

    public void Step(double target, double targetRate, double dt, double acceleration, double maxRate)
    {
        if (dt <= 0)
        {
            (Position, Rate) = (target, targetRate);
            return;
        }

        double error = target - Position;
        double brake = Math.Sqrt(2 * acceleration * Math.Abs(error));
        double wanted = targetRate + (Math.Sign(error) * Math.Min(maxRate, brake));
        double rate = Rate + Math.Clamp(wanted - Rate, -acceleration * dt, acceleration * dt);
        double next = Position + (rate * dt);
        bool arriving = Math.Abs(error) <= acceleration * dt * dt || Math.Sign(target - next) != Math.Sign(error);
        if (arriving && Math.Abs(Rate - targetRate) <= acceleration * dt)
        {
            (Position, Rate) = (target, targetRate); // arrived: lock onto the target and its rate
            return;
        }

        (Position, Rate) = (next, rate);
    }
}

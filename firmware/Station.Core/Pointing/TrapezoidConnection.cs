namespace Station.Core.Pointing;

/// <summary>
/// The bounded-acceleration move that joins two states (x1, v1) → (x2, v2) in exactly a duration T: change
/// velocity at ±a from v1 to a plateau vp, hold vp, change at ±a to v2. Its displacement
/// D(vp) = vp·T − |vp−v1|(vp−v1)/2a − |vp−v2|(vp−v2)/2a grows monotonically with vp while the two velocity
/// changes fit in T, so the plateau for a required displacement is found by bisection.
/// </summary>
public readonly record struct TrapezoidConnection(double X1, double V1, double V2, double Plateau, double Acceleration, double Duration)
{
    /// <summary>Finds the connection, or null when no plateau within ±vmax fits (T too short).</summary>
    public static TrapezoidConnection? TryConnect(double x1, double v1, double x2, double v2, double duration, double vmax, double amax)
    {
        if (duration <= 0 || Math.Abs(v1) > vmax || Math.Abs(v2) > vmax)
        {
            return null;
        }

        // Plateaus whose two velocity changes fit in T: |vp − v1| + |vp − v2| ≤ a·T, and |vp| ≤ vmax.
        double budget = amax * duration;
        double mid = (v1 + v2) / 2, halfGap = Math.Abs(v1 - v2) / 2;
        if (2 * halfGap > budget)
        {
            return null;
        }

        double lo = Math.Max(-vmax, mid - (budget / 2));
        double hi = Math.Min(vmax, mid + (budget / 2));
        if (lo > hi)
        {
            return null;
        }

        double needed = x2 - x1;
        if (needed < Displacement(lo, v1, v2, duration, amax) || needed > Displacement(hi, v1, v2, duration, amax))
        {
            return null;
        }

        for (int i = 0; i < 100 && hi - lo > 1e-12 * Math.Max(1, vmax); i++)
        {
            double vp = (lo + hi) / 2;
            if (Displacement(vp, v1, v2, duration, amax) < needed)
            {
                lo = vp;
            }
            else
            {
                hi = vp;
            }
        }

        return new TrapezoidConnection(x1, v1, v2, (lo + hi) / 2, amax, duration);
    }

    /// <summary>Position, velocity and acceleration at time t ∈ [0, T] into the connection.</summary>
    public (double X, double V, double A) At(double t)
    {
        double ta = Math.Abs(Plateau - V1) / Acceleration;
        double td = Math.Abs(Plateau - V2) / Acceleration;
        double a1 = Math.Sign(Plateau - V1) * Acceleration;
        double a3 = Math.Sign(V2 - Plateau) * Acceleration;
        double x = X1;
        if (t <= ta)
        {
            return (x + (V1 * t) + (a1 * t * t / 2), V1 + (a1 * t), a1);
        }

        x += (V1 * ta) + (a1 * ta * ta / 2);
        double tc = Duration - ta - td;
        if (t <= ta + tc)
        {
            return (x + (Plateau * (t - ta)), Plateau, 0);
        }

        x += Plateau * tc;
        double u = Math.Min(t - ta - tc, td);
        return (x + (Plateau * u) + (a3 * u * u / 2), Plateau + (a3 * u), a3);
    }

    private static double Displacement(double vp, double v1, double v2, double t, double a) =>
        (vp * t) - (Math.Abs(vp - v1) * (vp - v1) / (2 * a)) - (Math.Abs(vp - v2) * (vp - v2) / (2 * a));
}

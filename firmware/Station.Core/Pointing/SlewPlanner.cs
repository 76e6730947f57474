using System.Globalization;

namespace Station.Core.Pointing;

/// <summary>How a slew gets from one position to another.</summary>
public enum SlewStrategy
{
    /// <summary>Both axes move at once, each on its own rest-to-rest profile.</summary>
    Simultaneous,

    /// <summary>Azimuth first, then elevation.</summary>
    AzimuthFirst,

    /// <summary>Elevation first, then azimuth.</summary>
    ElevationFirst,

    /// <summary>Elevation to a waypoint elevation, azimuth, then elevation to the target.</summary>
    ViaWaypoint,
}

/// <summary>A sun-safe slew: the legs in order (mount az/el after each leg), its duration and closest sun approach.</summary>
public sealed record SlewPlan(SlewStrategy Strategy, IReadOnlyList<(double AzimuthDeg, double ElevationDeg)> Waypoints, double DurationSeconds, double MinimumSunSeparationDeg);

/// <summary>
/// Plans slews that never bring the optical axis within the sun-exclusion angle: it tries the direct
/// strategies and waypoints over and under the sun, keeps those whose whole sampled path (target included)
/// stays outside the cone, and picks the fastest. A target inside the cone, or no safe path, is refused with
/// the reason. A path starting inside the cone (after a fault) is allowed only while it moves away from the sun.
/// </summary>
public static class SlewPlanner
{
    private const double SampleSeconds = 0.05;

    public static (SlewPlan? Plan, string? Refusal) Plan(double fromAzDeg, double fromElDeg, double toAzDeg, double toElDeg, double sunAzDeg, double sunElDeg, MountLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        string? bad = limits.CheckPosition(toAzDeg, toElDeg);
        if (bad is not null)
        {
            return (null, "target refused: " + bad);
        }

        double targetSeparation = Separation(toAzDeg, toElDeg, sunAzDeg, sunElDeg);
        if (targetSeparation < limits.SunExclusionDeg)
        {
            return (null, string.Create(CultureInfo.InvariantCulture, $"target refused: it is {targetSeparation:0.##}° from the sun, inside the {limits.SunExclusionDeg}° exclusion cone"));
        }

        // Each waypoint ends a leg; within a leg both axes move at once on their own profiles.
        var candidates = new List<(SlewStrategy Strategy, (double, double)[] Waypoints)>
        {
            (SlewStrategy.Simultaneous, [(toAzDeg, toElDeg)]),
            (SlewStrategy.AzimuthFirst, [(toAzDeg, fromElDeg), (toAzDeg, toElDeg)]),
            (SlewStrategy.ElevationFirst, [(fromAzDeg, toElDeg), (toAzDeg, toElDeg)]),
        };
        foreach (double waypointEl in WaypointElevations(sunElDeg, limits))
        {
            candidates.Add((SlewStrategy.ViaWaypoint, [(fromAzDeg, waypointEl), (toAzDeg, waypointEl), (toAzDeg, toElDeg)]));
        }

        SlewPlan? best = null;
        foreach (var (strategy, waypoints) in candidates)
        {
            if (waypoints.Any(w => limits.CheckPosition(w.Item1, w.Item2) is not null))
            {
                continue;
            }

            var (duration, minSeparation, safe) = Evaluate(fromAzDeg, fromElDeg, waypoints, sunAzDeg, sunElDeg, limits);
            if (safe && (best is null || duration < best.DurationSeconds))
            {
                best = new SlewPlan(strategy, waypoints, duration, minSeparation);
            }
        }

        return best is null
            ? (null, string.Create(CultureInfo.InvariantCulture, $"no slew path from az {fromAzDeg:0.##}° el {fromElDeg:0.##}° to az {toAzDeg:0.##}° el {toElDeg:0.##}° stays {limits.SunExclusionDeg}° from the sun (az {sunAzDeg:0.##}°, el {sunElDeg:0.##}°)"))
            : (best, null);
    }

    /// <summary>Great-circle angle between two az/el directions, degrees.</summary>
    public static double Separation(double az1Deg, double el1Deg, double az2Deg, double el2Deg)
    {
        const double d = Math.PI / 180;
        var (s1, c1) = Math.SinCos(el1Deg * d);
        var (s2, c2) = Math.SinCos(el2Deg * d);
        double cos = (s1 * s2) + (c1 * c2 * Math.Cos((az1Deg - az2Deg) * d));
        return Math.Acos(Math.Clamp(cos, -1, 1)) / d;
    }

    /// <summary>Time of a rest-to-rest move of <paramref name="distance"/> with a rate and acceleration limit.</summary>
    public static double MoveSeconds(double distance, double vmax, double amax)
    {
        distance = Math.Abs(distance);
        return distance >= vmax * vmax / amax ? (distance / vmax) + (vmax / amax) : 2 * Math.Sqrt(distance / amax);
    }

    /// <summary>Fraction of a rest-to-rest move completed after <paramref name="t"/> seconds.</summary>
    public static double Progress(double t, double distance, double vmax, double amax)
    {
        distance = Math.Abs(distance);
        if (distance == 0)
        {
            return 1;
        }

        double total = MoveSeconds(distance, vmax, amax);
        if (t >= total)
        {
            return 1;
        }

        double peak = Math.Min(vmax, Math.Sqrt(distance * amax));
        double ta = peak / amax;
        double x = t <= ta ? amax * t * t / 2
            : t <= total - ta ? (amax * ta * ta / 2) + (peak * (t - ta))
            : distance - (amax * (total - t) * (total - t) / 2);
        return x / distance;
    }

    private static IEnumerable<double> WaypointElevations(double sunElDeg, MountLimits limits)
    {
        double over = Math.Min(limits.ElevationMaxDeg - 1, sunElDeg + limits.SunExclusionDeg + 2);
        double under = Math.Max(limits.ElevationMinDeg + 1, sunElDeg - limits.SunExclusionDeg - 2);
        yield return over;
        yield return under;
        yield return Math.Min(limits.ElevationMaxDeg - 1, 85);
    }

    private static (double Duration, double MinSeparation, bool Safe) Evaluate(double az, double el, (double Az, double El)[] waypoints, double sunAz, double sunEl, MountLimits limits)
    {
        double duration = 0, minSeparation = Separation(az, el, sunAz, sunEl), previous = minSeparation;
        bool safe = true;
        foreach (var (toAz, toEl) in waypoints)
        {
            double dAz = toAz - az, dEl = toEl - el;
            double tAz = MoveSeconds(dAz, limits.AzimuthMaxRateDegPerS, limits.AzimuthMaxAccelerationDegPerS2);
            double tEl = MoveSeconds(dEl, limits.ElevationMaxRateDegPerS, limits.ElevationMaxAccelerationDegPerS2);
            double legSeconds = Math.Max(tAz, tEl);
            for (double t = 0; t <= legSeconds + SampleSeconds; t += SampleSeconds)
            {
                double fAz = Progress(t, dAz, limits.AzimuthMaxRateDegPerS, limits.AzimuthMaxAccelerationDegPerS2);
                double fEl = Progress(t, dEl, limits.ElevationMaxRateDegPerS, limits.ElevationMaxAccelerationDegPerS2);
                double separation = Separation(az + (fAz * dAz), el + (fEl * dEl), sunAz, sunEl);
                bool movingAway = separation >= previous;
                if (separation < limits.SunExclusionDeg && !movingAway)
                {
                    safe = false;
                }

                minSeparation = Math.Min(minSeparation, separation);
                previous = separation;
            }

            duration += legSeconds;
            az = toAz;
            el = toEl;
        }

        return (duration, minSeparation, safe);
    }
}

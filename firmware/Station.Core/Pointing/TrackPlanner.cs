using System.Globalization;
using Station.Core.Orbits;

namespace Station.Core.Pointing;

/// <summary>What to track and under which conditions.</summary>
public sealed record TrackRequest(Sgp4Propagator Satellite, GroundStation Station, DateTime StartUtc, DateTime EndUtc)
{
    /// <summary>Control rate the setpoints are evaluated at.</summary>
    public double ControlRateHz { get; init; } = 100;

    /// <summary>Weather for refraction; null pressure means no refraction (vacuum pointing).</summary>
    public double? PressureMbar { get; init; }

    public double TemperatureC { get; init; } = 10;

    public PointingModel PointingModel { get; init; } = PointingModel.Identity;

    public MountLimits Limits { get; init; } = new();

    /// <summary>The mount's azimuth now (continuous): the wrap side nearest it is chosen.</summary>
    public double CurrentAzimuthDeg { get; init; }

    /// <summary>An error above this (the beacon camera's half field) means lock is expected to be lost.</summary>
    public double LockLossThresholdDeg { get; init; } = 0.1;

    public EarthOrientation? EarthOrientation { get; init; }
}

/// <summary>
/// Builds a pass trajectory: SGP4 → TEME → ITRF → topocentric at the control rate, refraction from the
/// weather, the pointing model (sky → mount), one continuous azimuth on the cable-wrap side that fits the whole
/// pass, then each axis made feasible for its rate and acceleration limits (the keyhole), with the error the
/// keyhole will cost predicted. Refuses, with the reason, passes that cannot be flown: SGP4 failure, below the
/// elevation travel, no wrap fits, inside the sun-exclusion cone, or an infeasible keyhole.
/// </summary>
public static class TrackPlanner
{
    public static (MountTrajectory? Trajectory, string? Refusal) Plan(TrackRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var limits = request.Limits;
        if (request.EndUtc <= request.StartUtc)
        {
            return (null, "the track ends before it starts");
        }

        if (request.ControlRateHz is <= 0 or > 10_000)
        {
            return (null, string.Create(CultureInfo.InvariantCulture, $"control rate {request.ControlRateHz} Hz is outside 0…10000 Hz"));
        }

        double step = 1 / request.ControlRateHz;
        int count = (int)Math.Floor((request.EndUtc - request.StartUtc).TotalSeconds / step) + 1;
        var trajectory = new MountTrajectory(request.StartUtc, step, count);
        double minSun = double.PositiveInfinity;
        DateTime minSunAt = request.StartUtc;
        var rawAz = new double[count];
        for (int i = 0; i < count; i++)
        {
            DateTime t = trajectory.TimeOf(i);
            var state = request.Satellite.PropagateToUtc(t);
            if (!state.IsSuccess)
            {
                return (null, string.Create(CultureInfo.InvariantCulture, $"SGP4 failed at {t:O}: {state.Error}"));
            }

            var look = Topocentric.Look(new Vec3(state.XKm, state.YKm, state.ZKm), new Vec3(state.VxKmPerS, state.VyKmPerS, state.VzKmPerS), t, request.Station, request.EarthOrientation);
            double el = request.PressureMbar is { } p ? Refraction.ApparentFromGeometricDeg(look.ElevationDeg, request.TemperatureC, p) : look.ElevationDeg;
            trajectory.SkyAzimuthDeg[i] = look.AzimuthDeg;
            trajectory.SkyElevationDeg[i] = el;
            var (mountAz, mountEl) = request.PointingModel.SkyToMount(look.AzimuthDeg * Math.PI / 180, el * Math.PI / 180);
            rawAz[i] = mountAz * 180 / Math.PI;
            trajectory.TargetElevationDeg[i] = mountEl * 180 / Math.PI;

            if (i % Math.Max(1, (int)request.ControlRateHz) == 0 || i == count - 1)
            {
                var sun = Sun.Apparent(t, request.Station, request.EarthOrientation);
                double separation = SlewPlanner.Separation(look.AzimuthDeg, el, sun.AzimuthDeg, sun.ElevationDeg);
                if (separation < minSun)
                {
                    (minSun, minSunAt) = (separation, t);
                }
            }
        }

        trajectory.MinimumSunSeparationDeg = minSun;
        if (minSun < limits.SunExclusionDeg)
        {
            return (null, string.Create(CultureInfo.InvariantCulture, $"the pass comes {minSun:0.##}° from the sun at {minSunAt:HH:mm:ss}Z, inside the {limits.SunExclusionDeg}° exclusion cone"));
        }

        CableWrap.Unwrap(rawAz, trajectory.TargetAzimuthDeg);
        var (offset, wrapRefusal) = CableWrap.ChooseOffset(trajectory.TargetAzimuthDeg, request.CurrentAzimuthDeg, limits);
        if (offset is not { } wrap)
        {
            return (null, wrapRefusal);
        }

        trajectory.WrapOffsetDeg = wrap;
        for (int i = 0; i < count; i++)
        {
            trajectory.TargetAzimuthDeg[i] += wrap;
            string? outside = limits.CheckPosition(trajectory.TargetAzimuthDeg[i], trajectory.TargetElevationDeg[i]);
            if (outside is not null)
            {
                return (null, string.Create(CultureInfo.InvariantCulture, $"at {trajectory.TimeOf(i):HH:mm:ss.fff}Z {outside}"));
            }
        }

        var (azSegments, azRefusal) = AxisTrajectoryPlanner.Plan(trajectory.TargetAzimuthDeg, step, limits.AzimuthMaxRateDegPerS, limits.AzimuthMaxAccelerationDegPerS2, trajectory.AzimuthDeg);
        var (elSegments, elRefusal) = AxisTrajectoryPlanner.Plan(trajectory.TargetElevationDeg, step, limits.ElevationMaxRateDegPerS, limits.ElevationMaxAccelerationDegPerS2, trajectory.ElevationDeg);
        if ((azRefusal ?? elRefusal) is not null)
        {
            return (null, "azimuth/elevation limits: " + (azRefusal ?? elRefusal));
        }

        trajectory.Keyholes = PredictKeyholes(trajectory, [.. azSegments, .. elSegments], request.LockLossThresholdDeg);
        return (trajectory, null);
    }

    /// <summary>On-sky angle between the planned and the ideal mount direction, degrees.</summary>
    public static double PointingErrorDeg(MountTrajectory trajectory, int index)
    {
        ArgumentNullException.ThrowIfNull(trajectory);
        return SlewPlanner.Separation(trajectory.AzimuthDeg[index], trajectory.ElevationDeg[index], trajectory.TargetAzimuthDeg[index], trajectory.TargetElevationDeg[index]);
    }

    private static List<KeyholePrediction> PredictKeyholes(MountTrajectory trajectory, List<LimitedSegment> segments, double thresholdDeg)
    {
        var merged = new List<LimitedSegment>();
        foreach (var s in segments.OrderBy(s => s.StartIndex))
        {
            if (merged.Count > 0 && s.StartIndex <= merged[^1].EndIndex)
            {
                merged[^1] = new LimitedSegment(merged[^1].StartIndex, Math.Max(merged[^1].EndIndex, s.EndIndex));
            }
            else
            {
                merged.Add(s);
            }
        }

        var keyholes = new List<KeyholePrediction>();
        foreach (var s in merged)
        {
            double maxError = 0;
            int above = 0;
            for (int i = s.StartIndex; i <= s.EndIndex; i++)
            {
                double error = PointingErrorDeg(trajectory, i);
                maxError = Math.Max(maxError, error);
                if (error > thresholdDeg)
                {
                    above++;
                }
            }

            keyholes.Add(new KeyholePrediction(trajectory.TimeOf(s.StartIndex), trajectory.TimeOf(s.EndIndex), maxError * 3600, TimeSpan.FromSeconds(above * trajectory.StepSeconds)));
        }

        return keyholes;
    }
}

using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Station.Core.Pointing;

namespace Station.Core.Tests.Pointing;

public sealed class SlewAndWrapTests
{
    private static readonly MountLimits Limits = new();

    [Fact]
    public void A_target_inside_the_sun_cone_is_refused_with_its_distance()
    {
        var (plan, refusal) = SlewPlanner.Plan(0, 45, 100, 40, sunAzDeg: 110, sunElDeg: 30, Limits);
        Assert.Null(plan);
        Assert.Contains("inside the 30° exclusion cone", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void A_direct_path_through_the_sun_is_routed_around_it()
    {
        // Sun at az 90°, el 20°; slewing along el 20° from az 30° to az 150° would cross it.
        var (plan, refusal) = SlewPlanner.Plan(30, 20, 150, 20, sunAzDeg: 90, sunElDeg: 20, Limits);
        Assert.Null(refusal);
        Assert.NotEqual(SlewStrategy.Simultaneous, plan!.Strategy);
        Assert.True(plan.MinimumSunSeparationDeg >= 30, $"{plan.MinimumSunSeparationDeg}");
        Assert.Equal((150.0, 20.0), plan.Waypoints[^1]);
    }

    [Fact]
    public void Targets_outside_the_travel_are_refused_naming_the_limit()
    {
        var (_, refusal) = SlewPlanner.Plan(0, 45, 300, 40, 180, -30, Limits);
        Assert.Equal("target refused: azimuth 300° is outside the travel -270°…270°", refusal);
    }

    [Property(MaxTest = 200)]
    public Property Planned_slews_never_enter_the_sun_cone() =>
        Prop.ForAll(
            (from fromAz in Gen.Choose(-269, 269)
             from fromEl in Gen.Choose(1, 89)
             from toAz in Gen.Choose(-269, 269)
             from toEl in Gen.Choose(1, 89)
             from sunAz in Gen.Choose(0, 359)
             from sunEl in Gen.Choose(-20, 80)
             select (fromAz, fromEl, toAz, toEl, sunAz, sunEl)).ToArbitrary(),
            c =>
            {
                var (fromAz, fromEl, toAz, toEl, sunAz, sunEl) = c;
                if (SlewPlanner.Separation(fromAz, fromEl, sunAz, sunEl) < Limits.SunExclusionDeg)
                {
                    return true; // starting inside the cone is a fault recovery, tested separately
                }

                var (plan, refusal) = SlewPlanner.Plan(fromAz, fromEl, toAz, toEl, sunAz, sunEl, Limits);
                return plan is null ? refusal is not null : MinSeparationAlong(fromAz, fromEl, plan, sunAz, sunEl) >= Limits.SunExclusionDeg - 1e-9;
            });

    [Fact]
    public void A_pass_crossing_north_is_unwrapped_and_placed_on_the_side_nearest_the_mount()
    {
        double[] sky = [300, 330, 359, 10, 40, 70];
        var track = new double[sky.Length];
        CableWrap.Unwrap(sky, track);
        Assert.Equal([300, 330, 359, 370, 400, 430], track);

        var (offset, refusal) = CableWrap.ChooseOffset(track, currentAzimuthDeg: -50, Limits);
        Assert.Null(refusal);
        Assert.Equal(-360, offset); // −60°…70°: nearest to −50° and inside −270°…270°
    }

    [Fact]
    public void A_pass_wider_than_any_wrap_is_refused()
    {
        double[] track = [-100, 200, 500];
        var (offset, refusal) = CableWrap.ChooseOffset(track, 0, Limits);
        Assert.Null(offset);
        Assert.Contains("sweeps 600° of azimuth, which fits no wrap", refusal, StringComparison.Ordinal);
    }

    [Property(MaxTest = 300)]
    public Property A_chosen_wrap_keeps_the_whole_pass_inside_the_travel() =>
        Prop.ForAll(
            Gen.Choose(0, 359).ToArbitrary(), Gen.Choose(-180, 180).ToArbitrary(), Gen.Choose(-270, 270).ToArbitrary(),
            (startAz, sweep, current) =>
            {
                var sky = Enumerable.Range(0, 50).Select(i => (startAz + (sweep * i / 49.0)) % 360).ToArray();
                var track = new double[sky.Length];
                CableWrap.Unwrap(sky, track);
                var (offset, _) = CableWrap.ChooseOffset(track, current, Limits);
                return offset is { } o && track.All(a => a + o >= Limits.AzimuthMinDeg && a + o <= Limits.AzimuthMaxDeg)
                    && track.Zip(track.Skip(1), (a, b) => Math.Abs(b - a)).All(step => step < 180); // continuous: no unwinding jump
            });

    private static double MinSeparationAlong(double az, double el, SlewPlan plan, double sunAz, double sunEl)
    {
        double min = double.PositiveInfinity;
        foreach (var (toAz, toEl) in plan.Waypoints)
        {
            double tAz = SlewPlanner.MoveSeconds(toAz - az, Limits.AzimuthMaxRateDegPerS, Limits.AzimuthMaxAccelerationDegPerS2);
            double tEl = SlewPlanner.MoveSeconds(toEl - el, Limits.ElevationMaxRateDegPerS, Limits.ElevationMaxAccelerationDegPerS2);
            double leg = Math.Max(tAz, tEl);
            for (double t = 0; t <= leg; t += 0.01)
            {
                double a = az + (SlewPlanner.Progress(t, toAz - az, Limits.AzimuthMaxRateDegPerS, Limits.AzimuthMaxAccelerationDegPerS2) * (toAz - az));
                double e = el + (SlewPlanner.Progress(t, toEl - el, Limits.ElevationMaxRateDegPerS, Limits.ElevationMaxAccelerationDegPerS2) * (toEl - el));
                min = Math.Min(min, SlewPlanner.Separation(a, e, sunAz, sunEl));
            }

            az = toAz;
            el = toEl;
        }

        return min;
    }
}

using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;
using Station.Core.Pointing;
using Xunit.Abstractions;

namespace Station.Core.Tests.Pointing;

/// <summary>
/// The property for slews: random start and target positions, a random sun (above and below the
/// horizon, often close to the path) and random axis limits. A plan's path, rebuilt from its waypoints with
/// the same rest-to-rest profiles the mount flies and sampled five times more densely than the planner samples
/// it, never enters the sun-exclusion cone (a start inside the cone, after a fault, may only move away), never
/// leaves the travel, and never exceeds an axis rate or acceleration. Every refusal says why, and a target
/// inside the cone or beyond the travel is always refused.
/// </summary>
public sealed class SlewPlannerPropertyTests(ITestOutputHelper output)
{
    private const int Cases = 500;

    /// <summary>Path sampling step, seconds (the planner checks every 50 ms).</summary>
    private const double SampleSeconds = 0.01;

    /// <summary>Slack on rates and accelerations differentiated from the dense samples.</summary>
    private const double SamplingTolerance = 0.02;

    [Fact]
    public void Random_slews_never_cross_the_sun_cone_or_the_limits_and_every_refusal_says_why()
    {
        var totals = new Dictionary<string, int>();
        Property property = Prop.ForAll(SlewCase.Generator.ToArbitrary(), c =>
        {
            string outcome = Check(c);
            totals[outcome] = totals.GetValueOrDefault(outcome) + 1;
            return true;
        });

        var config = Config.QuickThrowOnFailure.WithMaxTest(Cases).WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(20261128UL), FSharpOption<int>.None)));
        FsCheck.Check.One(config, property);
        foreach (var (outcome, count) in totals.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"{count,4} × {outcome}");
        }

        // The cases must reach every kind of outcome, or the checks prove little.
        Assert.True(totals.GetValueOrDefault("planned Simultaneous") > Cases / 10, "few direct slews");
        Assert.True(totals.Where(p => p.Key.StartsWith("planned", StringComparison.Ordinal) && !p.Key.EndsWith("Simultaneous", StringComparison.Ordinal)).Sum(p => p.Value) > Cases / 20, "few slews routed around the sun");
        Assert.True(totals.GetValueOrDefault("refused: target in the sun cone") > 10, "few targets in the sun cone");
        Assert.True(totals.GetValueOrDefault("refused: target beyond the travel") > 10, "few targets beyond the travel");
    }

    private static string Check(SlewCase c)
    {
        var limits = c.Limits();
        var (plan, refusal) = SlewPlanner.Plan(c.FromAzDeg, c.FromElDeg, c.ToAzDeg, c.ToElDeg, c.SunAzDeg, c.SunElDeg, limits);
        bool targetOutside = limits.CheckPosition(c.ToAzDeg, c.ToElDeg) is not null;
        double targetSun = SlewPlanner.Separation(c.ToAzDeg, c.ToElDeg, c.SunAzDeg, c.SunElDeg);
        if (plan is null)
        {
            Assert.False(string.IsNullOrWhiteSpace(refusal), $"{c}: refused without a reason");
            if (targetOutside)
            {
                Assert.Contains("outside the travel", refusal, StringComparison.Ordinal);
                return "refused: target beyond the travel";
            }

            if (targetSun < limits.SunExclusionDeg)
            {
                Assert.Contains("exclusion cone", refusal, StringComparison.Ordinal);
                return "refused: target in the sun cone";
            }

            Assert.Contains("stays", refusal, StringComparison.Ordinal);
            return "refused: no safe path";
        }

        Assert.False(targetOutside, $"{c}: a target beyond the travel was planned");
        Assert.True(targetSun >= limits.SunExclusionDeg, $"{c}: a target {targetSun:0.###}° from the sun was planned");
        Assert.Equal((c.ToAzDeg, c.ToElDeg), plan.Waypoints[^1]);
        CheckPath(c, plan, limits);
        return "planned " + plan.Strategy;
    }

    /// <summary>Flies the plan's legs as the mount does (both axes at once, each rest to rest) and checks every sample.</summary>
    private static void CheckPath(SlewCase c, SlewPlan plan, MountLimits limits)
    {
        double az = c.FromAzDeg, el = c.FromElDeg;
        double previousSeparation = SlewPlanner.Separation(az, el, c.SunAzDeg, c.SunElDeg);
        double minimum = previousSeparation;
        double totalSeconds = 0;
        foreach (var (toAz, toEl) in plan.Waypoints)
        {
            Assert.True(limits.CheckPosition(toAz, toEl) is null, $"{c}: waypoint ({toAz}, {toEl}): {limits.CheckPosition(toAz, toEl)}");
            double dAz = toAz - az, dEl = toEl - el;
            double seconds = Math.Max(
                SlewPlanner.MoveSeconds(dAz, limits.AzimuthMaxRateDegPerS, limits.AzimuthMaxAccelerationDegPerS2),
                SlewPlanner.MoveSeconds(dEl, limits.ElevationMaxRateDegPerS, limits.ElevationMaxAccelerationDegPerS2));
            var azHistory = new double[3];
            var elHistory = new double[3];
            int n = 0;
            for (double t = 0; t <= seconds + SampleSeconds; t += SampleSeconds, n++)
            {
                double a = az + (dAz * SlewPlanner.Progress(t, dAz, limits.AzimuthMaxRateDegPerS, limits.AzimuthMaxAccelerationDegPerS2));
                double e = el + (dEl * SlewPlanner.Progress(t, dEl, limits.ElevationMaxRateDegPerS, limits.ElevationMaxAccelerationDegPerS2));
                Assert.True(limits.CheckPosition(a, e) is null, $"{c}: path sample ({a}, {e}): {limits.CheckPosition(a, e)}");
                double separation = SlewPlanner.Separation(a, e, c.SunAzDeg, c.SunElDeg);
                if (separation < limits.SunExclusionDeg)
                {
                    // Inside the cone only on the way out of it (a slew that starts inside, after a fault).
                    Assert.True(separation >= previousSeparation - 1e-9, $"{c}: {plan.Strategy} enters the sun cone: {separation:0.####}° from the sun at ({a:0.###}, {e:0.###})");
                }

                minimum = Math.Min(minimum, separation);
                previousSeparation = separation;
                CheckDynamics(c, limits, azHistory, elHistory, n, a, e);
            }

            totalSeconds += seconds;
            (az, el) = (toAz, toEl);
        }

        Assert.Equal(totalSeconds, plan.DurationSeconds, 6);
        Assert.True(plan.MinimumSunSeparationDeg <= minimum + 0.5, $"{c}: reported closest approach {plan.MinimumSunSeparationDeg}° but the path came to {minimum}°");
    }

    private static void CheckDynamics(SlewCase c, MountLimits limits, double[] azHistory, double[] elHistory, int n, double az, double el)
    {
        (azHistory[0], azHistory[1], azHistory[2]) = (azHistory[1], azHistory[2], az);
        (elHistory[0], elHistory[1], elHistory[2]) = (elHistory[1], elHistory[2], el);
        if (n < 2)
        {
            return;
        }

        double slack = 1 + SamplingTolerance;
        double azRate = (azHistory[2] - azHistory[1]) / SampleSeconds, elRate = (elHistory[2] - elHistory[1]) / SampleSeconds;
        double azAcc = (azHistory[2] - (2 * azHistory[1]) + azHistory[0]) / (SampleSeconds * SampleSeconds);
        double elAcc = (elHistory[2] - (2 * elHistory[1]) + elHistory[0]) / (SampleSeconds * SampleSeconds);
        Assert.True(Math.Abs(azRate) <= limits.AzimuthMaxRateDegPerS * slack, $"{c}: azimuth rate {azRate}°/s");
        Assert.True(Math.Abs(elRate) <= limits.ElevationMaxRateDegPerS * slack, $"{c}: elevation rate {elRate}°/s");
        Assert.True(Math.Abs(azAcc) <= limits.AzimuthMaxAccelerationDegPerS2 * slack, $"{c}: azimuth acceleration {azAcc}°/s²");
        Assert.True(Math.Abs(elAcc) <= limits.ElevationMaxAccelerationDegPerS2 * slack, $"{c}: elevation acceleration {elAcc}°/s²");
    }

    /// <summary>One random slew: start, target, sun and limits (tenths of a degree, so counterexamples read well).</summary>
    private sealed record SlewCase(int FromAz10, int FromEl10, int ToAz10, int ToEl10, int SunAz10, int SunEl10, int SunExclusionDeg, int AzRate10, int Acc10, int ElRate10)
    {
        public static Gen<SlewCase> Generator { get; } =
            from fromAz in Gen.Choose(-2700, 2700)
            from fromEl in Gen.Choose(0, 900)
            // Mostly inside the travel; now and then beyond it (a refusal).
            from toAz in Gen.Frequency((12, Gen.Choose(-2700, 2700)), (1, Gen.Choose(-3600, 3600)))
            from toEl in Gen.Frequency((12, Gen.Choose(0, 900)), (1, Gen.Choose(-200, 1100)))
            // The sun often near the start or the target, where routing around it matters.
            from sunPick in Gen.Choose(0, 2)
            from sunDaz in Gen.Choose(-400, 400)
            from sunDel in Gen.Choose(-300, 300)
            from sunAz in Gen.Choose(0, 3599)
            from sunEl in Gen.Choose(-300, 900)
            from exclusion in Gen.Choose(5, 45)
            from azRate in Gen.Choose(10, 150)
            from acc in Gen.Choose(5, 100)
            from elRate in Gen.Choose(10, 60)
            let sun = sunPick switch
            {
                0 => (sunAz, sunEl),
                1 => (Mod3600(fromAz + sunDaz), Math.Clamp(fromEl + sunDel, -300, 900)),
                _ => (Mod3600(toAz + sunDaz), Math.Clamp(toEl + sunDel, -300, 900)),
            }
            select new SlewCase(fromAz, fromEl, toAz, toEl, sun.Item1, sun.Item2, exclusion, azRate, acc, elRate);

        public double FromAzDeg => FromAz10 / 10.0;

        public double FromElDeg => FromEl10 / 10.0;

        public double ToAzDeg => ToAz10 / 10.0;

        public double ToElDeg => ToEl10 / 10.0;

        public double SunAzDeg => SunAz10 / 10.0;

        public double SunElDeg => SunEl10 / 10.0;

        public MountLimits Limits() => new()
        {
            AzimuthMaxRateDegPerS = AzRate10 / 10.0,
            ElevationMaxRateDegPerS = ElRate10 / 10.0,
            AzimuthMaxAccelerationDegPerS2 = Acc10 / 10.0,
            ElevationMaxAccelerationDegPerS2 = Acc10 / 10.0,
            SunExclusionDeg = SunExclusionDeg,
        };

        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"slew(from {FromAzDeg}°/{FromElDeg}° to {ToAzDeg}°/{ToElDeg}°, sun {SunAzDeg}°/{SunElDeg}° ±{SunExclusionDeg}°, az {AzRate10 / 10.0}°/s, el {ElRate10 / 10.0}°/s, {Acc10 / 10.0}°/s²)");

        private static int Mod3600(int tenths) => ((tenths % 3600) + 3600) % 3600;
    }
}

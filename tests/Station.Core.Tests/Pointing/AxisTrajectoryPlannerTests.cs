using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Station.Core.Pointing;

namespace Station.Core.Tests.Pointing;

public sealed class AxisTrajectoryPlannerTests
{
    private const double Step = 0.01;

    [Fact]
    public void A_keyhole_azimuth_swing_is_cut_symmetrically_within_the_limits()
    {
        var raw = OverheadAzimuth(zenithOffsetDeg: 2, rateDegPerS: 0.9, halfSpanS: 120);
        var planned = new double[raw.Length];

        var (segments, refusal) = AxisTrajectoryPlanner.Plan(raw, Step, maxRate: 10, maxAcceleration: 5, planned);

        Assert.Null(refusal);
        var segment = Assert.Single(segments);
        AssertWithinLimits(planned, 10, 5);
        int tca = raw.Length / 2;
        Assert.InRange(tca - segment.StartIndex, segment.EndIndex - tca - 2, segment.EndIndex - tca + 2); // centred on TCA
        for (int i = 0; i < raw.Length; i++)
        {
            if (i < segment.StartIndex || i > segment.EndIndex)
            {
                Assert.Equal(raw[i], planned[i]);
            }
        }

        double maxError = raw.Zip(planned, (r, p) => Math.Abs(r - p)).Max();
        Assert.InRange(maxError, 1, 90); // the corner is cut, not skipped
    }

    [Fact]
    public void A_track_within_the_limits_is_left_alone()
    {
        var raw = OverheadAzimuth(zenithOffsetDeg: 30, rateDegPerS: 0.9, halfSpanS: 100);
        var planned = new double[raw.Length];
        var (segments, refusal) = AxisTrajectoryPlanner.Plan(raw, Step, 10, 5, planned);
        Assert.Null(refusal);
        Assert.Empty(segments);
        Assert.Equal(raw, planned);
    }

    [Fact]
    public void A_violation_at_the_start_of_the_track_is_refused()
    {
        var raw = OverheadAzimuth(zenithOffsetDeg: 1, rateDegPerS: 0.9, halfSpanS: 60)[5950..]; // starts just before TCA
        var (_, refusal) = AxisTrajectoryPlanner.Plan(raw, Step, 10, 5, new double[raw.Length]);
        Assert.Contains("too close to the start or end of the track", refusal, StringComparison.Ordinal);
    }

    [Property(MaxTest = 60)]
    public Property Planned_tracks_never_exceed_rate_or_acceleration_limits() =>
        Prop.ForAll(
            Gen.Choose(5, 300).Select(x => x / 100.0).ToArbitrary(),
            Gen.Choose(3, 15).ToArbitrary(),
            (zenithOffset, maxRate) =>
            {
                var raw = OverheadAzimuth(zenithOffset, 0.9, 150);
                var planned = new double[raw.Length];
                var (_, refusal) = AxisTrajectoryPlanner.Plan(raw, Step, maxRate, 4, planned);
                return refusal is null && WithinLimits(planned, maxRate, 4);
            });

    [Fact]
    public void A_trapezoid_connection_meets_both_end_states()
    {
        var c = TrapezoidConnection.TryConnect(x1: 10, v1: 2, x2: 100, v2: -1, duration: 20, vmax: 10, amax: 3)!.Value;
        Assert.Equal(10, c.At(0).X, 9);
        Assert.Equal(2, c.At(0).V, 9);
        Assert.Equal(100, c.At(20).X, 6);
        Assert.Equal(-1, c.At(20).V, 6);
        Assert.Null(TrapezoidConnection.TryConnect(0, 0, 1000, 0, 10, 10, 3)); // 1000° in 10 s at 10°/s: impossible
    }

    private static double[] OverheadAzimuth(double zenithOffsetDeg, double rateDegPerS, double halfSpanS)
    {
        int n = (int)(2 * halfSpanS / Step) + 1;
        var az = new double[n];
        for (int i = 0; i < n; i++)
        {
            double t = (i * Step) - halfSpanS;
            az[i] = 90 + (Math.Atan2(rateDegPerS * t, zenithOffsetDeg) * 180 / Math.PI);
        }

        return az;
    }

    private static bool WithinLimits(double[] x, double vmax, double amax)
    {
        for (int i = 1; i < x.Length - 1; i++)
        {
            if (Math.Abs(AxisTrajectoryPlanner.RateAt(x, i, Step)) > vmax * 1.0001 || Math.Abs(AxisTrajectoryPlanner.AccelerationAt(x, i, Step)) > amax * 1.0001)
            {
                return false;
            }
        }

        return true;
    }

    private static void AssertWithinLimits(double[] x, double vmax, double amax) => Assert.True(WithinLimits(x, vmax, amax));
}

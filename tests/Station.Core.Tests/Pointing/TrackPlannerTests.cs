using Station.Core.Orbits;
using Station.Core.Pointing;

namespace Station.Core.Tests.Pointing;

public sealed class TrackPlannerTests
{
    private static readonly ElementSet Iss = TleParser.Parse(
        "1 25544U 98067A   23023.58991953  .00023092  00000+0  41091-3 0  9992",
        "2 25544  51.6448 324.7616 0004748 269.5810 268.1793 15.50027683379364",
        "ISS (ZARYA)");

    private static readonly MountLimits Limits = new();

    [Fact]
    public void A_pass_directly_overhead_gets_a_keyhole_within_the_limits_and_an_error_prediction()
    {
        var satellite = new Sgp4Propagator(Iss);
        var tca = new DateTime(2023, 1, 24, 3, 0, 0, DateTimeKind.Utc);
        var station = StationUnder(satellite, tca);
        var request = new TrackRequest(satellite, station, tca.AddMinutes(-4), tca.AddMinutes(4)) { PressureMbar = 700, TemperatureC = 0, Limits = Limits with { SunExclusionDeg = 0 } };

        var (trajectory, refusal) = TrackPlanner.Plan(request);

        Assert.Null(refusal);
        var keyhole = Assert.Single(trajectory!.Keyholes);
        Assert.InRange(keyhole.StartUtc, tca.AddMinutes(-1), tca);
        Assert.InRange(keyhole.EndUtc, tca, tca.AddMinutes(1));
        Assert.True(keyhole.MaxErrorArcsec > 360, $"{keyhole.MaxErrorArcsec}\""); // the corner is cut by more than the camera field
        Assert.True(keyhole.TimeAboveThreshold > TimeSpan.Zero);
        AssertWithinLimits(trajectory);
        Assert.True(trajectory.SkyElevation.ToArray().Max() > 88);
    }

    [Fact]
    public void A_moderate_pass_is_followed_exactly_with_no_keyhole()
    {
        var satellite = new Sgp4Propagator(Iss);
        var tca = new DateTime(2023, 1, 24, 3, 0, 0, DateTimeKind.Utc);
        var under = StationUnder(satellite, tca);
        var station = new GroundStation("offset", under.LatitudeDeg + 5, under.LongitudeDeg, 100); // max elevation ~ 45°
        var (trajectory, refusal) = TrackPlanner.Plan(new TrackRequest(satellite, station, tca.AddMinutes(-3), tca.AddMinutes(3)) { Limits = Limits with { SunExclusionDeg = 0 } });

        Assert.Null(refusal);
        Assert.Empty(trajectory!.Keyholes);
        for (int i = 0; i < trajectory.Count; i++)
        {
            Assert.Equal(trajectory.TargetAzimuth[i], trajectory.PlannedAzimuth[i]);
        }

        AssertWithinLimits(trajectory);
        var middle = trajectory.Sample(tca);
        Assert.InRange(Math.Abs(middle.AzimuthRateDegPerS) + Math.Abs(middle.ElevationRateDegPerS), 0.1, 3);
    }

    [Fact]
    public void A_pass_below_the_elevation_travel_is_refused_with_the_time()
    {
        var satellite = new Sgp4Propagator(Iss);
        var tca = new DateTime(2023, 1, 24, 3, 0, 0, DateTimeKind.Utc);
        var station = StationUnder(satellite, tca);
        var (_, refusal) = TrackPlanner.Plan(new TrackRequest(satellite, station, tca.AddMinutes(-9), tca) { Limits = Limits with { SunExclusionDeg = 0 } });
        Assert.Contains("elevation", refusal, StringComparison.Ordinal);
        Assert.Contains("is outside the travel 0°…90°", refusal, StringComparison.Ordinal);
    }

    private static GroundStation StationUnder(Sgp4Propagator satellite, DateTime utc)
    {
        var s = satellite.PropagateToUtc(utc);
        var itrf = TemeToItrf.Position(new Vec3(s.XKm, s.YKm, s.ZKm), utc, EarthOrientationParameters.Zero);
        var (lat, lon, _) = Wgs84.FromEcef(itrf);
        return new GroundStation("under-track", lat * 180 / Math.PI, lon * 180 / Math.PI, 1000);
    }

    private static void AssertWithinLimits(MountTrajectory t)
    {
        for (int i = 1; i < t.Count - 1; i++)
        {
            var problem = Limits.CheckDynamics(
                AxisTrajectoryPlanner.RateAt(t.PlannedAzimuth, i, t.StepSeconds),
                AxisTrajectoryPlanner.RateAt(t.PlannedElevation, i, t.StepSeconds),
                AxisTrajectoryPlanner.AccelerationAt(t.PlannedAzimuth, i, t.StepSeconds),
                AxisTrajectoryPlanner.AccelerationAt(t.PlannedElevation, i, t.StepSeconds));
            Assert.True(problem is null, $"sample {i}: {problem}");
            Assert.Null(Limits.CheckPosition(t.PlannedAzimuth[i], t.PlannedElevation[i]));
        }
    }
}

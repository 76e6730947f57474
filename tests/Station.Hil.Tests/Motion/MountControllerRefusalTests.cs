using Station.Core.Orbits;
using Station.Core.Pointing;
using Station.Firmware.Motion;

namespace Station.Hil.Tests.Motion;

/// <summary>
/// Every bad command is refused with its reason and sends not one datagram to the motion controllers (counted
/// at the emulated TMC5160s), leaving the state as it was; and a trajectory is flown once the mount is on it.
/// </summary>
public sealed class MountControllerRefusalTests
{
    private static readonly ElementSet Iss = TleParser.Parse(
        "1 25544U 98067A   23023.58991953  .00023092  00000+0  41091-3 0  9992",
        "2 25544  51.6448 324.7616 0004748 269.5810 268.1793 15.50027683379364",
        "ISS (ZARYA)");

    private static readonly DateTime Culmination = new(2023, 1, 24, 3, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Before_homing_every_motion_is_refused()
    {
        using var s = new MountControllerTestStation(30, 30);
        s.AssertRefused(() => s.Controller.SlewTo(10, 10), "the mount is not homed; Home first");
        s.AssertRefused(() => s.Controller.Park(), "the mount is not homed");
        s.AssertRefused(() => s.Controller.Unpark(), "the mount is not homed");
        s.AssertRefused(() => s.Controller.ResetFault(), "the mount is not homed");
        long before = s.MotionDatagrams;
        Assert.False(s.Controller.Abort());
        Assert.Equal(before, s.MotionDatagrams);
    }

    [Theory]
    [InlineData(300, 10, "target refused: azimuth 300° is outside the travel -270°…270°")]
    [InlineData(-271, 10, "target refused: azimuth -271° is outside the travel -270°…270°")]
    [InlineData(10, 95, "target refused: elevation 95° is outside the travel 0°…90°")]
    [InlineData(10, -1, "target refused: elevation -1° is outside the travel 0°…90°")]
    [InlineData(double.NaN, 10, "target refused: the position is not a finite number")]
    public void A_target_beyond_the_limits_is_refused_naming_the_limit(double az, double el, string reason)
    {
        using var s = MountControllerTestStation.Homed();
        var refusal = s.AssertRefused(() => s.Controller.SlewTo(az, el), reason);
        Assert.Equal("SlewTo", refusal.Command);
        Assert.Equal(MountState.Idle, refusal.State);
    }

    [Fact]
    public void A_target_inside_the_sun_cone_is_refused_with_its_distance()
    {
        using var s = MountControllerTestStation.Homed();
        s.Sun = (100, 40);
        s.AssertRefused(() => s.Controller.SlewTo(110, 45), "inside the 30° exclusion cone");
        // Park, too, is checked against the sun.
        s.Sun = (10, 80);
        s.AssertRefused(() => s.Controller.Park(), "target refused: it is 5");
    }

    [Fact]
    public void A_command_while_busy_is_refused_and_the_slew_goes_on()
    {
        using var s = MountControllerTestStation.Homed();
        s.Controller.SlewTo(150, 60);
        s.Time.Advance(TimeSpan.FromSeconds(1));
        s.AssertRefused(() => s.Controller.SlewTo(10, 10), "the mount is busy (Slewing); Abort first");
        s.AssertRefused(() => s.Controller.Home(), "busy (Slewing)");
        s.RunUntil(MountState.Idle);
        Assert.Equal(150, s.Station.Azimuth.AngleDegrees, 0.001);
    }

    [Fact]
    public void A_trajectory_is_refused_until_the_mount_is_on_it_then_flown_to_its_end()
    {
        using var s = MountControllerTestStation.Homed(start: new DateTimeOffset(Culmination.AddMinutes(-4), TimeSpan.Zero));
        var satellite = new Sgp4Propagator(Iss);
        var station = new GroundStation("offset", 5 + StationUnderLatitude(satellite), StationUnderLongitude(satellite), 100);
        var limits = s.Options.Limits with { AzimuthMaxRateDegPerS = 9, ElevationMaxRateDegPerS = 4.5, AzimuthMaxAccelerationDegPerS2 = 4.5, ElevationMaxAccelerationDegPerS2 = 2.7, SunExclusionDeg = 0 };
        var (trajectory, refusal) = TrackPlanner.Plan(new TrackRequest(satellite, station, Culmination.AddMinutes(-2), Culmination.AddMinutes(-1)) { Limits = limits, CurrentAzimuthDeg = s.Controller.KnownPosition.AzimuthDeg });
        Assert.Null(refusal);

        s.AssertRefused(() => s.Controller.Track(trajectory!), "from the trajectory's present setpoint");
        s.Controller.SlewTo(trajectory!.PlannedAzimuth[0], trajectory.PlannedElevation[0]);
        s.RunUntil(MountState.Idle);
        s.Time.AdvanceTo(new DateTimeOffset(trajectory.StartUtc, TimeSpan.Zero));

        s.Controller.Track(trajectory);
        Assert.Equal(MountState.Tracking, s.Controller.State);
        s.AssertRefused(() => s.Controller.SlewTo(10, 10), "busy (Tracking)");
        s.RunUntil(MountState.Idle, 120);
        Assert.Equal([MountState.Tracking, MountState.Stopping, MountState.Idle], s.Changes.Skip(4).Select(c => c.To));
        Assert.Null(s.Controller.FaultReason);
        // At the end the axes brake from the track's rate (< 1°/s) at the ramp's acceleration: a few hundredths of a degree on.
        Assert.Equal(trajectory.PlannedAzimuth[^1], s.Station.Azimuth.AngleDegrees, 0.05);
        Assert.Equal(trajectory.PlannedElevation[^1], s.Station.Elevation.AngleDegrees, 0.05);
        Assert.Equal(s.Station.Azimuth.AngleDegrees, s.Controller.KnownPosition.AzimuthDeg, 0.001);

        s.AssertRefused(() => s.Controller.Track(trajectory), $"the trajectory ended at {trajectory.EndUtc:O}");
    }

    private static double StationUnderLatitude(Sgp4Propagator satellite) => SubSatellite(satellite).LatitudeDeg;

    private static double StationUnderLongitude(Sgp4Propagator satellite) => SubSatellite(satellite).LongitudeDeg;

    private static (double LatitudeDeg, double LongitudeDeg) SubSatellite(Sgp4Propagator satellite)
    {
        var state = satellite.PropagateToUtc(Culmination);
        var itrf = TemeToItrf.Position(new Vec3(state.XKm, state.YKm, state.ZKm), Culmination, EarthOrientationParameters.Zero);
        var (lat, lon, _) = Wgs84.FromEcef(itrf);
        return (lat * 180 / Math.PI, lon * 180 / Math.PI);
    }
}

using Station.Core.Pointing;
using Station.Emulator.Faults;
using Station.Devices.Board;
using Station.Firmware.Motion;
using Xunit.Abstractions;

namespace Station.Hil.Tests.Motion;

/// <summary>
/// The mount controller on the emulated station in simulated time: slews (sun-safe, by the truth), park and
/// unpark, abort within the configured deceleration, e-stop with the drivers disabled, and fault reset.
/// </summary>
public sealed class MountControllerTests(ITestOutputHelper output)
{
    [Fact]
    public void A_slew_lands_on_target_and_every_state_change_is_raised()
    {
        using var s = MountControllerTestStation.Homed();
        var plan = s.Controller.SlewTo(120, 30);
        Assert.Equal(MountState.Slewing, s.Controller.State);
        s.RunUntil(MountState.Idle);

        Assert.Equal(SlewStrategy.Simultaneous, plan.Strategy);
        Assert.Equal(120, s.Station.Azimuth.AngleDegrees, 0.0005);
        Assert.Equal(30, s.Station.Elevation.AngleDegrees, 0.0005);
        Assert.Equal((120.0, 30.0), (Math.Round(s.Controller.KnownPosition.AzimuthDeg, 4), Math.Round(s.Controller.KnownPosition.ElevationDeg, 4)));
        Assert.Equal([MountState.Homing, MountState.Idle, MountState.Slewing, MountState.Idle], s.Changes.Select(c => c.To));
        Assert.All(s.Changes, c => Assert.False(string.IsNullOrWhiteSpace(c.Reason)));
    }

    [Fact]
    public void A_slew_whose_direct_path_crosses_the_sun_is_routed_and_the_true_path_stays_outside_the_cone()
    {
        using var s = MountControllerTestStation.Homed();
        s.Controller.SlewTo(0, 30);
        s.RunUntil(MountState.Idle);
        s.Sun = (45, 30);

        var plan = s.Controller.SlewTo(90, 30);
        double closest = double.PositiveInfinity;
        while (s.Controller.State == MountState.Slewing)
        {
            s.Time.Advance(TimeSpan.FromMilliseconds(20));
            closest = Math.Min(closest, SlewPlanner.Separation(s.Station.Azimuth.AngleDegrees, s.Station.Elevation.AngleDegrees, 45, 30));
        }

        output.WriteLine($"{plan.Strategy} via {string.Join(" → ", plan.Waypoints)}: closest true approach to the sun {closest:0.###}° (planned {plan.MinimumSunSeparationDeg:0.###}°)");
        Assert.Equal(MountState.Idle, s.Controller.State);
        Assert.NotEqual(SlewStrategy.Simultaneous, plan.Strategy);
        Assert.True(closest >= s.Options.Limits.SunExclusionDeg, $"the mount came {closest}° from the sun");
        Assert.Equal(90, s.Station.Azimuth.AngleDegrees, 0.0005);
    }

    [Fact]
    public void Park_goes_to_the_park_position_refuses_motion_until_unparked()
    {
        using var s = MountControllerTestStation.Homed();
        s.Controller.SlewTo(200, 20);
        s.RunUntil(MountState.Idle);

        s.Controller.Park();
        Assert.Equal(MountState.Parking, s.Controller.State);
        s.RunUntil(MountState.Parked);
        Assert.Equal(0, s.Station.Azimuth.AngleDegrees, 0.0005);
        Assert.Equal(85, s.Station.Elevation.AngleDegrees, 0.0005);

        s.AssertRefused(() => s.Controller.SlewTo(10, 10), "the mount is parked; Unpark first");
        s.AssertRefused(() => s.Controller.Park(), "the mount is parked; Unpark first");
        s.Controller.Unpark();
        Assert.Equal(MountState.Idle, s.Controller.State);
        s.AssertRefused(() => s.Controller.Unpark(), "Unpark applies only when Parked");
        s.Controller.SlewTo(10, 10);
        s.RunUntil(MountState.Idle);
        Assert.Equal(10, s.Station.Elevation.AngleDegrees, 0.0005);
    }

    [Fact]
    public void Abort_stops_each_axis_within_the_configured_deceleration()
    {
        var options = MountControllerTestStation.DefaultOptions();
        options.AbortDecelerationDegPerS2 = 8; // above the ramps' 5 and 3°/s², so a stop on the ramp would overshoot the bound
        using var s = MountControllerTestStation.Homed(options);
        s.Controller.SlewTo(200, 85);
        s.Time.Advance(TimeSpan.FromSeconds(5)); // both axes cruising
        double az0 = s.Station.Azimuth.AngleDegrees, el0 = s.Station.Elevation.AngleDegrees;
        double azRate = s.Station.Azimuth.RateDegreesPerSecond, elRate = s.Station.Elevation.RateDegreesPerSecond;

        Assert.True(s.Controller.Abort());
        Assert.Equal(MountState.Stopping, s.Controller.State);
        s.RunUntil(MountState.Idle, 30);

        double azDistance = Math.Abs(s.Station.Azimuth.AngleDegrees - az0), elDistance = Math.Abs(s.Station.Elevation.AngleDegrees - el0);
        double azBound = azRate * azRate / (2 * options.AbortDecelerationDegPerS2);
        double elBound = elRate * elRate / (2 * options.AbortDecelerationDegPerS2);
        output.WriteLine($"abort at az {azRate:0.###}°/s, el {elRate:0.###}°/s: stopped in az {azDistance:0.####}° (bound {azBound:0.####}°), el {elDistance:0.####}° (bound {elBound:0.####}°)");
        Assert.Equal(10, azRate, 0.01);
        Assert.Equal(5, elRate, 0.01);
        // The bound plus a microstep-and-poll allowance; and not much less, or the deceleration was not the one configured.
        Assert.InRange(azDistance, 0.95 * azBound, azBound + 0.002);
        Assert.InRange(elDistance, 0.95 * elBound, elBound + 0.002);
        Assert.Equal(s.Station.Azimuth.AngleDegrees, s.Controller.KnownPosition.AzimuthDeg, 0.0005);

        long before = s.MotionDatagrams;
        Assert.False(s.Controller.Abort()); // nothing moving: nothing sent
        Assert.Equal(before, s.MotionDatagrams);

        s.Controller.SlewTo(100, 45); // the configured ramp is back
        s.RunUntil(MountState.Idle);
        Assert.Equal(100, s.Station.Azimuth.AngleDegrees, 0.0005);
    }

    [Fact]
    public void EStop_disables_the_drivers_nothing_moves_and_a_reset_recovers_from_the_encoders()
    {
        using var s = MountControllerTestStation.Homed();
        s.Controller.SlewTo(150, 70);
        s.Time.Advance(TimeSpan.FromSeconds(3));

        s.Controller.EStop("e-stop button pressed");
        Assert.Equal(MountState.EStopped, s.Controller.State);
        Assert.False(s.Mount.Azimuth.ReadDriverEnabled());
        Assert.False(s.Mount.Elevation.ReadDriverEnabled());
        Assert.False(s.Station.Azimuth.Driver.DriverEnabled);
        Assert.False(s.Station.Elevation.Driver.DriverEnabled);
        double az = s.Station.Azimuth.AngleDegrees, el = s.Station.Elevation.AngleDegrees;
        s.Time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(az, s.Station.Azimuth.AngleDegrees, 1e-9);
        Assert.Equal(el, s.Station.Elevation.AngleDegrees, 1e-9);

        s.AssertRefused(() => s.Controller.SlewTo(10, 10), "the e-stop is active (e-stop button pressed)");
        s.AssertRefused(() => s.Controller.Home(), "the e-stop is active");
        s.AssertRefused(() => s.Controller.Park(), "the e-stop is active");

        s.Controller.ResetFault();
        Assert.Equal(MountState.Idle, s.Controller.State);
        Assert.True(s.Mount.Azimuth.ReadDriverEnabled());
        // XACTUAL ran on after the driver went off; the reset took the angles from the absolute encoders.
        Assert.Equal(az, s.Controller.KnownPosition.AzimuthDeg, 3.0 / 3600);
        Assert.Equal(el, s.Controller.KnownPosition.ElevationDeg, 3.0 / 3600);
        Assert.Equal(az, s.Mount.Azimuth.ReadAngle().Degrees, 3.0 / 3600);
        s.Controller.SlewTo(150, 70);
        s.RunUntil(MountState.Idle);
        Assert.Equal(150, s.Station.Azimuth.AngleDegrees, 0.001);
        Assert.Equal(70, s.Station.Elevation.AngleDegrees, 0.001);
    }

    [Fact]
    public void A_stall_during_a_slew_faults_the_mount_and_it_refuses_motion_until_reset()
    {
        using var s = MountControllerTestStation.Homed();
        s.Controller.SlewTo(100, 40);
        s.Time.Advance(TimeSpan.FromSeconds(3));
        s.Station.Faults.InjectNow(FaultKind.MotorStall, DeviceId.AzMotor, TimeSpan.FromSeconds(1));
        s.RunUntil(MountState.Faulted, 30);

        Assert.StartsWith("azimuth Stalled during slewing (leg 1 of 1): StallGuard2 stopped the motor", s.Controller.FaultReason, StringComparison.Ordinal);
        s.AssertRefused(() => s.Controller.SlewTo(10, 10), "the mount is faulted (azimuth Stalled");
        s.AssertRefused(() => s.Controller.Park(), "ResetFault first");
        s.Time.Advance(TimeSpan.FromSeconds(2));

        s.Controller.ResetFault();
        Assert.Equal(MountState.Idle, s.Controller.State);
        Assert.Equal(s.Station.Azimuth.AngleDegrees, s.Controller.KnownPosition.AzimuthDeg, 3.0 / 3600);
        s.Controller.SlewTo(100, 40);
        s.RunUntil(MountState.Idle);
        Assert.Equal(100, s.Station.Azimuth.AngleDegrees, 0.001);
    }
}

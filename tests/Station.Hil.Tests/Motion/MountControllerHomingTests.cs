using Station.Firmware.Motion;
using Xunit.Abstractions;

namespace Station.Hil.Tests.Motion;

/// <summary>
/// Homing on the emulated axes' reference switches (hall index on REFL, side cam on REFR): from power-up at
/// random true angles the controller finds each index, re-references XACTUAL and sets the encoder zero so both
/// read the true axis angle; a missing switch or a homing that takes too long faults naming the axis and switch.
/// </summary>
public sealed class MountControllerHomingTests(ITestOutputHelper output)
{
    /// <summary>Homing accuracy required: a few arcseconds (a microstep is 0.25″ at this gearing).</summary>
    private const double ToleranceArcsec = 3;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void From_a_random_power_up_angle_homing_makes_the_reported_angle_the_true_angle(int seed)
    {
        var random = new Random(seed);
        double azStart = (random.NextDouble() * 520) - 260;
        double elStart = 2 + (random.NextDouble() * 86);
        using var s = new MountControllerTestStation(azStart, elStart);
        Assert.Equal(MountState.Unhomed, s.Controller.State);

        s.Home();

        double azTrue = s.Station.Azimuth.AngleDegrees, elTrue = s.Station.Elevation.AngleDegrees;
        double azError = (s.Mount.Azimuth.ReadAngle().Degrees - azTrue) * 3600;
        double elError = (s.Mount.Elevation.ReadAngle().Degrees - elTrue) * 3600;
        double azEncoderError = (s.AzimuthSensor.ReadDegrees() - azTrue) * 3600;
        double elEncoderError = (s.ElevationSensor.ReadDegrees() - elTrue) * 3600;
        output.WriteLine($"start az {azStart:0.###}° el {elStart:0.###}° → homed in {(s.Time.GetUtcNow() - MountControllerTestStation.Start).TotalSeconds:0.#} s; XACTUAL error az {azError:0.###}″ el {elError:0.###}″, encoder error az {azEncoderError:0.###}″ el {elEncoderError:0.###}″");
        Assert.True(s.Controller.IsHomed);
        Assert.InRange(Math.Abs(azError), 0, ToleranceArcsec);
        Assert.InRange(Math.Abs(elError), 0, ToleranceArcsec);
        Assert.InRange(Math.Abs(azEncoderError), 0, ToleranceArcsec);
        Assert.InRange(Math.Abs(elEncoderError), 0, ToleranceArcsec);
        Assert.Equal([MountState.Homing, MountState.Idle], s.Changes.Select(c => c.To));

        // Homed means usable: a slew lands where it was sent, by the truth.
        s.Controller.SlewTo(30, 60);
        s.RunUntil(MountState.Idle);
        Assert.Equal(30, s.Station.Azimuth.AngleDegrees, 0.001);
        Assert.Equal(60, s.Station.Elevation.AngleDegrees, 0.001);
    }

    [Fact]
    public void Homing_from_on_the_index_and_from_just_below_it_agrees()
    {
        using var on = new MountControllerTestStation(0.3, 45.5);
        using var below = new MountControllerTestStation(-0.2, 44.9);
        on.Home();
        below.Home();
        Assert.Equal(on.Station.Azimuth.AngleDegrees, on.Mount.Azimuth.ReadAngle().Degrees, ToleranceArcsec / 3600);
        Assert.Equal(below.Station.Azimuth.AngleDegrees, below.Mount.Azimuth.ReadAngle().Degrees, ToleranceArcsec / 3600);
        Assert.Equal(on.Station.Elevation.AngleDegrees, on.Mount.Elevation.ReadAngle().Degrees, ToleranceArcsec / 3600);
        Assert.Equal(below.Station.Elevation.AngleDegrees, below.Mount.Elevation.ReadAngle().Degrees, ToleranceArcsec / 3600);
    }

    [Fact]
    public void A_missing_index_switch_faults_naming_the_axis_and_the_switch()
    {
        using var s = new MountControllerTestStation(-40, 30);
        s.Station.AzimuthSwitches.IndexConnected = false;
        s.Station.Azimuth.Driver.Mechanics = s.Station.AzimuthSwitches; // re-read the levels
        s.Controller.Home();
        s.RunUntil(MountState.Faulted);

        Assert.Contains("azimuth axis", s.Controller.FaultReason, StringComparison.Ordinal);
        Assert.Contains("index switch (REFL) was not found", s.Controller.FaultReason, StringComparison.Ordinal);
        Assert.False(s.Controller.IsHomed);
        s.AssertRefused(() => s.Controller.SlewTo(10, 10), "faulted");
    }

    [Fact]
    public void A_side_cam_stuck_low_is_caught_after_passing_the_index()
    {
        using var s = new MountControllerTestStation(20, 60);
        s.Station.ElevationSwitches.SideCamConnected = false;
        s.Station.Elevation.Driver.Mechanics = s.Station.ElevationSwitches;
        s.Controller.Home();
        s.RunUntil(MountState.Faulted);

        // Above the index with the cam reading low, homing searches upwards, away from the index, and gives up
        // at the end of the allowed search (here the elevation axis runs out of search distance).
        Assert.Contains("elevation axis", s.Controller.FaultReason, StringComparison.Ordinal);
        Assert.Contains("REFL", s.Controller.FaultReason, StringComparison.Ordinal);
        Assert.Contains("REFR", s.Controller.FaultReason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_homing_that_outlasts_its_timeout_faults_naming_what_each_axis_waited_for()
    {
        var options = MountControllerTestStation.DefaultOptions();
        options.HomingTimeoutSeconds = 5;
        using var s = new MountControllerTestStation(-200, 30, options);
        s.Controller.Home();
        s.RunUntil(MountState.Faulted, 30);

        Assert.StartsWith("homing timed out after 5 s: azimuth waiting for the index switch (REFL) on the search", s.Controller.FaultReason, StringComparison.Ordinal);
        // The axes were braked: a second later nothing moves.
        s.Time.Advance(TimeSpan.FromSeconds(5));
        double az = s.Station.Azimuth.AngleDegrees;
        s.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(az, s.Station.Azimuth.AngleDegrees, 1e-9);
    }

    [Fact]
    public void Abort_during_homing_stops_the_axes_and_leaves_the_mount_unhomed()
    {
        using var s = new MountControllerTestStation(-150, 70);
        s.Controller.Home();
        s.Time.Advance(TimeSpan.FromSeconds(5));
        Assert.True(s.Controller.Abort());
        s.RunUntil(MountState.Unhomed, 30);

        Assert.False(s.Controller.IsHomed);
        double az = s.Station.Azimuth.AngleDegrees;
        s.Time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(az, s.Station.Azimuth.AngleDegrees, MountControllerTestStation.AzimuthAxis.DegreesPerMicrostep); // at rest (XACTUAL settles on a whole microstep)
        s.AssertRefused(() => s.Controller.SlewTo(10, 10), "the mount is not homed; Home first");
        s.Home(); // and homing again from where it stopped works
        Assert.Equal(s.Station.Azimuth.AngleDegrees, s.Mount.Azimuth.ReadAngle().Degrees, ToleranceArcsec / 3600);
    }
}

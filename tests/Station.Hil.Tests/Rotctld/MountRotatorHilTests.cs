using Microsoft.Extensions.Logging.Abstractions;
using Station.Core.Pointing;
using Station.Firmware.Interfaces.Rotctld;
using Station.Firmware.Motion;
using Station.Hil.Tests.Motion;
using UnitsNet;

namespace Station.Hil.Tests.Rotctld;

/// <summary>
/// The rotctld rotator over the firmware's mount controller on the emulated mount, in simulated time: the test is the
/// control loop (it advances the clock, and the commands run on it). Refusals move nothing: the true axis angles of the
/// emulated mount stay where they were.
/// </summary>
public sealed class MountRotatorHilTests : IDisposable
{
    private readonly MountControllerTestStation _station = MountControllerTestStation.Homed();
    private string? _owner;

    public MountRotatorHilTests()
    {
        Rotator = new MountRotator(_station.Controller, _station.AzimuthSensor, _station.ElevationSensor, PointingModel.Identity,
            _ => _station.Sun, () => _owner, new RotctldOptions(), _station.Time, TimeProvider.System, NullLogger<MountRotator>.Instance);
        _station.Time.Advance(TimeSpan.FromMilliseconds(200)); // the first position samples
    }

    private MountRotator Rotator { get; }

    public void Dispose()
    {
        Rotator.Dispose();
        _station.Dispose();
    }

    [Fact]
    public void Get_pos_reports_the_homed_mount_from_its_encoders()
    {
        var reply = Rotator.GetPosition();
        Assert.Equal(HamlibError.Ok, reply.Error);
        Assert.Equal(_station.Controller.KnownPosition.AzimuthDeg, Normalize180(reply.Position.Azimuth.Degrees), 2);
        Assert.Equal(_station.Controller.KnownPosition.ElevationDeg, reply.Position.Elevation.Degrees, 2);
    }

    [Fact]
    public void A_target_in_the_sun_cone_is_refused_and_nothing_moves()
    {
        _station.Sun = (200, 30);
        var reply = Command(ct => Rotator.SetPositionAsync(Angle.FromDegrees(205), Angle.FromDegrees(35), ct));
        Assert.Equal(HamlibError.Rejected, reply.Error);
        Assert.Contains("exclusion cone", reply.Reason, StringComparison.Ordinal);
        AssertStandsStill();
    }

    [Fact]
    public void The_azimuth_is_flown_on_the_turn_of_the_wrap_nearest_the_mount()
    {
        Assert.Equal(HamlibError.Ok, Command(ct => Rotator.SetPositionAsync(Angle.FromDegrees(200), Angle.FromDegrees(30), ct)).Error);
        _station.RunUntil(MountState.Idle);
        Assert.Equal(-160, _station.Controller.KnownPosition.AzimuthDeg, 1); // the short way from 0°

        Assert.Equal(HamlibError.Ok, Command(ct => Rotator.SetPositionAsync(Angle.FromDegrees(-10), Angle.FromDegrees(30), ct)).Error);
        _station.RunUntil(MountState.Idle);
        Assert.Equal(-10, _station.Controller.KnownPosition.AzimuthDeg, 1); // -10 ≡ 350: 150° away, not 510°
        _station.Time.Advance(TimeSpan.FromMilliseconds(200));
        Assert.Equal(350, Rotator.GetPosition().Position.Azimuth.Degrees, 1); // reported 0…360°
    }

    [Fact]
    public void A_target_given_during_a_rotctld_slew_is_flown_when_the_slew_ends()
    {
        Assert.Equal(HamlibError.Ok, Command(ct => Rotator.SetPositionAsync(Angle.FromDegrees(60), Angle.FromDegrees(30), ct)).Error);
        _station.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(MountState.Slewing, _station.Controller.State);
        Assert.Equal(HamlibError.Ok, Command(ct => Rotator.SetPositionAsync(Angle.FromDegrees(80), Angle.FromDegrees(50), ct)).Error);

        Assert.True(_station.Time.AdvanceUntil(() => _station.Controller.State == MountState.Idle && _station.Controller.KnownPosition.AzimuthDeg > 79, TimeSpan.FromMinutes(2)));
        Assert.Equal(80, _station.Controller.KnownPosition.AzimuthDeg, 1);
        Assert.Equal(50, _station.Controller.KnownPosition.ElevationDeg, 1);
    }

    [Fact]
    public void A_queued_target_whose_path_meets_the_sun_is_refused_at_once_and_the_slew_goes_on()
    {
        Assert.Equal(HamlibError.Ok, Command(ct => Rotator.SetPositionAsync(Angle.FromDegrees(60), Angle.FromDegrees(30), ct)).Error);
        _station.Time.Advance(TimeSpan.FromSeconds(1));
        _station.Sun = (100, 40);
        var reply = Command(ct => Rotator.SetPositionAsync(Angle.FromDegrees(105), Angle.FromDegrees(42), ct));
        Assert.Equal(HamlibError.Rejected, reply.Error);
        Assert.Contains("exclusion cone", reply.Reason, StringComparison.Ordinal);
        _station.RunUntil(MountState.Idle);
        Assert.Equal(60, _station.Controller.KnownPosition.AzimuthDeg, 1);
        AssertStandsStill();
    }

    [Fact]
    public void Stop_brakes_a_slew_and_drops_a_queued_target()
    {
        Command(ct => Rotator.SetPositionAsync(Angle.FromDegrees(90), Angle.FromDegrees(30), ct));
        _station.Time.Advance(TimeSpan.FromSeconds(2));
        Command(ct => Rotator.SetPositionAsync(Angle.FromDegrees(120), Angle.FromDegrees(30), ct));
        Assert.Equal(HamlibError.Ok, Command(Rotator.StopAsync).Error);
        _station.RunUntil(MountState.Idle);
        Assert.InRange(_station.Controller.KnownPosition.AzimuthDeg, 1, 60);
        AssertStandsStill();
    }

    [Fact]
    public void Park_parks_and_a_new_target_leaves_the_park()
    {
        Assert.Equal(HamlibError.Ok, Command(Rotator.ParkAsync).Error);
        _station.RunUntil(MountState.Parked);
        Assert.Equal(HamlibError.Ok, Command(Rotator.ParkAsync).Error); // already parked

        Assert.Equal(HamlibError.Ok, Command(ct => Rotator.SetPositionAsync(Angle.FromDegrees(30), Angle.FromDegrees(30), ct)).Error);
        _station.RunUntil(MountState.Idle);
        Assert.Equal(30, _station.Controller.KnownPosition.AzimuthDeg, 1);
    }

    [Fact]
    public void A_refused_target_from_the_park_leaves_the_mount_parked_where_it_stands()
    {
        Command(Rotator.ParkAsync);
        _station.RunUntil(MountState.Parked);
        _station.Sun = (200, 30);
        Assert.Equal(HamlibError.Rejected, Command(ct => Rotator.SetPositionAsync(Angle.FromDegrees(200), Angle.FromDegrees(30), ct)).Error);
        _station.Time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(MountState.Parked, _station.Controller.State);
        AssertStandsStill();
    }

    [Fact]
    public void While_a_pass_owns_the_mount_set_pos_and_park_are_refused_but_stop_stops()
    {
        _station.Controller.SlewTo(90, 30); // the sequencer's slew
        _owner = "the pass sequencer owns the mount (PrePoint)";
        var reply = Command(ct => Rotator.SetPositionAsync(Angle.FromDegrees(10), Angle.FromDegrees(10), ct));
        Assert.Equal((HamlibError.Rejected, _owner), (reply.Error, reply.Reason));
        Assert.Equal(HamlibError.Rejected, Command(Rotator.ParkAsync).Error);
        Assert.Equal(MountState.Slewing, _station.Controller.State);

        Assert.Equal(HamlibError.Ok, Command(Rotator.StopAsync).Error);
        Assert.Equal(MountState.Stopping, _station.Controller.State);
    }

    [Fact]
    public async Task Before_homing_the_position_is_unavailable_and_motion_refused()
    {
        using var station = new MountControllerTestStation(30, 30);
        using var rotator = new MountRotator(station.Controller, station.AzimuthSensor, station.ElevationSensor, PointingModel.Identity,
            _ => station.Sun, () => null, new RotctldOptions(), station.Time, TimeProvider.System, NullLogger<MountRotator>.Instance);
        station.Time.Advance(TimeSpan.FromMilliseconds(200));
        Assert.Equal(HamlibError.IoError, rotator.GetPosition().Error);
        var task = rotator.SetPositionAsync(Angle.FromDegrees(10), Angle.FromDegrees(10), CancellationToken.None).AsTask();
        station.Time.Advance(TimeSpan.FromMilliseconds(1));
        var reply = await task;
        Assert.Equal(HamlibError.Rejected, reply.Error);
        Assert.Contains("not homed", reply.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_command_the_control_loop_never_takes_fails_and_never_runs_later()
    {
        // Nobody advances the clock: after the timeout the client is told the command failed…
        var reply = await Rotator.SetPositionAsync(Angle.FromDegrees(60), Angle.FromDegrees(30), CancellationToken.None);
        Assert.Equal(HamlibError.IoError, reply.Error);
        // …and when the loop runs again the abandoned command does nothing.
        _station.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(MountState.Idle, _station.Controller.State);
        AssertStandsStill();
    }

    /// <summary>Runs a rotator command as the control loop would: the test advances the clock one step.</summary>
    private RotatorReply Command(Func<CancellationToken, ValueTask<RotatorReply>> command)
    {
        var task = command(CancellationToken.None).AsTask();
        _station.Time.Advance(TimeSpan.FromMilliseconds(1));
        return task.GetAwaiter().GetResult();
    }

    /// <summary>The true axes of the emulated mount do not move over the next five seconds (beyond settling, 0.001°).</summary>
    private void AssertStandsStill()
    {
        double az = _station.Station.Azimuth.AngleDegrees, el = _station.Station.Elevation.AngleDegrees;
        _station.Time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(az, _station.Station.Azimuth.AngleDegrees, 3);
        Assert.Equal(el, _station.Station.Elevation.AngleDegrees, 3);
    }

    private static double Normalize180(double deg) => deg > 180 ? deg - 360 : deg;
}

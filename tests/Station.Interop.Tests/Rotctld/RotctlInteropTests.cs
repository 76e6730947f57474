using Station.Firmware.Motion;

namespace Station.Interop.Tests.Rotctld;

/// <summary>
/// The real hamlib <c>rotctl -m 2</c> against the firmware's rotctld on the emulated station: get the position, slew and
/// arrive, stop a slew, park. The station clock runs at a multiple of real time on the firmware's own control-loop thread
/// so the slews take seconds; rotctl runs in real time.
/// </summary>
public sealed class RotctlInteropTests
{
    private const double Speed = 5;
    private const double ToleranceDeg = 0.05;
    private static readonly TimeSpan ArrivalTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Rotctl_gets_the_position_slews_to_200_30_stops_a_slew_and_parks_the_emulated_mount()
    {
        Rotctl.Require();
        await using var firmware = await EmulatedFirmware.StartAsync();
        firmware.HomeMount();
        firmware.StartPacing(Speed);

        // Homed at the index switches: az 0°, el 45° (mount angles; the sky differs by the pointing model's arcseconds).
        var (az, el) = await Rotctl.GetPositionAsync(firmware.Address, firmware.Diagnose);
        Assert.True(AzimuthDistance(az, 0) < 0.1 && Math.Abs(el - 45) < 0.1, $"homed mount reported az {az} el {el}");

        var (exit, output, errors) = await Rotctl.RunAsync(firmware.Address, "P", "200", "30");
        Assert.True(exit == 0, $"rotctl P 200 30 failed ({exit}): {output}\n{errors}");
        await WaitUntilAsync(firmware, () => firmware.Mount.State == MountState.Idle, "the slew to az 200° el 30° to end");
        (az, el) = await Rotctl.GetPositionAsync(firmware.Address, firmware.Diagnose);
        Assert.True(AzimuthDistance(az, 200) < ToleranceDeg && Math.Abs(el - 30) < ToleranceDeg, $"after P 200 30 the mount reports az {az} el {el}");
        // 200° is reached the short way round from 0°: the mount axis stands at −160° of its ±270° wrap.
        Assert.InRange(firmware.Mount.KnownPosition.AzimuthDeg, -160.1, -159.9);

        // A long slew, stopped on its way: the mount brakes and stays short of the target.
        (exit, _, errors) = await Rotctl.RunAsync(firmware.Address, "P", "20", "80");
        Assert.True(exit == 0, errors);
        (exit, _, errors) = await Rotctl.RunAsync(firmware.Address, "S");
        Assert.True(exit == 0, $"rotctl S failed: {errors}");
        await WaitUntilAsync(firmware, () => firmware.Mount.State == MountState.Idle, "the stop to end");
        var stopped = await Rotctl.GetPositionAsync(firmware.Address, firmware.Diagnose);
        Assert.True(AzimuthDistance(stopped.Azimuth, 20) > 1 || Math.Abs(stopped.Elevation - 80) > 1, $"the stopped mount reached the target anyway: {stopped}");
        Assert.Equal(stopped.Elevation, (await Rotctl.GetPositionAsync(firmware.Address, firmware.Diagnose)).Elevation, 2);

        (exit, _, errors) = await Rotctl.RunAsync(firmware.Address, "K");
        Assert.True(exit == 0, $"rotctl K failed: {errors}");
        await WaitUntilAsync(firmware, () => firmware.Mount.State == MountState.Parked, "the mount to park");
        (az, el) = await Rotctl.GetPositionAsync(firmware.Address, firmware.Diagnose);
        var park = (firmware.Mount.Options.ParkAzimuthDeg, firmware.Mount.Options.ParkElevationDeg);
        // Near the zenith the pointing model's azimuth terms grow as sec(el): compare directions on the sky.
        Assert.True(SkySeparation(az, el, park.ParkAzimuthDeg, park.ParkElevationDeg) < ToleranceDeg, $"parked mount reports az {az} el {el}");
    }

    [Fact]
    public async Task Rotctl_is_told_the_station_refuses_and_the_mount_does_not_move()
    {
        Rotctl.Require();
        await using var firmware = await EmulatedFirmware.StartAsync();
        // Not homed yet: every motion is refused by the station (RIG_ERJCTED), the position is unknown (RIG_EIO).
        firmware.StartPacing(Speed);
        var (exit, output, errors) = await Rotctl.RunAsync(firmware.Address, "P", "200", "30");
        Assert.NotEqual(0, exit);
        Assert.Contains("rejected", output + errors, StringComparison.OrdinalIgnoreCase);
        (exit, _, _) = await Rotctl.RunAsync(firmware.Address, "p");
        Assert.NotEqual(0, exit);
        Assert.Contains(firmware.Warnings, w => w.Contains("set_pos refused: the mount is not homed yet", StringComparison.Ordinal));
        Assert.Equal(MountState.Homing, firmware.Mount.State); // homing carries on undisturbed

        // rotctl itself refuses what dump_state says is out of range; nothing reaches the station.
        (exit, _, _) = await Rotctl.RunAsync(firmware.Address, "P", "200", "95");
        Assert.NotEqual(0, exit);
    }

    private static double AzimuthDistance(double a, double b) => Math.Abs(((a - b + 540) % 360) - 180);

    /// <summary>Angle between two directions on the sky, degrees.</summary>
    private static double SkySeparation(double az1, double el1, double az2, double el2)
    {
        double d = Math.PI / 180;
        double cos = (Math.Sin(el1 * d) * Math.Sin(el2 * d)) + (Math.Cos(el1 * d) * Math.Cos(el2 * d) * Math.Cos((az1 - az2) * d));
        return Math.Acos(Math.Clamp(cos, -1, 1)) / d;
    }

    /// <summary>Polls <paramref name="condition"/> as the paced clock runs, up to <see cref="ArrivalTimeout"/> of real time.</summary>
    private static async Task WaitUntilAsync(EmulatedFirmware firmware, Func<bool> condition, string what)
    {
        // Let the command reach the control loop before judging the state.
        await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System);
        using var ticks = new PeriodicTimer(TimeSpan.FromMilliseconds(20), TimeProvider.System);
        var deadline = TimeProvider.System.GetTimestamp();
        while (!condition())
        {
            Assert.True(TimeProvider.System.GetElapsedTime(deadline) < ArrivalTimeout, $"timed out waiting for {what}: the mount is {firmware.Mount.State} ({firmware.Mount.FaultReason}); warnings:\n{string.Join('\n', firmware.Warnings.TakeLast(10))}");
            await ticks.WaitForNextTickAsync();
        }
    }
}

using Station.Firmware.Filters;
using Station.Firmware.Motion;

namespace Station.Interop.Tests.Indi;

/// <summary>The emulated firmware (the desktop emulator's world, in-process, INDI on a free port) for the tool tests.</summary>
public sealed class EmulatedFirmwareFixture : IAsyncLifetime
{
    public IndiTestHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await IndiTestHost.StartDesktopAsync(speed: 5);

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>
/// The station firmware driven by the real INDI tools of Debian's indi-bin: indi_getprop lists its devices and
/// properties, indi_setprop slews the emulated mount and turns the filter wheel, indi_eval waits until they are Ok there.
/// </summary>
public sealed class IndiToolsInteropTests(EmulatedFirmwareFixture fixture) : IClassFixture<EmulatedFirmwareFixture>
{
    private const string Mount = "QKD Station Mount";
    private const string Wheel = "QKD Station Filter Wheel";

    /// <summary>Every property the operator interface promises, device.property.</summary>
    public static readonly string[] PromisedProperties =
    [
        "QKD Station Mount.CONNECTION", "QKD Station Mount.HORIZONTAL_COORD", "QKD Station Mount.EQUATORIAL_EOD_COORD",
        "QKD Station Mount.ON_COORD_SET", "QKD Station Mount.TELESCOPE_ABORT_MOTION", "QKD Station Mount.TELESCOPE_PARK",
        "QKD Station Mount.TELESCOPE_TRACK_STATE", "QKD Station Mount.GEOGRAPHIC_COORD", "QKD Station Mount.TIME_UTC",
        "QKD Station Mount.SAT_TLE_TEXT", "QKD Station Mount.SAT_PASS_WINDOW", "QKD Station Mount.SAT_TRACKING_STAT",
        "QKD Station Filter Wheel.CONNECTION", "QKD Station Filter Wheel.FILTER_SLOT", "QKD Station Filter Wheel.FILTER_NAME",
        "QKD Station Detectors.CONNECTION", "QKD Station Detectors.DETECTOR_GATES", "QKD Station Detectors.DETECTOR_COUNTS",
        "QKD Station Detectors.DETECTOR_TRIPS", "QKD Station Detectors.DETECTOR_TRIP_RESET",
        "QKD Station Beacon.CONNECTION", "QKD Station Beacon.BEACON_TRACKER", "QKD Station Beacon.BEACON_CENTROID",
        "QKD Station Beacon.BEACON_RESIDUALS", "QKD Station Beacon.LASER_STATUS", "QKD Station Beacon.LASER_ARM",
    ];

    [Fact]
    public async Task Indi_getprop_lists_every_device_and_property_of_the_station()
    {
        var (exit, output) = await IndiTools.GetPropAsync(fixture.Host.Port);

        Assert.True(exit == 0, $"indi_getprop exited {exit}:\n{output}");
        foreach (string property in PromisedProperties)
        {
            Assert.Contains(property + ".", output, StringComparison.Ordinal);
        }

        Assert.Contains("QKD Station Mount.GEOGRAPHIC_COORD.LAT=37.379", output, StringComparison.Ordinal);
        Assert.Contains("QKD Station Filter Wheel.FILTER_NAME.FILTER_SLOT_NAME_1=810/10nm", output, StringComparison.Ordinal);
        Assert.Contains("QKD Station Mount.SAT_TLE_TEXT.TLE=MICIUS", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Indi_setprop_slews_the_emulated_mount_and_indi_eval_waits_until_it_is_ok_at_the_target()
    {
        var set = await IndiTools.SetPropAsync(fixture.Host.Port, $"{Mount}.HORIZONTAL_COORD.AZ;ALT=120;45");
        Assert.True(set.ExitCode == 0, $"indi_setprop exited {set.ExitCode}:\n{set.Output}");

        var wait = await IndiTools.WaitUntilAsync(fixture.Host.Port, 40,
            $"\"{Mount}.HORIZONTAL_COORD._STATE\"==1 && abs(\"{Mount}.HORIZONTAL_COORD.AZ\"-120)<0.01 && abs(\"{Mount}.HORIZONTAL_COORD.ALT\"-45)<0.01");

        Assert.True(wait.ExitCode == 0, $"indi_eval exited {wait.ExitCode} (mount {fixture.Host.Mount.State} at {fixture.Host.Mount.KnownPosition}):\n{wait.Output}");
        Assert.Equal(MountState.Idle, fixture.Host.Mount.State);
        // The pointing model bends the sky direction a few arcseconds: the mount axis stands near, not exactly at, 120°/45°.
        Assert.InRange(fixture.Host.Mount.KnownPosition.AzimuthDeg, 119.9, 120.1);
        Assert.InRange(fixture.Host.Mount.KnownPosition.ElevationDeg, 44.9, 45.1);
    }

    [Fact]
    public async Task Indi_setprop_turns_the_filter_wheel_to_a_slot_by_its_one_based_number()
    {
        var set = await IndiTools.SetPropAsync(fixture.Host.Port, $"{Wheel}.FILTER_SLOT.FILTER_SLOT_VALUE=2");
        Assert.True(set.ExitCode == 0, $"indi_setprop exited {set.ExitCode}:\n{set.Output}");

        var wait = await IndiTools.WaitUntilAsync(fixture.Host.Port, 30,
            $"\"{Wheel}.FILTER_SLOT._STATE\"==1 && \"{Wheel}.FILTER_SLOT.FILTER_SLOT_VALUE\"==2");

        Assert.True(wait.ExitCode == 0, $"indi_eval exited {wait.ExitCode}:\n{wait.Output}");
        var wheels = (FilterWheelService)fixture.Host.Services.GetService(typeof(FilterWheelService))!;
        Assert.Equal("532 beacon", wheels.CurrentSlot("spectral"));
    }

    [Fact]
    public async Task A_slew_into_the_travel_limit_comes_back_alert_with_the_reason_and_the_mount_stays()
    {
        var before = fixture.Host.Mount.KnownPosition;
        await IndiTools.SetPropAsync(fixture.Host.Port, $"{Mount}.HORIZONTAL_COORD.AZ;ALT=10;-30");

        var wait = await IndiTools.WaitUntilAsync(fixture.Host.Port, 10, $"\"{Mount}.HORIZONTAL_COORD._STATE\"==3");

        Assert.True(wait.ExitCode == 0, $"indi_eval exited {wait.ExitCode}:\n{wait.Output}");
        Assert.NotEqual(MountState.Slewing, fixture.Host.Mount.State);
        Assert.Equal(before, fixture.Host.Mount.KnownPosition);
    }
}

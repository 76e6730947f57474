using System.Globalization;
using Iot.Device.Adc;
using Microsoft.Extensions.Logging.Abstractions;
using Station.Cli;
using Station.Core.Acquisition;
using Station.Devices.Board;
using Station.Devices.Dac8563;
using Station.Devices.QuadCell;
using Station.Devices.SteeringMirror;
using Station.Firmware.Acquisition;
using Station.Firmware.Motion;
using Station.Hil.Tests.Sensors;
using Station.Hil.Tests.Tracking;
using UnitsNet;

namespace Station.Hil.Tests.Acquisition;

/// <summary>The acquisition service's options, bad input, and its seam into the mount tracker, on the emulated buses.</summary>
public sealed class BeaconAcquisitionServiceTests : SensorTestStation
{
    private readonly QuadCell _quadCell;
    private readonly SteeringMirror _mirror;

    public BeaconAcquisitionServiceTests()
    {
        _quadCell = new QuadCell(new Mcp3208(Station.Buses.OpenSpi(PinMap.GetSpiConnectionSettings(DeviceId.QuadCellAdc))), ElectricPotential.FromVolts(3.3), ElectricPotential.FromVolts(0.1));
        _mirror = new SteeringMirror(new Dac8563(Station.Buses.OpenSpi(PinMap.GetSpiConnectionSettings(DeviceId.SteeringMirrorDac))), new SteeringMirrorOptions());
        _mirror.Initialize();
    }

    [Fact]
    public void Invalid_options_are_refused_naming_each_problem_and_nothing_is_opened()
    {
        int opened = 0;
        var options = new BeaconAcquisitionOptions { CameraRateHz = 0, LockedRoiSize = 8, OffsetAccelerationDegPerS2 = -1 };
        var error = Assert.Throws<ArgumentException>(() => new BeaconAcquisition(options, s => { opened++; return Station.Buses.OpenCamera(s); }, _quadCell, _mirror, Time, NullLogger<BeaconAcquisition>.Instance));
        Assert.Contains("Acquisition.CameraRateHz is 0; expected 1…1000 Hz", error.Message, StringComparison.Ordinal);
        Assert.Contains("Acquisition.LockedRoiSize is 8; expected 16…512 px", error.Message, StringComparison.Ordinal);
        Assert.Contains("Acquisition.OffsetAccelerationDegPerS2 is -1", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, opened);
        Assert.Empty(new BeaconAcquisitionOptions { CameraDevicePath = "/dev/video0" }.Validate());
    }

    [Fact]
    public void A_bad_search_region_is_refused_and_the_service_stays_idle_with_the_camera_closed()
    {
        int opened = 0;
        using var service = new BeaconAcquisition(new BeaconAcquisitionOptions(), s => { opened++; return Station.Buses.OpenCamera(s); }, _quadCell, _mirror, Time, NullLogger<BeaconAcquisition>.Instance);
        var error = Assert.Throws<ArgumentException>(() => service.Start(SearchRegion.Circle(0, 0, -5), Start));
        Assert.Contains("search region", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => service.Start(TimeSpan.FromDays(-1), Length.FromKilometers(1000), 0.001, 0, Start));
        Assert.Equal(TrackerState.Idle, service.State);
        Assert.Equal(0, opened);
    }

    [Fact]
    public void The_mount_offset_is_the_search_pattern_in_axis_degrees_and_a_jump_is_shaped_to_the_offset_acceleration()
    {
        // The beacon's flux floor keeps adjacent hot pixels (~2,500 ADU) from being confirmed as a beacon.
        var options = new BeaconAcquisitionOptions { Tracker = new TrackerOptions { MinimumFlux = 4000 } };
        Station.BeaconScene.SignalElectrons = 0; // no beacon in the sky: the tracker keeps searching
        Station.BeaconScene.NoisePoolFrames = 4;
        using var service = new BeaconAcquisition(options, Station.Buses.OpenCamera, _quadCell, _mirror, Time, NullLogger<BeaconAcquisition>.Instance);
        var track = new Station.Core.Pointing.MountSetpoint(100, 45, 0, 0, 0, 0);
        Assert.Equal(default, service.OffsetAt(Time.GetUtcNow(), track, 100, 45)); // idle: no offset
        // A search centred 2 mrad off the track: the pattern's first point is its centre, a jump the shaper smooths.
        service.Start(SearchRegion.Circle(2000, 0, 100), Time.GetUtcNow());
        double previousRate = 0, azimuth = 0;
        for (int tick = 1; tick <= 100; tick++)
        {
            Time.Advance(TimeSpan.FromMilliseconds(10));
            var offset = service.OffsetAt(Time.GetUtcNow(), track, 100, 45);
            Assert.InRange(Math.Abs(offset.AzimuthRateDegPerS - previousRate), 0, (options.OffsetAccelerationDegPerS2 * 0.01) + 1e-9);
            previousRate = offset.AzimuthRateDegPerS;
            azimuth = offset.AzimuthDeg;
        }

        // After a second the shaped offset has caught up with the tracker's command (the pattern's point; Δaz = xel / cos el).
        var (commandAz, _, _, _) = service.Tracker.CommandAt(Time.GetUtcNow()).ToAxes(Math.PI / 4);
        Assert.Equal(commandAz * 180 / Math.PI, azimuth, 1e-9);
        Assert.Equal(2000e-6 / Math.Cos(Math.PI / 4) * 180 / Math.PI, azimuth, 1e-9);
        Assert.Equal(TrackerState.Search, service.State);
        Assert.True(service.FramesMeasured >= 99, $"{service.FramesMeasured} frames in a second at 100 fps");
        service.Stop();
        Assert.Equal(TrackerState.Idle, service.State);
    }

    [Fact]
    public void Stationctl_refuses_an_along_track_offset_beyond_a_minute_before_flying()
    {
        using var stdout = new StringWriter(CultureInfo.InvariantCulture);
        using var stderr = new StringWriter(CultureInfo.InvariantCulture);
        int code = StationCli.Run(["track", "--tle", MiciusPasses.File, "--sat", "41731", "--station", "delingha", "--start", MiciusPasses.SixtyDegreePassStart, "--closed-loop", "--along-track-s", "90"], stdout, stderr);
        Assert.Equal(2, code);
        Assert.Contains("--along-track-s", stderr.ToString(), StringComparison.Ordinal);
        Assert.Equal(string.Empty, stdout.ToString());
    }

    protected override void Dispose(bool disposing)
    {
        _quadCell.Dispose();
        _mirror.Dispose();
        base.Dispose(disposing);
    }
}

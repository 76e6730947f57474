using Station.Devices.BeaconCamera;
using Station.Devices.Board;
using Station.Devices.Buses;
using Station.Emulator.Devices;
using Station.Emulator.Faults;

namespace Station.Hil.Tests.Sensors;

/// <summary>The BeaconCamera driver through the emulated bus's camera at the pin map's V4L2 path.</summary>
public sealed class BeaconCameraHilTests : SensorTestStation
{
    private const int Size = 64;
    private readonly ushort[] _pixels = new ushort[Size * Size];
    private readonly BeaconCamera _camera;

    public BeaconCameraHilTests()
    {
        var source = Station.Buses.OpenCamera(new CameraSettings(PinMap.GetCamera(DeviceId.BeaconCamera).Device, Size, Size));
        _camera = new BeaconCamera(source);
    }

    private EmulatedBeaconCamera Twin => Station.BeaconCamera!;

    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(50.0, -30.0)]
    [InlineData(-72.5, 41.0)]
    public void The_spot_lands_where_the_line_of_sight_puts_it(double xMicroradians, double yMicroradians)
    {
        Station.LineOfSight.OffsetXMicroradians = xMicroradians;
        Station.LineOfSight.OffsetYMicroradians = yMicroradians;
        Time.Advance(TimeSpan.FromMilliseconds(10));

        var frame = _camera.Capture(_pixels);

        Assert.Equal(BeaconFrameStatus.Spot, frame.Status);
        double plate = Station.BeaconScene.PlateScaleMicroradiansPerPixel;
        Assert.Equal((Size / 2.0) + (xMicroradians / plate), frame.SpotX, 0.1);
        Assert.Equal((Size / 2.0) - (yMicroradians / plate), frame.SpotY, 0.1);
        Assert.Equal(Twin.SpotCentre.X, frame.SpotX, 0.1);
    }

    [Fact]
    public void An_offset_roi_moves_the_spot_the_other_way()
    {
        Station.BeaconScene.RoiCentreOffsetXPixels = 12;
        Station.BeaconScene.RoiCentreOffsetYPixels = -5;
        Time.Advance(TimeSpan.FromMilliseconds(10));
        var frame = _camera.Capture(_pixels);
        Assert.Equal((Size / 2.0) - 12, frame.SpotX, 0.1);
        Assert.Equal((Size / 2.0) + 5, frame.SpotY, 0.1);
    }

    [Fact]
    public void Frames_follow_simulated_time_at_the_frame_rate()
    {
        Assert.Equal(BeaconFrameStatus.Dropped, _camera.Capture(_pixels).Status); // nothing exposed yet
        Time.Advance(TimeSpan.FromSeconds(1));
        var first = _camera.Capture(_pixels);
        Assert.Equal(100, first.Sequence);
        Assert.Equal(Start + TimeSpan.FromMilliseconds(995), first.Timestamp); // mid-exposure of frame 100
        Assert.Equal(BeaconFrameStatus.Stale, _camera.Capture(_pixels).Status);

        for (int i = 1; i <= 10; i++)
        {
            Time.Advance(TimeSpan.FromMilliseconds(10));
            var frame = _camera.Capture(_pixels);
            Assert.Equal(100 + i, frame.Sequence);
            Assert.Equal(0, frame.MissedFrames);
        }

        Assert.Equal(0, _camera.MissedFrames);
    }

    [Fact]
    public void Dropped_frames_leave_a_sequence_gap_and_capture_resumes()
    {
        Time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.True(_camera.Capture(_pixels).HasSpot);
        Station.Faults.InjectNow(FaultKind.FrameDrop, DeviceId.BeaconCamera, TimeSpan.FromMilliseconds(30));

        for (int i = 0; i < 3; i++)
        {
            Time.Advance(TimeSpan.FromMilliseconds(10));
            if (i < 2)
            {
                Assert.Equal(BeaconFrameStatus.Dropped, _camera.Capture(_pixels).Status);
            }
        }

        var resumed = _camera.Capture(_pixels);
        Assert.Equal(BeaconFrameStatus.Spot, resumed.Status);
        Assert.Equal(13, resumed.Sequence);
        Assert.Equal(2, resumed.MissedFrames);
        Assert.Equal(2, _camera.MissedFrames);
        Assert.Equal(2, Twin.FramesDropped);
    }

    [Fact]
    public void Beacon_loss_leaves_sky_and_hot_pixels_but_no_spot()
    {
        Time.Advance(TimeSpan.FromMilliseconds(10));
        Assert.True(_camera.Capture(_pixels).HasSpot);
        Station.Faults.InjectNow(FaultKind.BeaconLoss, DeviceId.BeaconCamera, TimeSpan.FromMilliseconds(50));

        Time.Advance(TimeSpan.FromMilliseconds(10));
        var lost = _camera.Capture(_pixels);
        Assert.Equal(BeaconFrameStatus.NoSpot, lost.Status);
        Assert.NotEmpty(Twin.HotPixels);
        foreach (int hot in Twin.HotPixels)
        {
            Assert.True(_pixels[hot] > lost.BackgroundAdu + 500, $"hot pixel {hot} reads {_pixels[hot]}");
        }

        Time.Advance(TimeSpan.FromMilliseconds(50));
        Assert.Equal(BeaconFrameStatus.Spot, _camera.Capture(_pixels).Status);
    }

    [Theory]
    [InlineData(EmulatedBeaconScene.NightSkyElectrons)]
    [InlineData(EmulatedBeaconScene.MoonlitSkyElectrons)]
    [InlineData(EmulatedBeaconScene.DaySkyElectrons)]
    public void Sky_background_and_its_shot_noise_match_the_sensor_model(double skyElectrons)
    {
        var scene = Station.BeaconScene;
        scene.BackgroundElectronsPerPixel = skyElectrons;
        scene.SignalElectrons = 0;
        Time.Advance(TimeSpan.FromMilliseconds(10));

        var frame = _camera.Capture(_pixels);

        double electrons = skyElectrons + scene.DarkElectronsPerPixel;
        double expectedMean = scene.BiasAdu + (electrons / scene.ElectronsPerAdu);
        double expectedNoise = Math.Sqrt(electrons + (scene.ReadNoiseElectrons * scene.ReadNoiseElectrons)) / scene.ElectronsPerAdu;
        Assert.Equal(BeaconFrameStatus.NoSpot, frame.Status);
        Assert.Equal(expectedMean, frame.BackgroundAdu, Math.Max(0.5, expectedMean * 0.01));
        Assert.InRange(frame.NoiseAdu, expectedNoise * 0.8, (expectedNoise * 1.2) + 0.3); // 0.3 ADU: rounding to whole ADU
    }

    [Fact]
    public void A_blinding_beacon_clips_at_12_bits()
    {
        Station.BeaconScene.SignalElectrons = 1e7;
        Time.Advance(TimeSpan.FromMilliseconds(10));
        var frame = _camera.Capture(_pixels);
        Assert.Equal(BeaconCamera.FullScale, frame.PeakAdu);
        Assert.True(frame.SaturatedPixels > 4);
        Assert.Equal(EmulatedBeaconCamera.FullScale, _pixels.Max());
    }

    [Fact]
    public void A_frame_is_reproducible_from_its_sequence()
    {
        Time.Advance(TimeSpan.FromMilliseconds(10));
        var again = new ushort[Size * Size];
        Twin.Render(_pixels, 1);
        Twin.Render(again, 1);
        Assert.Equal(_pixels, again);
        Twin.Render(again, 2);
        Assert.NotEqual(_pixels, again);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _camera.Dispose();
        }

        base.Dispose(disposing);
    }
}

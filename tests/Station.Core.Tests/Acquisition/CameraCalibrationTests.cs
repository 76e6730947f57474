using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Station.Core.Acquisition;
using UnitsNet;

namespace Station.Core.Tests.Acquisition;

public sealed class CameraCalibrationTests
{
    [Fact]
    public void A_tube_mounted_camera_maps_image_right_to_cross_elevation_and_image_up_to_elevation()
    {
        var camera = new CameraCalibration { PlateScale = Angle.FromMicroradians(4), BoresightXPx = 320, BoresightYPx = 256 };
        var (xel, el) = camera.PixelToMount(330, 256, 0.7);
        Assert.Equal(40, xel, 1e-9);
        Assert.Equal(0, el, 1e-9);
        (xel, el) = camera.PixelToMount(320, 246, 0.7); // ten rows up
        Assert.Equal(0, xel, 1e-9);
        Assert.Equal(40, el, 1e-9);
        Assert.Equal(Angle.FromMicroradians(512 * 4), camera.InscribedFieldOfView);
    }

    [Fact]
    public void A_nasmyth_camera_sees_the_field_turn_with_elevation()
    {
        var camera = new CameraCalibration { PlateScale = Angle.FromMicroradians(5), BoresightXPx = 100, BoresightYPx = 100, ElevationRotationFactor = 1 };
        var (xel, el) = camera.PixelToMount(110, 100, Math.PI / 2);
        Assert.Equal(0, xel, 1e-9);
        Assert.Equal(50, el, 1e-9);
        var (xel0, el0) = camera.PixelToMount(110, 100, 0);
        Assert.Equal(50, xel0, 1e-9);
        Assert.Equal(0, el0, 1e-9);
    }

    [Property(MaxTest = 200)]
    public Property Pixel_and_mount_coordinates_round_trip() =>
        Prop.ForAll(
            (from x in Gen.Choose(0, 6390)
             from y in Gen.Choose(0, 5110)
             from rotation in Gen.Choose(-180, 180)
             from factor in Gen.Elements(-1.0, 0.0, 1.0)
             from mirrored in Gen.Elements(true, false)
             from elevation in Gen.Choose(0, 90)
             select (x / 10.0, y / 10.0, rotation, factor, mirrored, elevation)).ToArbitrary(),
            c =>
            {
                var (x, y, rotation, factor, mirrored, elevation) = c;
                var camera = new CameraCalibration { Rotation = Angle.FromDegrees(rotation), ElevationRotationFactor = factor, Mirrored = mirrored };
                double elRad = elevation * Math.PI / 180;
                var (xel, el) = camera.PixelToMount(x, y, elRad);
                var (px, py) = camera.MountToPixel(xel, el, elRad);
                double radius = Math.Sqrt(Math.Pow(x - camera.BoresightXPx, 2) + Math.Pow(y - camera.BoresightYPx, 2)) * camera.PlateScale.Microradians;
                return Math.Abs(px - x) < 1e-9 && Math.Abs(py - y) < 1e-9 && Math.Abs(Math.Sqrt((xel * xel) + (el * el)) - radius) < 1e-6;
            });

    [Fact]
    public void Cross_elevation_offsets_become_wider_azimuth_steps_at_high_elevation()
    {
        var (az, el, azRate, elRate) = new MountOffset(100, 50, 10, 5).ToAxes(Math.PI / 3);
        Assert.Equal(200e-6, az, 1e-15);
        Assert.Equal(50e-6, el, 1e-15);
        Assert.Equal(20e-6, azRate, 1e-15);
        Assert.Equal(5e-6, elRate, 1e-15);
        Assert.True(double.IsFinite(new MountOffset(100, 0, 0, 0).ToAxes(Math.PI / 2).AzimuthRad));
    }

    [Fact]
    public void A_boresight_off_the_sensor_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new CameraCalibration { BoresightXPx = 700 }.Validate());
        Assert.Contains("boresight (700, 255.5) px must lie on the 640×512 sensor", error.Message, StringComparison.Ordinal);
    }
}

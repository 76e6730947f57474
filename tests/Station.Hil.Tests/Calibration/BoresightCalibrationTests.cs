using Station.Calibration.Boresight;
using Station.Calibration.Common;
using Station.Core.Calibration;
using Station.Emulator.Truth;
using Xunit.Abstractions;

namespace Station.Hil.Tests.Calibration;

public sealed class BoresightCalibrationTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "calib-bs-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private static CalibrationSession Session(Action<EmulatedCalibrationRig>? prepare = null) =>
        new("camera-boresight", BoresightCalibration.Options, (arguments, rig) => BoresightCalibration.Run(arguments, rig))
        {
            RigFactory = arguments =>
            {
                var rig = EmulatedCalibrationRig.Create(arguments);
                prepare?.Invoke(rig);
                return rig;
            },
        };

    [Theory]
    [InlineData(7)]
    [InlineData(11)]
    public void Finds_the_true_boresight_rotation_and_plate_scale(int seed)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = Session().Run(["--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", _dir], stdout, stderr);
        output.WriteLine(stdout.ToString());
        output.WriteLine(stderr.ToString());
        Assert.Equal(0, code);

        var file = BoresightFile.Parse(File.ReadAllText(Path.Combine(_dir, "camera-boresight.json")), "camera-boresight.json", "delingha");
        Assert.True(File.Exists(Path.Combine(_dir, "camera-boresight.png")));
        var truth = EmulatedCameraTruth.FromSeed(seed);
        var camera = file.Camera;
        double trueX = (camera.SensorWidth / 2.0) + truth.BoresightOffsetXPixels - 0.5, trueY = (camera.SensorHeight / 2.0) + truth.BoresightOffsetYPixels - 0.5;
        output.WriteLine($"boresight error ({camera.BoresightXPx - trueX:+0.000;-0.000}, {camera.BoresightYPx - trueY:+0.000;-0.000}) px, rotation error {camera.Rotation.Degrees - truth.RotationDegrees:+0.0000;-0.0000}°, scale error {camera.PlateScale.Microradians / truth.PlateScaleMicroradiansPerPixel - 1:P3}");
        Assert.InRange(camera.BoresightXPx - trueX, -0.1, 0.1);
        Assert.InRange(camera.BoresightYPx - trueY, -0.1, 0.1);
        Assert.InRange(camera.Rotation.Degrees - truth.RotationDegrees, -0.05, 0.05);
        Assert.InRange(camera.PlateScale.Microradians / truth.PlateScaleMicroradiansPerPixel, 0.998, 1.002);
        Assert.True(camera.Mirrored);
    }

    [Fact]
    public void No_source_is_refused_and_nothing_written()
    {
        var stderr = new StringWriter();
        int code = Session(rig => rig.Sky.CollimatorElectrons = 0).Run(["--seed", "7", "--out", _dir], TextWriter.Null, stderr);
        Assert.Equal(3, code);
        Assert.Contains("refused: no source found: nothing above the detection threshold in the camera at az 180° el 45°", stderr.ToString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dir) && Directory.EnumerateFileSystemEntries(_dir).Any());
    }
}

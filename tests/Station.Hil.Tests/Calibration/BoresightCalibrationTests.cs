using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Station.Calibration.Boresight;
using Station.Emulator;
using Station.Firmware.Acquisition;
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

    /// <summary>The emulated camera sits on the tube: a second source elevation finds no field rotation with elevation.</summary>
    [Fact]
    public void A_second_source_elevation_measures_no_field_rotation_for_a_camera_on_the_tube()
    {
        var stdout = new StringWriter();
        Assert.Equal(0, Session().Run(["--seed", "7", "--source-el2", "70", "--out", _dir], stdout, TextWriter.Null));
        output.WriteLine(stdout.ToString());
        var camera = BoresightFile.Parse(File.ReadAllText(Path.Combine(_dir, "camera-boresight.json")), "camera-boresight.json").Camera;
        var truth = EmulatedCameraTruth.FromSeed(7);
        Assert.InRange(camera.ElevationRotationFactor, -0.003, 0.003);
        foreach (double elevationDeg in new[] { 45.0, 70.0 })
        {
            double rotationDeg = camera.Rotation.Degrees + (camera.ElevationRotationFactor * elevationDeg);
            Assert.InRange(rotationDeg - truth.RotationDegrees, -0.05, 0.05);
        }
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

    [Fact]
    public async Task The_firmware_loads_the_boresight_file_at_start_up_and_acquisition_converts_centroids_with_it()
    {
        EmulatedCalibrationRig? rig = null;
        var session = new CalibrationSession("camera-boresight", BoresightCalibration.Options, (arguments, r) => BoresightCalibration.Run(arguments, r))
        {
            RigFactory = arguments => rig = EmulatedCalibrationRig.Create(arguments),
        };
        Assert.Equal(0, session.Run(["--seed", "7", "--out", _dir], TextWriter.Null, TextWriter.Null));
        string path = Path.Combine(_dir, "camera-boresight.json");
        var truth = rig!.CameraTruth;

        using var station = EmulatedStation.FromPinMap(rig.Clock, rig.PinMap);
        using var host = CalibrationHost.Build([$"--Station:Calibration:BoresightPath={path}", "--Station:Name=delingha"], rig.Clock, station);
        await host.StartAsync();
        var camera = host.Services.GetRequiredService<IOptions<BeaconAcquisitionOptions>>().Value.Tracker.Camera;
        await host.StopAsync();

        // A beacon on the true boresight pixel is on the line of sight; one 20 px right of it is 20 true pixels off.
        double trueX = (camera.SensorWidth / 2.0) + truth.BoresightOffsetXPixels - 0.5, trueY = (camera.SensorHeight / 2.0) + truth.BoresightOffsetYPixels - 0.5;
        var (xel, el) = camera.PixelToMount(trueX, trueY, 0.7);
        Assert.InRange(Math.Sqrt((xel * xel) + (el * el)), 0, 0.1 * truth.PlateScaleMicroradiansPerPixel);
        var (xel20, el20) = camera.PixelToMount(trueX + 20, trueY, 0.7);
        Assert.Equal(20 * truth.PlateScaleMicroradiansPerPixel, Math.Sqrt((xel20 * xel20) + (el20 * el20)), 0.05);
        Assert.Equal(truth.RotationDegrees, Math.Atan2(el20, xel20) * 180 / Math.PI, 0.05);
    }

    [Theory]
    [InlineData("\"station\": \"delingha\"", "\"station\": \"nanshan\"", "made for station 'nanshan', but this is 'delingha'")]
    [InlineData("\"rotation_deg\": ", "\"rotation\": ", "'rotation_deg' is missing; expected a number from -180 to 180")]
    [InlineData("\"mirrored\": true", "\"mirrored\": \"yes\"", "'mirrored' is \"yes\"; expected true or false")]
    [InlineData("\"format\": \"qkd-station/camera-boresight\"", "\"format\": \"qkd-station/pointing-model\"", "'format' is \"qkd-station/pointing-model\"; expected \"qkd-station/camera-boresight\"")]
    public async Task A_mismatched_or_malformed_boresight_file_stops_start_up_naming_the_file_and_the_field(string find, string replace, string expected)
    {
        var header = new CalibrationHeader(BoresightFile.Format, BoresightFile.Version, "delingha", DateTimeOffset.UnixEpoch, []);
        string json = new BoresightFile(header, new Station.Core.Acquisition.CameraCalibration(), 0.1).ToJson();
        Assert.Contains(find, json, StringComparison.Ordinal);
        Directory.CreateDirectory(_dir);
        string path = Path.Combine(_dir, "camera-boresight.json");
        await File.WriteAllTextAsync(path, json.Replace(find, replace, StringComparison.Ordinal));
        var time = new Station.Core.Timing.SimulatedTimeProvider(new DateTimeOffset(2026, 3, 19, 18, 0, 0, TimeSpan.Zero));
        using var station = EmulatedStation.FromPinMap(time, Station.Devices.Board.PinMapLoader.LoadDefault());
        using var host = CalibrationHost.Build([$"--Station:Calibration:BoresightPath={path}", "--Station:Name=delingha"], time, station);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        var failure = Assert.Single(error.Failures);
        Assert.StartsWith("Station:Calibration:BoresightPath: " + path, failure, StringComparison.Ordinal);
        Assert.Contains(expected, failure, StringComparison.Ordinal);
    }
}

using Station.Calibration.Common;
using Station.Calibration.Pointing;
using Station.Core.Pointing;
using Station.Emulator.Truth;
using Xunit.Abstractions;

namespace Station.Hil.Tests.Calibration;

public sealed class PointingModelCalibrationTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "calib-pm-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    /// <summary>A session whose emulated camera is square to the mount with its boresight at the centre (the nominal geometry).</summary>
    private static CalibrationSession Session(Action<EmulatedCalibrationRig>? inspect = null) =>
        new("pointing-model", PointingModelCalibration.Options, (arguments, rig) =>
        {
            inspect?.Invoke((EmulatedCalibrationRig)rig);
            return PointingModelCalibration.Run(arguments, rig);
        })
        {
            RigFactory = arguments => EmulatedCalibrationRig.Create(arguments, cameraTruth: EmulatedCameraTruth.Ideal),
        };

    [Fact]
    public void Recovers_the_true_terms_within_an_arcsecond_and_writes_the_file_and_plot()
    {
        PointingModel? truth = null;
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = Session(rig => truth = rig.Station.TruePointingModel).Run(["--seed", "7", "--out", _dir], stdout, stderr);
        output.WriteLine(stdout.ToString());
        output.WriteLine(stderr.ToString());
        Assert.Equal(0, code);
        var homed = HomedFrame.Offset(7);
        output.WriteLine($"homed frame: az {homed.AzimuthDeg * 3600:+0.00;-0.00}″ el {homed.ElevationDeg * 3600:+0.00;-0.00}″ from the mechanical angles");
        Assert.InRange(Math.Abs(homed.AzimuthDeg * 3600), 0, 8); // within the gears' backlash
        Assert.InRange(Math.Abs(homed.ElevationDeg * 3600), 0, 8);
        truth = EmulatedCalibrationRig.InHomedFrame(truth!, homed);

        var file = PointingModelFile.Parse(File.ReadAllText(Path.Combine(_dir, "pointing-model.json")), "pointing-model.json", "delingha");
        Assert.True(File.Exists(Path.Combine(_dir, "pointing-model.png")));
        foreach (var term in PointingTerms.Basic)
        {
            double error = file.ToModel()[term].Arcseconds - truth![term].Arcseconds;
            output.WriteLine($"{term}: fitted {file.ToModel()[term].Arcseconds:0.00}″ truth {truth[term].Arcseconds:0.00}″ error {error:+0.00;-0.00}″");
            Assert.True(Math.Abs(error) <= 1.0, $"{term} off by {error:0.00}″");
        }

        Assert.True(file.RmsBeforeArcsec >= 60, $"rms before {file.RmsBeforeArcsec:0.0}″");
        Assert.True(file.RmsAfterArcsec <= 2, $"rms after {file.RmsAfterArcsec:0.00}″");
        Assert.Equal(7, file.Inputs["seed"]!.GetValue<int>());
        Assert.True(file.Inputs["stars_observed"]!.GetValue<int>() >= 30);
    }

    /// <summary>The bench order: the camera's boresight first (the emulated camera is offset and turned), then the stars through it.</summary>
    [Fact]
    public void With_the_boresight_calibration_a_skewed_camera_still_gives_the_true_terms()
    {
        var boresight = new CalibrationSession("camera-boresight", Station.Calibration.Boresight.BoresightCalibration.Options,
            (arguments, rig) => Station.Calibration.Boresight.BoresightCalibration.Run(arguments, rig));
        Assert.Equal(0, boresight.Run(["--seed", "7", "--out", _dir], TextWriter.Null, TextWriter.Null));
        PointingModel? truth = null;
        var pointing = new CalibrationSession("pointing-model", PointingModelCalibration.Options, (arguments, rig) =>
        {
            truth = ((EmulatedCalibrationRig)rig).Station.TruePointingModel;
            Assert.NotEqual(EmulatedCameraTruth.Ideal, ((EmulatedCalibrationRig)rig).CameraTruth);
            return PointingModelCalibration.Run(arguments, rig);
        });
        Assert.Equal(0, pointing.Run(["--seed", "7", "--stars", "30", "--boresight", Path.Combine(_dir, "camera-boresight.json"), "--out", _dir], TextWriter.Null, TextWriter.Null));
        truth = HomedFrame.TrueModel(truth!, 7);

        var file = PointingModelFile.Parse(File.ReadAllText(Path.Combine(_dir, "pointing-model.json")), "pointing-model.json", "delingha");
        foreach (var term in PointingTerms.Basic)
        {
            double error = file.ToModel()[term].Arcseconds - truth![term].Arcseconds;
            output.WriteLine($"{term}: error {error:+0.00;-0.00}″");
            Assert.True(Math.Abs(error) <= 1.0, $"{term} off by {error:0.00}″");
        }

        Assert.Contains("camera-boresight.json", file.Inputs["camera"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(file.RmsAfterArcsec <= 2);
    }

    [Theory]
    [InlineData(new[] { "--stars", "6" }, "too few stars: ")]
    [InlineData(new[] { "--stars", "12", "--az-from", "100", "--az-to", "150" }, "stars all in one part of the sky: azimuths")]
    [InlineData(new[] { "--stars", "12", "--min-el", "40", "--max-el", "55" }, "stars all in one part of the sky: elevations")]
    [InlineData(new[] { "--stars", "12", "--max-rms-arcsec", "0.1" }, "the fit does not converge: residual rms")]
    public void Refuses_with_the_reason_and_writes_nothing(string[] options, string reason)
    {
        var stderr = new StringWriter();
        int code = Session().Run([.. options, "--seed", "7", "--out", _dir], TextWriter.Null, stderr);
        output.WriteLine(stderr.ToString());
        Assert.Equal(3, code);
        Assert.Contains("refused: " + reason, stderr.ToString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dir) && Directory.EnumerateFileSystemEntries(_dir).Any());
    }
}

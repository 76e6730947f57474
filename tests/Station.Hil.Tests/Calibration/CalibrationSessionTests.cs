using Station.Calibration.Common;
using Station.Core.Calibration;
using Station.Core.Orbits;

namespace Station.Hil.Tests.Calibration;

public sealed class CalibrationSessionTests : IDisposable
{
    private static readonly CalibrationOption[] Options = [CalibrationOption.WholeNumber("stars", 40, 8, 200), CalibrationOption.Number("exposure-s", 0.1, 0.001, 10)];
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "calib-session-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public void Parses_shared_and_script_options_with_defaults()
    {
        var args = CalibrationArguments.Parse(["--seed", "7", "--out", "x", "--stars", "60"], Options);
        Assert.False(args.Hardware);
        Assert.Equal(7, args.Seed);
        Assert.Equal("x", args.OutputDirectory);
        Assert.Equal(60, args.GetInt("stars"));
        Assert.Equal(0.1, args.GetDouble("exposure-s"));
        Assert.Equal("60", args.ToInputs()["stars"]!.GetValue<string>());
        Assert.Equal(CalibrationArguments.DefaultOutputDirectory, CalibrationArguments.Parse([], Options).OutputDirectory);
    }

    [Theory]
    [InlineData(new[] { "--bogus", "1" }, "unknown option --bogus")]
    [InlineData(new[] { "--stars", "3" }, "option --stars is '3'; expected an integer from 8 to 200")]
    [InlineData(new[] { "--stars" }, "option --stars needs a value: an integer from 8 to 200")]
    [InlineData(new[] { "--seed", "x" }, "option --seed is 'x'; expected an integer")]
    [InlineData(new[] { "--seed", "1", "--seed", "2" }, "option --seed is given twice")]
    [InlineData(new[] { "stray" }, "unexpected argument 'stray'")]
    [InlineData(new[] { "--hardware" }, "option --hardware needs --station NAME")]
    public void Rejects_bad_arguments_naming_the_option(string[] args, string message)
    {
        var ex = Assert.Throws<CalibrationArgumentException>(() => CalibrationArguments.Parse(args, Options));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_arguments_exit_2_and_run_nothing()
    {
        bool ran = false;
        var session = new CalibrationSession("test", Options, (_, _) => { ran = true; throw new InvalidOperationException(); });
        var error = new StringWriter();
        Assert.Equal(2, session.Run(["--stars", "1000", "--out", _dir], TextWriter.Null, error));
        Assert.False(ran);
        Assert.Contains("--stars", error.ToString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dir));
    }

    [Fact]
    public void Refusal_exits_3_with_the_reason_and_writes_nothing()
    {
        var session = new CalibrationSession("test", Options, (_, _) => throw new CalibrationRefusedException("only 3 stars were found; at least 12 are needed"));
        var error = new StringWriter();
        Assert.Equal(3, session.Run(["--out", _dir], TextWriter.Null, error));
        Assert.Contains("refused: only 3 stars were found", error.ToString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dir) && Directory.EnumerateFileSystemEntries(_dir).Any());
    }

    [Fact]
    public void Hardware_on_a_machine_without_it_exits_4_naming_what_is_missing()
    {
        var session = new CalibrationSession("test", Options, (_, _) => throw new InvalidOperationException("must not run"));
        var error = new StringWriter();
        Assert.Equal(4, session.Run(["--hardware", "--station", "delingha", "--out", _dir], TextWriter.Null, error));
        Assert.Contains("--hardware:", error.ToString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dir));
    }

    [Fact]
    public void Hardware_check_names_the_missing_device_nodes()
    {
        var ex = Assert.Throws<HardwareUnavailableException>(() =>
            HardwareCalibrationRig.Open(StationConfiguration.Emulated(Station.Devices.Board.PinMapLoader.LoadEmbedded()), StationCatalog.Delingha, _ => false, () => "Raspberry Pi 5 Model B Rev 1.0"));
        Assert.Contains("/dev/spidev0.0", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Success_writes_the_file_with_its_header_and_the_plot()
    {
        var session = new CalibrationSession("test", Options, (_, rig) => new CalibrationResult(
            "test.json", "qkd-station/test", 1, CalibrationSession.Inputs(("count", 3)),
            header => header.WriteTo([]).ToJsonString(), "test.png", path => File.WriteAllBytes(path, [0x89, 0x50]), ["summary line"]));
        var output = new StringWriter();
        Assert.Equal(0, session.Run(["--out", _dir, "--seed", "5"], output, TextWriter.Null));
        var root = (System.Text.Json.Nodes.JsonObject)System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(_dir, "test.json")))!;
        var header = CalibrationHeader.Read(root, "qkd-station/test", 1, "delingha", "test.json");
        Assert.Equal(5, header.Inputs["seed"]!.GetValue<int>());
        Assert.Equal(3, header.Inputs["count"]!.GetValue<int>());
        Assert.True(File.Exists(Path.Combine(_dir, "test.png")));
        Assert.Equal(["test.json", "test.png"], Directory.GetFiles(_dir).Select(p => Path.GetFileName(p)!).Order().ToArray());
        Assert.Contains("summary line", output.ToString(), StringComparison.Ordinal);
    }
}

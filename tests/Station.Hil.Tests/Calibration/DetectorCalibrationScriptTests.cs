using Station.Calibration.Common;
using Station.Calibration.Detectors;
using Station.Calibration.FilterWheels;
using Station.Calibration.GateDelay;
using Station.Emulator.World.Calibration;
using Station.Firmware.Detectors;
using Station.Firmware.Filters;
using Xunit.Abstractions;

namespace Station.Hil.Tests.Calibration;

/// <summary>
/// The gate-delay, filter-wheel and detector calibrations run as their scripts run them (the session, the emulated rig
/// with seeded truths), their files read back through the firmware's loaders and compared with the injected truth.
/// </summary>
public sealed class DetectorCalibrationScriptTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("calib-b-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private (int Code, string Out, string Error, EmulatedCalibrationRig Rig) Run(string name, IReadOnlyList<CalibrationOption> options,
        Func<CalibrationArguments, CalibrationRig, CalibrationResult> procedure, params string[] args)
    {
        EmulatedCalibrationRig? rig = null;
        var session = new CalibrationSession(name, options, procedure) { RigFactory = a => rig = EmulatedCalibrationRig.Create(a) };
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int code = session.Run(["--out", _dir, .. args], stdout, stderr);
        output.WriteLine(stdout.ToString());
        output.WriteLine(stderr.ToString());
        return (code, stdout.ToString(), stderr.ToString(), rig!);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    public void Gate_delay_scan_recovers_every_channels_instrument_delay_within_50_ps(int seed)
    {
        var (code, _, _, rig) = Run("gate-delay-scan", GateDelayCalibration.Options, GateDelayCalibration.Calibrate, "--seed", $"{seed}");

        Assert.Equal(0, code);
        Assert.True(rig.CalibrationSourceController!.LinesReceived > 0); // the light was set through the serial binding
        string text = File.ReadAllText(Path.Combine(_dir, GateDelayCalibration.FileName));
        var inputs = System.Text.Json.Nodes.JsonNode.Parse(text)!["inputs"]!;
        Assert.Equal("/dev/ttyACM1", inputs["calibration-source"]!.GetValue<string>());
        Assert.Equal("QKD-Station,Bench Calibration Source,EMU-0001,1.0.0-emulated", inputs["calibration_source_identity"]!.GetValue<string>());
        var file = GateDelayCalibrationFile.Parse(text, "gate-delays.json", "delingha");
        var truth = CalibrationBenchTruth.FromSeed(seed);
        Assert.Equal(4, file.Channels.Count);
        foreach (var channel in file.Channels)
        {
            double errorPs = (channel.InstrumentDelayNs - truth.Channels[channel.Channel].PulseArrivalDelayNs) * 1000;
            output.WriteLine($"seed {seed} channel {channel.Channel}: {channel.InstrumentDelayNs:0.0000} ns, truth {truth.Channels[channel.Channel].PulseArrivalDelayNs:0.0000} ns, error {errorPs:+0.0;-0.0} ps");
            Assert.InRange(errorPs, -50, 50);
        }

        Assert.True(File.Exists(Path.Combine(_dir, GateDelayCalibration.PlotName)));
    }

    [Fact]
    public void Gate_delay_scan_without_a_visible_peak_is_refused_and_writes_nothing()
    {
        var (code, _, error, _) = Run("gate-delay-scan", GateDelayCalibration.Options, GateDelayCalibration.Calibrate, "--source-power", "0.001", "--channels", "2");

        Assert.Equal((int)CalibrationExitCode.Refused, code);
        Assert.Contains("refused: channel 2: no peak in the gate-delay scan", error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public void Detector_characterization_recovers_dark_rate_and_dead_time_within_5_percent_and_afterpulsing_within_20(int seed)
    {
        var (code, _, _, _) = Run("detector-characterization", DetectorCalibration.Options, DetectorCalibration.Calibrate, "--seed", $"{seed}");

        Assert.Equal(0, code);
        var file = DetectorCalibrationFile.Parse(File.ReadAllText(Path.Combine(_dir, DetectorCalibration.FileName)), "detectors.json", "delingha");
        var truth = CalibrationBenchTruth.FromSeed(seed);
        foreach (var c in file.Channels)
        {
            var t = truth.Channels[c.Channel];
            double dark = (c.DarkCountRateHz / t.DarkCountRateHz) - 1, dead = (c.DeadTimeNs / t.DeadTimeNs) - 1, after = (c.AfterpulseProbability / t.AfterpulseProbability) - 1;
            output.WriteLine($"seed {seed} channel {c.Channel}: dark {c.DarkCountRateHz:0.0}/{t.DarkCountRateHz:0.0} Hz ({dark:+0.0%;-0.0%}), dead {c.DeadTimeNs:0.00}/{t.DeadTimeNs:0.00} ns ({dead:+0.0%;-0.0%}), afterpulsing {c.AfterpulseProbability:0.0000}/{t.AfterpulseProbability:0.0000} ({after:+0.0%;-0.0%})");
            Assert.InRange(dark, -0.05, 0.05);
            Assert.InRange(dead, -0.05, 0.05);
            Assert.InRange(after, -0.2, 0.2);
        }
    }

    [Fact]
    public void Detector_characterization_with_too_few_dark_counts_is_refused_and_writes_nothing()
    {
        var (code, _, error, _) = Run("detector-characterization", DetectorCalibration.Options, DetectorCalibration.Calibrate, "--dark-seconds", "0.05");

        Assert.Equal((int)CalibrationExitCode.Refused, code);
        Assert.Contains("dark counts in 0.25 s cannot give the dark rate to 5 %", error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public void Filter_wheel_offsets_find_every_slot_centre_within_2_microsteps()
    {
        var (code, _, _, rig) = Run("filter-wheel-offsets", FilterWheelSlotCalibration.Options, FilterWheelSlotCalibration.Calibrate, "--seed", "3", "--wheels", "spectral");

        Assert.Equal(0, code);
        var file = FilterWheelCalibrationFile.Parse(File.ReadAllText(Path.Combine(_dir, FilterWheelSlotCalibration.FileName)), "filter-wheels.json", "delingha");
        var wheel = Assert.Single(file.Wheels);
        // The truth in the firmware's frame (zero where the homing latched the index): where the wheel is now, by the
        // controller's position, less each slot's true angle from the beam.
        var emulated = rig.Station.SpectralFilterWheel;
        int revolution = wheel.MicrostepsPerRevolution;
        double perDegree = revolution / 360.0, now = emulated.Driver.Ramp.Position;
        for (int i = 0; i < wheel.Slots.Count; i++)
        {
            var slot = wheel.Slots[i];
            double truth = now - (emulated.SlotErrorDegrees(i) * perDegree);
            double error = slot.OffsetMicrosteps - truth;
            error -= revolution * Math.Round(error / revolution);
            output.WriteLine($"{slot.Name}: {slot.OffsetMicrosteps} (measured {slot.Measured}), truth {truth - (revolution * Math.Floor(truth / revolution)):0.0}, error {error:+0.0;-0.0} microsteps (geometric offset from the index {emulated.CalibratedSlotOffsets()[i]})");
            if (slot.Measured)
            {
                Assert.InRange(error, -2, 2);
            }
        }

        Assert.False(wheel.Slots.Single(s => s.Name == "dark").Measured);
    }

    [Fact]
    public void Filter_wheel_offsets_refuse_a_slot_without_a_transmission_edge_and_write_nothing()
    {
        var (code, _, error, _) = Run("filter-wheel-offsets", FilterWheelSlotCalibration.Options, FilterWheelSlotCalibration.Calibrate, "--wheels", "spectral", "--opaque", "none");

        Assert.Equal((int)CalibrationExitCode.Refused, code);
        Assert.Contains("refused: wheel 'spectral' slot 'dark': no transmission edge", error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public void Every_script_fails_with_exit_4_on_hardware_that_is_not_there()
    {
        foreach (var (name, options, procedure) in new (string, IReadOnlyList<CalibrationOption>, Func<CalibrationArguments, CalibrationRig, CalibrationResult>)[]
        {
            ("gate-delay-scan", GateDelayCalibration.Options, GateDelayCalibration.Calibrate),
            ("filter-wheel-offsets", FilterWheelSlotCalibration.Options, FilterWheelSlotCalibration.Calibrate),
            ("detector-characterization", DetectorCalibration.Options, DetectorCalibration.Calibrate),
        })
        {
            using var stderr = new StringWriter();
            int code = new CalibrationSession(name, options, procedure).Run(["--hardware", "--station", "delingha", "--out", _dir], TextWriter.Null, stderr);
            Assert.Equal((int)CalibrationExitCode.HardwareUnavailable, code);
            Assert.Contains("--hardware", stderr.ToString(), StringComparison.Ordinal);
        }

        Assert.Empty(Directory.GetFiles(_dir));
    }
}

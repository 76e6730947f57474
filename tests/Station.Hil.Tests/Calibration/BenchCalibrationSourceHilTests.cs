using System.Text;
using Station.Calibration.Common;
using Station.Calibration.Detectors;
using Station.Calibration.GateDelay;
using Station.Calibration.Pointing;
using Station.Core.Orbits;
using Station.Core.Timing;
using Station.Devices.Board;
using Station.Devices.Buses;
using Station.Devices.CalibrationSource;
using Station.Emulator;
using Station.Emulator.Buses;
using Station.Emulator.Devices;
using Station.Emulator.World.Calibration;

namespace Station.Hil.Tests.Calibration;

/// <summary>
/// The firmware's <see cref="BenchCalibrationSource"/> against the emulated controller box through the emulated bus
/// provider's serial port, and <see cref="DetectorBench"/> opening it the way it does on the station.
/// </summary>
public sealed class BenchCalibrationSourceHilTests : IDisposable
{
    private const string Port = BenchCalibrationSource.DefaultPortName;
    private readonly SimulatedTimeProvider _time = new(new DateTimeOffset(2026, 3, 19, 18, 0, 0, TimeSpan.Zero));
    private readonly EmulatedStation _station;
    private readonly EmulatedSerialLink _link = new();

    public BenchCalibrationSourceHilTests() => _station = EmulatedStation.FromPinMap(_time, PinMapLoader.LoadDefault());

    public void Dispose()
    {
        _link.Dispose();
        _station.Dispose();
    }

    private (EmulatedCalibrationSource Light, EmulatedBenchCalibrationSource Box) PlugInSource()
    {
        var light = new EmulatedCalibrationSource(_station, CalibrationBenchTruth.FromSeed(2));
        var box = new EmulatedBenchCalibrationSource(_link, light, "EMU-7");
        _station.Buses.AttachSerial(Port, _link.Open);
        return (light, box);
    }

    private BenchCalibrationSource OpenBinding() =>
        new(_station.Buses.OpenSerial(new SerialPortSettings(Port, BenchCalibrationSource.BaudRate)), _time, _time.AdvanceUntil, Port);

    [Fact]
    public void The_binding_drives_the_emulated_light_through_the_serial_link_without_time_passing()
    {
        var (light, box) = PlugInSource();
        using var source = OpenBinding();

        Assert.Equal(new BenchCalibrationSourceIdentity("QKD-Station", "Bench Calibration Source", "EMU-7", "1.0.0-emulated"), source.Identify());
        source.Set(CalibrationLightMode.Continuous, 0.125, CalibrationInjection.ThroughFilterWheels);

        Assert.Equal((CalibrationLightMode.Continuous, 0.125, CalibrationInjection.ThroughFilterWheels), (light.Mode, light.Power, light.Injection));
        Assert.Equal(new BenchCalibrationSourceState(CalibrationLightMode.Continuous, 0.125, CalibrationInjection.ThroughFilterWheels), source.ReadState());
        source.Reset();
        Assert.Equal((CalibrationLightMode.Off, 0.0, CalibrationInjection.BehindFilterWheels), (light.Mode, light.Power, light.Injection));
        Assert.Equal(TimeSpan.Zero, _time.Elapsed); // the box answers inside the firmware's Write
        Assert.Empty(box.QueuedErrors);
    }

    [Fact]
    public void A_hung_box_is_a_timeout_after_one_second_of_simulated_time()
    {
        var (light, box) = PlugInSource();
        using var source = OpenBinding();
        box.Silent = true;

        var ex = Assert.Throws<TimeoutException>(() => source.Set(CalibrationLightMode.Pulsed, 0.5));

        Assert.Contains("/dev/ttyACM1: no reply to 'SYST:ERR?' within 1 s", ex.Message, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(1), _time.Elapsed);
        Assert.Equal(CalibrationLightMode.Pulsed, light.Mode); // the commands themselves arrived; only the answers are missing
    }

    [Fact]
    public void Hardware_style_open_with_no_device_on_the_port_is_refused_naming_the_port_and_changes_nothing()
    {
        using var rig = new SerialOnlyRig(_station, _time);

        var ex = Assert.Throws<HardwareUnavailableException>(() => DetectorBench.Open(rig, "/dev/ttyACM1"));

        Assert.StartsWith("--calibration-source /dev/ttyACM1: the bench calibration source's port cannot be opened (No emulated device on serial port /dev/ttyACM1.)", ex.Message, StringComparison.Ordinal);
        Assert.EndsWith("nothing was changed", ex.Message, StringComparison.Ordinal);
        AssertDetectorsUntouched();
    }

    [Fact]
    public void Hardware_style_open_with_a_silent_port_is_refused_naming_the_port_and_changes_nothing()
    {
        _station.Buses.AttachSerial("/dev/ttyUSB3", _link.Open); // a device that never answers
        using var rig = new SerialOnlyRig(_station, _time);

        var ex = Assert.Throws<HardwareUnavailableException>(() => DetectorBench.Open(rig, "/dev/ttyUSB3"));

        Assert.Equal("--calibration-source /dev/ttyUSB3: the bench calibration source is not answering as it should: /dev/ttyUSB3: no reply to '*IDN?' within 1 s; is the calibration source connected and powered?; nothing was changed", ex.Message);
        AssertDetectorsUntouched();
    }

    [Fact]
    public void Hardware_style_open_of_another_instrument_is_refused_with_its_identity()
    {
        _link.FirmwareWrote += bytes =>
        {
            if (Encoding.ASCII.GetString(bytes) == "*IDN?\n")
            {
                _link.DeviceWrite("Keysight Technologies,33500B,MY5,4.0\n"u8);
            }
        };
        _station.Buses.AttachSerial(Port, _link.Open);
        using var rig = new SerialOnlyRig(_station, _time);

        var ex = Assert.Throws<HardwareUnavailableException>(() => DetectorBench.Open(rig));

        Assert.Equal("--calibration-source /dev/ttyACM1: the device there is 'Keysight Technologies,33500B,MY5,4.0', not the bench calibration source ('QKD-Station,Bench Calibration Source,…'); nothing was changed", ex.Message);
        AssertDetectorsUntouched();
    }

    [Fact]
    public void Hardware_style_open_with_the_box_on_the_port_runs_the_bench_through_the_binding()
    {
        var (light, box) = PlugInSource();
        using var rig = new SerialOnlyRig(_station, _time);

        using (var bench = DetectorBench.Open(rig))
        {
            Assert.Equal("EMU-7", bench.SourceIdentity.SerialNumber);
            bench.SetLight(CalibrationLightMode.Continuous, 0.5);
            Assert.Equal((CalibrationLightMode.Continuous, 0.5), (light.Mode, light.Power));
            Assert.Null(bench.Truth);
        }

        Assert.Equal(CalibrationLightMode.Off, light.Mode); // closing the bench turns the source off
        Assert.True(box.LinesReceived > 10);
    }

    [Fact]
    public void A_source_failing_mid_procedure_refuses_the_calibration()
    {
        var (_, box) = PlugInSource();
        using var rig = new SerialOnlyRig(_station, _time);
        using var bench = DetectorBench.Open(rig);
        box.Silent = true;

        var ex = Assert.Throws<CalibrationRefusedException>(() => bench.SetLight(CalibrationLightMode.Pulsed, 0.05));

        Assert.StartsWith("the bench calibration source failed: /dev/ttyACM1: no reply to 'SYST:ERR?'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_emulated_rig_plugs_the_source_in_on_the_port_given_and_records_nothing_but_the_binding_talking_to_it()
    {
        using var rig = EmulatedCalibrationRig.Create(CalibrationArguments.Parse([]));

        using var bench = DetectorBench.Open(rig, "/dev/ttyUSB0");
        bench.SetLight(CalibrationLightMode.Pulsed, 0.05);

        Assert.Equal("QKD-Station,Bench Calibration Source,EMU-0001,1.0.0-emulated", bench.SourceIdentity.ToString());
        Assert.Equal((CalibrationLightMode.Pulsed, 0.05), (rig.CalibrationSource!.Mode, rig.CalibrationSource.Power));
        Assert.True(rig.CalibrationSourceController!.LinesReceived > 0);
        Assert.Throws<IOException>(() => rig.Buses.OpenSerial(new SerialPortSettings(Port, BenchCalibrationSource.BaudRate)));
    }

    [Fact]
    public void Only_the_detector_side_scripts_take_calibration_source()
    {
        var parsed = CalibrationArguments.Parse(["--calibration-source", "/dev/ttyUSB0"], GateDelayCalibration.Options);
        Assert.Equal("/dev/ttyUSB0", parsed.Get("calibration-source"));
        Assert.Equal("/dev/ttyACM1", CalibrationArguments.Parse([], DetectorCalibration.Options).Get("calibration-source"));
        Assert.Equal("/dev/ttyUSB0", parsed.ToInputs()["calibration-source"]!.GetValue<string>());

        var missing = Assert.Throws<CalibrationArgumentException>(() => CalibrationArguments.Parse(["--calibration-source"], GateDelayCalibration.Options));
        Assert.Equal("option --calibration-source needs a value: the bench calibration source's serial port, e.g. /dev/ttyACM1", missing.Message);
        var unknown = Assert.Throws<CalibrationArgumentException>(() => CalibrationArguments.Parse(["--calibration-source", "/dev/ttyACM1"], PointingModelCalibration.Options));
        Assert.StartsWith("unknown option --calibration-source for this script: only the scripts that drive the bench calibration source take it (gate-delay-scan, filter-wheel-offsets, detector-characterization); expected one of --hardware", unknown.Message, StringComparison.Ordinal);
        var other = Assert.Throws<CalibrationArgumentException>(() => CalibrationArguments.Parse(["--calibration-port", "/dev/ttyACM1"], GateDelayCalibration.Options));
        Assert.StartsWith("unknown option --calibration-port; expected one of --hardware", other.Message, StringComparison.Ordinal);
    }

    private void AssertDetectorsUntouched()
    {
        Assert.Equal(0, _station.GateCounter.FrameCount);
        Assert.Equal(0, _station.Watchdog.EdgeCount);
    }

    /// <summary>A station rig that is not the emulated calibration rig: DetectorBench opens it as it opens the real one.</summary>
    private sealed class SerialOnlyRig(EmulatedStation station, SimulatedTimeProvider time) : CalibrationRig(StationConfiguration.Emulated(PinMapLoader.LoadDefault()), StationCatalog.Parse("delingha"))
    {
        public override string Description => "test rig (emulated buses, no source plugged in by the rig)";

        public override TimeProvider Time => time;

        public override IBusProvider Buses => station.Buses;

        public override bool WaitUntil(Func<bool> condition, TimeSpan limit) => time.AdvanceUntil(condition, limit);

        protected override void Dispose(bool disposing)
        {
        }
    }
}

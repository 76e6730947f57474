using System.Text;
using Station.Core.Timing;
using Station.Devices.Board;
using Station.Devices.CalibrationSource;
using Station.Emulator;
using Station.Emulator.Buses;
using Station.Emulator.Devices;
using Station.Emulator.World.Calibration;

namespace Station.Hil.Tests.Calibration;

/// <summary>The emulated controller box of the bench calibration source, spoken to byte by byte on its serial line.</summary>
public sealed class BenchCalibrationSourceTwinTests : IDisposable
{
    private readonly SimulatedTimeProvider _time = new(new DateTimeOffset(2026, 3, 19, 18, 0, 0, TimeSpan.Zero));
    private readonly EmulatedStation _station;
    private readonly CalibrationBenchTruth _truth = CalibrationBenchTruth.FromSeed(1);
    private readonly EmulatedCalibrationSource _light;
    private readonly EmulatedSerialLink _link = new();
    private readonly EmulatedBenchCalibrationSource _box;
    private readonly Stream _port;
    private readonly byte[] _readBuffer = new byte[4096];
    private Task<int>? _read;

    public BenchCalibrationSourceTwinTests()
    {
        _station = EmulatedStation.FromPinMap(_time, PinMapLoader.LoadDefault());
        _light = new EmulatedCalibrationSource(_station, _truth);
        _box = new EmulatedBenchCalibrationSource(_link, _light);
        _port = _link.Open();
    }

    public void Dispose()
    {
        _port.Dispose();
        _box.Dispose();
        _link.Dispose();
        _station.Dispose();
    }

    /// <summary>Writes <paramref name="text"/> and returns what the box sent back at once ("" for nothing).</summary>
    private string Send(string text)
    {
        _port.Write(Encoding.ASCII.GetBytes(text));
        var received = new StringBuilder();
        while ((_read ??= _port.ReadAsync(_readBuffer).AsTask()).IsCompleted) // one read stays pending, as the binding's does
        {
            received.Append(Encoding.ASCII.GetString(_readBuffer, 0, _read.Result));
            _read = null;
        }

        return received.ToString();
    }

    private (CalibrationLightMode, double, CalibrationInjection, double) State() =>
        (_light.Mode, _light.Power, _light.Injection, _station.GateCounter.Channels[0].SignalRate.Hertz);

    [Fact]
    public void Answers_IDN_with_the_QKD_station_identity()
    {
        Assert.Equal("QKD-Station,Bench Calibration Source,EMU-0001,1.0.0-emulated\n", Send("*IDN?\n"));
    }

    [Fact]
    public void Power_path_and_mode_drive_the_emulated_light_and_read_back()
    {
        Assert.Equal("", Send("SOUR:POW 0.3\nROUT:PATH BEH\nSOUR:MODE CW\n"));

        Assert.Equal((CalibrationLightMode.Continuous, 0.3, CalibrationInjection.BehindFilterWheels), (_light.Mode, _light.Power, _light.Injection));
        Assert.Equal(_truth.Channels[0].ContinuousRateAtFullPowerHz * 0.3, _station.GateCounter.Channels[0].SignalRate.Hertz, 1e-6);
        Assert.Equal("CW\n0.3\nBEH\n0,\"No error\"\n", Send("SOUR:MODE?\nSOUR:POW?\nROUT:PATH?\nSYST:ERR?\n"));
    }

    [Fact]
    public void Pulsed_mode_through_the_wheels_and_long_lower_case_forms_with_CR_LF()
    {
        Assert.Equal("", Send("source:power 1E-2\r\nroute:path through\r\nsource:mode pulsed\r\n"));

        Assert.Equal((CalibrationLightMode.Pulsed, 0.01, CalibrationInjection.ThroughFilterWheels), (_light.Mode, _light.Power, _light.Injection));
        Assert.Equal("PULS\nTHR\n0,\"No error\"\n", Send("Sour:Mode?\r\nROUTE:PATH?\nsystem:error?\n"));
    }

    [Fact]
    public void RST_turns_it_off_at_zero_power_behind_the_wheels()
    {
        Send("SOUR:POW 0.7\nROUT:PATH THR\nSOUR:MODE CW\n*RST\n");

        Assert.Equal((CalibrationLightMode.Off, 0.0, CalibrationInjection.BehindFilterWheels, 0.0), State());
    }

    [Theory]
    [InlineData("SOUR:POW 1.5", "-222,\"Data out of range\"")]
    [InlineData("SOUR:POW -0.1", "-222,\"Data out of range\"")]
    [InlineData("SOUR:POW half", "-104,\"Data type error\"")]
    [InlineData("SOUR:POW NaN", "-104,\"Data type error\"")]
    [InlineData("SOUR:POW", "-109,\"Missing parameter\"")]
    [InlineData("SOUR:MODE BRIGHT", "-224,\"Illegal parameter value\"")]
    [InlineData("ROUT:PATH SIDEWAYS", "-224,\"Illegal parameter value\"")]
    [InlineData("SOUR:FREQ 10", "-113,\"Undefined header\"")]
    [InlineData("SOUR:MODE? CW", "-108,\"Parameter not allowed\"")]
    [InlineData("*RST 1", "-108,\"Parameter not allowed\"")]
    [InlineData("SOUR:PO$W 0.5", "-100,\"Command error\"")]
    public void A_bad_line_queues_its_SCPI_error_answers_nothing_and_changes_nothing(string line, string error)
    {
        Send("SOUR:POW 0.2\nROUT:PATH THR\nSOUR:MODE CW\n");
        var before = State();

        Assert.Equal("", Send(line + "\n"));

        Assert.Equal(before, State());
        Assert.Equal([error], _box.QueuedErrors);
        Assert.Equal(error + "\n0,\"No error\"\n", Send("SYST:ERR?\nSYST:ERR?\n"));
    }

    [Fact]
    public void A_line_longer_than_256_characters_is_discarded_with_too_much_data()
    {
        var before = State();

        Send("SOUR:POW 0." + new string('1', 300) + "\n");

        Assert.Equal(before, State());
        Assert.Equal("-223,\"Too much data\"\n", Send("SYST:ERR?\n"));
    }

    [Fact]
    public void The_error_queue_is_oldest_first_ends_in_queue_overflow_and_CLS_empties_it()
    {
        Send("SOUR:POW 2\nSOUR:MODE X\n");
        Assert.Equal("-222,\"Data out of range\"\n", Send("SYST:ERR?\n"));
        Assert.Equal("-224,\"Illegal parameter value\"\n", Send("SYST:ERR?\n"));

        Send(string.Concat(Enumerable.Repeat("BOGUS\n", 12)));
        Assert.Equal(EmulatedBenchCalibrationSource.ErrorQueueCapacity, _box.QueuedErrors.Count);
        Assert.Equal("-350,\"Queue overflow\"", _box.QueuedErrors[^1]);

        Send("*CLS\n");
        Assert.Equal("0,\"No error\"\n", Send("SYST:ERR?\n"));
    }

    [Fact]
    public void Blank_lines_are_ignored()
    {
        Assert.Equal("", Send("\n\r\n  \n"));
        Assert.Empty(_box.QueuedErrors);
    }
}

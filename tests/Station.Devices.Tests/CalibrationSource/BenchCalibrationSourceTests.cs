using Station.Core.Timing;
using Station.Devices.CalibrationSource;

namespace Station.Devices.Tests.CalibrationSource;

public sealed class BenchCalibrationSourceTests : IDisposable
{
    private readonly SimulatedTimeProvider _time = new(new DateTimeOffset(2026, 3, 19, 18, 0, 0, TimeSpan.Zero));
    private readonly FakeScpiSourceStream _device = new() { Immediate = false };
    private readonly BenchCalibrationSource _source;

    public BenchCalibrationSourceTests() => _source = new BenchCalibrationSource(_device, _time, WaitDeliveringLateReplies, "/dev/ttyACM1");

    public void Dispose() => _source.Dispose();

    /// <summary>Real hardware answers after the write returns: deliver held replies whenever the binding waits.</summary>
    private bool WaitDeliveringLateReplies(Func<bool> condition, TimeSpan limit) =>
        _time.AdvanceUntil(() => condition() || (_device.DeliverPending() && condition()), limit);

    [Fact]
    public void Identify_sends_IDN_and_returns_its_four_fields()
    {
        var identity = _source.Identify();

        Assert.Equal("*IDN?\n", _device.WrittenText);
        Assert.Equal(new BenchCalibrationSourceIdentity("QKD-Station", "Bench Calibration Source", "SN-42", "1.2.0"), identity);
    }

    [Fact]
    public void Set_on_sends_power_and_path_before_the_mode_then_checks_errors_and_reads_back()
    {
        _source.Set(CalibrationLightMode.Continuous, 0.05, CalibrationInjection.ThroughFilterWheels);

        Assert.Equal("SOUR:POW 0.05\nROUT:PATH THR\nSOUR:MODE CW\nSYST:ERR?\nSOUR:MODE?\nSOUR:POW?\nROUT:PATH?\n", _device.WrittenText);
        Assert.Equal(("CW", 0.05, "THR"), (_device.Mode, _device.Power, _device.Path));
    }

    [Fact]
    public void Set_off_turns_the_light_off_first()
    {
        _source.Set(CalibrationLightMode.Pulsed, 1e-6);
        _device.Written.SetLength(0);

        _source.Set(CalibrationLightMode.Off, 0);

        Assert.StartsWith("SOUR:MODE OFF\nSOUR:POW 0\nROUT:PATH BEH\nSYST:ERR?\n", _device.WrittenText, StringComparison.Ordinal);
        Assert.Equal("OFF", _device.Mode);
    }

    [Fact]
    public void Pulsed_power_is_sent_round_trip_in_SCPI_exponent_form()
    {
        _source.Set(CalibrationLightMode.Pulsed, 1e-6);

        Assert.StartsWith("SOUR:POW 1E-06\nROUT:PATH BEH\nSOUR:MODE PULS\n", _device.WrittenText, StringComparison.Ordinal);
        Assert.Equal(new BenchCalibrationSourceState(CalibrationLightMode.Pulsed, 1e-6, CalibrationInjection.BehindFilterWheels), _source.ReadState());
    }

    [Fact]
    public void Replies_ending_in_CR_LF_delivered_at_once_are_parsed_alike()
    {
        _device.Immediate = true;
        _device.LineEnding = "\r\n";

        _source.Set(CalibrationLightMode.Continuous, 0.25);

        Assert.Equal(new BenchCalibrationSourceState(CalibrationLightMode.Continuous, 0.25, CalibrationInjection.BehindFilterWheels), _source.ReadState());
        Assert.Equal(TimeSpan.Zero, _time.Elapsed);
    }

    [Fact]
    public void A_SCPI_error_is_an_exception_naming_what_was_sent_what_came_back_and_what_was_expected()
    {
        _device.Respond = line => line == "SOUR:POW 0.5" ? Refuse("-222,\"Data out of range\"") : _device.Model(line);

        var ex = Assert.Throws<BenchCalibrationSourceException>(() => _source.Set(CalibrationLightMode.Continuous, 0.5));

        Assert.Equal(
            "/dev/ttyACM1: the calibration source refused a command: sent 'SOUR:POW 0.5', 'ROUT:PATH BEH', 'SOUR:MODE CW'; SYST:ERR? replied '-222,\"Data out of range\"'; expected '0,\"No error\"'",
            ex.Message);
        Assert.Empty(_device.Errors); // the queue was drained, so the next check starts clean
    }

    [Fact]
    public void A_lost_command_is_caught_by_the_read_back()
    {
        _device.Respond = line => line.StartsWith("ROUT:PATH ", StringComparison.Ordinal) ? null : _device.Model(line);

        var ex = Assert.Throws<BenchCalibrationSourceException>(() => _source.Set(CalibrationLightMode.Continuous, 0.1, CalibrationInjection.ThroughFilterWheels));

        Assert.Contains("did not take 'SOUR:POW 0.1', 'ROUT:PATH THR', 'SOUR:MODE CW'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("reads back mode CW, power 0.1, path BEH; expected mode CW, power 0.1, path THR", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_reply_is_a_timeout_after_the_reply_timeout_of_station_time()
    {
        _device.Respond = _ => null;

        var ex = Assert.Throws<TimeoutException>(() => _source.Identify());

        Assert.Equal("/dev/ttyACM1: no reply to '*IDN?' within 1 s; is the calibration source connected and powered?", ex.Message);
        Assert.Equal(TimeSpan.FromSeconds(1), _time.Elapsed);
    }

    [Fact]
    public void A_late_reply_to_a_timed_out_query_does_not_answer_the_next_one()
    {
        _device.Respond = line => line == "SOUR:MODE?" ? null : _device.Model(line);
        Assert.Throws<TimeoutException>(() => _source.ReadState());
        _device.Respond = _device.Model;
        _device.Immediate = true;
        _device.DeliverPending();

        Assert.Equal("0,\"No error\"", _source.ReadError());
    }

    [Fact]
    public void An_idle_port_whose_read_times_out_keeps_listening()
    {
        _device.TimeOutPendingRead();
        _device.TimeOutPendingRead(); // twice: a new read was issued after the first

        Assert.Equal("SN-42", _source.Identify().SerialNumber);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(-0.001)]
    [InlineData(1.001)]
    [InlineData(double.PositiveInfinity)]
    public void Power_outside_0_to_1_is_refused_before_anything_is_sent(double power)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => _source.Set(CalibrationLightMode.Continuous, power));

        Assert.Contains("within 0 … 1; nothing was sent", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, _device.Written.Length);
    }

    [Fact]
    public void An_undefined_mode_is_refused_before_anything_is_sent()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _source.Set((CalibrationLightMode)7, 0.5));

        Assert.Equal(0, _device.Written.Length);
    }

    [Fact]
    public void A_malformed_identity_is_an_exception_quoting_the_reply()
    {
        _device.Respond = line => line == "*IDN?" ? "GNSS receiver" : null;

        var ex = Assert.Throws<BenchCalibrationSourceException>(() => _source.Identify());

        Assert.Equal("/dev/ttyACM1: *IDN? replied 'GNSS receiver'; expected four fields: manufacturer,model,serial,firmware version", ex.Message);
    }

    [Fact]
    public void An_unparsable_read_back_names_the_query_and_the_reply()
    {
        _device.Respond = line => line == "SOUR:POW?" ? "high" : _device.Model(line);

        var ex = Assert.Throws<BenchCalibrationSourceException>(() => _source.ReadState());

        Assert.Equal("/dev/ttyACM1: SOUR:POW? replied 'high'; expected a number from 0 to 1", ex.Message);
    }

    [Fact]
    public void Reset_sends_RST_and_CLS_and_checks_the_source_is_off()
    {
        _source.Set(CalibrationLightMode.Continuous, 0.7, CalibrationInjection.ThroughFilterWheels);
        _device.Written.SetLength(0);

        _source.Reset();

        Assert.Equal("*RST\n*CLS\nSYST:ERR?\nSOUR:MODE?\nSOUR:POW?\nROUT:PATH?\n", _device.WrittenText);
        Assert.Equal(("OFF", 0.0, "BEH"), (_device.Mode, _device.Power, _device.Path));
    }

    [Fact]
    public void The_default_wait_returns_at_once_when_the_reply_came_inside_the_write()
    {
        var device = new FakeScpiSourceStream();
        using var source = new BenchCalibrationSource(device, _time);

        Assert.Equal("SN-42", source.Identify().SerialNumber);
    }

    [Fact]
    public void The_default_wait_times_out_on_the_station_clock()
    {
        var device = new FakeScpiSourceStream { Respond = _ => null };
        using var source = new BenchCalibrationSource(device, TimeProvider.System) { ReplyTimeout = TimeSpan.FromMilliseconds(20) };

        var ex = Assert.Throws<TimeoutException>(() => source.Identify());

        Assert.Contains("no reply to '*IDN?' within 0.02 s", ex.Message, StringComparison.Ordinal);
    }

    private string? Refuse(string error)
    {
        _device.Errors.Enqueue(error);
        return null;
    }
}

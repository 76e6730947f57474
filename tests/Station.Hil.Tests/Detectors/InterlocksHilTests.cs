using Station.Devices.Board;
using Station.Devices.Interlocks;
using Station.Emulator.Faults;

namespace Station.Hil.Tests.Detectors;

/// <summary>The interlocks binding (GPIO + the unmodified Mcp23017 binding) against the emulated panel and expander.</summary>
public sealed class InterlocksHilTests : IDisposable
{
    private readonly DetectorBench _bench = new();

    [Fact]
    public void The_unmodified_mcp23017_binding_configures_all_inputs_with_pull_ups_and_reads_everything_ok()
    {
        using var interlocks = _bench.OpenInterlocks();

        var snapshot = interlocks.Read();

        var expander = _bench.Station.InterlockExpander;
        Assert.Equal((0xFFFF, 0xFFFF, 0x0000), (expander.Directions, expander.PullUps, expander.InputPolarity));
        Assert.True(snapshot.ExpanderReadable);
        Assert.Equal(InterlockFaults.None, snapshot.Faults);
        Assert.True(snapshot.EstopOk && snapshot.KeyOk && snapshot.WatchdogOk);
        Assert.False(snapshot.DomeOpen);
        // key_ok and watchdog_ok are pulled to ground (asserted, active low); the unconnected spares read their pull-ups.
        Assert.Equal(0xFFFC, snapshot.ExpanderPins);
        Assert.Equal(_bench.Time.GetUtcNow(), snapshot.Time);
    }

    [Fact]
    public void Each_input_reads_through_its_active_level()
    {
        using var interlocks = _bench.OpenInterlocks();
        var panel = _bench.Station.InterlockPanel;

        panel.KeyOn = false;
        panel.DomeOpen = true;
        var snapshot = interlocks.Read();

        Assert.False(snapshot.KeyOk);
        Assert.True(snapshot.DomeOpen);
        Assert.Equal(InterlockFaults.KeyOff, snapshot.Faults);
        Assert.Equal(1, snapshot.ExpanderPins & 1); // open contact: the pull-up wins, which means "not OK"
    }

    [Fact]
    public void E_stop_is_reported_by_the_gpio_event_at_once_and_by_the_snapshot()
    {
        using var interlocks = _bench.OpenInterlocks();
        var events = new List<bool>();
        interlocks.FastInputChanged += events.Add;

        _bench.Station.InterlockPanel.EstopPressed = true;

        Assert.Equal([false], events);
        Assert.False(interlocks.ReadEstopOk());
        Assert.Equal(InterlockFaults.EstopPressed, interlocks.Read().Faults);
        _bench.Station.InterlockPanel.EstopPressed = false;
        Assert.Equal([false, true], events);
    }

    [Fact]
    public void The_estop_fault_opens_the_chain_for_its_duration()
    {
        using var interlocks = _bench.OpenInterlocks();
        var start = _bench.Time.GetUtcNow() + TimeSpan.FromMilliseconds(10);
        _bench.Station.Faults.Schedule(FaultKind.Estop, DeviceId.Interlocks, start, TimeSpan.FromMilliseconds(50));

        _bench.Time.AdvanceTo(start + TimeSpan.FromMilliseconds(1));
        Assert.Equal(InterlockFaults.EstopPressed, interlocks.Read().Faults);
        _bench.Time.AdvanceTo(start + TimeSpan.FromMilliseconds(51));
        Assert.Equal(InterlockFaults.None, interlocks.Read().Faults);
    }

    [Fact]
    public void An_expander_that_does_not_answer_reads_not_ok_and_recovers_when_it_answers_again()
    {
        using var interlocks = _bench.OpenInterlocks();
        Assert.Equal(InterlockFaults.None, interlocks.Read().Faults);
        _bench.Station.Faults.InjectNow(FaultKind.NoResponse, DeviceId.Interlocks);

        var snapshot = interlocks.Read();

        Assert.False(snapshot.ExpanderReadable);
        Assert.Equal(InterlockFaults.KeyOff | InterlockFaults.WatchdogTripped | InterlockFaults.ExpanderUnreadable, snapshot.Faults);
        Assert.True(snapshot.EstopOk); // GPIO inputs still read
        Assert.StartsWith("interlocks: MCP23017 at I2C1 0x20: ", snapshot.ExpanderError, StringComparison.Ordinal);
        Assert.Equal(3, interlocks.ExpanderFailures); // one read and two retries

        _bench.Time.Advance(TimeSpan.FromMilliseconds(5));
        _bench.Station.Faults.Clear(FaultKind.NoResponse, DeviceId.Interlocks);
        var recovered = interlocks.Read();
        Assert.Equal(InterlockFaults.None, recovered.Faults);
        Assert.Equal(0xFFFF, _bench.Station.InterlockExpander.PullUps); // configured afresh after the failure
    }

    [Fact]
    public void Interlocks_need_key_ok_and_watchdog_ok_on_the_expander()
    {
        var expander = _bench.Map.GetExpander(DeviceId.Interlocks);
        var withoutKey = expander with { Pins = [.. expander.Pins.Where(pin => pin.Name != "key_ok")] };
        using var i2c = _bench.Station.Buses.OpenI2c(_bench.Map.GetI2cConnectionSettings(DeviceId.Interlocks));

        var error = Assert.Throws<ArgumentException>(() => new Interlocks(
            _bench.Station.Buses.Gpio,
            _bench.Map.GetGpioLine(DeviceId.Interlocks, "estop_ok"),
            _bench.Map.GetGpioLine(DeviceId.Interlocks, "dome_open"),
            i2c,
            withoutKey,
            _bench.Time));

        Assert.Contains("The interlock expander has no pin 'key_ok' (it has: watchdog_ok, spare_gpa2", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _bench.Dispose();
}

using System.Device.Gpio;
using Station.Core.Timing;
using Station.Devices.Board;
using Station.Devices.Interlocks;
using Station.Devices.Tests.GateCounter;

namespace Station.Devices.Tests.Interlocks;

/// <summary>The heartbeat's timing on a recording GPIO driver and simulated time; the interlock fault wording.</summary>
public sealed class WatchdogHeartbeatTests : IDisposable
{
    private static readonly GpioLineAssignment Line = new("watchdog_heartbeat", 1, GpioDirection.Output, GpioPull.None, ActiveLevel.High);
    private readonly SimulatedTimeProvider _time = new(new DateTimeOffset(2026, 3, 19, 18, 0, 0, TimeSpan.Zero));
    private readonly RecordingGpioDriver _driver = new();
    private readonly GpioController _gpio;

    public WatchdogHeartbeatTests() => _gpio = new GpioController(_driver);

    [Fact]
    public void It_toggles_once_per_period_and_holds_the_line_when_stopped()
    {
        using var heartbeat = new WatchdogHeartbeat(_gpio, Line, _time);
        heartbeat.Start();

        _time.Advance(TimeSpan.FromMilliseconds(95));
        Assert.Equal(9, heartbeat.ToggleCount);
        Assert.Equal(PinValue.High, _driver.Levels[1]); // odd number of toggles from low
        Assert.Equal(_time.GetUtcNow() - TimeSpan.FromMilliseconds(5), heartbeat.LastToggleAt);

        heartbeat.Stop();
        _time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(9, heartbeat.ToggleCount);
        Assert.False(heartbeat.IsRunning);
    }

    [Fact]
    public void An_unhealthy_check_skips_toggles()
    {
        bool healthy = false;
        using var heartbeat = new WatchdogHeartbeat(_gpio, Line, _time, TimeSpan.FromMilliseconds(20), () => healthy);
        heartbeat.Start();

        _time.Advance(TimeSpan.FromMilliseconds(100));
        healthy = true;
        _time.Advance(TimeSpan.FromMilliseconds(40));

        Assert.Equal((2L, 5L), (heartbeat.ToggleCount, heartbeat.SkippedCount));
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(60)]
    public void A_period_that_risks_the_100_ms_timeout_is_refused(double milliseconds)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new WatchdogHeartbeat(_gpio, Line, _time, TimeSpan.FromMilliseconds(milliseconds)));

        Assert.Contains("must be 1-50 ms, well inside the watchdog's 100 ms timeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_input_line_is_refused()
    {
        var input = Line with { Direction = GpioDirection.Input };

        Assert.Contains("must be an output", Assert.Throws<ArgumentException>(() => new WatchdogHeartbeat(_gpio, input, _time)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Faults_are_described_in_words()
    {
        Assert.Equal("none", InterlockFaultText.Describe(InterlockFaults.None));
        Assert.Equal("e-stop pressed, watchdog tripped, interlock expander unreadable",
            InterlockFaultText.Describe(InterlockFaults.EstopPressed | InterlockFaults.WatchdogTripped | InterlockFaults.ExpanderUnreadable));
        var snapshot = new InterlockSnapshot(_time.GetUtcNow(), EstopOk: true, DomeOpen: false, KeyOk: false, WatchdogOk: true, ExpanderReadable: true, 0x0001, null);
        Assert.Equal(InterlockFaults.KeyOff, snapshot.Faults);
    }

    public void Dispose() => _gpio.Dispose();
}

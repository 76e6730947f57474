using Station.Devices.Board;
using Station.Devices.Interlocks;
using Station.Devices.UplinkLaser;
using Station.Emulator.Faults;

namespace Station.Hil.Tests.Detectors;

/// <summary>The uplink laser driver against the emulated laser and interlock panel: refusals, trips, latencies, faults.</summary>
public sealed class UplinkLaserHilTests : IDisposable
{
    private readonly DetectorBench _bench = new();
    private readonly Interlocks _interlocks;
    private readonly UplinkLaser _laser;

    public UplinkLaserHilTests()
    {
        _interlocks = _bench.OpenInterlocks();
        _laser = _bench.OpenLaser(_interlocks);
    }

    public static TheoryData<string, InterlockFaults> NotOkInputs => new()
    {
        { "estop", InterlockFaults.EstopPressed },
        { "aircraft", InterlockFaults.AircraftAlarm },
        { "key", InterlockFaults.KeyOff },
        { "watchdog", InterlockFaults.WatchdogTripped },
        { "expander", InterlockFaults.KeyOff | InterlockFaults.WatchdogTripped | InterlockFaults.ExpanderUnreadable },
    };

    [Fact]
    public void With_every_interlock_ok_the_laser_switches_on_and_emits_through_the_open_shutter()
    {
        var result = _laser.TrySwitchOn();

        Assert.Equal(new LaserSwitchResult(true, InterlockFaults.None, ""), result);
        Assert.Equal(UplinkLaserState.On, _laser.State);
        Assert.True(_bench.Station.UplinkLaser.IsBeamOut);
        _laser.SwitchOff();
        Assert.False(_bench.Station.UplinkLaser.IsEmitting);
        Assert.False(_bench.Station.UplinkLaser.ShutterOpen);
    }

    [Theory]
    [MemberData(nameof(NotOkInputs))]
    public void The_laser_refuses_to_switch_on_while_an_interlock_is_not_ok(string input, InterlockFaults expected)
    {
        MakeNotOk(input);

        var result = _laser.TrySwitchOn();
        var error = Assert.Throws<UplinkLaserInterlockException>(() => _laser.SwitchOn());

        Assert.False(result.Accepted);
        Assert.Equal(expected, result.Refusal);
        Assert.StartsWith("uplink_laser: refused to switch on: ", result.Reason, StringComparison.Ordinal);
        Assert.Equal(("uplink_laser", expected), (error.DeviceName, error.Faults));
        Assert.Equal(UplinkLaserState.Off, _laser.State);
        Assert.Equal(0, _bench.Station.UplinkLaser.EmissionStarts);
        Assert.False(_bench.Station.UplinkLaser.EnableCommanded);
    }

    [Fact]
    public void Several_open_interlocks_are_all_named()
    {
        _bench.Station.InterlockPanel.EstopPressed = true;
        _bench.Station.InterlockPanel.AircraftPresent = true;
        _bench.Station.InterlockPanel.KeyOn = false;

        var error = Assert.Throws<UplinkLaserInterlockException>(() => _laser.SwitchOn());

        Assert.Equal("uplink_laser: refused to switch on: e-stop pressed, aircraft alarm, laser key off.", error.Message);
    }

    [Theory]
    [InlineData(FaultKind.AircraftAlarm, DeviceId.UplinkLaser, InterlockFaults.AircraftAlarm)]
    [InlineData(FaultKind.AircraftAlarm, DeviceId.Interlocks, InterlockFaults.AircraftAlarm)]
    [InlineData(FaultKind.Estop, DeviceId.Interlocks, InterlockFaults.EstopPressed)]
    public void A_gpio_interlock_fault_switches_the_laser_off_within_a_millisecond_and_it_stays_off(FaultKind kind, string deviceId, InterlockFaults expected)
    {
        _laser.SwitchOn();
        var tripped = new List<UplinkLaserTrippedEventArgs>();
        _laser.Tripped += (_, args) => tripped.Add(args);
        var start = _bench.Time.GetUtcNow() + TimeSpan.FromMilliseconds(3.5);
        _bench.Station.Faults.Schedule(kind, deviceId, start, TimeSpan.FromMilliseconds(40));

        Assert.True(_bench.Time.AdvanceUntil(() => !_bench.Station.UplinkLaser.IsEmitting, TimeSpan.FromMilliseconds(10)));

        // The fault shows on the line at the next world step (≤ 1 ms); the GPIO event drops the outputs at once.
        var offAt = _bench.Station.UplinkLaser.LastEmissionChangeAt!.Value;
        Assert.InRange(offAt - start, TimeSpan.Zero, TimeSpan.FromMilliseconds(1));
        Assert.Equal(UplinkLaserState.Tripped, _laser.State);
        Assert.Equal((expected, offAt), _laser.LastTrip!.Value);
        Assert.Equal(expected, Assert.Single(tripped).Faults);

        _bench.Time.AdvanceTo(start + TimeSpan.FromMilliseconds(60)); // the fault is over: still off until asked
        Assert.False(_bench.Station.UplinkLaser.IsEmitting);
        Assert.Equal(UplinkLaserState.Tripped, _laser.State);
        Assert.True(_laser.TrySwitchOn().Accepted);
        Assert.True(_bench.Station.UplinkLaser.IsBeamOut);
    }

    [Fact]
    public void Turning_the_key_off_stops_emission_at_once_and_the_driver_follows_within_one_poll()
    {
        _laser.SwitchOn();
        var keyOffAt = _bench.Time.GetUtcNow();

        _bench.Station.InterlockPanel.KeyOn = false;

        Assert.False(_bench.Station.UplinkLaser.IsEmitting); // the key's power pole
        Assert.True(_bench.Station.UplinkLaser.EnableCommanded); // the driver has not polled yet
        Assert.True(_bench.Time.AdvanceUntil(() => !_bench.Station.UplinkLaser.EnableCommanded, TimeSpan.FromMilliseconds(20)));
        Assert.InRange(_bench.Time.GetUtcNow() - keyOffAt, TimeSpan.Zero, _laser.PollPeriod);
        Assert.Equal(InterlockFaults.KeyOff, _laser.LastTrip!.Value.Faults);

        _bench.Station.InterlockPanel.KeyOn = true;
        _bench.Time.Advance(TimeSpan.FromMilliseconds(20));
        Assert.False(_bench.Station.UplinkLaser.IsEmitting); // no automatic restart
    }

    [Fact]
    public void Losing_the_expander_while_on_switches_the_laser_off_at_the_next_poll()
    {
        _laser.SwitchOn();
        _bench.Station.Faults.InjectNow(FaultKind.NoResponse, DeviceId.Interlocks, TimeSpan.FromMilliseconds(30));

        Assert.True(_bench.Time.AdvanceUntil(() => _laser.State == UplinkLaserState.Tripped, _laser.PollPeriod));

        Assert.Equal(InterlockFaults.KeyOff | InterlockFaults.WatchdogTripped | InterlockFaults.ExpanderUnreadable, _laser.LastTrip!.Value.Faults);
        Assert.False(_bench.Station.UplinkLaser.IsEmitting);
    }

    private void MakeNotOk(string input)
    {
        var panel = _bench.Station.InterlockPanel;
        switch (input)
        {
            case "estop":
                panel.EstopPressed = true;
                break;
            case "aircraft":
                panel.AircraftPresent = true;
                break;
            case "key":
                panel.KeyOn = false;
                break;
            case "watchdog":
                _bench.Heartbeat.Stop();
                _bench.Time.Advance(TimeSpan.FromMilliseconds(150));
                break;
            case "expander":
                _bench.Station.Faults.InjectNow(FaultKind.NoResponse, DeviceId.Interlocks);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(input), input, "unknown interlock input");
        }
    }

    public void Dispose() => _bench.Dispose();
}

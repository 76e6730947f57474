using Station.Devices.Board;
using Station.Devices.FilterWheel;
using Station.Devices.Tmc5160;
using Station.Emulator.Devices;
using Station.Emulator.Faults;
using Station.Emulator.World;

namespace Station.Hil.Tests.Motion;

/// <summary>The filter-wheel driver over its TMC5160 binding against the emulated wheel, hall index on REFL.</summary>
public sealed class FilterWheelHilTests : IDisposable
{
    private readonly MotionTestStation _s = new();
    private readonly EmulatedFilterWheel _spectral;
    private readonly EmulatedFilterWheel _nd;

    public FilterWheelHilTests()
    {
        _spectral = _s.Station.SpectralFilterWheel;
        _nd = _s.Station.NdFilterWheel;
    }

    private FilterWheelResult Run(FilterWheelOperation operation)
    {
        _s.RunToEnd(operation);
        Assert.Null(operation.Error);
        return operation.Result!;
    }

    private TException Fails<TException>(FilterWheelOperation operation)
        where TException : Exception
    {
        _s.RunToEnd(operation);
        return Assert.IsType<TException>(operation.Error);
    }

    private FilterWheel Homed(string deviceId, EmulatedFilterWheel twin, int maxRetries = 2)
    {
        var wheel = _s.OpenFilterWheel(deviceId, twin, maxRetries: maxRetries);
        Run(wheel.Home());
        return wheel;
    }

    /// <summary>A pair of slots whose shortest move crosses the index unambiguously.</summary>
    private static (int From, int To, long Delta) CrossingMove(FilterWheelOptions options, int revolution, int indexWidth)
    {
        for (int a = 0; a < options.Slots.Count; a++)
        {
            for (int b = 0; b < options.Slots.Count; b++)
            {
                long from = options.Slots[a].OffsetMicrosteps;
                long delta = FilterWheelGeometry.ShortestDelta(from, options.Slots[b].OffsetMicrosteps, revolution);
                if (a != b && FilterWheelGeometry.ExpectedIndexLatch(from, from + delta, revolution, indexWidth, 256, out bool ambiguous) is not null && !ambiguous)
                {
                    return (a, b, delta);
                }
            }
        }

        throw new InvalidOperationException("no slot pair crosses the index");
    }

    [Fact]
    public void Homing_finds_the_index_measures_the_magnet_and_every_slot_lands_in_the_beam()
    {
        using var wheel = _s.OpenFilterWheel(DeviceId.FilterWheelSpectral, _spectral);
        Assert.False(wheel.IsHomed);
        var home = wheel.Home();
        Assert.True(wheel.IsMoving);
        var homed = Run(home);
        Assert.True(wheel.IsHomed);
        Assert.False(wheel.IsMoving);
        Assert.InRange(homed.IndexWidthMicrosteps!.Value, 1270, 1290); // a 3° magnet on 153,600 microsteps/turn

        foreach (int slot in new[] { 2, 5, 0, 3, 1, 4, 0, 5 })
        {
            var result = Run(wheel.MoveTo($"slot{slot}"));
            Assert.Equal(slot, _spectral.SlotInBeam);
            Assert.Equal($"slot{slot}", wheel.CurrentSlot);
            Assert.Equal($"slot{slot}", result.Slot);
            Assert.InRange(Math.Abs(_spectral.SlotErrorDegrees(slot)), 0, 0.02);
            if (result.IndexErrorMicrosteps is int error)
            {
                Assert.InRange(error, -16, 16); // the hardware latch: a few microsteps at most
            }
        }

        Assert.True(wheel.IndexChecksPassed >= 2, $"only {wheel.IndexChecksPassed} moves crossed the index");
    }

    [Fact]
    public void Every_move_goes_the_shortest_way_round()
    {
        using var wheel = Homed(DeviceId.FilterWheelNd, _nd);
        var options = MotionTestStation.CalibratedOptions(_nd);
        Run(wheel.MoveTo("slot0"));
        foreach (int slot in new[] { 5, 1, 4, 2, 3, 0 })
        {
            double before = _nd.WheelDegrees;
            long from = _nd.Driver.Ramp.Target;
            Run(wheel.MoveTo($"slot{slot}"));
            long delta = FilterWheelGeometry.ShortestDelta(from, options.Slots[slot].OffsetMicrosteps, wheel.MicrostepsPerRevolution);
            Assert.InRange(Math.Abs(delta), 0, wheel.MicrostepsPerRevolution / 2);
            Assert.Equal(delta * 360.0 / wheel.MicrostepsPerRevolution, _nd.WheelDegrees - before, 0.01);
        }
    }

    [Fact]
    public void A_slip_is_caught_when_the_index_latches_off_its_expected_step_and_the_wheel_must_be_rehomed()
    {
        using var wheel = Homed(DeviceId.FilterWheelSpectral, _spectral);
        var options = MotionTestStation.CalibratedOptions(_spectral);
        var (from, to, _) = CrossingMove(options, wheel.MicrostepsPerRevolution, wheel.IndexWidthMicrosteps!.Value);
        Run(wheel.MoveTo($"slot{from}"));

        _spectral.InjectSlip(motorFullSteps: 8); // 8 full steps = 2,048 microsteps, far beyond the ±256 tolerance
        var error = Fails<FilterWheelIndexException>(wheel.MoveTo($"slot{to}"));
        Assert.Equal(DeviceId.FilterWheelSpectral, error.WheelName);
        Assert.NotNull(error.LatchedMicrosteps);
        Assert.Contains("the wheel slipped", error.Message, StringComparison.Ordinal);
        Assert.False(wheel.IsHomed);
        Assert.Null(wheel.CurrentSlot);
        Assert.NotEqual(to, _spectral.SlotInBeam); // it really is off: 2,048 microsteps = 4.8°
        var refused = Assert.Throws<InvalidOperationException>(() => wheel.MoveTo("slot0"));
        Assert.Contains("is not homed", refused.Message, StringComparison.Ordinal);

        Run(wheel.Home());
        Run(wheel.MoveTo($"slot{to}"));
        Assert.Equal(to, _spectral.SlotInBeam);
    }

    [Fact]
    public void Random_slips_are_caught_at_the_next_crossing_of_the_index()
    {
        using var wheel = Homed(DeviceId.FilterWheelSpectral, _spectral);
        var (from, to, _) = CrossingMove(MotionTestStation.CalibratedOptions(_spectral), wheel.MicrostepsPerRevolution, wheel.IndexWidthMicrosteps!.Value);
        _spectral.SlipProbabilityPerRevolution = 2;
        Exception? error = null;
        for (int i = 0; i < 40 && error is null; i++)
        {
            var move = wheel.MoveTo($"slot{(i % 2 == 0 ? to : from)}");
            _s.RunToEnd(move);
            error = move.Error;
        }

        Assert.IsType<FilterWheelIndexException>(error);
        Assert.True(_spectral.SlipCount > 0);
    }

    [Fact]
    public void A_motor_stall_stops_the_motor_in_hardware_and_ends_the_move_with_a_stall_fault()
    {
        using var wheel = Homed(DeviceId.FilterWheelNd, _nd);
        Run(wheel.MoveTo("slot0"));
        _s.Station.Faults.InjectNow(FaultKind.MotorStall, DeviceId.FilterWheelNd, TimeSpan.FromSeconds(2));
        var move = wheel.MoveTo("slot3");
        var error = Fails<FilterWheelStallException>(move);
        Assert.Equal(DeviceId.FilterWheelNd, error.WheelName);
        Assert.StartsWith("filter_wheel_nd: StallGuard2 stopped the motor", error.Message, StringComparison.Ordinal);
        Assert.True(_s.Time.GetUtcNow() - move.StartedAt < TimeSpan.FromMilliseconds(200), "the stall was not caught at once");
        Assert.Equal(0, _nd.SlotInBeam); // the jammed wheel never left slot 0
        Assert.False(wheel.IsHomed);
        Assert.Equal(0, _nd.Driver.Ramp.Velocity);

        _s.Time.Advance(TimeSpan.FromSeconds(2)); // the jam clears
        Run(wheel.Home());
        Run(wheel.MoveTo("slot3"));
        Assert.Equal(3, _nd.SlotInBeam);
    }

    [Fact]
    public void With_a_dead_hall_sensor_homing_times_out_with_a_typed_fault_and_the_motor_stops()
    {
        using var wheel = _s.OpenFilterWheel(DeviceId.FilterWheelSpectral, _spectral);
        _spectral.HallSensorFailed = true;
        var home = wheel.Home();
        var error = Fails<FilterWheelTimeoutException>(home);
        Assert.Contains("the index never passed the sensor", error.Message, StringComparison.Ordinal);
        Assert.InRange(error.Elapsed, home.TimeLimit, home.TimeLimit + TimeSpan.FromMilliseconds(10));
        Assert.False(wheel.IsHomed);
        _s.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, _spectral.Driver.Ramp.Velocity);
    }

    [Fact]
    public void A_driver_shutdown_mid_move_ends_the_move_with_a_driver_fault_naming_the_flags()
    {
        using var wheel = Homed(DeviceId.FilterWheelSpectral, _spectral);
        var move = wheel.MoveTo("slot3");
        _s.Time.Advance(TimeSpan.FromMilliseconds(100));
        _spectral.Driver.SetDriverConditions(EmulatedDriverConditions.Overtemperature);
        var error = Fails<FilterWheelDriverException>(move);
        Assert.Equal("drv_err, ot, otpw", error.Health);
        Assert.False(wheel.IsHomed);
    }

    [Fact]
    public void A_controller_reset_mid_move_ends_the_move_with_a_driver_fault_and_requires_initialising_again()
    {
        using var wheel = Homed(DeviceId.FilterWheelNd, _nd);
        var move = wheel.MoveTo("slot4");
        _s.Time.Advance(TimeSpan.FromMilliseconds(100));
        _nd.Driver.PowerCycle(); // a brown-out on VCC_IO: every register back at its reset value
        var error = Fails<FilterWheelDriverException>(move);
        Assert.Equal("reset", error.Health);
        Assert.Contains("the position is lost", error.Message, StringComparison.Ordinal);
        Assert.False(wheel.IsHomed);

        wheel.Initialize();
        Run(wheel.Home());
        Run(wheel.MoveTo("slot4"));
        Assert.Equal(4, _nd.SlotInBeam);
    }

    [Fact]
    public void Under_spi_crc_homing_and_moves_complete_correctly_on_retries()
    {
        _s.Station.Faults.InjectNow(FaultKind.SpiCrc, DeviceId.FilterWheelSpectral);
        using var wheel = Homed(DeviceId.FilterWheelSpectral, _spectral, maxRetries: 5);
        foreach (int slot in new[] { 4, 1, 3 })
        {
            Run(wheel.MoveTo($"slot{slot}"));
            Assert.Equal(slot, _spectral.SlotInBeam);
        }

        Assert.True(_spectral.Driver.GarbledReplyCount > 20, $"only {_spectral.Driver.GarbledReplyCount} garbled replies");
    }

    [Fact]
    public void When_the_controller_stops_answering_mid_move_the_move_fails_naming_it_and_the_next_move_works()
    {
        using var wheel = Homed(DeviceId.FilterWheelNd, _nd);
        var move = wheel.MoveTo("slot2");
        _s.Time.Advance(TimeSpan.FromMilliseconds(50));
        _s.Station.Faults.InjectNow(FaultKind.NoResponse, DeviceId.FilterWheelNd, TimeSpan.FromSeconds(1));
        var error = Fails<Tmc5160NoResponseException>(move);
        Assert.Equal(DeviceId.FilterWheelNd, error.DeviceName);
        Assert.Equal(3, error.Attempts);
        Assert.True(wheel.IsHomed); // XACTUAL still lives in the chip, which finished the move on its own

        _s.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, _nd.SlotInBeam);
        Run(wheel.MoveTo("slot5"));
        Assert.Equal(5, _nd.SlotInBeam);
    }

    [Fact]
    public void Bad_commands_are_refused_with_the_reason_and_change_nothing()
    {
        using var wheel = _s.OpenFilterWheel(DeviceId.FilterWheelNd, _nd);
        var notHomed = Assert.Throws<InvalidOperationException>(() => wheel.MoveTo("slot1"));
        Assert.Equal("filter_wheel_nd is not homed (never homed, or it stalled, timed out or slipped since); home it first.", notHomed.Message);
        var unknown = Assert.Throws<ArgumentException>(() => wheel.MoveTo("ND9"));
        Assert.StartsWith("filter_wheel_nd has no slot 'ND9'; its slots are: slot0, slot1, slot2, slot3, slot4, slot5.", unknown.Message, StringComparison.Ordinal);

        var home = wheel.Home();
        long datagrams = _nd.Driver.DatagramCount;
        var busy = Assert.Throws<InvalidOperationException>(() => wheel.Home());
        Assert.StartsWith("filter_wheel_nd is busy (Home to index since", busy.Message, StringComparison.Ordinal);
        Assert.Equal(datagrams, _nd.Driver.DatagramCount);
        Run(home);
    }

    public void Dispose() => _s.Dispose();
}

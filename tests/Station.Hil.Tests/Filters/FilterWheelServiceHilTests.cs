using Station.Core.Safety;
using Station.Devices.FilterWheel;
using Station.Emulator.Faults;
using Station.Emulator.World;
using Station.Firmware.Filters;
using DeviceId = Station.Devices.Board.DeviceId;

namespace Station.Hil.Tests.Filters;

/// <summary>The filter-wheel service on the emulated station's two wheels, in simulated time.</summary>
public sealed class FilterWheelServiceHilTests
{
    private const int Revolution = 200 * 256 * 3; // microsteps per wheel turn of the emulated 3:1 wheels
    private const int IndexWidth = 1280;          // the emulated 3° magnet

    private static int SlotIndex(string[] names, string slot) => Array.IndexOf(names, slot);

    /// <summary>A pair of slots whose shortest move crosses (or avoids) the index without ambiguity.</summary>
    private static (int From, int To) Pair(FilterWheelConfiguration wheel, bool crossing)
    {
        for (int a = 0; a < wheel.Slots.Count; a++)
        {
            for (int b = 0; b < wheel.Slots.Count; b++)
            {
                long from = wheel.Slots[a].OffsetMicrosteps;
                long delta = FilterWheelGeometry.ShortestDelta(from, wheel.Slots[b].OffsetMicrosteps, Revolution);
                long back = FilterWheelGeometry.ShortestDelta(from + delta, from, Revolution);
                bool there = FilterWheelGeometry.ExpectedIndexLatch(from, from + delta, Revolution, IndexWidth, 512, out bool ambiguous) is not null;
                bool returning = FilterWheelGeometry.ExpectedIndexLatch(from + delta, from + delta + back, Revolution, IndexWidth, 512, out bool ambiguousBack) is not null;
                if (a != b && !ambiguous && !ambiguousBack && there == crossing && returning == crossing)
                {
                    return (a, b);
                }
            }
        }

        throw new InvalidOperationException($"no slot pair with crossing={crossing}");
    }

    [Fact]
    public void Start_up_homes_every_wheel_with_the_gates_held_off_then_turns_to_the_start_up_slot()
    {
        using var b = new FilterWheelServiceBench(o => o.Wheels[1].StartupSlot = "dark");
        Assert.Equal(default, b.Service.Sense(0)); // never homed: the service cannot tell, so the supervisor forbids
        Assert.Equal(SensorStatus.Unknown, b.Service.Sense(1).Moving.Status);

        b.Start();
        Assert.Equal(2, b.Guard.OpenHolds);
        Assert.True(b.Service.Sense(0).Moving.Value);
        Assert.Equal(-1, b.Service.Sense(0).Slot.Value);
        b.RunToEnd(b.Service.CurrentSelection("spectral")!);
        var nd = b.Service.CurrentSelection("nd")!;
        b.RunToEnd(nd);

        Assert.Null(nd.Error);
        Assert.True(nd.Result!.Homed);
        Assert.Equal("dark", nd.Result.Slot);
        Assert.Equal(SlotIndex(FilterWheelServiceBench.NdSlots, "dark"), b.Nd.SlotInBeam);
        Assert.Equal(new FilterWheelSense(Sensed.Ok(false, b.Motion.Time.GetUtcNow()), Sensed.Ok(5, b.Motion.Time.GetUtcNow())), b.Service.Sense(1));
        Assert.False(b.Service.Sense(0).Moving.Value);
        Assert.Equal(SensorStatus.Valid, b.Service.Sense(0).Slot.Status);
        Assert.Equal(0, b.Guard.OpenHolds);
        Assert.Equal(["filter wheel 'spectral' homing", "filter wheel 'nd' homing"], b.Guard.Holds.Select(h => h.Reason));
    }

    [Fact]
    public void Every_selection_goes_the_shortest_way_round_in_both_directions_and_lands_the_slot_in_the_beam()
    {
        using var b = new FilterWheelServiceBench();
        b.StartAndHome();
        var wheel = b.Options.Wheels[1];
        int positive = 0, negative = 0;
        foreach (string slot in new[] { "ND2", "ND4", "ND3", "ND1", "ND2", "open", "dark", "ND1" })
        {
            double before = b.Nd.WheelDegrees;
            long from = b.Nd.Driver.Ramp.Target;
            int index = SlotIndex(FilterWheelServiceBench.NdSlots, slot);
            var result = b.Select("nd", slot);

            long delta = FilterWheelGeometry.ShortestDelta(from, wheel.Slots[index].OffsetMicrosteps, Revolution);
            double turned = b.Nd.WheelDegrees - before;
            Assert.Equal(delta * 360.0 / Revolution, turned, 0.01);
            Assert.InRange(Math.Abs(turned), 0, 180);
            positive += turned > 0 ? 1 : 0;
            negative += turned < 0 ? 1 : 0;
            Assert.Equal(slot, result.Slot);
            Assert.Equal(index, b.Nd.SlotInBeam);
            Assert.Equal(slot, b.Service.CurrentSlot("nd"));
            Assert.Equal(index, b.Service.Sense(1).Slot.Value);
        }

        Assert.True(positive >= 2 && negative >= 2, $"moves went {positive}× positive and {negative}× negative; the sequence should need both");
    }

    [Fact]
    public void The_gates_are_off_from_before_the_motor_starts_until_the_wheel_has_settled()
    {
        using var b = new FilterWheelServiceBench(wireGuardToBoard: true);
        b.StartAndHome();
        var board = b.Board!;
        board.SetBoardEnabled(true);
        for (int ch = 0; ch < 4; ch++)
        {
            board.SetChannelEnabled(ch, true);
            board.SetMasterEnable(ch, true);
        }

        var gates = b.Motion.Station.GateCounter;
        Assert.All(Enumerable.Range(0, 4), ch => Assert.True(gates.IsGateOpen(ch)));
        var twin = b.Spectral;
        double angle = twin.WheelDegrees;
        var selection = b.Service.SelectSlot("spectral", "dark");
        Assert.Equal(1, b.Guard.OpenHolds);
        Assert.All(Enumerable.Range(0, 4), ch => Assert.False(gates.IsGateOpen(ch))); // off before SelectSlot returned
        Assert.Equal(angle, twin.WheelDegrees);

        DateTimeOffset lastTurning = DateTimeOffset.MinValue;
        int steps = 0;
        while (!selection.IsCompleted)
        {
            b.Motion.Time.Advance(TimeSpan.FromMilliseconds(1));
            steps++;
            bool turning = twin.Driver.Ramp.Velocity != 0 || twin.WheelDegrees != angle;
            angle = twin.WheelDegrees;
            if (turning)
            {
                lastTurning = b.Motion.Time.GetUtcNow();
            }

            if (turning || !selection.IsCompleted)
            {
                Assert.Equal(1, b.Guard.OpenHolds);
                Assert.True(b.Service.Sense(0).Moving.Value);
                Assert.All(Enumerable.Range(0, 4), ch => Assert.False(gates.IsGateOpen(ch)));
            }
        }

        Assert.True(steps > 300, $"the move took only {steps} ms");
        var hold = Assert.Single(b.Guard.Holds.Skip(2));
        Assert.Equal("filter wheel 'spectral' moving to 'dark'", hold.Reason);
        Assert.True(hold.ReleasedAt >= lastTurning + TimeSpan.FromMilliseconds(200), $"released {hold.ReleasedAt:O}, last motion {lastTurning:O}: the settle time was not kept");
        Assert.False(b.Service.Sense(0).Moving.Value);
        Assert.Equal(SlotIndex(FilterWheelServiceBench.SpectralSlots, "dark"), twin.SlotInBeam);
        Assert.All(Enumerable.Range(0, 4), ch => Assert.False(gates.IsGateOpen(ch))); // releasing a hold turns nothing on
    }

    [Fact]
    public void A_slipped_wheel_is_caught_by_the_index_check_faults_naming_wheel_and_slot_and_keeps_the_gates_off()
    {
        using var b = new FilterWheelServiceBench();
        b.StartAndHome();
        var (from, to) = Pair(b.Options.Wheels[0], crossing: true);
        string fromSlot = FilterWheelServiceBench.SpectralSlots[from], toSlot = FilterWheelServiceBench.SpectralSlots[to];
        b.Select("spectral", fromSlot);

        b.Spectral.InjectSlip(motorFullSteps: 8); // 2,048 microsteps lost, far beyond the ±256 tolerance
        var selection = b.Service.SelectSlot("spectral", toSlot);
        b.RunToEnd(selection);

        var error = selection.Error!;
        Assert.NotNull(error);
        Assert.Equal("spectral", error.Wheel);
        Assert.Equal(toSlot, error.Slot);
        Assert.IsType<FilterWheelIndexException>(error.InnerException);
        Assert.StartsWith($"Filter wheel 'spectral' selecting '{toSlot}' failed: filter_wheel_spectral: moving", error.Message, StringComparison.Ordinal);
        Assert.Contains("the wheel slipped", error.Message, StringComparison.Ordinal);
        Assert.Equal(new FilterWheelSense(Sensed.Faulted<bool>(b.Motion.Time.GetUtcNow()), Sensed.Faulted<int>(b.Motion.Time.GetUtcNow())), b.Service.Sense(0));
        Assert.Equal(1, b.Guard.OpenHolds); // a faulted wheel keeps the detectors off
        Assert.NotEqual(to, b.Spectral.SlotInBeam);

        var refused = Assert.Throws<FilterWheelCommandRefusedException>(() => b.Service.SelectSlot("spectral", fromSlot));
        Assert.Contains("it is faulted (selecting", refused.Message, StringComparison.Ordinal);
        Assert.EndsWith("home it first. Nothing was moved.", refused.Message, StringComparison.Ordinal);

        var home = b.Service.Home("spectral");
        b.RunToEnd(home);
        Assert.Null(home.Error);
        Assert.Equal(0, b.Guard.OpenHolds);
        b.Select("spectral", toSlot);
        Assert.Equal(to, b.Spectral.SlotInBeam);
    }

    [Fact]
    public void A_motor_stall_ends_the_selection_with_a_fault_naming_wheel_and_slot()
    {
        using var b = new FilterWheelServiceBench();
        b.StartAndHome();
        b.Select("nd", "open");
        b.Motion.Station.Faults.InjectNow(FaultKind.MotorStall, DeviceId.FilterWheelNd, TimeSpan.FromSeconds(2));
        var selection = b.Service.SelectSlot("nd", "ND3");
        b.RunToEnd(selection);

        var error = selection.Error!;
        Assert.IsType<FilterWheelStallException>(error.InnerException);
        Assert.Equal(("nd", "ND3"), (error.Wheel, error.Slot));
        Assert.StartsWith("Filter wheel 'nd' selecting 'ND3' failed: filter_wheel_nd: StallGuard2 stopped the motor", error.Message, StringComparison.Ordinal);
        Assert.Equal(SensorStatus.Faulted, b.Service.Sense(1).Slot.Status);
        Assert.Equal(SlotIndex(FilterWheelServiceBench.NdSlots, "open"), b.Nd.SlotInBeam); // jammed: it never left
        Assert.Contains("StallGuard2", b.Service.FaultOf("nd"), StringComparison.Ordinal);
        Assert.Equal(SensorStatus.Valid, b.Service.Sense(0).Moving.Status); // the other wheel is unaffected
    }

    [Fact]
    public void A_dead_index_sensor_makes_start_up_homing_time_out_and_the_wheel_is_faulted()
    {
        using var b = new FilterWheelServiceBench();
        b.Spectral.HallSensorFailed = true;
        b.StartAndHome();

        var homing = b.Service.CurrentSelection("spectral")!;
        var error = homing.Error!;
        Assert.IsType<FilterWheelTimeoutException>(error.InnerException);
        Assert.Null(error.Slot);
        Assert.StartsWith("Filter wheel 'spectral' homing failed: filter_wheel_spectral: Home to index timed out after", error.Message, StringComparison.Ordinal);
        Assert.Contains("the index never passed the sensor", error.Message, StringComparison.Ordinal);
        Assert.Equal(SensorStatus.Faulted, b.Service.Sense(0).Moving.Status);
        Assert.Equal(1, b.Guard.OpenHolds);
        Assert.Null(b.Service.CurrentSelection("nd")!.Error);
        Assert.Equal(SensorStatus.Valid, b.Service.Sense(1).Slot.Status);
    }

    [Fact]
    public void After_too_many_moves_without_an_index_check_the_next_selection_homes_first()
    {
        using var b = new FilterWheelServiceBench(o => o.Wheels[1].MaxMovesWithoutIndexCheck = 2);
        b.StartAndHome();
        var (x, y) = Pair(b.Options.Wheels[1], crossing: false);
        string[] names = FilterWheelServiceBench.NdSlots;
        var results = new List<FilterSelectionResult>();
        foreach (int slot in new[] { x, y, x, y, x })
        {
            results.Add(b.Select("nd", names[slot]));
            Assert.Equal(slot, b.Nd.SlotInBeam);
        }

        // The oracle: a selection homes first exactly when the two moves before it went unchecked.
        int uncheckedMoves = 0; // homing is the check; the move that leaves the index edge is not one
        int holds = 2;
        foreach (var result in results)
        {
            Assert.Equal(uncheckedMoves >= 2, result.Homed);
            uncheckedMoves = result.IndexErrorMicrosteps is null ? (result.Homed ? 1 : uncheckedMoves + 1) : 0;
            Assert.Equal(result.Homed ? "filter wheel 'nd' homing" : $"filter wheel 'nd' moving to '{result.Slot}'", b.Guard.Holds[holds++].Reason);
        }

        Assert.Contains(results, r => r.Homed);
    }

    [Fact]
    public void Bad_commands_are_refused_with_the_valid_names_and_nothing_moves()
    {
        using var b = new FilterWheelServiceBench(o => o.HomeAtStartup = false);
        b.Start();
        long datagrams = b.Nd.Driver.DatagramCount;
        double angle = b.Nd.WheelDegrees;

        var unknownSlot = Assert.Throws<FilterWheelCommandRefusedException>(() => b.Service.SelectSlot("nd", "ND5"));
        Assert.Equal("Filter wheel 'nd' has no slot 'ND5'; valid slots: 'open', 'ND1', 'ND2', 'ND3', 'ND4', 'dark'. Nothing was moved.", unknownSlot.Message);
        var unknownWheel = Assert.Throws<FilterWheelCommandRefusedException>(() => b.Service.SelectSlot("colour", "open"));
        Assert.Equal("There is no filter wheel 'colour'; configured wheels: 'spectral', 'nd'. Nothing was moved.", unknownWheel.Message);
        var notHomed = Assert.Throws<FilterWheelCommandRefusedException>(() => b.Service.SelectSlot("nd", "ND1"));
        Assert.Equal("Filter wheel 'nd' cannot select 'ND1': it has not been homed; home it first. Nothing was moved.", notHomed.Message);
        b.Motion.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(datagrams, b.Nd.Driver.DatagramCount);
        Assert.Equal(angle, b.Nd.WheelDegrees);
        Assert.Empty(b.Guard.Holds);
        Assert.Equal(default, b.Service.Sense(1));

        var home = b.Service.Home("nd");
        var busy = Assert.Throws<FilterWheelCommandRefusedException>(() => b.Service.SelectSlot("nd", "ND1"));
        Assert.StartsWith("Filter wheel 'nd' is busy (homing since", busy.Message, StringComparison.Ordinal);
        b.RunToEnd(home);
        Assert.Equal("ND1", b.Select("nd", "ND1").Slot);
        Assert.Equal(1, b.Nd.SlotInBeam);
    }

    [Fact]
    public void Invalid_wheel_configuration_is_refused_naming_each_option()
    {
        var options = new FilterWheelServiceOptions
        {
            Wheels =
            [
                new FilterWheelConfiguration
                {
                    Name = "spectral", DeviceId = DeviceId.FilterWheelSpectral, SlotCount = 3, StartupSlot = "closed",
                    Slots = [new() { Name = "open", OffsetMicrosteps = 0 }, new() { Name = "open", OffsetMicrosteps = 51_200 }],
                },
                new FilterWheelConfiguration
                {
                    Name = "spectral", DeviceId = DeviceId.FilterWheelSpectral, SlotCount = 1, SettleTimeMs = -1,
                    Slots = [new() { Name = "ND1", OffsetMicrosteps = 200_000 }],
                },
            ],
        };

        var problems = options.Validate();

        Assert.Equal(
            [
                "Station:FilterWheels:Wheels:0.Slots names 2 slots; the wheel has 3 (SlotCount): name every position",
                "Station:FilterWheels:Wheels:0.StartupSlot 'closed' is not one of the slots (open, open)",
                "Station:FilterWheels:Wheels:0.slot 'open' appears more than once.",
                "Station:FilterWheels:Wheels:1.Name 'spectral' is already used by Station:FilterWheels:Wheels:0; expected unique wheel names",
                "Station:FilterWheels:Wheels:1.DeviceId 'filter_wheel_spectral' is already used by Station:FilterWheels:Wheels:0; expected one wheel per motion controller",
                "Station:FilterWheels:Wheels:1.SettleTimeMs is -1; expected 0…10000",
                "Station:FilterWheels:Wheels:1.slot 'ND1' offset 200000 is outside 0…153599 microsteps (one wheel revolution).",
            ],
            problems);
    }
}

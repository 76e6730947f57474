using Station.Core.Safety;
using Station.Devices.Board;
using Station.Emulator.Faults;
using UnitsNet;

namespace Station.Hil.Tests.Safety;

/// <summary>The safety loop on the emulated station: sensing, applying permissions to the hardware, commands, fail-closed behaviour.</summary>
public sealed class SafetyLoopHilTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(10);

    [Fact]
    public void Gates_open_only_once_every_condition_holds_and_an_estop_closes_them_within_one_tick()
    {
        using var bench = new SafetyBench();
        bench.QuietNight();
        bench.Time.Advance(TimeSpan.FromMilliseconds(50));
        Assert.All(Enumerable.Range(0, 4), ch => Assert.False(bench.GateRunning(ch))); // watchdog not armed, no window yet
        bench.RunUntilGatesOpen();
        Assert.True(bench.Station.Watchdog.State == Emulator.Devices.EmulatedWatchdogState.Running);

        bench.Station.InterlockPanel.EstopPressed = true;
        bench.Time.Advance(Tick);

        for (int ch = 0; ch < 4; ch++)
        {
            Assert.False(bench.GateRunning(ch));
            Assert.False(bench.Board.IsMasterEnabled(ch));
            Assert.True((bench.Loop.Permissions.GateReasons(ch) & SafetyReason.EStop) != 0);
        }

        Assert.Contains(bench.Telemetry.Audits, a => a.Permission == PermissionKind.DetectorGate && a.WasPermitted && !a.Permitted
            && (a.Added & SafetyReason.EStop) != 0 && (a.CausedBy & SafetyInputs.EStop) != 0 && a.Time == bench.Time.GetUtcNow());
        Assert.Contains(bench.Telemetry.Audits, a => a.Permission == PermissionKind.MountMotion && !a.Permitted);

        bench.Station.InterlockPanel.EstopPressed = false;
        bench.Time.Advance(Tick);
        Assert.All(Enumerable.Range(0, 4), ch => Assert.True(bench.GateRunning(ch)));
        Assert.Equal(0, bench.Loop.FailedTickCount);
    }

    [Fact]
    public void A_flash_between_the_software_and_hardware_trip_levels_gates_the_channel_off_within_one_window_and_latches()
    {
        using var bench = new SafetyBench();
        bench.QuietNight();
        bench.Board.SetShutterOpen(true);
        bench.RunUntilGatesOpen();
        var window = bench.Loop.Options.CountMonitor.IntegrationWindow.ToTimeSpan();
        uint sequence = bench.Station.GateCounter.WindowSequence;
        Assert.True(bench.Time.AdvanceUntil(() => bench.Station.GateCounter.WindowSequence != sequence, window + Tick));

        // 10 ns gates every 100 ns, one count per gate at most (22 ns dead time): 40 MHz while open gives 1 − e^−0.4 = 0.33
        // counts per gate, 3.3 MHz: above the 2 MHz software trip, below the board's 5 MHz hardware trip. Only the loop can stop it.
        var flashStart = bench.Time.GetUtcNow();
        bench.Station.GateCounter.Channels[2].SignalRate = Frequency.FromMegahertz(40);
        Assert.True(bench.Time.AdvanceUntil(() => !bench.GateRunning(2), 3 * window));
        var closedAfter = bench.Time.GetUtcNow() - flashStart;

        Assert.InRange(closedAfter, window, window + Tick);
        Assert.Equal(0u, bench.Station.GateCounter.TripFlags); // the board never tripped: the software trip did it
        Assert.True(bench.Loop.CountMonitor.IsLatched(2));
        Assert.All(bench.Station.GateCounter.Channels, c => Assert.Equal(0, c.DamageEvents));
        Assert.All(new[] { 0, 1, 3 }, ch => Assert.True(bench.GateRunning(ch)));
        Assert.Contains(bench.Telemetry.Events, e => e.Source == "count_monitor" && e.Kind == "software_trip" && e.Message.Contains("channel 2", StringComparison.Ordinal));
        Assert.Contains(bench.Telemetry.Audits, a => a.Permission == PermissionKind.DetectorGate && a.Channel == 2 && a.WasPermitted && !a.Permitted
            && (a.Added & SafetyReason.TripLatched) != 0 && (a.CausedBy & SafetyInputs.TripState) != 0);

        // Latched: the light going away does not reopen the gate; the reset waits out the hold-off.
        bench.Station.GateCounter.Channels[2].SignalRate = Frequency.Zero;
        bench.Time.Advance(2 * window);
        Assert.False(bench.GateRunning(2));
        var early = bench.Loop.ResetTrip(2);
        Assert.False(early.Accepted);
        Assert.Contains("hold-off", early.Message, StringComparison.Ordinal);
        Assert.True(bench.Loop.CountMonitor.IsLatched(2));

        bench.Time.Advance(TimeSpan.FromSeconds(1));
        var reset = bench.Loop.ResetTrip(2);
        Assert.True(reset.Accepted, reset.Message);
        bench.Time.Advance(Tick);
        Assert.True(bench.GateRunning(2));
    }

    [Fact]
    public void A_detector_whose_counts_collapse_below_its_dark_counts_is_reported_as_a_security_event_but_stays_gated_on()
    {
        using var bench = new SafetyBench();
        bench.QuietNight();
        bench.RunUntilGatesOpen();
        bench.Time.Advance(TimeSpan.FromSeconds(10));
        Assert.DoesNotContain(bench.Telemetry.Events, e => e.Kind == "count_collapse"); // 100 Hz dark through 10 % gates: as configured

        bench.Station.GateCounter.Channels[3].DarkCountRate = Frequency.Zero; // blinded or disconnected: nothing counts
        bench.Time.Advance(TimeSpan.FromSeconds(15));

        // One test per 56 expected counts (5.6 s at 10 Hz): two in 15 s, each a security event.
        var collapses = bench.Telemetry.Events.Where(e => e.Kind == "count_collapse" && e.Message.Contains("channel 3: count collapse, 0 counts where 56 were expected", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, collapses.Count);
        Assert.All(collapses, e => Assert.Equal("count_monitor", e.Source));
        Assert.DoesNotContain(bench.Telemetry.Events, e => e.Kind == "count_collapse" && !e.Message.Contains("channel 3", StringComparison.Ordinal));
        Assert.True(bench.GateRunning(3)); // logged, not tripped: a dark detector is not in danger
        Assert.True(bench.Telemetry.Detectors.Count >= 240);
    }

    [Fact]
    public void An_aircraft_alarm_during_lock_turns_the_laser_off_within_one_tick_and_only_the_operator_rearms_it()
    {
        using var bench = new SafetyBench();
        bench.QuietNight();
        bench.RunUntilGatesOpen();
        Assert.True(bench.Loop.ArmLaser().Accepted);
        bench.Time.Advance(Tick);
        Assert.True(bench.Station.UplinkLaser.IsBeamOut);

        // Lock loss turns it off without disarming; the lock coming back turns it on again.
        bench.Scripted.Locked = false;
        bench.Time.Advance(Tick);
        Assert.False(bench.Station.UplinkLaser.IsEmitting);
        Assert.True(bench.Loop.LaserArmed);
        bench.Scripted.Locked = true;
        bench.Time.Advance(Tick);
        Assert.True(bench.Station.UplinkLaser.IsEmitting);

        var alarmAt = bench.Time.GetUtcNow();
        bench.Station.Faults.InjectNow(FaultKind.AircraftAlarm, DeviceId.UplinkLaser, TimeSpan.FromSeconds(2));
        bench.Time.Advance(Tick);
        Assert.False(bench.Station.UplinkLaser.IsEmitting);
        Assert.InRange(bench.Station.UplinkLaser.LastEmissionChangeAt!.Value - alarmAt, TimeSpan.Zero, Tick);
        Assert.False(bench.Loop.LaserArmed);
        Assert.Contains(bench.Telemetry.Audits, a => a.Permission == PermissionKind.UplinkLaser && a.WasPermitted && !a.Permitted
            && (a.CausedBy & SafetyInputs.AircraftDetector) != 0);

        var refused = bench.Loop.ArmLaser();
        Assert.False(refused.Accepted);
        Assert.True((refused.Reasons & SafetyReason.AircraftAlarm) != 0, refused.Message);
        Assert.Contains("aircraft", refused.Message, StringComparison.Ordinal);

        bench.Time.Advance(TimeSpan.FromSeconds(3)); // the alarm has cleared long ago
        Assert.False(bench.Station.UplinkLaser.IsEmitting);
        Assert.True((bench.Loop.Permissions.LaserReasons & SafetyReason.NotArmed) != 0);
        Assert.True(bench.Loop.ArmLaser().Accepted);
        bench.Time.Advance(Tick);
        Assert.True(bench.Station.UplinkLaser.IsBeamOut);
    }

    [Fact]
    public void Refused_commands_say_why_and_change_nothing()
    {
        using var bench = new SafetyBench();
        bench.QuietNight();
        bench.Scripted.SetWheel(0, moving: false, slot: 2); // "open"
        bench.RunUntilGatesOpen();
        bench.Station.InterlockPanel.AircraftPresent = true;
        bench.Time.Advance(Tick);
        int audits = bench.Telemetry.Audits.Count;
        var laserBefore = bench.Loop.Permissions.LaserReasons;

        var arm = bench.Loop.ArmLaser();
        Assert.False(arm.Accepted);
        Assert.Equal("arming refused: the aircraft detector reports an aircraft", arm.Message);
        var channel = bench.Loop.ResetTrip(7);
        Assert.False(channel.Accepted);
        Assert.Equal("channel 7 does not exist; the configured detector channels are 0…3", channel.Message);
        var notLatched = bench.Loop.ResetTrip(1);
        Assert.Equal("channel 1: no trip is latched", notLatched.Message);
        var daylight = bench.Loop.SetDaylightMode(true);
        Assert.False(daylight.Accepted);
        Assert.Equal("put a daylight-approved filter in the beam first: wheel 'spectral': slot 'open' is in the beam (approved: 810/10nm)", daylight.Message);

        bench.Time.Advance(Tick);
        Assert.False(bench.Loop.LaserArmed);
        Assert.False(bench.Loop.DaylightMode);
        Assert.Equal(laserBefore, bench.Loop.Permissions.LaserReasons);
        Assert.Equal(audits, bench.Telemetry.Audits.Count);
        Assert.All(Enumerable.Range(0, 4), ch => Assert.True(bench.GateRunning(ch)));
        Assert.Equal(4, bench.Telemetry.Events.Count(e => e.Kind == "operator_command" && e.Message.Contains("refused", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_gate_counter_that_stops_answering_gates_everything_off_at_the_next_tick_over_gpio()
    {
        using var bench = new SafetyBench();
        bench.QuietNight();
        bench.RunUntilGatesOpen();
        bench.Station.Faults.InjectNow(FaultKind.NoResponse, DeviceId.GateCounter);
        bench.Time.Advance(Tick);
        for (int ch = 0; ch < 4; ch++)
        {
            Assert.False(bench.Board.IsMasterEnabled(ch));
            Assert.True((bench.Loop.Permissions.GateReasons(ch) & SafetyReason.BrightLightInputInvalid) != 0);
        }

        bench.Station.Faults.Clear(FaultKind.NoResponse, DeviceId.GateCounter);
        bench.RunUntilGatesOpen();
    }

    [Fact]
    public void A_failing_tick_forces_everything_off_and_starves_the_watchdog()
    {
        using var bench = new SafetyBench();
        bench.QuietNight();
        bench.RunUntilGatesOpen();
        Assert.True(bench.Loop.ArmLaser().Accepted);
        bench.Time.Advance(Tick);
        Assert.True(bench.Station.UplinkLaser.IsEmitting);

        bench.Scripted.MountThrows = true;
        bench.Time.Advance(Tick);
        Assert.False(bench.Station.UplinkLaser.IsEmitting);
        Assert.All(Enumerable.Range(0, 4), ch => Assert.False(bench.GateRunning(ch)));
        Assert.True(bench.Time.AdvanceUntil(() => bench.Station.Watchdog.IsCut, TimeSpan.FromMilliseconds(150)));
        Assert.True(bench.Loop.FailedTickCount > 5);
        Assert.Contains(bench.Telemetry.Audits, a => a.Permission == PermissionKind.UplinkLaser && a.WasPermitted && !a.Permitted && a.Reasons == SafetyReason.NotEvaluated);

        // Once the fault is gone the loop evaluates again, but the watchdog stays cut until someone resets it.
        bench.Scripted.MountThrows = false;
        bench.Time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.False(bench.Loop.LaserArmed);
        Assert.All(Enumerable.Range(0, 4), ch => Assert.False(bench.GateRunning(ch)));
        bench.Station.Watchdog.Reset();
        bench.RunUntilGatesOpen();
    }

    [Fact]
    public void A_gate_hold_closes_every_gate_before_it_returns_and_the_gates_reopen_only_after_release()
    {
        using var bench = new SafetyBench();
        bench.QuietNight();
        bench.RunUntilGatesOpen();
        var hold = bench.Loop.HoldGatesOff("spectral wheel to ND4");
        Assert.All(Enumerable.Range(0, 4), ch => Assert.False(bench.GateRunning(ch)));
        bench.Time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.All(Enumerable.Range(0, 4), ch => Assert.False(bench.GateRunning(ch)));
        hold.Dispose();
        hold.Dispose(); // a second release changes nothing
        Assert.Equal(0, bench.Loop.GateHoldCount);
        bench.Time.Advance(Tick);
        Assert.All(Enumerable.Range(0, 4), ch => Assert.True(bench.GateRunning(ch)));
    }

    [Fact]
    public void Options_are_validated_with_every_problem_named()
    {
        var options = SafetyBench.DefaultOptions() with { ControlTick = TimeSpan.FromMilliseconds(80), SunRefreshInterval = TimeSpan.FromSeconds(2) };
        var problems = options.Validate();
        Assert.Contains("ControlTick is 80 ms; expected 1…50 ms (the heartbeat toggles each tick and the watchdog cuts after 100 ms)", problems);
        Assert.Contains("Safety.MaxAges.MountPosition (50 ms) must exceed ControlTick (80 ms)", problems);
        Assert.Contains(problems, p => p.StartsWith("SunRefreshInterval is 2000 ms", StringComparison.Ordinal));
    }
}

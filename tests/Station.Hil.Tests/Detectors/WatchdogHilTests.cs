using System.Device.Gpio;
using Station.Devices.Board;
using Station.Devices.GateCounter;
using Station.Devices.Interlocks;
using Station.Devices.UplinkLaser;
using Station.Emulator.Devices;
using Station.Emulator.Faults;

namespace Station.Hil.Tests.Detectors;

/// <summary>The heartbeat against the emulated external watchdog, which cuts the laser and every gate in hardware.</summary>
public sealed class WatchdogHilTests
{
    private static readonly TimeSpan Ms = TimeSpan.FromMilliseconds(1);

    [Fact]
    public void At_power_up_everything_stays_cut_until_the_heartbeat_has_run_for_the_arming_time()
    {
        using var bench = new DetectorBench(startHeartbeat: false);
        var watchdog = bench.Station.Watchdog;
        Assert.Equal(EmulatedWatchdogState.AwaitingHeartbeat, watchdog.State);
        Assert.True(bench.Station.GateCounter.ExternalCut);
        Assert.True(bench.Station.UplinkLaser.ExternalCut);

        bench.Heartbeat.Start(); // first edge after one toggle period (10 ms), armed 250 ms after that
        bench.Time.Advance(259 * Ms);
        Assert.True(watchdog.IsCut);
        bench.Time.Advance(1 * Ms);
        Assert.Equal(EmulatedWatchdogState.Running, watchdog.State);
        Assert.False(bench.Station.GateCounter.ExternalCut);
    }

    [Fact]
    public void A_few_boot_time_edges_do_not_arm_the_watchdog()
    {
        using var bench = new DetectorBench(startHeartbeat: false);
        var line = bench.Map.GetGpioLine(DeviceId.Interlocks, "watchdog_heartbeat").Line;
        var gpio = bench.Station.Buses.Gpio;
        gpio.OpenPin(line, PinMode.Output);
        for (int i = 0; i < 4; i++)
        {
            gpio.Write(line, i % 2 == 0 ? PinValue.High : PinValue.Low); // the boot ROM probing for a HAT EEPROM
            bench.Time.Advance(2 * Ms);
        }

        bench.Time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(EmulatedWatchdogState.AwaitingHeartbeat, bench.Station.Watchdog.State);
        Assert.Equal(4, bench.Station.Watchdog.EdgeCount);
    }

    [Fact]
    public void The_watchdog_cuts_gates_and_laser_after_more_than_100_ms_without_an_edge_and_not_before()
    {
        using var bench = new DetectorBench();
        var board = bench.OpenGateCounter();
        using var interlocks = bench.OpenInterlocks();
        var laser = bench.OpenLaser(interlocks);
        laser.SwitchOn();
        Assert.True(bench.Station.UplinkLaser.IsBeamOut);
        Assert.True(bench.Station.GateCounter.IsGateOpen(0));

        bench.Heartbeat.Stop();
        var lastEdge = bench.Heartbeat.LastToggleAt!.Value;
        bench.Time.AdvanceTo(lastEdge + TimeSpan.FromMilliseconds(100));
        Assert.False(bench.Station.Watchdog.IsCut);
        Assert.True(bench.Station.UplinkLaser.IsEmitting);
        Assert.True(bench.Station.GateCounter.IsGateOpen(0));

        bench.Time.AdvanceTo(lastEdge + TimeSpan.FromMilliseconds(101));
        var trippedAt = bench.Station.Watchdog.TrippedAt!.Value;
        Assert.InRange(trippedAt, lastEdge + TimeSpan.FromMilliseconds(100) + TimeSpan.FromTicks(1), lastEdge + TimeSpan.FromMilliseconds(101));
        Assert.False(bench.Station.UplinkLaser.IsEmitting); // hardware cut, whatever the firmware drives
        Assert.All(Enumerable.Range(0, 4), channel => Assert.False(bench.Station.GateCounter.IsGateOpen(channel)));
        var status = board.ReadStatus();
        Assert.True(status.WatchdogCut);
        Assert.Equal(GateChannels.None, status.GatesActive);

        // The driver sees watchdog_ok drop at its next poll and switches its own outputs off too.
        Assert.True(bench.Time.AdvanceUntil(() => laser.State == UplinkLaserState.Tripped, laser.PollPeriod));
        Assert.Equal(InterlockFaults.WatchdogTripped, laser.LastTrip!.Value.Faults);
    }

    [Fact]
    public void A_trip_latches_until_the_reset_button_and_a_steady_heartbeat()
    {
        using var bench = new DetectorBench();
        bench.Heartbeat.Stop();
        bench.Time.Advance(TimeSpan.FromMilliseconds(150));
        Assert.Equal(EmulatedWatchdogState.Tripped, bench.Station.Watchdog.State);

        bench.Heartbeat.Start();
        bench.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(EmulatedWatchdogState.Tripped, bench.Station.Watchdog.State); // heartbeat alone does not release it

        bench.Station.Watchdog.Reset();
        Assert.True(bench.Station.Watchdog.IsCut);
        bench.Time.Advance(TimeSpan.FromMilliseconds(270));
        Assert.Equal(EmulatedWatchdogState.Running, bench.Station.Watchdog.State);
        Assert.False(bench.Station.GateCounter.ExternalCut);
    }

    [Fact]
    public void An_unhealthy_firmware_starves_the_watchdog_on_purpose()
    {
        using var bench = new DetectorBench(startHeartbeat: false);
        bool healthy = true;
        using var heartbeat = WatchdogHeartbeat.Open(bench.Station.Buses, bench.Map, bench.Time, isHealthy: () => healthy);
        heartbeat.Start();
        bench.Time.Advance(TimeSpan.FromMilliseconds(300));
        Assert.False(bench.Station.Watchdog.IsCut);

        healthy = false;
        bench.Time.Advance(TimeSpan.FromMilliseconds(120));

        Assert.Equal(EmulatedWatchdogState.Tripped, bench.Station.Watchdog.State);
        Assert.InRange(heartbeat.SkippedCount, 11, 12);
    }

    [Fact]
    public void Watchdog_starvation_cuts_after_the_timeout_and_recovers_only_after_the_fault_and_a_reset()
    {
        using var bench = new DetectorBench();
        var board = bench.OpenGateCounter();
        using var interlocks = bench.OpenInterlocks();
        var laser = bench.OpenLaser(interlocks);
        laser.SwitchOn();
        var faultStart = bench.Time.GetUtcNow() + TimeSpan.FromMilliseconds(5);
        bench.Station.Faults.Schedule(FaultKind.WatchdogStarvation, DeviceId.Interlocks, faultStart, TimeSpan.FromMilliseconds(300));

        bench.Time.AdvanceTo(faultStart + TimeSpan.FromMilliseconds(90));
        Assert.False(bench.Station.Watchdog.IsCut); // the last edge that got through was at most 10 ms before the fault
        Assert.True(bench.Time.AdvanceUntil(() => bench.Station.Watchdog.IsCut, TimeSpan.FromMilliseconds(25)));
        var lastEdge = bench.Station.Watchdog.LastEdgeAt!.Value;
        Assert.InRange(bench.Station.Watchdog.TrippedAt!.Value - lastEdge, TimeSpan.FromMilliseconds(100) + TimeSpan.FromTicks(1), TimeSpan.FromMilliseconds(101));
        Assert.True(bench.Heartbeat.IsRunning); // the firmware kept toggling; the edges were lost on the way

        // Drivers report it: the laser trips on watchdog_ok, the board reports the cut.
        Assert.True(bench.Time.AdvanceUntil(() => laser.State == UplinkLaserState.Tripped, laser.PollPeriod));
        Assert.Equal(InterlockFaults.WatchdogTripped, laser.LastTrip!.Value.Faults);
        Assert.True(board.ReadStatus().WatchdogCut);
        Assert.False(interlocks.Read().WatchdogOk);

        bench.Time.AdvanceTo(faultStart + TimeSpan.FromMilliseconds(400)); // fault over, still latched
        Assert.True(bench.Station.Watchdog.IsCut);
        Assert.Equal(InterlockFaults.WatchdogTripped, laser.TrySwitchOn().Refusal);

        bench.Station.Watchdog.Reset();
        bench.Time.Advance(TimeSpan.FromMilliseconds(270));
        Assert.False(board.ReadStatus().WatchdogCut);
        Assert.True(interlocks.Read().WatchdogOk);
        Assert.True(laser.TrySwitchOn().Accepted);
        Assert.True(bench.Station.UplinkLaser.IsBeamOut);
    }
}

using Microsoft.Extensions.DependencyInjection;
using Station.Cli.Simulation;
using Station.Core.Sequencing;
using Station.Emulator.Scenarios;
using Station.Firmware.Sequencing;
using Station.Firmware.Telemetry;
using Station.Hil.Tests.Telemetry;
using Xunit.Abstractions;

namespace Station.Hil.Tests.Simulation;

/// <summary>
/// The whole station in steady fine lock — firmware host (mount loop, acquisition at 100 fps and 1 kHz, safety loop,
/// gate delays, sequencer, telemetry) and the emulated world — allocates nothing in a control tick; only once-a-second
/// work (GNSS, health) does. Everything runs on the thread that advances simulated time, so the thread's allocation counter sees all of it except the
/// telemetry writer's own thread.
/// </summary>
public sealed class StationAllocationTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task In_steady_fine_lock_control_ticks_allocate_nothing_only_once_a_second_work_does()
    {
        using var pass = SimulatedPass.Prepare(Scenario.BuiltIn, _directory.Path, TimeSpan.FromSeconds(60));
        var time = pass.Time;
        var host = pass.CreateHost();
        pass.JournalRunStart(host.Services.GetRequiredService<ITelemetrySink>());
        await host.StartAsync();
        var sequencer = host.Services.GetRequiredService<StationSequencerService>();
        Assert.True(time.AdvanceUntil(() => sequencer.State == SequencerState.FineLock && time.GetUtcNow() > pass.Aos.AddSeconds(30), TimeSpan.FromMinutes(6)));
        time.Advance(TimeSpan.FromSeconds(5)); // warm every path (ROI camera, pools, JIT)

        // Tick by tick: the allocation counter of the one thread that runs every timer of the firmware and of the world.
        const int seconds = 10;
        var allocatedPerTick = new long[seconds * 100];
        for (int tick = 0; tick < allocatedPerTick.Length; tick++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            time.Advance(TimeSpan.FromMilliseconds(10));
            allocatedPerTick[tick] = GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Assert.Equal(SequencerState.FineLock, sequencer.State);
        await host.StopAsync();
        host.Dispose();

        var allocating = allocatedPerTick.Select((bytes, tick) => (bytes, tick)).Where(t => t.bytes > 0).ToList();
        output.WriteLine($"{allocatedPerTick.Length - allocating.Count} of {allocatedPerTick.Length} control ticks of 10 ms allocated nothing " +
                         $"(1,000 physics steps, 100 camera frames, 1,000 fine-loop samples per second); {allocatedPerTick.Sum():N0} B in {seconds} s, all in: " +
                         string.Join(", ", allocating.Take(12).Select(t => $"tick {t.tick}: {t.bytes} B")));
        // What may allocate is once-a-second work: the GNSS receiver's NMEA burst and 1PPS edge (emulator and binding)
        // and the health sample (BME280 binding). Any allocation in a per-tick loop (100 Hz mount, 100 fps camera,
        // 1 kHz fine loop, 100 Hz safety tick, 1 kHz physics) would show in every tick.
        Assert.True(allocating.Count <= 5 * seconds, $"{allocating.Count} of {allocatedPerTick.Length} control ticks allocated");
    }
}

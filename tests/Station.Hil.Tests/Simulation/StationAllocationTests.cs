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
/// gate delays, sequencer, telemetry) and the emulated world — allocates (almost) nothing per control tick. Everything
/// runs on the thread that advances simulated time, so the thread's allocation counter sees all of it except the
/// telemetry writer's own thread.
/// </summary>
public sealed class StationAllocationTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task In_steady_fine_lock_the_firmware_allocates_almost_nothing_per_control_tick()
    {
        using var pass = SimulatedPass.Prepare(Scenario.BuiltIn, _directory.Path, TimeSpan.FromSeconds(60));
        var time = pass.Time;
        var host = pass.CreateHost();
        pass.JournalRunStart(host.Services.GetRequiredService<ITelemetrySink>());
        await host.StartAsync();
        var sequencer = host.Services.GetRequiredService<StationSequencerService>();
        Assert.True(time.AdvanceUntil(() => sequencer.State == SequencerState.FineLock && time.GetUtcNow() > pass.Aos.AddSeconds(30), TimeSpan.FromMinutes(6)));
        time.Advance(TimeSpan.FromSeconds(5)); // warm every path (ROI camera, pools, JIT)

        const int seconds = 10;
        long before = GC.GetAllocatedBytesForCurrentThread();
        time.Advance(TimeSpan.FromSeconds(seconds));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(SequencerState.FineLock, sequencer.State);
        await host.StopAsync();
        host.Dispose();

        // The emulated world alone (firmware stopped): what the emulator itself allocates.
        before = GC.GetAllocatedBytesForCurrentThread();
        time.Advance(TimeSpan.FromSeconds(seconds));
        long world = GC.GetAllocatedBytesForCurrentThread() - before;
        output.WriteLine($"the emulated world alone: {world:N0} B in {seconds} s");

        double perTick = allocated / (seconds * 100.0);
        double firmwarePerTick = (allocated - world) / (seconds * 100.0);
        output.WriteLine($"{allocated:N0} B in {seconds} s of fine lock: {perTick:0.0} B per 10 ms control tick (1,000 physics steps, 100 camera frames, 1,000 fine-loop samples per second); firmware share ≈ {firmwarePerTick:0.0} B per tick");
        // The firmware's share is dominated by System.Device.Gpio's write of the watchdog heartbeat (40 B per safety
        // tick); a regression in any of its loops would add kilobytes per tick.
        Assert.True(firmwarePerTick < 150, $"{firmwarePerTick:0.0} B per tick from the firmware");
    }
}

using System.Diagnostics;
using System.Globalization;
using Xunit.Abstractions;

namespace Station.Hil.Tests.Safety;

/// <summary>What one steady-state control tick costs (gates on, laser firing, nothing changing), firmware and emulated buses together.</summary>
public sealed class SafetyLoopCostTests(ITestOutputHelper output)
{
    [Fact]
    public void A_steady_tick_allocates_nothing_and_its_cost_is_reported()
    {
        using var bench = new SafetyBench();
        bench.QuietNight();
        bench.RunUntilGatesOpen();
        Assert.True(bench.Loop.ArmLaser().Accepted);
        bench.Time.Advance(TimeSpan.FromMilliseconds(20));
        Assert.True(bench.Station.UplinkLaser.IsEmitting);

        const int ticks = 20_000;
        for (int i = 0; i < 1_000; i++)
        {
            bench.Loop.Tick(); // warm-up (JIT, tiering)
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < ticks; i++)
        {
            bench.Loop.Tick();
        }

        clock.Stop();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // The heartbeat edge is one GpioController.Write, which allocates in System.Device.Gpio 4.2 (see GateCounter/README.md).
        long beforeBeats = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < ticks; i++)
        {
            bench.Heartbeat.Beat();
        }

        long beat = GC.GetAllocatedBytesForCurrentThread() - beforeBeats;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"steady tick: {clock.Elapsed.TotalMicroseconds / ticks:0.00} µs (sense over emulated SPI/I2C/GPIO, evaluate, apply, heartbeat), {(double)allocated / ticks:0.#} B allocated per tick, of which the heartbeat's GPIO write {(double)beat / ticks:0.#} B"));
        Assert.Equal(0, bench.Loop.FailedTickCount);
        Assert.Equal(beat / ticks, allocated / ticks); // per tick, nothing but the library's GPIO write
    }
}

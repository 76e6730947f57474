using BenchmarkDotNet.Attributes;
using Station.Core.Timing;

namespace Station.Benchmarks;

/// <summary>Cost of simulated time: a 100 Hz timer loop advanced through one simulated minute.</summary>
[MemoryDiagnoser]
public class SimulatedTimeBenchmarks
{
    private static readonly DateTimeOffset Start = new(2026, 3, 19, 18, 0, 0, TimeSpan.Zero);
    private long _ticks;

    [Benchmark(Description = "6,000 ticks of a 100 Hz loop")]
    public long OneSimulatedMinuteAt100Hz()
    {
        var time = new SimulatedTimeProvider(Start);
        var period = TimeSpan.FromMilliseconds(10);
        using var timer = time.CreateTimer(_ => _ticks++, null, period, period);
        time.Advance(TimeSpan.FromMinutes(1));
        return _ticks;
    }
}

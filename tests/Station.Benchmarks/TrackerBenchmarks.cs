using BenchmarkDotNet.Attributes;
using Station.Core.Acquisition;

namespace Station.Benchmarks;

/// <summary>
/// The tracker in fine lock for one camera frame period: ten 1 kHz quad-cell samples (mirror loop and offload), one
/// spot prediction and one frame update. Must allocate nothing.
/// </summary>
[MemoryDiagnoser]
public class TrackerBenchmarks
{
    private readonly BeaconTracker _tracker = new(new TrackerOptions());
    private DateTimeOffset _now = new(2026, 3, 19, 20, 0, 0, TimeSpan.Zero);
    private CentroidResult _centroid;

    [GlobalSetup]
    public void Setup()
    {
        _tracker.Start(_now, SearchRegion.Circle(0, 0, 2000));
        _centroid = new CentroidResult { Status = CentroidStatus.Found, XPx = 320.1, YPx = 255.2, Flux = 20_000, Snr = 200, FwhmPx = 2.8 };
        for (int i = 0; i < 200; i++)
        {
            FramePeriod();
        }

        if (_tracker.State != TrackerState.FineLock)
        {
            throw new InvalidOperationException($"set-up left the tracker in {_tracker.State}");
        }
    }

    [Benchmark]
    public double FramePeriod()
    {
        double sum = 0;
        for (int i = 0; i < 10; i++)
        {
            _now = _now.AddTicks(10_000);
            sum += _tracker.OnQuadCell(new QuadCellSample(_now, 0.02, -0.01, 1000), 0.8).MirrorXUrad;
        }

        sum += _tracker.PredictSpot(_now, 0.8).XPx;
        return sum + _tracker.OnFrame(_centroid with { Timestamp = _now }, 0.8, new MountFeedback(0, 0)).XelUrad;
    }
}

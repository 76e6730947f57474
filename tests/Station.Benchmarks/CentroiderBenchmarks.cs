using BenchmarkDotNet.Attributes;
using Station.Core.Acquisition;

namespace Station.Benchmarks;

/// <summary>
/// Centroider throughput on one core: a full 640×512 16-bit frame (beacon, a brighter star, hot pixels, read noise)
/// and a 64×64 ROI around the beacon. Targets: ≥ 2,000 full frames/s (≤ 500 µs) and ≥ 20,000 ROI frames/s
/// (≤ 50 µs), zero bytes allocated.
/// </summary>
[MemoryDiagnoser]
public class CentroiderBenchmarks
{
    private static readonly DateTimeOffset Timestamp = new(2026, 3, 19, 20, 0, 0, TimeSpan.Zero);
    private readonly Centroider _centroider = new(new CentroiderOptions
    {
        SaturationLevel = 4095,
        HotPixels = new HotPixelMap(640, 512, [(100, 100), (321, 250), (600, 400)]),
    });

    private ushort[] _full = [];
    private ushort[] _roi = [];
    private SpotPrediction _prediction;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _full = Render(640, 512, random, [(320.3, 256.7, 20_000), (350.0, 300.0, 200_000)], [(100, 100), (321, 250), (600, 400)]);
        _roi = Render(64, 64, random, [(32.3, 30.7, 20_000)], [(33, 28)]);
        _prediction = new SpotPrediction(321, 256, 25, 5_000, 80_000);
    }

    [Benchmark]
    public double FullFrame640x512() => _centroider.Measure(new CameraFrame(_full, 640, 512, 0, 0, Timestamp), _prediction).XPx;

    [Benchmark]
    public double Roi64x64() => _centroider.Measure(new CameraFrame(_roi, 64, 64, 288, 226, Timestamp), _prediction).XPx;

    [Benchmark]
    public double FullFrameBlindSearch() => _centroider.Measure(new CameraFrame(_full, 640, 512, 0, 0, Timestamp)).XPx;

    private static ushort[] Render(int width, int height, Random random, (double X, double Y, double Flux)[] spots, (int X, int Y)[] hot)
    {
        var pixels = new ushort[width * height];
        const double Sigma = 1.5;
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                double v = 300 + (4 * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
                foreach (var (sx, sy, flux) in spots)
                {
                    double r2 = ((x - sx) * (x - sx)) + ((y - sy) * (y - sy));
                    v += flux / (2 * Math.PI * Sigma * Sigma) * Math.Exp(-r2 / (2 * Sigma * Sigma));
                }

                pixels[(y * width) + x] = (ushort)Math.Clamp(Math.Round(v), 0, 4095);
            }
        }

        foreach (var (x, y) in hot)
        {
            pixels[(y * width) + x] = 4000;
        }

        return pixels;
    }
}

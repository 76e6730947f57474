using BenchmarkDotNet.Attributes;
using Station.Core.Timing;
using Station.Devices.Buses;
using Station.Emulator.Devices;
using Station.Emulator.Faults;
using Station.Emulator.World;

namespace Station.Benchmarks;

/// <summary>
/// A 64×64 ROI frame of the emulated beacon camera rendered into a caller-owned buffer: must allocate
/// nothing in steady state. Run: <c>dotnet run -c Release --project tests/Station.Benchmarks -- --filter *CameraRender* --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class CameraRenderBenchmarks : IDisposable
{
    private readonly ushort[] _pixels = new ushort[64 * 64];
    private SimulatedTimeProvider _time = null!;
    private EmulatedBeaconCamera _camera = null!;
    private long _sequence;

    [Params(EmulatedBeaconScene.NightSkyElectrons, EmulatedBeaconScene.DaySkyElectrons)]
    public double SkyElectrons { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _time = new SimulatedTimeProvider(new DateTimeOffset(2026, 3, 19, 18, 0, 0, TimeSpan.Zero));
        var scene = new EmulatedBeaconScene(new EmulatedLineOfSight { OffsetXMicroradians = 37, OffsetYMicroradians = -12 })
        {
            BackgroundElectronsPerPixel = SkyElectrons,
        };
        _camera = new EmulatedBeaconCamera(scene, new CameraSettings("/dev/video0", 64, 64), _time, new FaultInjector(_time));
        _time.Advance(TimeSpan.FromMilliseconds(10));
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _camera.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Renders the next frame (new noise each time) into the same buffer.</summary>
    [Benchmark]
    public ushort Render64x64()
    {
        _camera.Render(_pixels, ++_sequence);
        return _pixels[2080];
    }

    /// <summary>The full capture path the firmware uses: fault checks, frame timing and rendering.</summary>
    [Benchmark]
    public bool TryCapture64x64()
    {
        _time.Advance(TimeSpan.FromMilliseconds(10));
        return _camera.TryCapture(_pixels, out _);
    }
}

using BenchmarkDotNet.Attributes;
using Station.Core.Timing;
using Station.Devices.Board;
using Station.Devices.GateCounter;
using Station.Emulator;
using UnitsNet;

namespace Station.Benchmarks;

/// <summary>
/// The gate/counter count path: one verified SPI frame through the binding and the emulated board, and one
/// 1 ms integration window (photon model at 2 MHz, then the six frames of a window read). Both must allocate nothing.
/// </summary>
[MemoryDiagnoser]
public class GateCounterBenchmarks
{
    private SimulatedTimeProvider _time = null!;
    private EmulatedStation _station = null!;
    private GateCounterBoard _board = null!;

    [GlobalSetup]
    public void Setup()
    {
        _time = new SimulatedTimeProvider(new DateTimeOffset(2026, 3, 19, 18, 0, 0, TimeSpan.Zero));
        _station = EmulatedStation.FromPinMap(_time, PinMapLoader.LoadDefault());
        _board = GateCounterBoard.Open(_station.Buses, _station.PinMap);
        _board.Initialize();
        _board.SetIntegrationWindow(Duration.FromMilliseconds(1));
        _board.SetBoardEnabled(true);
        _board.SetChannelEnabled(0, true);
        _board.SetAllMasterEnables(true);
        _board.SetShutterOpen(true);
        _board.StartIntegration();
        _station.GateCounter.Channels[0].SignalRate = Frequency.FromMegahertz(2);
        _station.GateCounter.SetExternalCut(false); // no heartbeat in a benchmark: hold the watchdog's cut off
        _time.Advance(TimeSpan.FromMilliseconds(50));
    }

    [Benchmark]
    public uint StatusFrame() => _board.ReadStatus().Raw;

    [Benchmark]
    public uint OneMillisecondWindow()
    {
        _time.Advance(TimeSpan.FromMilliseconds(1));
        return _board.TryReadWindow(out var window) ? window[0] : 0;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _board.Dispose();
        _station.Dispose();
    }
}

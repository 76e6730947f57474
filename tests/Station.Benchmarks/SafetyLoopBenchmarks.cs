using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Station.Core.Safety;
using Station.Core.Timing;
using Station.Devices.Board;
using Station.Devices.GateCounter;
using Station.Devices.Interlocks;
using Station.Devices.UplinkLaser;
using Station.Emulator;
using Station.Firmware.Safety;

namespace Station.Benchmarks;

/// <summary>
/// One steady control tick of the firmware's safety loop on the emulated station (night, gates on, laser firing):
/// interlocks over emulated I2C and GPIO, trip flags and window sequence over emulated SPI, supervisor, apply, audit
/// (no change), heartbeat. Its only allocation is the heartbeat's GPIO write (System.Device.Gpio 4.2).
/// </summary>
[MemoryDiagnoser]
public class SafetyLoopBenchmarks
{
    private SimulatedTimeProvider _time = null!;
    private EmulatedStation _station = null!;
    private SafetyLoop _loop = null!;
    private readonly List<IDisposable> _owned = [];

    [GlobalSetup]
    public void Setup()
    {
        _time = new SimulatedTimeProvider(new DateTimeOffset(2026, 3, 19, 18, 0, 0, TimeSpan.Zero));
        var map = PinMapLoader.LoadDefault();
        _station = EmulatedStation.FromPinMap(_time, map);
        var board = Own(GateCounterBoard.Open(_station.Buses, map));
        var interlocks = Own(Interlocks.Open(_station.Buses, map, _time));
        var laser = Own(UplinkLaser.Open(_station.Buses, map, interlocks, _time));
        var heartbeat = Own(WatchdogHeartbeat.Open(_station.Buses, map, _time));
        var sky = new FixedSky(_time);
        _loop = Own(new SafetyLoop(new SafetyLoopOptions(), new SafetyLoopDevices(board, interlocks, laser, heartbeat),
            new SafetyLoopSources(sky, sky, Tracker: sky), _time, NullLogger<SafetyLoop>.Instance));
        _loop.Start();
        _time.Advance(TimeSpan.FromMilliseconds(500));
        if (_loop.ArmLaser() is { Accepted: false } refused)
        {
            throw new InvalidOperationException(refused.Message);
        }

        _time.Advance(TimeSpan.FromMilliseconds(20));
        if (!_station.UplinkLaser.IsEmitting || !_station.GateCounter.IsGateOpen(0))
        {
            throw new InvalidOperationException("the benchmark should run with the gates on and the laser firing: " + _loop.Permissions.Explain(PermissionKind.DetectorGate));
        }
    }

    [Benchmark]
    public long SteadyTick()
    {
        _loop.Tick();
        return _loop.TickCount;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        for (int i = _owned.Count - 1; i >= 0; i--)
        {
            _owned[i].Dispose();
        }

        _station.Dispose();
    }

    private T Own<T>(T disposable)
        where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    /// <summary>Night, the mount at 60° elevation away from the sun, the tracker locked.</summary>
    private sealed class FixedSky(TimeProvider time) : IMountPositionSource, ISunPositionSource, ITrackerLockSource
    {
        public Sensed<bool> TrackerLocked => Sensed.Ok(true, time.GetUtcNow());

        public Sensed<AzEl> ReadMountPosition(DateTimeOffset now) => Sensed.Ok(new AzEl(180, 60), now);

        public Sensed<AzEl> SunAt(DateTimeOffset now) => Sensed.Ok(new AzEl(0, -40), now);
    }
}

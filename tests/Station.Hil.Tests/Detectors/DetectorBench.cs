using Station.Core.Timing;
using Station.Devices.Board;
using Station.Devices.GateCounter;
using Station.Devices.Interlocks;
using Station.Devices.UplinkLaser;
using Station.Emulator;
using UnitsNet;

namespace Station.Hil.Tests.Detectors;

/// <summary>
/// An emulated station with the firmware's heartbeat running (the external watchdog keeps every gate and the laser
/// cut until it has seen a steady heartbeat for its arming time), plus helpers to open the detector-group bindings.
/// </summary>
internal sealed class DetectorBench : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 19, 18, 0, 0, TimeSpan.Zero);

    private readonly List<IDisposable> _owned = [];

    public DetectorBench(bool startHeartbeat = true)
    {
        Map = PinMapLoader.LoadDefault();
        Time = new SimulatedTimeProvider(Start);
        Station = EmulatedStation.FromPinMap(Time, Map);
        Heartbeat = Own(WatchdogHeartbeat.Open(Station.Buses, Map, Time));
        if (startHeartbeat)
        {
            Heartbeat.Start();
            Time.Advance(TimeSpan.FromMilliseconds(300));
            Assert.False(Station.Watchdog.IsCut, "the watchdog should run after 300 ms of heartbeat");
        }
    }

    public PinMap Map { get; }

    public SimulatedTimeProvider Time { get; }

    public EmulatedStation Station { get; }

    public WatchdogHeartbeat Heartbeat { get; }

    public T Own<T>(T disposable)
        where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    /// <summary>The board initialised, enabled, every channel enabled by SPI and by GPIO, window started.</summary>
    public GateCounterBoard OpenGateCounter(Duration? window = null, int retries = GateCounterBoard.DefaultRetries, bool start = true)
    {
        var board = Own(GateCounterBoard.Open(Station.Buses, Map, retries));
        board.Initialize();
        if (!start)
        {
            return board;
        }

        board.SetIntegrationWindow(window ?? Duration.FromMilliseconds(10));
        board.SetBoardEnabled(true);
        for (int channel = 0; channel < GateCounterBoard.ChannelCount; channel++)
        {
            board.SetChannelEnabled(channel, true);
        }

        board.SetAllMasterEnables(true);
        board.StartIntegration();
        return board;
    }

    public Interlocks OpenInterlocks() => Own(Interlocks.Open(Station.Buses, Map, Time));

    public UplinkLaser OpenLaser(Interlocks interlocks) => Own(UplinkLaser.Open(Station.Buses, Map, interlocks, Time));

    /// <summary>Advances to the end of the next window and reads it.</summary>
    public GateCounterWindow NextWindow(GateCounterBoard board)
    {
        GateCounterWindow window = default;
        Assert.True(Time.AdvanceUntil(() => board.TryReadWindow(out window), TimeSpan.FromSeconds(11)), "no window latched");
        return window;
    }

    public void Dispose()
    {
        for (int i = _owned.Count - 1; i >= 0; i--)
        {
            _owned[i].Dispose();
        }

        Station.Dispose();
    }
}

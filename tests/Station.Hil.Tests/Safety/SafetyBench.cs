using Microsoft.Extensions.Logging.Abstractions;
using Station.Core.Safety;
using Station.Core.Timing;
using Station.Devices.Board;
using Station.Devices.GateCounter;
using Station.Devices.Interlocks;
using Station.Devices.UplinkLaser;
using Station.Emulator;
using Station.Firmware.Safety;
using Station.Firmware.Telemetry;

namespace Station.Hil.Tests.Safety;

/// <summary>
/// The firmware's <see cref="SafetyLoop"/> on the emulated station: the real gate/counter, interlock, laser and
/// heartbeat bindings over the emulated buses, scripted sources for what other services compute (mount, sun,
/// wheels, tracker) unless a test passes its own, and a telemetry sink that keeps what it is given.
/// </summary>
internal sealed class SafetyBench : IDisposable
{
    /// <summary>Night at Delingha (local solar time about 00:30).</summary>
    public static readonly DateTimeOffset Night = new(2026, 3, 19, 18, 0, 0, TimeSpan.Zero);

    private readonly List<IDisposable> _owned = [];

    public SafetyBench(SafetyLoopOptions? options = null, DateTimeOffset? start = null, Func<SafetyBench, SafetyLoopSources>? sources = null,
        bool startLoop = true, TimeSpan? worldStep = null, PinMap? pinMap = null)
    {
        Map = pinMap ?? PinMapLoader.LoadDefault();
        Time = new SimulatedTimeProvider(start ?? Night);
        Station = EmulatedStation.FromPinMap(Time, Map, worldStep: worldStep);
        Scripted = new ScriptedSafetySources(Time, wheelCount: (options ?? DefaultOptions()).Safety.FilterWheels.Count);
        Board = Own(GateCounterBoard.Open(Station.Buses, Map));
        Interlocks = Own(Interlocks.Open(Station.Buses, Map, Time));
        Laser = Own(UplinkLaser.Open(Station.Buses, Map, Interlocks, Time));
        Heartbeat = Own(WatchdogHeartbeat.Open(Station.Buses, Map, Time));
        Loop = Own(new SafetyLoop(options ?? DefaultOptions(), new SafetyLoopDevices(Board, Interlocks, Laser, Heartbeat),
            sources?.Invoke(this) ?? Scripted.AsSources(), Time, NullLogger<SafetyLoop>.Instance, Telemetry));
        if (startLoop)
        {
            Loop.Start();
        }
    }

    public PinMap Map { get; }

    public SimulatedTimeProvider Time { get; }

    public EmulatedStation Station { get; }

    public ScriptedSafetySources Scripted { get; }

    public RecordingTelemetrySink Telemetry { get; } = new();

    public GateCounterBoard Board { get; }

    public Interlocks Interlocks { get; }

    public UplinkLaser Laser { get; }

    public WatchdogHeartbeat Heartbeat { get; }

    public SafetyLoop Loop { get; }

    /// <summary>Four channels, one filter wheel ("spectral") whose 810/10nm slot is approved for daylight.</summary>
    public static SafetyLoopOptions DefaultOptions() => new()
    {
        Safety = new SafetyOptions
        {
            FilterWheels = [new FilterWheelSafety("spectral", SpectralSlots, ["810/10nm"])],
        },
    };

    /// <summary>The spectral wheel's slot names, in slot order (the emulated wheel has six).</summary>
    public static IReadOnlyList<string> SpectralSlots { get; } = ["810/10nm", "532 beacon", "open", "dark", "ND1", "ND4"];

    public T Own<T>(T disposable)
        where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    /// <summary>Whether the board's hardware AND lets channel <paramref name="channel"/>'s gate run now.</summary>
    public bool GateRunning(int channel) => Station.GateCounter.IsGateOpen(channel);

    /// <summary>A quiet night: sun far below the horizon, mount at 60° elevation away from it, wheel settled on 810/10nm, tracker locked.</summary>
    public void QuietNight()
    {
        Scripted.Sun = new AzEl(0, -40);
        Scripted.Mount = new AzEl(180, 60);
        Scripted.SetWheel(0, moving: false, slot: 0);
        Scripted.Locked = true;
    }

    /// <summary>Advances until every gate runs (the watchdog arms after 250 ms of heartbeat; the first window ends after 100 ms).</summary>
    public void RunUntilGatesOpen()
    {
        Assert.True(Time.AdvanceUntil(() => Enumerable.Range(0, 4).All(GateRunning), TimeSpan.FromSeconds(2)),
            "the gates did not open: " + Loop.Permissions.Explain(PermissionKind.DetectorGate, 0));
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

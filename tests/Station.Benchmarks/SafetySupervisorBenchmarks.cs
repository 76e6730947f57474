using BenchmarkDotNet.Attributes;
using Station.Core.Detectors;
using Station.Core.Safety;
using UnitsNet;

namespace Station.Benchmarks;

/// <summary>
/// One control tick of the safety core: the supervisor's evaluation (all permitted, and with many reasons), the
/// audit comparison of a tick without change, the count monitor's four channels of one window, and a gate plan for
/// four channels. Each must allocate nothing per tick (the Allocated column).
/// </summary>
[MemoryDiagnoser]
public class SafetySupervisorBenchmarks
{
    private static readonly DateTimeOffset Now = new(2026, 3, 19, 20, 0, 0, TimeSpan.Zero);
    private readonly NullSink _sink = new();
    private SafetyConfiguration _config = null!;
    private SensedState _nominal;
    private SensedState _refusing;
    private PermissionAuditor _auditor = null!;
    private CountMonitor _monitor = null!;
    private GatePlanner _planner = null!;
    private GateSetting[] _settings = [];
    private int _window;

    [GlobalSetup]
    public void Setup()
    {
        _config = SafetyConfiguration.Create(new SafetyOptions
        {
            FilterWheels =
            [
                new FilterWheelSafety("spectral", ["open", "810/10nm", "532 beacon", "dark"], ["810/10nm", "dark"]),
                new FilterWheelSafety("nd", ["open", "ND1", "ND2", "ND3", "ND4"], ["ND4"]),
            ],
            NoFireZones = [new NoFireZone("airport", Angle.FromDegrees(100), Angle.FromDegrees(30), Angle.FromDegrees(0), Angle.FromDegrees(40))],
        });
        _nominal = State(new AzEl(200, 45), new AzEl(20, -35), aircraftOk: true);
        _refusing = State(new AzEl(110, 10), new AzEl(115, 20), aircraftOk: false); // day, sun cone, zone, mask, aircraft
        _refusing.DaylightMode = true;
        _auditor = new PermissionAuditor();
        _auditor.Observe(SafetySupervisor.Evaluate(_nominal, _config), _sink);
        _monitor = new CountMonitor(
            new CountMonitorOptions { DarkCountRates = [Frequency.FromHertz(25), Frequency.FromHertz(25), Frequency.FromHertz(25), Frequency.FromHertz(25)] },
            _sink);
        _planner = new GatePlanner(new GatePlannerOptions
        {
            Channels = [.. Enumerable.Range(0, 4).Select(i => new GateChannelTiming(Duration.FromNanoseconds(1), Duration.FromNanoseconds(30 + i)))],
        });
        _settings = new GateSetting[4];
    }

    [Benchmark(Baseline = true, Description = "Evaluate: everything permitted")]
    public bool EvaluateNominal() => SafetySupervisor.Evaluate(_nominal, _config).LaserOn;

    [Benchmark(Description = "Evaluate: everything refused, many reasons")]
    public SafetyReason EvaluateRefusing() => SafetySupervisor.Evaluate(_refusing, _config).LaserReasons;

    [Benchmark(Description = "Evaluate + audit, no change")]
    public int EvaluateAndAudit() => _auditor.Observe(SafetySupervisor.Evaluate(_nominal, _config), _sink);

    [Benchmark(Description = "CountMonitor: one window, 4 channels")]
    public int ObserveWindow()
    {
        DateTimeOffset end = Now.AddMilliseconds(100 * ++_window);
        int tripped = 0;
        for (int ch = 0; ch < 4; ch++)
        {
            tripped += _monitor.Observe(new CountWindow(ch, end, 5_000 + ch, true, false, 1_000)) == CountVerdict.Tripped ? 1 : 0;
        }

        return tripped;
    }

    [Benchmark(Description = "GatePlanner: one 10 ms update, 4 channels")]
    public long PlanGates()
    {
        double t = 0.01 * (++_window % 100_000);
        _planner.Plan(t, t + 0.01, 0.002 + (1e-5 * t), 0.002 + (1e-5 * (t + 0.01)), _settings);
        return _settings[3].FineDelaySteps;
    }

    private static SensedState State(AzEl mount, AzEl sun, bool aircraftOk)
    {
        var s = new SensedState
        {
            Now = Now,
            MountPosition = Sensed.Ok(mount, Now),
            Sun = Sensed.Ok(sun, Now),
            EStopOk = Sensed.Ok(true, Now),
            WatchdogAlive = Sensed.Ok(true, Now),
            HardwareKeyOk = Sensed.Ok(true, Now),
            AircraftOk = Sensed.Ok(aircraftOk, Now),
            TrackerLocked = Sensed.Ok(true, Now),
            LaserArmed = true,
            CommandedTarget = Sensed.Ok(mount, Now),
        };
        for (int ch = 0; ch < 4; ch++)
        {
            s.SetChannel(ch, new DetectorChannelSense(Sensed.Ok(false, Now), Sensed.Ok(false, Now)));
        }

        for (int w = 0; w < 2; w++)
        {
            s.SetWheel(w, new FilterWheelSense(Sensed.Ok(false, Now), Sensed.Ok(0, Now)));
        }

        return s;
    }

    private sealed class NullSink : IPermissionChangeSink, ISecurityEventSink
    {
        public int Count { get; private set; }

        public void Record(in PermissionChange change) => Count++;

        public void Record(in SecurityEvent securityEvent) => Count++;
    }
}

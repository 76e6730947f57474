using Station.Core.Detectors;
using Station.Core.Safety;
using Station.Core.Tests.Detectors;

namespace Station.Core.Tests.Safety;

/// <summary>
/// A simulated station for the supervisor property test: interlocks, a slewing mount, the sun, two filter wheels,
/// four detector channels whose light makes the count windows, an operator who arms, disarms and resets, faults
/// that make any input stale, unknown, faulted, from the future or not finite, and a loop whose clock can stall.
/// Each tick it fills a <see cref="SensedState"/> the way the firmware service will, runs the supervisor, the
/// auditor, the laser arming and the count monitor, and hands everything to the <see cref="SafetyOracle"/>.
/// </summary>
internal sealed class SafetyWorld
{
    public const int Inputs = 16; // Mount, Sun, EStop, Watchdog, Key, Aircraft, Tracker, Target, wheel 0/1 motion and slot, bright 0–3
    public const int Channels = 4;
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(100);
    private static readonly SafetyConfiguration Config = SafetyFixtures.Config;

    private readonly Random _random;
    private readonly InputMode[] _mode = new InputMode[Inputs];
    private readonly TimeSpan[] _modeAge = new TimeSpan[Inputs];
    private readonly DateTimeOffset[] _frozenAt = new DateTimeOffset[Inputs];
    private readonly LightLevel[] _light = new LightLevel[Channels];
    private readonly bool[] _silent = new bool[Channels];
    private readonly bool[] _gateOnWholeWindow = new bool[Channels];
    private readonly bool[] _gateOnAnyTick = new bool[Channels];
    private readonly int[] _wheelSlot = new int[2];
    private readonly int[] _wheelMovingTicks = new int[2];
    private readonly CountMonitor _monitor;
    private readonly PermissionAuditor _auditor = new();
    private readonly LaserArming _arming = new();
    private readonly SafetyOracle _oracle;
    private DateTimeOffset _now = SafetyFixtures.Now;
    private bool _eStopOk = true, _watchdog = true, _key = true, _aircraftOk = true, _tracker = true, _daylight, _clockUnset;
    private AzEl _mount = new(200, 45), _slewTo = new(200, 45), _sun = new(20, -35);
    private AzEl? _target = new AzEl(200, 45);
    private Permissions _last;
    private int _tickInWindow;

    public SafetyWorld(int seed, SafetyOracle oracle)
    {
        _random = new Random(seed);
        _oracle = oracle;
        _monitor = new CountMonitor(CountMonitorTests.Options, oracle);
        Array.Fill(_gateOnWholeWindow, true);
    }

    /// <summary>Runs <paramref name="ticks"/> ticks, cycling through the segments.</summary>
    public void Run(Segment[] segments, int ticks)
    {
        int done = 0;
        for (int i = 0; done < ticks; i = (i + 1) % segments.Length)
        {
            Segment seg = segments[i];
            var undo = Apply(seg);
            for (int k = 0; k < seg.Hold && done < ticks; k++, done++)
            {
                // The operator acts at the segment's start; a reset is retried every 25 ticks, as an impatient one would.
                Step(k == 0 || (seg.Event == ScenarioEvent.ResetTrip && k % 25 == 0) ? seg : default);
            }

            if (!seg.Persist)
            {
                undo?.Invoke();
            }
        }
    }

    private Action? Apply(in Segment s)
    {
        switch (s.Event)
        {
            case ScenarioEvent.EStop: return Toggle(ref _eStopOk, v => _eStopOk = v);
            case ScenarioEvent.Watchdog: return Toggle(ref _watchdog, v => _watchdog = v);
            case ScenarioEvent.HardwareKey: return Toggle(ref _key, v => _key = v);
            case ScenarioEvent.Aircraft: return Toggle(ref _aircraftOk, v => _aircraftOk = v);
            case ScenarioEvent.Tracker: return Toggle(ref _tracker, v => _tracker = v);
            case ScenarioEvent.InputFault:
                int input = s.A % Inputs;
                var (mode, age) = FaultFor(input, s.B);
                _mode[input] = mode;
                _modeAge[input] = age;
                _frozenAt[input] = _now - TimeSpan.FromMilliseconds(5);
                return () => _mode[input] = InputMode.Fresh;
            case ScenarioEvent.HealAll:
                Array.Fill(_mode, InputMode.Fresh);
                Array.Fill(_light, LightLevel.Normal);
                Array.Fill(_silent, false);
                (_eStopOk, _watchdog, _key, _aircraftOk, _tracker, _clockUnset) = (true, true, true, true, true, false);
                return null;
            case ScenarioEvent.SlewMount: _slewTo = new AzEl(270 * s.X, 45 + (45 * s.Y)); return null;
            case ScenarioEvent.MountNearZoneEdge:
                // Straddle the edges of the zones and the laser mask to within a few millidegrees.
                double[] azEdges = [100, 130, 350, 10, 15, 200];
                double[] elEdges = [15, 25, 40];
                _mount = _slewTo = new AzEl(azEdges[s.A % azEdges.Length] + (0.01 * s.X), elEdges[s.B % elEdges.Length] + (0.01 * s.Y));
                return null;
            case ScenarioEvent.SetSun: _sun = new AzEl(180 + (180 * s.X), s.B % 3 == 0 ? -12 + (3 * s.Y) : 60 * s.Y); return null;
            case ScenarioEvent.SunNearMount:
                double sep = 40 * Math.Abs(s.X), bearing = Math.PI * s.Y;
                _sun = new AzEl(_mount.AzimuthDeg + (sep * Math.Sin(bearing) / Math.Max(0.2, Math.Cos(_mount.ElevationDeg * Math.PI / 180))), Math.Clamp(_mount.ElevationDeg + (sep * Math.Cos(bearing)), -90, 90));
                return null;
            case ScenarioEvent.SetTarget: _target = s.A % 3 == 0 ? _slewTo : new AzEl(300 * s.X, 45 + (50 * s.Y)); return null;
            case ScenarioEvent.ClearTarget: _target = null; return null;
            case ScenarioEvent.Daylight: _daylight = !_daylight; return null;
            case ScenarioEvent.MoveWheel:
                int w = s.A % 2;
                _wheelSlot[w] = s.B % (w == 0 ? 4 : 5);
                _wheelMovingTicks[w] = 5 + (s.B % 40);
                return null;
            case ScenarioEvent.Light:
                int ch = s.A % Channels;
                _light[ch] = (LightLevel)(s.B % 6);
                return () => _light[ch] = LightLevel.Normal;
            case ScenarioEvent.CountsSilent:
                int quiet = s.A % Channels;
                _silent[quiet] = true;
                return () => _silent[quiet] = false;
            case ScenarioEvent.TimeJump: _now += TimeSpan.FromMilliseconds(1 + (s.A % 400)); return null;
            case ScenarioEvent.ClockUnset: _clockUnset = true; return () => _clockUnset = false;
            default: return null;
        }
    }

    private static Action Toggle(ref bool field, Action<bool> set)
    {
        bool before = field;
        set(!before);
        return () => set(before);
    }

    private static (InputMode Mode, TimeSpan Age) FaultFor(int input, int b)
    {
        TimeSpan max = MaxAge(input);
        TimeSpan tick = TimeSpan.FromTicks(1);
        return (b % 9) switch
        {
            0 => (InputMode.Frozen, TimeSpan.Zero),
            1 => (InputMode.Unknown, TimeSpan.Zero),
            2 => (InputMode.Faulted, TimeSpan.Zero),
            3 => (InputMode.Future, TimeSpan.FromMilliseconds(b % 20)), // 0…19 ms ahead; 5 ms is allowed
            4 => (InputMode.Aged, max), // exactly the limit: still valid
            5 => (InputMode.Aged, max + tick), // one tick over: stale
            6 => (InputMode.Aged, max - tick),
            7 => (InputMode.NotFinite, TimeSpan.Zero),
            _ => (InputMode.Aged, max + TimeSpan.FromMilliseconds(b)),
        };
    }

    private static readonly TimeSpan[] MaxAges = [.. Enumerable.Range(0, Inputs).Select(ComputeMaxAge)];

    internal static TimeSpan MaxAge(int input) => MaxAges[input];

    private static TimeSpan ComputeMaxAge(int input)
    {
        var a = SafetyFixtures.Options.MaxAges;
        return TimeSpan.FromSeconds(input switch
        {
            0 => a.MountPosition.Seconds,
            1 => a.Sun.Seconds,
            2 or 4 or 5 => a.Interlocks.Seconds,
            3 => a.Watchdog.Seconds,
            6 => a.Tracker.Seconds,
            7 => a.CommandedTarget.Seconds,
            8 or 9 or 10 or 11 => a.FilterWheels.Seconds,
            _ => a.BrightLight.Seconds,
        });
    }

    private void Step(in Segment operatorAction)
    {
        _now += Tick;
        Move();
        if (++_tickInWindow == 10)
        {
            _tickInWindow = 0;
            EmitWindows();
        }

        Operate(operatorAction);
        SensedState state = Sense();
        Permissions p = SafetySupervisor.Evaluate(state, Config);
        _auditor.Observe(p, _oracle);
        bool disarmedNow = _arming.Update(p);
        _oracle.CheckTick(state, p, disarmedNow);
        for (int ch = 0; ch < Channels; ch++)
        {
            _gateOnWholeWindow[ch] &= p.GateOn(ch);
            _gateOnAnyTick[ch] |= p.GateOn(ch);
        }

        _last = p;
    }

    private void Move()
    {
        const double step = 0.05; // 5°/s at 100 Hz
        _mount = new AzEl(
            _mount.AzimuthDeg + Math.Clamp(_slewTo.AzimuthDeg - _mount.AzimuthDeg, -step, step),
            _mount.ElevationDeg + Math.Clamp(_slewTo.ElevationDeg - _mount.ElevationDeg, -step, step));
        for (int w = 0; w < 2; w++)
        {
            _wheelMovingTicks[w] = Math.Max(0, _wheelMovingTicks[w] - 1);
        }
    }

    private void EmitWindows()
    {
        for (int ch = 0; ch < Channels; ch++)
        {
            bool whole = _gateOnWholeWindow[ch], any = _gateOnAnyTick[ch];
            (_gateOnWholeWindow[ch], _gateOnAnyTick[ch]) = (true, false);
            if (_silent[ch])
            {
                continue;
            }

            // A closed gate counts nothing: light matters only while it was open.
            long normal = whole ? 4_000 + _random.Next(2_000) : any ? _random.Next(2_000) : 0;
            (long counts, bool boardTrip) = _light[ch] switch
            {
                LightLevel.Flash => (any ? 200_001 + _random.Next(250_000) : 0, false),
                LightLevel.Saturating => (any ? 2_300_000 + _random.Next(100_000) : 0, any),
                LightLevel.BoardTrip => (any ? 100_000 + _random.Next(99_000) : 0, any),
                LightLevel.Dark => (0, false),
                LightLevel.Garbage => (-1 - _random.Next(5), false),
                _ => (normal, false),
            };
            var window = new CountWindow(ch, _now, counts, whole, boardTrip, 0);
            CountVerdict verdict = _monitor.Observe(window);
            _oracle.CheckWindow(window, verdict, _monitor.IsLatched(ch));
        }
    }

    private void Operate(in Segment action)
    {
        switch (action.Event)
        {
            case ScenarioEvent.Arm:
                SafetyReason refusal = _arming.Arm(_last);
                _oracle.CheckArm(refusal);
                break;
            case ScenarioEvent.Disarm:
                _arming.Disarm();
                _oracle.NoteDisarm();
                break;
            case ScenarioEvent.ResetTrip:
                int ch = action.A % Channels;
                _oracle.CheckReset(ch, _now, _monitor.Reset(ch, _now));
                break;
        }
    }

    private SensedState Sense()
    {
        var s = new SensedState
        {
            Now = _clockUnset ? default : _now,
            MountPosition = Read(0, _mount),
            Sun = Read(1, _sun),
            EStopOk = Read(2, _eStopOk),
            WatchdogAlive = Read(3, _watchdog),
            HardwareKeyOk = Read(4, _key),
            AircraftOk = Read(5, _aircraftOk),
            TrackerLocked = Read(6, _tracker),
            CommandedTarget = _target is { } t ? Read(7, t) : default,
            LaserArmed = _arming.IsArmed,
            DaylightMode = _daylight,
        };
        for (int w = 0; w < 2; w++)
        {
            s.SetWheel(w, new FilterWheelSense(Read(8 + (2 * w), _wheelMovingTicks[w] > 0), Read(9 + (2 * w), _wheelMovingTicks[w] > 0 ? -1 : _wheelSlot[w])));
        }

        for (int ch = 0; ch < Channels; ch++)
        {
            bool bright = _light[ch] is LightLevel.Flash or LightLevel.Saturating or LightLevel.BoardTrip;
            s.SetChannel(ch, new DetectorChannelSense(_monitor.TripState(ch), Read(12 + ch, bright)));
        }

        return s;
    }

    private Sensed<T> Read<T>(int input, T value)
        where T : struct
    {
        // A healthy reader samples within the last tick or so; now and then one is slow by most of its allowance.
        TimeSpan jitter = TimeSpan.FromMilliseconds(_random.Next(100) < 97 ? _random.Next(12) : _random.Next((int)MaxAge(input).TotalMilliseconds));
        return _mode[input] switch
        {
            InputMode.Frozen => new Sensed<T>(value, _frozenAt[input], SensorStatus.Valid),
            InputMode.Unknown => default,
            InputMode.Faulted => Sensed.Faulted<T>(_now),
            InputMode.Future => Sensed.Ok(value, _now + _modeAge[input]),
            InputMode.Aged => Sensed.Ok(value, _now - _modeAge[input]),
            InputMode.NotFinite when value is AzEl => Sensed.Ok((T)(object)new AzEl(double.NaN, 10), _now),
            _ => Sensed.Ok(value, _now - jitter),
        };
    }
}

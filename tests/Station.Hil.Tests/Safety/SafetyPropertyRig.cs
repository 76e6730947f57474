using System.Globalization;
using Station.Core.Detectors;
using Station.Core.Safety;
using Station.Devices.Board;
using Station.Emulator.Devices;
using Station.Emulator.Faults;
using Station.Firmware.Safety;
using UnitsNet;

namespace Station.Hil.Tests.Safety;

/// <summary>
/// One random scenario of <see cref="SafetyLoopPropertyTests"/>: the safety loop on the emulated station (world step =
/// control tick, so a million ticks stay affordable), operations applied between ticks, and after every tick an oracle
/// that judges the emulated hardware from the physical truth it set up — not from the loop's own evaluation.
/// </summary>
internal sealed class SafetyPropertyRig : IDisposable
{
    public static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(10);

    private const double SunConeDeg = 30;
    private const double NightLimitDeg = -12;
    private const double LaserMaskDeg = 15;

    // 10 ns gates every 100 ns: light at these rates (with the gate open) gives 30 kHz and 100 kHz of counts, above the
    // scaled-down software (20 kHz) and hardware (50 kHz) trips. Low rates keep the photon model cheap per tick.
    private static readonly double[] FlashLevelsHz = [0, 3e5, 1e6, 0];

    private readonly SafetyBench _bench;
    private readonly SafetyPropertyTotals _totals;
    private readonly List<IDisposable> _holds = [];
    private readonly DateTimeOffset?[] _gateSince = new DateTimeOffset?[4];
    private readonly DateTimeOffset?[] _flashSince = new DateTimeOffset?[4];
    private readonly TimeSpan _window;
    private bool _armedByOperator;
    private bool _daylight;
    private bool _hazardAtLastTick;
    private bool _wheelApprovedAtLastTick;
    private bool _wasCut = true;
    private int _latchedMask;
    private string? _violation;

    public SafetyPropertyRig(PinMap pinMap, SafetyPropertyTotals totals)
    {
        _totals = totals;
        _bench = new SafetyBench(Options(), worldStep: Tick, pinMap: pinMap);
        _window = _bench.Loop.Options.CountMonitor.IntegrationWindow.ToTimeSpan();
        Calm();
        _bench.Board.SetShutterOpen(true);
    }

    /// <summary>Operations applied so far (the scenario repeats until the tick budget is spent).</summary>
    public int OperationsApplied { get; private set; }

    public static SafetyLoopOptions Options() => SafetyBench.DefaultOptions() with
    {
        // The scripted sun jumps where the real one creeps: read it every tick so the oracle's truth is the loop's.
        SunRefreshInterval = Tick,
        Safety = SafetyBench.DefaultOptions().Safety with
        {
            NoFireZones = [new NoFireZone("airport approach", Angle.FromDegrees(250), Angle.FromDegrees(40), Angle.FromDegrees(0), Angle.FromDegrees(40))],
        },
        CountMonitor = new CountMonitorOptions
        {
            SoftwareTripRate = Frequency.FromKilohertz(20),
            HardwareTripRate = Frequency.FromKilohertz(50),
            DarkCountRates = [.. Enumerable.Repeat(Frequency.FromHertz(10), 4)], // 100 Hz dark counts through a 10 % gate duty
        },
    };

    /// <summary>Runs the operations (repeating them) until <paramref name="tickBudget"/> ticks; returns the first violation or null.</summary>
    public string? Run(IReadOnlyList<SafetyOp> operations, int tickBudget)
    {
        int ticks = 0;
        for (int i = 0; ticks < tickBudget && _violation is null; i++)
        {
            var operation = operations[i % operations.Count];
            OperationsApplied = Math.Min(i + 1, operations.Count);
            Apply(operation);
            for (int n = 0; n < operation.Ticks && ticks < tickBudget && _violation is null; n++, ticks++)
            {
                _bench.Time.Advance(Tick);
                Check();
            }
        }

        return _violation;
    }

    public void Dispose() => _bench.Dispose();

    private static int Mod(int value, int m) => ((value % m) + m) % m;

    private void Apply(SafetyOp op)
    {
        var panel = _bench.Station.InterlockPanel;
        var faults = _bench.Station.Faults;
        var s = _bench.Scripted;
        bool on = Mod(op.A, 2) == 1;
        switch (op.Kind)
        {
            case SafetyOpKind.Estop:
                panel.EstopPressed = on;
                break;
            case SafetyOpKind.Aircraft:
                panel.AircraftPresent = on;
                break;
            case SafetyOpKind.Key:
                panel.KeyOn = Mod(op.A, 4) != 0;
                break;
            case SafetyOpKind.Sun:
                s.Sun = new AzEl(Mod(op.A, 360), Mod(op.A, 3) != 0 ? -13 - Mod(op.B, 45) : Math.Clamp(op.B, -20, 60));
                break;
            case SafetyOpKind.Mount:
                s.Mount = new AzEl(Math.Clamp(op.A, -270, 270), Mod(op.B, 91));
                s.MountFaulted = false;
                break;
            case SafetyOpKind.MountNearSun:
                s.Mount = new AzEl(s.Sun.AzimuthDeg + (op.A / 9.0), Math.Clamp(s.Sun.ElevationDeg + (op.B / 3.0), 0, 90));
                s.MountFaulted = false;
                break;
            case SafetyOpKind.MountFault:
                s.MountFaulted = on;
                break;
            case SafetyOpKind.Wheel:
                int code = Mod(op.B, 10);
                s.SetWheel(0, moving: Mod(op.A, 4) == 0, slot: Mod(op.B, 6), code == 9 ? SensorStatus.Faulted : code == 8 ? SensorStatus.Unknown : SensorStatus.Valid);
                break;
            case SafetyOpKind.Tracker:
                s.Locked = Mod(op.A, 5) != 0;
                s.TrackerFaulted = Mod(op.A, 5) == 1;
                break;
            case SafetyOpKind.Flash:
                SetFlash(Mod(op.A, 4), FlashLevelsHz[Mod(op.B, 4)]);
                break;
            case SafetyOpKind.SpiFault when Mod(op.A, 3) == 2:
                faults.Clear(FaultKind.SpiCrc, DeviceId.GateCounter);
                faults.Clear(FaultKind.NoResponse, DeviceId.GateCounter);
                break;
            case SafetyOpKind.SpiFault:
                faults.InjectNow(Mod(op.A, 3) == 0 ? FaultKind.SpiCrc : FaultKind.NoResponse, DeviceId.GateCounter, Mod(op.B, 40) * Tick);
                break;
            case SafetyOpKind.ExpanderFault:
                faults.InjectNow(FaultKind.NoResponse, DeviceId.Interlocks, Mod(op.B, 30) * Tick);
                break;
            case SafetyOpKind.Starvation:
                faults.InjectNow(FaultKind.WatchdogStarvation, DeviceId.Interlocks, Mod(op.B, 30) * Tick);
                break;
            case SafetyOpKind.WatchdogReset:
                _bench.Station.Watchdog.Reset();
                break;
            case SafetyOpKind.Arm:
                var arm = Command(() => _bench.Loop.ArmLaser(), "ArmLaser");
                if (arm.Accepted && _hazardAtLastTick)
                {
                    Fail("ArmLaser was accepted while a hazard held at the last tick");
                }

                _armedByOperator |= arm.Accepted;
                break;
            case SafetyOpKind.Disarm:
                Command(() => _bench.Loop.DisarmLaser(), "DisarmLaser");
                _armedByOperator = false;
                break;
            case SafetyOpKind.ResetTrip:
                int channel = Mod(op.A, 5);
                bool wasLatched = channel < 4 && _bench.Loop.CountMonitor.IsLatched(channel);
                var reset = Command(() => _bench.Loop.ResetTrip(channel), "ResetTrip");
                if (reset.Accepted && !wasLatched)
                {
                    Fail(string.Create(CultureInfo.InvariantCulture, $"ResetTrip({channel}) was accepted with no trip latched"));
                }

                _totals.ResetsAccepted += reset.Accepted ? 1 : 0;
                break;
            case SafetyOpKind.Daylight:
                var daylight = Command(() => _bench.Loop.SetDaylightMode(on), "SetDaylightMode");
                if (daylight.Accepted && on && !_daylight && !_wheelApprovedAtLastTick)
                {
                    Fail("daylight mode was enabled without an approved filter settled in the beam");
                }

                _daylight = daylight.Accepted ? on : _daylight;
                break;
            case SafetyOpKind.Hold:
                _holds.Add(_bench.Loop.HoldGatesOff("property test"));
                for (int ch = 0; ch < 4; ch++)
                {
                    if (_bench.GateRunning(ch))
                    {
                        Fail(string.Create(CultureInfo.InvariantCulture, $"gate {ch} still runs after HoldGatesOff returned"));
                    }
                }

                break;
            case SafetyOpKind.Release when _holds.Count > 0:
                _holds[0].Dispose();
                _holds.RemoveAt(0);
                break;
            case SafetyOpKind.Calm:
                Calm();
                break;
        }
    }

    private void Calm()
    {
        var panel = _bench.Station.InterlockPanel;
        panel.EstopPressed = false;
        panel.AircraftPresent = false;
        panel.KeyOn = true;
        _bench.QuietNight();
        _bench.Scripted.MountFaulted = false;
        _bench.Scripted.TrackerFaulted = false;
        for (int ch = 0; ch < 4; ch++)
        {
            SetFlash(ch, 0);
        }

        foreach (var (kind, device) in new[] { (FaultKind.SpiCrc, DeviceId.GateCounter), (FaultKind.NoResponse, DeviceId.GateCounter), (FaultKind.NoResponse, DeviceId.Interlocks), (FaultKind.WatchdogStarvation, DeviceId.Interlocks) })
        {
            _bench.Station.Faults.Clear(kind, device);
        }

        _holds.ForEach(h => h.Dispose());
        _holds.Clear();
        _bench.Station.Watchdog.Reset();
    }

    private void SetFlash(int channel, double rateHz)
    {
        var spad = _bench.Station.GateCounter.Channels[channel];
        if (spad.SignalRate.Hertz != rateHz)
        {
            spad.SignalRate = Frequency.FromHertz(rateHz);
            _flashSince[channel] = rateHz > 0 ? _bench.Time.GetUtcNow() : null;
        }
    }

    private SafetyCommandResult Command(Func<SafetyCommandResult> command, string name)
    {
        var loop = _bench.Loop;
        var before = (loop.LaserArmed, loop.DaylightMode, Latched(), loop.GateHoldCount);
        var result = command();
        _totals.Commands++;
        if (!result.Accepted)
        {
            _totals.Refusals++;
            var after = (loop.LaserArmed, loop.DaylightMode, Latched(), loop.GateHoldCount);
            if (after != before || string.IsNullOrWhiteSpace(result.Message))
            {
                Fail($"{name} was refused ({result.Message}) but changed {before} to {after}");
            }
        }

        return result;
    }

    private int Latched()
    {
        int mask = 0;
        for (int ch = 0; ch < 4; ch++)
        {
            mask |= _bench.Loop.CountMonitor.IsLatched(ch) ? 1 << ch : 0;
        }

        return mask;
    }

    private void Check()
    {
        var station = _bench.Station;
        var panel = station.InterlockPanel;
        var faults = station.Faults;
        var s = _bench.Scripted;
        var now = _bench.Time.GetUtcNow();
        _totals.Ticks++;

        bool expanderFault = faults.IsActive(FaultKind.NoResponse, DeviceId.Interlocks);
        bool watchdogRunning = station.Watchdog.State == EmulatedWatchdogState.Running;
        bool hazard = panel.EstopActive || !panel.KeyOn || panel.AircraftAlarmActive || !watchdogRunning || expanderFault;
        if (hazard && _armedByOperator)
        {
            _armedByOperator = false;
            _totals.Disarms++;
        }

        _hazardAtLastTick = hazard;
        _totals.WatchdogCuts += station.Watchdog.IsCut && !_wasCut ? 1 : 0;
        _wasCut = station.Watchdog.IsCut;
        var wheel = s.Wheel(0);
        bool wheelSettled = wheel.Status == SensorStatus.Valid && !wheel.Moving;
        _wheelApprovedAtLastTick = wheelSettled && wheel.Slot == 0;

        string? common =
            panel.EstopActive ? "the e-stop is pressed"
            : !watchdogRunning ? $"the watchdog is {station.Watchdog.State}"
            : expanderFault ? "the interlock expander does not answer"
            : s.MountFaulted ? "the mount position is faulted"
            : SeparationDeg(s.Mount, s.Sun) <= SunConeDeg - 1e-9 ? $"the mount {s.Mount} is within {SunConeDeg}° of the sun {s.Sun}"
            : s.Sun.ElevationDeg >= NightLimitDeg && !(_daylight && _wheelApprovedAtLastTick) ? $"the sun is up ({s.Sun.ElevationDeg}°) without daylight mode and the approved filter"
            : !wheelSettled ? $"the wheel reads {wheel}"
            : _holds.Count > 0 ? "a gate hold is open"
            : faults.IsActive(FaultKind.SpiCrc, DeviceId.GateCounter) || faults.IsActive(FaultKind.NoResponse, DeviceId.GateCounter) ? "the gate/counter board does not answer"
            : null;

        for (int ch = 0; ch < 4; ch++)
        {
            bool running = _bench.GateRunning(ch);
            bool latched = _bench.Loop.CountMonitor.IsLatched(ch);
            _totals.Trips += latched && (_latchedMask & (1 << ch)) == 0 ? 1 : 0;
            _latchedMask = latched ? _latchedMask | (1 << ch) : _latchedMask & ~(1 << ch);
            _gateSince[ch] = running ? _gateSince[ch] ?? now : null;
            if (!running)
            {
                continue;
            }

            _totals.GateRunningTicks++;
            string? reason = common ?? (latched ? "its trip is latched" : null);
            if (reason is null && _flashSince[ch] is { } flash && _gateSince[ch] is { } since)
            {
                var exposed = now - (flash > since ? flash : since);
                reason = exposed > (2 * _window) + Tick ? $"a flash has shone on it for {exposed.TotalMilliseconds} ms with the gate running" : null;
            }

            if (reason is not null)
            {
                Fail(string.Create(CultureInfo.InvariantCulture, $"detector gate {ch} runs although {reason}"));
            }
        }

        if (station.UplinkLaser.IsEmitting)
        {
            _totals.LaserEmittingTicks++;
            string? reason =
                !_armedByOperator ? "the operator has not armed it since the last hazard"
                : panel.EstopActive ? "the e-stop is pressed"
                : !panel.KeyOn ? "the key is off"
                : panel.AircraftAlarmActive ? "the aircraft detector alarms"
                : !watchdogRunning ? $"the watchdog is {station.Watchdog.State}"
                : expanderFault ? "the interlock expander does not answer"
                : s.MountFaulted ? "the mount position is faulted"
                : s.Mount.ElevationDeg < LaserMaskDeg ? $"the elevation {s.Mount.ElevationDeg}° is below the mask"
                : InZone(s.Mount) ? $"the mount {s.Mount} points into the no-fire zone"
                : !s.Locked || s.TrackerFaulted ? "the tracker is not locked"
                : null;
            if (reason is not null)
            {
                Fail("the laser emits although " + reason);
            }
        }
    }

    private void Fail(string what) =>
        _violation ??= string.Create(CultureInfo.InvariantCulture, $"{_bench.Time.GetUtcNow():HH:mm:ss.fff}: {what}");

    /// <summary>Great-circle angle by unit vectors (independent of the supervisor's cosine formula).</summary>
    private static double SeparationDeg(AzEl a, AzEl b)
    {
        static (double X, double Y, double Z) Unit(AzEl p)
        {
            double az = p.AzimuthDeg * Math.PI / 180, el = p.ElevationDeg * Math.PI / 180;
            return (Math.Cos(el) * Math.Sin(az), Math.Cos(el) * Math.Cos(az), Math.Sin(el));
        }

        var (ax, ay, az2) = Unit(a);
        var (bx, by, bz) = Unit(b);
        double cross = Math.Sqrt(Math.Pow((ay * bz) - (az2 * by), 2) + Math.Pow((az2 * bx) - (ax * bz), 2) + Math.Pow((ax * by) - (ay * bx), 2));
        return Math.Atan2(cross, (ax * bx) + (ay * by) + (az2 * bz)) * 180 / Math.PI;
    }

    /// <summary>Clearly inside the no-fire zone (a millionth of a degree of slack at its edges, which forbid).</summary>
    private static bool InZone(AzEl p)
    {
        const double slack = 1e-6;
        double az = ((p.AzimuthDeg % 360) + 360) % 360;
        return p.ElevationDeg is >= slack and <= 40 - slack && az >= 250 + slack && az <= 290 - slack;
    }
}

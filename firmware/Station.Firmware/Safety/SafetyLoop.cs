using Microsoft.Extensions.Logging;
using Station.Core.Detectors;
using Station.Core.Safety;
using Station.Devices.GateCounter;
using Station.Devices.Interlocks;
using Station.Devices.UplinkLaser;
using Station.Firmware.Telemetry;

namespace Station.Firmware.Safety;

/// <summary>The drivers the safety loop senses and commands.</summary>
/// <param name="GateCounter">Gate/counter board: counts, bright-light flags, and the GPIO master enable of each gate.</param>
/// <param name="Interlocks">E-stop, hardware key and watchdog status.</param>
/// <param name="Laser">The uplink laser (aircraft detector input, enable and shutter).</param>
/// <param name="Heartbeat">The external watchdog's heartbeat line, toggled once per healthy tick (not started on its own timer).</param>
public sealed record SafetyLoopDevices(GateCounterBoard GateCounter, Interlocks Interlocks, UplinkLaser Laser, WatchdogHeartbeat Heartbeat);

/// <summary>The computed and service-provided inputs of the safety loop. A missing optional source forbids what needs it.</summary>
/// <param name="Mount">Mount position (axes or encoders).</param>
/// <param name="Sun">Sun position at the station.</param>
/// <param name="FilterWheels">Filter-wheel service; null: every configured wheel reads Unknown (gates stay off).</param>
/// <param name="Tracker">Beacon tracker lock; null: the tracker reads Unknown (the laser stays off).</param>
public sealed record SafetyLoopSources(IMountPositionSource Mount, ISunPositionSource Sun, IFilterWheelSenseSource? FilterWheels = null, ITrackerLockSource? Tracker = null);

/// <summary>
/// The firmware's safety service. Every control tick (a <see cref="TimeProvider"/> timer) it senses every input of
/// <see cref="SafetySupervisor"/> from the drivers and services, marking failed reads Faulted (fail closed); reads the
/// gate/counter board's latest window into the <see cref="Detectors.CountMonitor"/>; evaluates the supervisor;
/// applies the permissions to the hardware (a gate's GPIO master enable off for every channel not permitted, the
/// uplink laser off when not permitted and on when permitted); records every permission change in the log and the
/// telemetry audit trail; and only then toggles the watchdog heartbeat, so a loop that stops or keeps failing lets
/// the external watchdog cut the laser and the gates in hardware. Operator commands (<see cref="ArmLaser"/>,
/// <see cref="DisarmLaser"/>, <see cref="ResetTrip"/>, <see cref="SetDaylightMode"/>) answer with their reason and
/// change nothing when refused. Ticks and commands are serialised by one lock.
/// </summary>
public sealed partial class SafetyLoop : IDetectorGateGuard, IDisposable
{
    private readonly SafetyLoopOptions _options;
    private readonly SafetyConfiguration _config;
    private readonly GateCounterBoard _board;
    private readonly Interlocks _interlocks;
    private readonly UplinkLaser _laser;
    private readonly WatchdogHeartbeat _heartbeat;
    private readonly SafetyLoopSources _sources;
    private readonly ITelemetrySink? _telemetry;
    private readonly TimeProvider _time;
    private readonly ILogger<SafetyLoop> _logger;
    private readonly LaserArming _arming = new();
    private readonly PermissionAuditor _auditor = new();
    private readonly AuditSink _auditSink;
    private readonly CountMonitor _monitor;
    private readonly int _channels;
    private readonly Lock _gate = new();
    private SensedState _state;
    private Permissions _permissions;
    private Sensed<AzEl> _sun;
    private DateTimeOffset _sunComputedAt;
    private DateTimeOffset _lastGateRefresh;
    private DateTimeOffset _armedAt;
    private ITimer? _timer;
    private int _appliedGates;
    private int _holds;
    private long _consecutiveFailures;
    private bool _daylightMode;
    private bool _started;
    private bool _disposed;
    private InterlockFaults _lastLaserRefusal;

    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public SafetyLoop(SafetyLoopOptions options, SafetyLoopDevices devices, SafetyLoopSources sources, TimeProvider timeProvider,
        ILogger<SafetyLoop> logger, ITelemetrySink? telemetry = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(devices);
        _sources = sources ?? throw new ArgumentNullException(nameof(sources));
        ArgumentNullException.ThrowIfNull(sources.Mount);
        ArgumentNullException.ThrowIfNull(sources.Sun);
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("invalid safety-loop options: " + string.Join("; ", problems), nameof(options));
        }

        _options = options;
        _config = SafetyConfiguration.Create(options.Safety);
        _board = devices.GateCounter ?? throw new ArgumentException("the gate/counter board is missing", nameof(devices));
        _interlocks = devices.Interlocks ?? throw new ArgumentException("the interlocks are missing", nameof(devices));
        _laser = devices.Laser ?? throw new ArgumentException("the uplink laser is missing", nameof(devices));
        _heartbeat = devices.Heartbeat ?? throw new ArgumentException("the watchdog heartbeat is missing", nameof(devices));
        _telemetry = telemetry;
        _channels = _config.ChannelCount;
        _auditSink = new AuditSink(this);
        _monitor = new CountMonitor(options.CountMonitor, new SecurityEventSink(this));
    }

    /// <summary>
    /// Brings the gate/counter board up (identity check, soft reset, integration window, hardware trip threshold
    /// below which the software trip sits, board and channel enables, integration started) with every GPIO master
    /// enable off and the laser off, then starts ticking. The gates open only when a tick permits them.
    /// </summary>
    public void Start()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_started)
            {
                return;
            }

            // Checked here rather than in the constructor: the wheel service may itself depend on this loop (as its gate guard).
            if (_sources.FilterWheels is { } wheels && wheels.WheelCount != _config.FilterWheelCount)
            {
                throw new InvalidOperationException($"the filter-wheel source reports {wheels.WheelCount} wheels; the safety configuration (Safety.FilterWheels) has {_config.FilterWheelCount}");
            }

            _board.SetAllMasterEnables(false);
            _appliedGates = 0;
            _laser.SwitchOff();
            _board.Initialize();
            _board.SetIntegrationWindow(_options.CountMonitor.IntegrationWindow);
            for (int ch = 0; ch < _channels; ch++)
            {
                _board.SetTripThreshold(ch, _options.CountMonitor.HardwareTripRate);
                _board.SetChannelEnabled(ch, true);
            }

            _board.SetBoardEnabled(true);
            _board.StartIntegration();
            _lastGateRefresh = _time.GetUtcNow();
            _started = true;
            _timer = _time.CreateTimer(_ => Tick(), null, _options.ControlTick, _options.ControlTick);
            LogStarted(_options.ControlTick.TotalMilliseconds, _channels, _options.CountMonitor.IntegrationWindow.Milliseconds);
        }
    }

    /// <summary>Stops ticking and turns the laser and every gate off; the heartbeat stops, so the watchdog will cut too.</summary>
    public void Stop()
    {
        lock (_gate)
        {
            _timer?.Dispose();
            _timer = null;
            if (_started)
            {
                ForceSafe();
                _started = false;
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            Stop();
            _disposed = true;
        }
    }

    /// <summary>One control tick (the timer calls it; public so a host without a timer-driven clock can drive it).</summary>
    public void Tick()
    {
        lock (_gate)
        {
            if (!_started)
            {
                return;
            }

            var now = _time.GetUtcNow();
            try
            {
                Sense(now);
                _permissions = SafetySupervisor.Evaluate(_state, _config);
                if (_arming.Update(_permissions))
                {
                    string hazards = SafetyReasons.Describe(_arming.DisarmedBy);
                    LogDisarmed(hazards);
                    WriteEvent(now, "laser_disarmed", "the laser was disarmed by a hazard: " + hazards);
                }

                Apply(_permissions, now);
                AuditRecordCount += _auditor.Observe(_permissions, _auditSink);
                _heartbeat.Beat();
                TickCount++;
                if (_consecutiveFailures > 0)
                {
                    LogRecovered(_consecutiveFailures);
                    _consecutiveFailures = 0;
                }
            }
#pragma warning disable CA1031 // Whatever went wrong, the drivers must be forced safe and the heartbeat withheld.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                FailedTickCount++;
                _consecutiveFailures++;
                _permissions = default;
                ForceSafe();
                if (_consecutiveFailures == 1 || _consecutiveFailures % 1000 == 0)
                {
                    LogTickFailed(_consecutiveFailures, exception); // the first of a run, then every 10 s or so: not 100 lines a second
                }

                AuditFailedTick();
            }
        }
    }

    private void Apply(in Permissions permissions, DateTimeOffset now)
    {
        int desired = 0;
        if (_holds == 0 && _gatesDemanded)
        {
            for (int ch = 0; ch < _channels; ch++)
            {
                if (permissions.GateOn(ch) && (_channelSelection & (1 << ch)) != 0)
                {
                    desired |= 1 << ch;
                }
            }
        }

        bool refresh = now - _lastGateRefresh >= _options.GateRefreshInterval;
        // Off before on: a channel being closed never waits behind one being opened.
        for (int ch = 0; ch < GateCounterBoard.ChannelCount; ch++)
        {
            int bit = 1 << ch;
            if ((desired & bit) == 0 && (refresh || (_appliedGates & bit) != 0))
            {
                _board.SetMasterEnable(ch, false);
                _appliedGates &= ~bit;
            }
        }

        for (int ch = 0; ch < _channels; ch++)
        {
            int bit = 1 << ch;
            if ((desired & bit) != 0 && (refresh || (_appliedGates & bit) == 0))
            {
                _board.SetMasterEnable(ch, true);
                _appliedGates |= bit;
            }
        }

        if (refresh)
        {
            _lastGateRefresh = now;
        }

        ApplyLaser(permissions, now);
    }

    private void ApplyLaser(in Permissions permissions, DateTimeOffset now)
    {
        if (_laser.State == UplinkLaserState.Tripped && _arming.IsArmed && _laser.LastTrip is { } trip && trip.Time >= _armedAt)
        {
            // The driver caught a hazard between two ticks (an edge event): that disarms just as one seen at a tick.
            _arming.Disarm();
            string what = InterlockFaultText.Describe(trip.Faults);
            LogDisarmed(what);
            WriteEvent(now, "laser_disarmed", "the laser driver tripped (" + what + "); the operator must re-arm");
            return;
        }

        if (!permissions.LaserOn || !_uplinkDemanded)
        {
            if (_laser.State == UplinkLaserState.On)
            {
                _laser.SwitchOff();
            }

            return;
        }

        if (_laser.State != UplinkLaserState.On)
        {
            var result = _laser.TrySwitchOn();
            if (!result.Accepted && result.Refusal != _lastLaserRefusal)
            {
                LogLaserRefused(result.Reason);
            }

            _lastLaserRefusal = result.Refusal;
        }
    }

    /// <summary>A failed tick revokes every permission ("not evaluated"): the audit trail must say so too.</summary>
    private void AuditFailedTick()
    {
        try
        {
            AuditRecordCount += _auditor.Observe(_permissions, _auditSink);
        }
#pragma warning disable CA1031 // Already failing safe: a broken log or journal must not escape the timer callback.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            LogAuditFailed(exception);
        }
    }

    /// <summary>Every output off, each on its own so one failing driver does not keep the other on.</summary>
    private void ForceSafe()
    {
        try
        {
            _board.SetAllMasterEnables(false);
            _appliedGates = 0;
        }
#pragma warning disable CA1031 // Forcing safe must reach the laser even if the gate lines fail.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            LogForceSafeFailed("detector gates", exception);
        }

        try
        {
            _laser.SwitchOff();
        }
#pragma warning disable CA1031
        catch (Exception exception)
#pragma warning restore CA1031
        {
            LogForceSafeFailed("uplink laser", exception);
        }
    }

    private void WriteEvent(DateTimeOffset at, string kind, string message) =>
        _telemetry?.WriteEvent(new EventRecord(at, "safety", kind, message));

    [LoggerMessage(Level = LogLevel.Information, Message = "Safety loop started: tick {TickMs} ms, {Channels} detector channels, integration window {WindowMs} ms")]
    private partial void LogStarted(double tickMs, int channels, double windowMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Uplink laser disarmed by a hazard: {Hazards}; the operator must re-arm")]
    private partial void LogDisarmed(string hazards);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The uplink laser driver refused to switch on although the supervisor permits it: {Reason}")]
    private partial void LogLaserRefused(string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Safety tick failed ({Failures} in a row); laser and gates forced off, heartbeat withheld")]
    private partial void LogTickFailed(long failures, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Safety ticks succeed again after {Failures} failures (the watchdog, if it cut, stays cut until reset)")]
    private partial void LogRecovered(long failures);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Could not write the failed tick to the audit trail")]
    private partial void LogAuditFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Could not force the {What} off")]
    private partial void LogForceSafeFailed(string what, Exception exception);
}

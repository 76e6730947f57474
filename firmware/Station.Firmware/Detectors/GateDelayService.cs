using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Station.Core.Detectors;
using Station.Core.Orbits;
using Station.Devices.GateCounter;
using UnitsNet;

namespace Station.Firmware.Detectors;

/// <summary>What the last update wrote, for telemetry and tests.</summary>
/// <param name="At">When the registers were written.</param>
/// <param name="Reference">The reception instant the delays are centred on (the middle of the interval they hold for).</param>
/// <param name="LightTimeSeconds">Downlink light time of the photon received at <paramref name="Reference"/>.</param>
public readonly record struct GateDelayUpdate(DateTimeOffset At, DateTimeOffset Reference, double LightTimeSeconds);

/// <summary>
/// Per-channel gate delay and width on the gate/counter board. At start-up it sets the gate period to the source's
/// pulse period and every configured channel's width (delay 0; free-running gates for a continuous source). While a
/// pass is tracked (<see cref="Track"/>) it rewrites each channel's delay every update interval so the gate is
/// centred on the pulse arrival: light time (<see cref="LightTime"/>, SGP4) plus the channel's instrument delay,
/// planned by the core <see cref="GatePlanner"/> and taken at the middle of the interval the write holds for.
/// <para>No glitches: the board has no shadow registers or latch, so each update is a single 32-bit GATE_DELAY_n
/// write per channel with the width unchanged. The board applies a frame when chip select rises, so the gate goes
/// from the old delay straight to the new one, and every state it passes through is a valid gate (delay + width
/// ≤ period). A gate the centred delay would push across the period boundary (which the board cannot express) is
/// moved to whichever end of the period still contains the pulse arrival (off-centre by at most half a width).</para>
/// </summary>
public sealed partial class GateDelayService : IHostedService, IDisposable
{
    private readonly GateDelayServiceOptions _options;
    private readonly GateCounterBoard _board;
    private readonly TimeProvider _time;
    private readonly ILogger<GateDelayService> _logger;
    private readonly Lock _gate = new();
    private readonly GateSetting[] _settings;
    private readonly int[] _boardChannel;
    private readonly long[] _widthUnits;
    private readonly long[] _delayUnits;
    private readonly long _periodUnits;
    private readonly double _periodS;
    private readonly TimeSpan _interval;
    private GatePlanner? _planner;
    private PassTarget? _target;
    private ITimer? _timer;
    private DateTimeOffset _epoch;
    private bool _failing;

    /// <exception cref="ArgumentException">The options are invalid; every problem is listed.</exception>
    public GateDelayService(IOptions<GateDelayServiceOptions> options, GateCounterBoard board, TimeProvider timeProvider, ILogger<GateDelayService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _board = board ?? throw new ArgumentNullException(nameof(board));
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        var problems = _options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid gate delay configuration: " + string.Join("; ", problems), nameof(options));
        }

        _periodUnits = (long)Math.Round(_options.PulsePeriodNs / GateDelayServiceOptions.BoardStepNs);
        _periodS = _periodUnits * GateDelayServiceOptions.BoardStepNs * 1e-9;
        _boardChannel = [.. _options.Channels.Select(c => c.Channel)];
        _widthUnits = [.. _options.Channels.Select(c => _options.PulsedSource ? (long)Math.Round(c.WidthNs / GateDelayServiceOptions.BoardStepNs) : _periodUnits)];
        _delayUnits = new long[_boardChannel.Length];
        _settings = new GateSetting[_boardChannel.Length];
        _interval = TimeSpan.FromMilliseconds(_options.UpdateIntervalMs);
    }

    /// <summary>Number of configured channels (index into <see cref="DelayUnits"/>).</summary>
    public int ChannelCount => _boardChannel.Length;

    /// <summary>Whether a pass is being tracked.</summary>
    public bool IsTracking
    {
        get
        {
            lock (_gate)
            {
                return _target is not null;
            }
        }
    }

    /// <summary>Updates done since start (each writes every channel whose delay changed).</summary>
    public long UpdateCount { get; private set; }

    /// <summary>GATE_DELAY writes.</summary>
    public long WriteCount { get; private set; }

    /// <summary>Updates whose centred gate would have crossed the period boundary and were moved to an end of the period.</summary>
    public long BoundaryMoves { get; private set; }

    /// <summary>Updates that could not be computed (SGP4) or written (board fault); the previous delay stayed.</summary>
    public long FailedUpdates { get; private set; }

    /// <summary>The last update that wrote the board.</summary>
    public GateDelayUpdate LastUpdate { get; private set; }

    /// <summary>The board channel of configured channel <paramref name="index"/>.</summary>
    public int BoardChannel(int index) => _boardChannel[index];

    /// <summary>The delay last written for configured channel <paramref name="index"/>, in 10 ps board units.</summary>
    public long DelayUnits(int index)
    {
        lock (_gate)
        {
            return _delayUnits[index];
        }
    }

    /// <summary>Sets the gate period and every configured channel's width (delay 0) on the board.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            ApplyStaticTiming(resetDelays: true);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        StopTracking();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Starts following the light time to <paramref name="satellite"/> from <paramref name="station"/> (replacing any
    /// pass being tracked); the first update is written before this returns. Refused for a continuous source, whose
    /// gates run free.
    /// </summary>
    /// <exception cref="InvalidOperationException">The source is continuous, or the satellite cannot be propagated now.</exception>
    public void Track(Sgp4Propagator satellite, GroundStation station, EarthOrientationParameters earthOrientation)
    {
        ArgumentNullException.ThrowIfNull(satellite);
        ArgumentNullException.ThrowIfNull(station);
        if (!_options.PulsedSource)
        {
            throw new InvalidOperationException("The source is continuous (Station:GateDelays:PulsedSource is false): the gates run free and have no delay to track. Nothing was changed.");
        }

        lock (_gate)
        {
            var now = _time.GetUtcNow();
            if (!LightTime.TryForReception(satellite, station, JulianDate.FromDateTime(now.UtcDateTime), earthOrientation, out _))
            {
                throw new InvalidOperationException($"SGP4 cannot propagate {satellite.CatalogNumber} at {now:O}; the gate delays were not changed.");
            }

            ApplyStaticTiming(resetDelays: false); // normally a no-op: only a board reset since start-up changes anything
            _target = new PassTarget(satellite, station, earthOrientation);
            _planner = new GatePlanner(_options.ToPlannerOptions());

            // Pulses leave at whole periods from every UTC second (the period divides a second), so any whole second
            // serves as pulse 0; one a second early keeps the emission clock positive.
            _epoch = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero).AddSeconds(-1);
            LogTracking(satellite.CatalogNumber, station.Name, _options.UpdateIntervalMs);
            Update();
            _timer ??= _time.CreateTimer(_ => Tick(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _timer.Change(_interval, _interval);
        }
    }

    /// <summary>Stops following the pass; the last delays stay on the board.</summary>
    public void StopTracking()
    {
        lock (_gate)
        {
            _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            if (_target is not null)
            {
                LogStopped(UpdateCount, WriteCount, BoundaryMoves, FailedUpdates);
            }

            _target = null;
        }
    }

    private void Tick()
    {
        lock (_gate)
        {
            if (_target is not null)
            {
                Update();
            }
        }
    }

    /// <summary>One update: light times at both ends of the interval, the planner's chord, delays for its middle.</summary>
    private void Update()
    {
        var target = _target!;
        var now = _time.GetUtcNow();
        double intervalS = _interval.TotalSeconds;
        var jd = JulianDate.FromDateTime(now.UtcDateTime);
        if (!LightTime.TryForReception(target.Satellite, target.Station, jd, target.EarthOrientation, out double tau0)
            || !LightTime.TryForReception(target.Satellite, target.Station, jd.AddSeconds(intervalS), target.EarthOrientation, out double tau1))
        {
            Failed($"SGP4 failed for {target.Satellite.CatalogNumber} at {now:O}");
            return;
        }

        // Emission times on the pulse clock of the photons received at the interval's ends.
        double received0 = (now - _epoch).Ticks / (double)TimeSpan.TicksPerSecond;
        double emitted0 = received0 - tau0, emitted1 = received0 + intervalS - tau1;
        try
        {
            _planner!.Plan(emitted0, emitted1, tau0, tau1, _settings);
        }
        catch (ArgumentException ex)
        {
            Failed(ex.Message); // a light-time rate beyond any LEO pass: a bad element set, not something to write
            return;
        }

        long middlePulse = (long)Math.Round((emitted0 + emitted1) / 2 / _periodS);
        double stepS = _planner!.StepSeconds, rateStep = _planner.RateStep;
        try
        {
            for (int i = 0; i < _boardChannel.Length; i++)
            {
                long fine = GateTiming.Registers(_settings[i], middlePulse, _periodS, stepS, rateStep).Fine;
                long delay = FitInPeriod(fine, _widthUnits[i]);
                if (delay != _delayUnits[i])
                {
                    _board.SetGateDelay(_boardChannel[i], FromUnits(delay));
                    _delayUnits[i] = delay;
                    WriteCount++;
                }
            }
        }
        catch (GateCounterException ex)
        {
            Failed(ex.Message);
            return;
        }

        UpdateCount++;
        LastUpdate = new GateDelayUpdate(now, now + (_interval / 2), (tau0 + tau1) / 2);
        if (_failing)
        {
            _failing = false;
            LogRecovered(FailedUpdates);
        }
    }

    /// <summary>
    /// The board's gate must lie inside one period (delay + width ≤ period). A centred gate that would straddle the
    /// boundary goes to the end of the period that still holds the arrival (the gate's centre): the late end while the
    /// centre is before the boundary, the start of the period once it has crossed.
    /// </summary>
    private long FitInPeriod(long fine, long width)
    {
        long latest = _periodUnits - width;
        if (fine <= latest)
        {
            return fine;
        }

        BoundaryMoves++;
        return fine - latest <= width / 2 ? latest : 0;
    }

    private void Failed(string reason)
    {
        FailedUpdates++;
        if (!_failing)
        {
            _failing = true;
            LogUpdateFailed(reason);
        }
    }

    /// <summary>
    /// Gate period = pulse period and every configured channel's width, writing only what differs, in an order the
    /// board accepts (shrink the gates before the period, grow the period before the gates). With
    /// <paramref name="resetDelays"/> the configured channels start at delay 0.
    /// </summary>
    private void ApplyStaticTiming(bool resetDelays)
    {
        long boardPeriod = Units(_board.GatePeriod);
        bool growing = _periodUnits >= boardPeriod;
        if (growing && _periodUnits != boardPeriod)
        {
            _board.SetGatePeriod(FromUnits(_periodUnits));
        }

        for (int channel = 0; channel < GateCounterBoard.ChannelCount; channel++)
        {
            int index = Array.IndexOf(_boardChannel, channel);
            var (delayNow, widthNow) = _board.GetGate(channel);
            long delay = Units(delayNow), width = Units(widthNow);
            if (index >= 0)
            {
                if (width != _widthUnits[index])
                {
                    _board.ConfigureGate(channel, Duration.Zero, FromUnits(_widthUnits[index]));
                    delay = 0;
                }
                else if (resetDelays && delay != 0)
                {
                    _board.SetGateDelay(channel, Duration.Zero);
                    delay = 0;
                }

                _delayUnits[index] = delay;
            }
            else if (!growing && delay + width > _periodUnits)
            {
                // An unconfigured channel must still fit the shorter period.
                _board.ConfigureGate(channel, Duration.Zero, FromUnits(Math.Min(width, _periodUnits)));
            }
        }

        if (!growing)
        {
            _board.SetGatePeriod(FromUnits(_periodUnits));
        }
    }

    private static long Units(Duration d) => (long)Math.Round(d.Nanoseconds / GateDelayServiceOptions.BoardStepNs);

    private static Duration FromUnits(long units) => Duration.FromNanoseconds(units * GateDelayServiceOptions.BoardStepNs);

    public void Dispose()
    {
        lock (_gate)
        {
            _timer?.Dispose();
            _timer = null;
            _target = null;
        }
    }

    private sealed record PassTarget(Sgp4Propagator Satellite, GroundStation Station, EarthOrientationParameters EarthOrientation);

    [LoggerMessage(Level = LogLevel.Information, Message = "Gate delays following satellite {Satellite} from {Station}, updated every {IntervalMs} ms")]
    private partial void LogTracking(int satellite, string station, double intervalMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Gate delays stopped: {Updates} updates, {Writes} writes, {BoundaryMoves} moved off the period boundary, {Failed} failed")]
    private partial void LogStopped(long updates, long writes, long boundaryMoves, long failed);

    [LoggerMessage(Level = LogLevel.Error, Message = "Gate delay update failed ({Reason}); the previous delays stay until an update succeeds")]
    private partial void LogUpdateFailed(string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Gate delay updates recovered after {Failed} failed updates in all")]
    private partial void LogRecovered(long failed);
}

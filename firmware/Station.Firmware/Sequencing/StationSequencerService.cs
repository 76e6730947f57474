using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Station.Core.Acquisition;
using Station.Core.Orbits;
using Station.Core.Pointing;
using Station.Core.Sequencing;
using Station.Firmware.Telemetry;

namespace Station.Firmware.Sequencing;

/// <summary>The air the planner refracts through, or null when the weather station has no good reading.</summary>
public interface IAirSource
{
    AtmosphereConditions? Read();
}

/// <summary>
/// Flies passes: predicts them from the TLE catalogue, steps the <see cref="PassSequencer"/> and carries out its
/// transitions — plans the track (refraction from the weather station, the pointing model, the mount's limits and
/// wrap), pre-points, tracks, starts and stops acquisition, parks — and asks the safety loop for gates and uplink in
/// fine lock. Every control tick it journals a mount sample; every transition goes to the log and the journal.
/// A pass that cannot be planned or whose commands the mount refuses is abandoned with the reason.
/// </summary>
public sealed partial class StationSequencerService : IHostedService, IDisposable
{
    private readonly ScheduleOptions _options;
    private readonly IPassMount _mount;
    private readonly IPassAcquisition? _acquisition;
    private readonly IPassSafetyDemands? _safety;
    private readonly IAirSource? _air;
    private readonly ITelemetrySink? _telemetry;
    private readonly IPassFilters? _filters;
    private readonly IEmergencyStopSource? _emergencyStop;
    private readonly OpticsSampler? _optics;
    private int _tick;
    private bool _mountEStopped;
    private DateTimeOffset _lastRecovery = DateTimeOffset.MinValue;
    private readonly PointingModel _pointingModel;
    private readonly TimeProvider _time;
    private readonly ILogger<StationSequencerService> _logger;
    private readonly GroundStation _site;
    private readonly PassSequencer _sequencer;
    private readonly Lock _gate = new();
    private ITimer? _timer;

    public StationSequencerService(
        IOptions<ScheduleOptions> options,
        IPassMount mount,
        PointingModel pointingModel,
        TimeProvider timeProvider,
        ILogger<StationSequencerService> logger,
        IPassAcquisition? acquisition = null,
        IPassSafetyDemands? safety = null,
        IAirSource? air = null,
        ITelemetrySink? telemetry = null,
        IPassFilters? filters = null,
        IEmergencyStopSource? emergencyStop = null,
        OpticsSampler? optics = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _mount = mount ?? throw new ArgumentNullException(nameof(mount));
        _pointingModel = pointingModel ?? throw new ArgumentNullException(nameof(pointingModel));
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _acquisition = acquisition;
        _safety = safety;
        _air = air;
        _telemetry = telemetry;
        _filters = filters;
        _emergencyStop = emergencyStop;
        _optics = optics;
        _site = _options.ParseSite();
        _sequencer = new PassSequencer(_options.ToRules());
        _sequencer.Transitioned += OnTransition;
    }

    /// <summary>
    /// The sequencer steps and a mount sample is journalled at this rate: a step at most one tick late means the mount
    /// joins a moving trajectory within its start tolerance.
    /// </summary>
    public const double ControlRateHz = 100;

    public SequencerState State => _sequencer.State;

    public SatellitePass? CurrentPass => _sequencer.CurrentPass;

    /// <summary>The predicted passes (null until started, or without a catalogue).</summary>
    public PassForecast? Forecast { get; private set; }

    /// <summary>The planned track of the current pass.</summary>
    public MountTrajectory? Trajectory { get; private set; }

    /// <summary>Every transition so far, in order.</summary>
    public IReadOnlyList<SequencerTransition> Transitions => _transitions;

    private readonly List<SequencerTransition> _transitions = [];

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        if (_options.TlePath is { Length: > 0 } path)
        {
            UseForecast(PredictForecast(now, target: null), target: null);
            LogForecast(Forecast!.Passes.Count, path, _site.Name, _options.LookaheadHours);
        }
        else
        {
            LogNoCatalogue();
        }

        _safety?.SetDemands(false, false); // nothing is asked for until a pass reaches fine lock
        var period = TimeSpan.FromSeconds(1 / ControlRateHz);
        _timer = _time.CreateTimer(_ => Tick(), null, period, period);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _timer?.Dispose();
        _timer = null;
        lock (_gate)
        {
            _acquisition?.StopAcquisition();
            _safety?.SetDemands(false, false);
            _mount.Hold();
        }

        return Task.CompletedTask;
    }

    public void Dispose() => _timer?.Dispose();

    private void Tick()
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            RecordMountSample(now);
            if (_optics is not null && _tick++ % 10 == 0)
            {
                _telemetry?.WriteOptics(_optics.Sample(now)); // the optical path at 10 Hz
            }

            FollowEmergencyStop();
            TryRecoverMount(now);

            RefreshForecastIfDue(now.UtcDateTime);
            _sequencer.Step(new SequencerInputs
            {
                NowUtc = now.UtcDateTime,
                MountAtDemand = _mount.AtDemand,
                Acquisition = Status(),
                ActiveFault = _mount.Fault,
            });
        }
    }

    /// <summary>The e-stop chain opening stops the mount and disables its drivers within one tick.</summary>
    private void FollowEmergencyStop()
    {
        bool active = _emergencyStop?.EmergencyStopActive ?? false;
        if (active && !_mountEStopped)
        {
            _mount.EmergencyStop("e-stop chain open");
        }

        _mountEStopped = active;
    }

    /// <summary>
    /// In Safe, once the cause has gone (no e-stop), a latched mount fault is reset every <see cref="RecoveryInterval"/>
    /// (drivers re-enabled, angles from the encoders), so the sequencer can resume a pass that is still on.
    /// </summary>
    private void TryRecoverMount(DateTimeOffset now)
    {
        if (_sequencer.State != SequencerState.Safe || _mountEStopped || _mount.Fault is null || now - _lastRecovery < RecoveryInterval)
        {
            return;
        }

        _lastRecovery = now;
        string fault = _mount.Fault;
        if (_mount.TryRecover())
        {
            LogRecovered(fault);
            _telemetry?.WriteEvent(new EventRecord(now, "sequencer", "mount_recovered", "mount fault reset: " + fault));
        }
    }

    /// <summary>How often a latched mount fault is reset while the sequencer is safe.</summary>
    public static readonly TimeSpan RecoveryInterval = TimeSpan.FromSeconds(2);

    private void RecordMountSample(DateTimeOffset now)
    {
        if (_telemetry is null)
        {
            return;
        }

        var mount = _mount.Snapshot();
        var state = _acquisition?.State ?? TrackerState.Idle;
        var (xel, el) = _acquisition?.Residual ?? (double.NaN, double.NaN);
        _telemetry.WriteMount(new MountSample(now, mount.CommandedAzimuthDeg, mount.CommandedElevationDeg, mount.ActualAzimuthDeg, mount.ActualElevationDeg, xel, el, state));
    }

    private void RefreshForecastIfDue(DateTime now)
    {
        if (Forecast is { } forecast && now > forecast.ToUtc - TimeSpan.FromHours(1))
        {
            UseForecast(PredictForecast(now, _target), _target);
        }
    }

    /// <summary>Open loop (no acquisition service): the sequencer stays in search while tracking.</summary>
    private AcquisitionStatus Status() => _acquisition?.State switch
    {
        TrackerState.CoarseLock => AcquisitionStatus.CoarseLock,
        TrackerState.FineLock => AcquisitionStatus.FineLock,
        TrackerState.Search or TrackerState.Coast => AcquisitionStatus.Searching,
        _ => AcquisitionStatus.Idle,
    };

    private void OnTransition(SequencerTransition transition)
    {
        _transitions.Add(transition);
        var at = new DateTimeOffset(transition.AtUtc, TimeSpan.Zero);
        LogTransition(transition.From, transition.To, transition.Reason);
        _telemetry?.WriteEvent(new EventRecord(at, "sequencer", "state_changed",
            string.Create(CultureInfo.InvariantCulture, $"{transition.From} → {transition.To}: {transition.Reason}")));
        string? refusal = Act(transition);
        var demands = _sequencer.Demands;
        _safety?.SetDemands(demands.DetectorsWanted, demands.UplinkWanted);
        if (refusal is not null)
        {
            _sequencer.Abandon(transition.AtUtc, refusal);
        }
    }

    /// <summary>Carries out what entering a state means; returns a refusal that makes the pass impossible.</summary>
    private string? Act(SequencerTransition transition)
    {
        switch (transition.To)
        {
            case SequencerState.PrePoint:
                var pass = _sequencer.CurrentPass!;
                if (transition.From is SequencerState.Idle or SequencerState.Park)
                {
                    _telemetry?.WriteEvent(RunJournal.Record(new DateTimeOffset(transition.AtUtc, TimeSpan.Zero),
                        new PassInfo(pass.CatalogNumber, pass.Name, pass.StartUtc, pass.TcaUtc, pass.EndUtc, pass.MaxElevationDeg)));
                }

                var (trajectory, refusal) = Plan(pass);
                Trajectory = trajectory;
                return trajectory is null ? "track cannot be planned: " + refusal : _mount.PrePoint(trajectory);
            case SequencerState.Search when transition.From is SequencerState.PrePoint or SequencerState.WaitAos:
                LogFilterRefusal(_filters?.PutInBeam(link: true));
                return _mount.Track(Trajectory!) ?? _acquisition?.StartAcquisition(Trajectory!, AcquisitionStartAt(transition.AtUtc));
            case SequencerState.Los or SequencerState.Safe:
                _acquisition?.StopAcquisition();
                _mount.Hold();
                LogFilterRefusal(_filters?.PutInBeam(link: false));
                return null;
            case SequencerState.Park:
                return _mount.Park() is { } parkRefusal ? LogParkRefused(parkRefusal) : null;
            default:
                return null;
        }
    }

    private void LogFilterRefusal(string? refusal)
    {
        if (refusal is not null)
        {
            LogFilters(refusal);
        }
    }

    private string? LogParkRefused(string reason)
    {
        LogParkRefusal(reason);
        return null; // nothing to abandon after LOS; the mount stays where it is
    }

    /// <summary>The element set's age and the line of sight now (range, angular rates on the sky).</summary>
    private AcquisitionStart AcquisitionStartAt(DateTime now)
    {
        var pass = _sequencer.CurrentPass!;
        var satellite = Forecast!.Propagator(pass.CatalogNumber);
        var s = satellite.PropagateToUtc(now);
        var look = Topocentric.LookWithRates(new Vec3(s.XKm, s.YKm, s.ZKm), new Vec3(s.VxKmPerS, s.VyKmPerS, s.VzKmPerS), now, _site);
        const double d = Math.PI / 180;
        return new AcquisitionStart(now - satellite.Elements.EpochUtc, look.RangeKm, look.AzimuthRateDegPerS * d * Math.Cos(look.ElevationDeg * d),
            look.ElevationRateDegPerS * d, new DateTimeOffset(pass.StartUtc, TimeSpan.Zero));
    }

    private (MountTrajectory? Trajectory, string? Refusal) Plan(SatellitePass pass)
    {
        var air = _air?.Read();
        return TrackPlanner.Plan(new TrackRequest(Forecast!.Propagator(pass.CatalogNumber), _site, pass.StartUtc, pass.EndUtc)
        {
            ControlRateHz = ControlRateHz,
            PressureMbar = air?.PressureMbar,
            TemperatureC = air?.TemperatureC ?? 10,
            PointingModel = _pointingModel,
            Limits = _mount.Limits,
            CurrentAzimuthDeg = _mount.CurrentAzimuthDeg,
        });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Forecast: {Count} passes in {Path} over {Site} for the next {Hours} h")]
    private partial void LogForecast(int count, string path, string site, double hours);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No TLE catalogue configured (Station:Schedule:TlePath): the station stays idle")]
    private partial void LogNoCatalogue();

    [LoggerMessage(Level = LogLevel.Information, Message = "Sequencer {From} → {To}: {Reason}")]
    private partial void LogTransition(SequencerState from, SequencerState to, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Mount fault reset: {Fault}")]
    private partial void LogRecovered(string fault);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Filter selection refused: {Reason}")]
    private partial void LogFilters(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Park refused: {Reason}; the mount holds where it is")]
    private partial void LogParkRefusal(string reason);
}

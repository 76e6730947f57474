using Microsoft.Extensions.Logging;
using Station.Core.Acquisition;
using Station.Core.Pointing;
using Station.Devices.Buses;
using Station.Devices.QuadCell;
using Station.Devices.SteeringMirror;
using Station.Firmware.Motion;

namespace Station.Firmware.Acquisition;

/// <summary>
/// Finds the satellite's beacon and holds it: runs the core <see cref="BeaconTracker"/> with the beacon camera at
/// the camera rate (full frame while searching or coasting, a boresight ROI while locked) and the quad cell →
/// steering mirror loop at the fine rate, and feeds the tracker's offset to <see cref="MountTracker"/> through
/// <see cref="IMountSetpointOffset"/>: the search is superimposed on the track, the coarse loop steers the mount, and
/// in fine lock the mirror's mean deflection is offloaded to it. Loss of the beacon → coast → search again around the
/// coasted offset (the tracker's state machine). The mount tracker's tick also tells the service where the mount
/// actually is against the track (encoders), which the tracker uses to place each frame's beacon.
/// <para>
/// Steady state allocates nothing: the pixel buffers (full frame and ROI) are allocated at construction and reused;
/// switching between full frame and ROI reopens the camera (a state change, not a frame). Timers run on the
/// <see cref="TimeProvider"/>; all tracker access is serialised by one lock.
/// </para>
/// </summary>
public sealed partial class BeaconAcquisition : IMountSetpointOffset, IDisposable
{
    private const int FeedbackHistory = 32;
    private readonly BeaconAcquisitionOptions _options;
    private readonly Func<CameraSettings, ICameraFrameSource> _openCamera;
    private readonly QuadCell _quadCell;
    private readonly SteeringMirror _mirror;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Centroider _centroider;
    private readonly ushort[] _fullFrame;
    private readonly ushort[] _roiFrame;
    private readonly DateTimeOffset[] _feedbackTime = new DateTimeOffset[FeedbackHistory];
    private readonly double[] _feedbackXel = new double[FeedbackHistory];
    private readonly double[] _feedbackEl = new double[FeedbackHistory];
    private readonly Lock _gate = new();
    private int _feedbackCount;
    private int _feedbackNext;
    private ICameraFrameSource? _camera;
    private bool _cameraIsRoi;
    private long _lastSequence = -1;
    private ITimer? _cameraTimer;
    private ITimer? _fineTimer;
    private double _elevationRad = double.NaN;
    private bool _mirrorCentred = true;
    private int _loggedTransitions;
    private DateTimeOffset? _pendingReference;
    private DateTimeOffset? _lastOffsetTime;
    private OffsetShaper _azimuthShaper;
    private OffsetShaper _elevationShaper;

    /// <param name="options">Validated here: a bad option throws naming every problem, and nothing is opened.</param>
    /// <param name="openCamera">Opens the beacon camera with a ROI (the bus provider's <c>OpenCamera</c>).</param>
    /// <param name="quadCell">The quad cell (MCP3208 binding).</param>
    /// <param name="mirror">The steering mirror (DAC8563 binding), initialised.</param>
    /// <param name="timeProvider">Station clock.</param>
    /// <param name="logger">Transitions are logged here.</param>
    public BeaconAcquisition(BeaconAcquisitionOptions options, Func<CameraSettings, ICameraFrameSource> openCamera, QuadCell quadCell, SteeringMirror mirror, TimeProvider timeProvider, ILogger<BeaconAcquisition> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Beacon acquisition options are invalid: " + string.Join("; ", problems) + ".", nameof(options));
        }

        _options = options;
        _openCamera = openCamera ?? throw new ArgumentNullException(nameof(openCamera));
        _quadCell = quadCell ?? throw new ArgumentNullException(nameof(quadCell));
        _mirror = mirror ?? throw new ArgumentNullException(nameof(mirror));
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        Tracker = new BeaconTracker(options.Tracker);
        _centroider = new Centroider(options.Centroider);
        var camera = options.Tracker.Camera;
        _fullFrame = new ushort[camera.SensorWidth * camera.SensorHeight];
        _roiFrame = new ushort[options.LockedRoiSize * options.LockedRoiSize];
    }

    public BeaconTracker Tracker { get; }

    /// <summary>What the tracker publishes: state, centroid, residuals, lock times, fractions, re-acquisitions.</summary>
    public TrackerMetrics Metrics => Tracker.Metrics;

    public TrackerState State => Tracker.State;

    /// <summary>Frames measured (full frame and ROI).</summary>
    public long FramesMeasured { get; private set; }

    /// <summary>Quad-cell samples read.</summary>
    public long FineSamples { get; private set; }

    /// <summary>Times the camera was reopened to switch between full frame and ROI.</summary>
    public int CameraSwitches { get; private set; }

    /// <summary>Called after each measured frame (telemetry, displays), under the service's lock.</summary>
    public Action<BeaconAcquisition, CentroidResult>? FrameObserver { get; set; }

    /// <summary>
    /// Starts acquiring: a search over the region the error budget gives for an element set of
    /// <paramref name="elementSetAge"/> at <paramref name="range"/>, the line of sight moving at the given rates
    /// (rad/s, cross-elevation and elevation), and lock times counted from <paramref name="reference"/>.
    /// </summary>
    public void Start(TimeSpan elementSetAge, UnitsNet.Length range, double xelRateRadPerS, double elRateRadPerS, DateTimeOffset reference) =>
        Start(_options.ErrorBudget.RegionFor(elementSetAge, range, xelRateRadPerS, elRateRadPerS), reference); // throws before anything changes

    /// <summary>Starts acquiring with a search over <paramref name="region"/> (e.g. around an offset measured earlier in the pass).</summary>
    public void Start(SearchRegion region, DateTimeOffset reference)
    {
        if (!Tracker.Pattern.Fits(region))
        {
            throw new ArgumentException(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"The search region {region} is invalid or needs more points than the pattern holds ({_options.Tracker.Search.MaxPoints})."), nameof(region));
        }

        lock (_gate)
        {
            var now = _time.GetUtcNow();
            Tracker.Start(now, region); // the offset shapers carry on from the present offset: a restart is shaped too
            // A reference still ahead (the satellite not yet at the minimum elevation) is set when time reaches it, so
            // a lock before it counts as lock at 0 s.
            Tracker.Metrics.SetReference(reference <= now ? reference : now);
            _pendingReference = reference > now ? reference : null;
            OpenCamera(roi: false);
            CentreMirror();
            _cameraTimer ??= _time.CreateTimer(_ => OnCameraTick(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _fineTimer ??= _time.CreateTimer(_ => OnFineTick(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            var cameraPeriod = TimeSpan.FromSeconds(1 / _options.CameraRateHz);
            var finePeriod = TimeSpan.FromSeconds(1 / _options.FineRateHz);
            _cameraTimer.Change(cameraPeriod, cameraPeriod);
            _fineTimer.Change(finePeriod, finePeriod);
            LogStarted(region.SemiAxisAlongUrad, region.SemiAxisAcrossUrad, Tracker.Pattern.Count, Tracker.Pattern.FirstPassSeconds);
        }
    }

    /// <summary>Stops: timers off, offsets zero, mirror centred, camera closed.</summary>
    public void Stop()
    {
        lock (_gate)
        {
            _cameraTimer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _fineTimer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            Tracker.Stop(_time.GetUtcNow());
            CentreMirror();
            _camera?.Dispose();
            _camera = null;
        }
    }

    /// <summary>The mount tracker's tick: remember where the mount is against the track; return the tracker's offset in axis space.</summary>
    public MountSetpointOffset OffsetAt(DateTimeOffset now, in MountSetpoint track, double measuredAzimuthDeg, double measuredElevationDeg)
    {
        lock (_gate)
        {
            const double d = Math.PI / 180;
            _elevationRad = measuredElevationDeg * d;
            double azError = Math.IEEERemainder(measuredAzimuthDeg - track.AzimuthDeg, 360);
            _feedbackTime[_feedbackNext] = now;
            _feedbackXel[_feedbackNext] = azError * d * Math.Cos(_elevationRad) * 1e6;
            _feedbackEl[_feedbackNext] = (measuredElevationDeg - track.ElevationDeg) * d * 1e6;
            _feedbackNext = (_feedbackNext + 1) % FeedbackHistory;
            _feedbackCount = Math.Min(_feedbackCount + 1, FeedbackHistory);
            var (az, el, azRate, elRate) = Tracker.CommandAt(now).ToAxes(_elevationRad);
            double dt = _lastOffsetTime is { } last ? Math.Clamp((now - last).TotalSeconds, 0, 0.1) : 0;
            _lastOffsetTime = now;
            _azimuthShaper.Step(az / d, azRate / d, dt, _options.OffsetAccelerationDegPerS2, _options.OffsetMaxRateDegPerS);
            _elevationShaper.Step(el / d, elRate / d, dt, _options.OffsetAccelerationDegPerS2, _options.OffsetMaxRateDegPerS);
            return new MountSetpointOffset(_azimuthShaper.Position, _elevationShaper.Position, _azimuthShaper.Rate, _elevationShaper.Rate);
        }
    }

    private void OnCameraTick()
    {
        lock (_gate)
        {
            if (_pendingReference is { } reference && _time.GetUtcNow() >= reference)
            {
                Tracker.Metrics.SetReference(reference);
                _pendingReference = null;
            }

            if (_camera is null || double.IsNaN(_elevationRad))
            {
                return; // the mount loop has not run yet: no elevation, no feedback
            }

            var buffer = _cameraIsRoi ? _roiFrame : _fullFrame;
            if (!_camera.TryCapture(buffer, out var info) || info.Sequence == _lastSequence)
            {
                return;
            }

            _lastSequence = info.Sequence;
            var camera = _options.Tracker.Camera;
            int width = _camera.Width, height = _camera.Height;
            var frame = new CameraFrame(buffer.AsSpan(0, width * height), width, height, (camera.SensorWidth - width) / 2, (camera.SensorHeight - height) / 2, info.Timestamp);
            var centroid = _centroider.Measure(frame, Tracker.PredictSpot(info.Timestamp, _elevationRad));
            Tracker.OnFrame(centroid, _elevationRad, FeedbackAt(info.Timestamp));
            FramesMeasured++;
            FrameObserver?.Invoke(this, centroid);
            if (WantsRoi(centroid) != _cameraIsRoi)
            {
                OpenCamera(!_cameraIsRoi);
            }

            LogTransitions();
        }
    }

    private void OnFineTick()
    {
        lock (_gate)
        {
            if (Tracker.State is not (TrackerState.CoarseLock or TrackerState.FineLock) || double.IsNaN(_elevationRad))
            {
                CentreMirror();
                return;
            }

            var reading = _quadCell.Read();
            FineSamples++;
            var now = _time.GetUtcNow();
            var sample = reading.Status == QuadCellStatus.Valid
                ? new QuadCellSample(now, reading.X, reading.Y, reading.SumVolts)
                : new QuadCellSample(now, 0, 0, reading.Status == QuadCellStatus.NoSpot ? reading.SumVolts : 0);
            var command = Tracker.OnQuadCell(sample, _elevationRad);
            if (Tracker.State == TrackerState.FineLock)
            {
                _mirror.Point(command.MirrorXUrad, command.MirrorYUrad);
                _mirrorCentred = false;
            }
            else
            {
                CentreMirror();
            }

            LogTransitions();
        }
    }

    /// <summary>
    /// The ROI once locked with the beacon well inside it (within a quarter of its side from the boresight: the coarse
    /// loop first pulls a beacon confirmed anywhere in the full frame in), the full frame otherwise — and as soon as the
    /// ROI loses the beacon, so the coast and the re-search see the whole field.
    /// </summary>
    private bool WantsRoi(in CentroidResult centroid)
    {
        if (Tracker.State is not (TrackerState.CoarseLock or TrackerState.FineLock) || !centroid.IsValid)
        {
            return false;
        }

        var camera = _options.Tracker.Camera;
        double dx = centroid.XPx - camera.BoresightXPx, dy = centroid.YPx - camera.BoresightYPx;
        double limit = _options.LockedRoiSize / 4.0;
        return _cameraIsRoi || ((dx * dx) + (dy * dy) <= limit * limit);
    }

    /// <summary>The mount's offset from the track at <paramref name="time"/>, interpolated between control ticks.</summary>
    private MountFeedback? FeedbackAt(DateTimeOffset time)
    {
        if (_feedbackCount == 0)
        {
            return null;
        }

        int newest = (_feedbackNext - 1 + FeedbackHistory) % FeedbackHistory;
        for (int k = 0; k < _feedbackCount - 1; k++)
        {
            int later = (newest - k + FeedbackHistory) % FeedbackHistory, earlier = (later - 1 + FeedbackHistory) % FeedbackHistory;
            if (_feedbackTime[earlier] <= time)
            {
                double span = (_feedbackTime[later] - _feedbackTime[earlier]).TotalSeconds;
                double f = span > 0 ? Math.Clamp((time - _feedbackTime[earlier]).TotalSeconds / span, 0, 1) : 1;
                return new MountFeedback(_feedbackXel[earlier] + (f * (_feedbackXel[later] - _feedbackXel[earlier])), _feedbackEl[earlier] + (f * (_feedbackEl[later] - _feedbackEl[earlier])));
            }
        }

        int oldest = (_feedbackNext - _feedbackCount + FeedbackHistory) % FeedbackHistory;
        return new MountFeedback(_feedbackXel[oldest], _feedbackEl[oldest]);
    }

    private void OpenCamera(bool roi)
    {
        var camera = _options.Tracker.Camera;
        int width = roi ? _options.LockedRoiSize : camera.SensorWidth, height = roi ? _options.LockedRoiSize : camera.SensorHeight;
        if (_camera is not null)
        {
            _camera.Dispose();
            CameraSwitches++;
        }

        _camera = _openCamera(new CameraSettings(_options.CameraDevicePath, width, height));
        _cameraIsRoi = roi;
        _lastSequence = -1;
    }

    private void CentreMirror()
    {
        if (!_mirrorCentred)
        {
            _mirror.Point(0, 0);
            _mirrorCentred = true;
        }
    }

    private void LogTransitions()
    {
        var metrics = Tracker.Metrics;
        int total = metrics.TransitionCount;
        // Transitions are rare; only here does the service allocate (the log's copy and the message).
        if (total == _loggedTransitions || !_logger.IsEnabled(LogLevel.Information))
        {
            _loggedTransitions = total;
            return;
        }

        var list = metrics.Transitions;
        for (int i = Math.Max(0, list.Count - (total - _loggedTransitions)); i < list.Count; i++)
        {
            LogTransition(list[i]);
        }

        _loggedTransitions = total;
    }

    public void Dispose()
    {
        _cameraTimer?.Dispose();
        _fineTimer?.Dispose();
        _camera?.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Acquisition started: search ellipse {AlongUrad:F0} × {AcrossUrad:F0} µrad, {Points} points, first pass {PassSeconds:F2} s")]
    private partial void LogStarted(double alongUrad, double acrossUrad, int points, double passSeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Tracker {Transition}")]
    private partial void LogTransition(TrackerTransition transition);
}

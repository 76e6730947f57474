using System.Globalization;

namespace Station.Core.Acquisition;

/// <summary>
/// The acquisition and tracking state machine: Idle → Search → CoarseLock → FineLock, with Coast on loss.
/// <list type="bullet">
/// <item>Search: steps the <see cref="SearchPattern"/> (moving with a drift rate when it follows a lost beacon); a
/// beacon is confirmed by <see cref="TrackerOptions.ConfirmFrames"/> consecutive dwell-frame detections whose
/// mount-frame positions (search offset + camera error) agree within the confirm gate — stars sweep through at the
/// track rate and fail it — then the coarse loop starts on that position.</item>
/// <item>CoarseLock: camera error → <see cref="CoarseLoop"/>; hands over to fine lock once the quad-cell reading has
/// stayed inside the enter fraction of its linear range for <see cref="TrackerOptions.HandoverSamples"/>.</item>
/// <item>FineLock: quad-cell → <see cref="FineLoop"/> → mirror, mirror offloaded to the mount; leaves (handing the
/// mirror's deflection to the mount, bumpless) when the reading stays outside the exit fraction.</item>
/// <item>Loss: <see cref="TrackerOptions.LossFrames"/> frames without a valid beacon in coarse lock → Coast on the
/// drift-rate estimate with a widening gate; a re-confirmed beacon restores coarse lock (a re-acquisition); after
/// <see cref="TrackerOptions.CoastTime"/> the search restarts around the coasted offset.</item>
/// </list>
/// A firmware service feeds it centroids (<see cref="OnFrame"/>, after measuring with <see cref="PredictSpot"/>)
/// and quad-cell samples (<see cref="OnQuadCell"/>), and applies <see cref="CommandAt"/> to the track setpoint and
/// the returned mirror commands to the DAC. Time comes only from the samples' timestamps. Steady-state calls
/// allocate nothing. Not thread-safe: serialise the camera and fine-loop callers.
/// </summary>
public sealed partial class BeaconTracker
{
    private const double MaxFrameStepSeconds = 0.25;
    private const double EstimateSmoothing = 0.1;
    private readonly TrackerOptions _options;
    private readonly CameraCalibration _camera;
    private readonly SearchPattern _pattern;
    private readonly CoarseLoop _coarse;
    private readonly FineLoop _fine;
    private readonly double _nominalFramePeriod;
    private readonly double _plateScaleUrad;
    private MountOffset _offset;
    private DateTimeOffset _offsetTime;
    private DateTimeOffset _searchStart;
    private double _searchDriftXel;
    private double _searchDriftEl;
    private int _searchPass;
    private int _confirmCount;
    private double _confirmXel;
    private double _confirmEl;
    private DateTimeOffset _confirmTime;
    private int _invalidFrames;
    private DateTimeOffset _coastStart;
    private DateTimeOffset? _lastFrameTime;
    private double _lastErrorXel;
    private double _lastErrorEl;
    private double _fluxEstimate = double.NaN;
    private double _fwhmEstimate = double.NaN;
    private bool _hasLocked;

    public BeaconTracker(TrackerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _camera = options.Camera;
        _pattern = new SearchPattern(options.Search);
        _coarse = new CoarseLoop(options.Coarse);
        _fine = new FineLoop(options.Fine, options.QuadCell);
        _nominalFramePeriod = 1 / options.Search.FrameRate.Hertz;
        _plateScaleUrad = options.Camera.PlateScale.Microradians;
        Metrics = new TrackerMetrics(options.TransitionCapacity);
    }

    public TrackerOptions Options => _options;

    public TrackerState State => Metrics.State;

    public TrackerMetrics Metrics { get; }

    /// <summary>The search pattern in use (for reports and displays).</summary>
    public SearchPattern Pattern => _pattern;

    /// <summary>The offset as of the last update.</summary>
    public MountOffset Offset => _offset;

    public double MirrorXUrad => State == TrackerState.FineLock ? _fine.MirrorXUrad : 0;

    public double MirrorYUrad => State == TrackerState.FineLock ? _fine.MirrorYUrad : 0;

    /// <summary>Begins a search over <paramref name="region"/> (relative to the track) from any state; a bad region changes nothing.</summary>
    public void Start(DateTimeOffset now, SearchRegion region)
    {
        _pattern.Plan(region); // throws before any state changes
        _hasLocked = false;
        _fluxEstimate = _fwhmEstimate = double.NaN;
        _lastFrameTime = null;
        _lastSampleTime = null;
        BeginSearch(now, 0, 0, TransitionReason.Started, 0);
    }

    /// <summary>Stops tracking: offsets to zero, mirror centred.</summary>
    public void Stop(DateTimeOffset now)
    {
        _fine.Reset();
        _offset = default;
        _offsetTime = now;
        Metrics.Record(now, TrackerState.Idle, TransitionReason.Stopped, 0, reacquisition: false);
    }

    /// <summary>The offset to add to the track at <paramref name="now"/>: the search pattern, or the last offset extrapolated at its rate.</summary>
    public MountOffset CommandAt(DateTimeOffset now)
    {
        switch (State)
        {
            case TrackerState.Idle:
                return default;
            case TrackerState.Search:
                return SearchOffset(now).Offset;
            default:
                double dt = Math.Clamp((now - _offsetTime).TotalSeconds, 0, MaxFrameStepSeconds);
                return _offset with { XelUrad = _offset.XelUrad + (_offset.XelRateUradPerS * dt), ElUrad = _offset.ElUrad + (_offset.ElRateUradPerS * dt) };
        }
    }

    /// <summary>Where the next frame should find the beacon, for <see cref="Centroider.Measure(CameraFrame, SpotPrediction)"/>.</summary>
    public SpotPrediction PredictSpot(DateTimeOffset now, double elevationRad)
    {
        switch (State)
        {
            case TrackerState.CoarseLock or TrackerState.FineLock or TrackerState.Coast:
                // The loop pulls the beacon from where it was last seen towards the boresight: gate that whole segment
                // (centred on its midpoint). Locked, the last error is tiny and this is just the tracking gate.
                var (x, y) = _camera.MountToPixel(_lastErrorXel / 2, _lastErrorEl / 2, elevationRad);
                double gateUrad = _options.TrackingGate.Microradians + (Math.Sqrt((_lastErrorXel * _lastErrorXel) + (_lastErrorEl * _lastErrorEl)) / 2);
                if (State == TrackerState.Coast)
                {
                    gateUrad += _options.CoastUncertaintyRate.RadiansPerSecond * 1e6 * Math.Max(0, (now - _coastStart).TotalSeconds);
                }

                return new SpotPrediction(x, y, gateUrad / _plateScaleUrad, _options.MinimumFlux, _options.MaximumFlux);
            case TrackerState.Search:
                return SpotPrediction.FluxOnly(_options.MinimumFlux, _options.MaximumFlux);
            default:
                return SpotPrediction.None;
        }
    }

    /// <summary>
    /// Feeds one measured frame (at its timestamp, the mount at <paramref name="elevationRad"/>); returns the offset
    /// command. <paramref name="feedback"/>, the mount's actual offset from the track at mid-exposure (from the
    /// encoders), lets the tracker place the beacon independently of the mount's dynamics: the loops then follow the
    /// beacon's position (actual offset + camera error) instead of fighting the mount's own transients, and search
    /// detections count while the mount is still moving. Without it the commanded offset stands in for the actual one.
    /// </summary>
    public MountOffset OnFrame(in CentroidResult centroid, double elevationRad, MountFeedback? feedback = null)
    {
        var now = centroid.Timestamp;
        if (_lastFrameTime is { } last && now < last)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"frame at {now:O} is earlier than the previous frame at {last:O}"), nameof(centroid));
        }

        if (feedback is { } f && (!double.IsFinite(f.XelUrad) || !double.IsFinite(f.ElUrad)))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"mount feedback ({f.XelUrad}, {f.ElUrad}) µrad must be finite"), nameof(feedback));
        }

        double dt = _lastFrameTime is { } previous ? Math.Clamp((now - previous).TotalSeconds, 1e-6, MaxFrameStepSeconds) : _nominalFramePeriod;
        bool repeated = _lastFrameTime == now;
        _lastFrameTime = now;
        Metrics.AdvanceTo(now);
        Metrics.Frame(centroid);
        bool valid = centroid.IsValid;
        double errorXel = 0, errorEl = 0;
        if (valid)
        {
            (errorXel, errorEl) = _camera.PixelToMount(centroid.XPx, centroid.YPx, elevationRad);
        }

        switch (State)
        {
            case TrackerState.Search:
                OnSearchFrame(centroid, valid, errorXel, errorEl, now, feedback);
                break;
            case TrackerState.CoarseLock:
                if (valid)
                {
                    LockedFrame(centroid, errorXel, errorEl);
                    if (!repeated)
                    {
                        // With feedback the loop follows the beacon's position (a tracking filter outside the mount's
                        // servo loop); without it, the camera error itself.
                        var command = CommandAt(now);
                        double loopXel = feedback is { } fb ? fb.XelUrad + errorXel - command.XelUrad : errorXel;
                        double loopEl = feedback is { } fb2 ? fb2.ElUrad + errorEl - command.ElUrad : errorEl;
                        _offset = _coarse.Update(loopXel, loopEl, dt);
                    }

                    _offsetTime = now;
                }
                else
                {
                    _offset = _coarse.Coast(dt);
                    _offsetTime = now;
                    if (++_invalidFrames >= _options.LossFrames)
                    {
                        _coastStart = now;
                        _confirmCount = 0;
                        Metrics.Record(now, TrackerState.Coast, TransitionReason.SignalLost, centroid.Snr, reacquisition: false);
                    }
                }

                break;
            case TrackerState.FineLock:
                // The quad-cell drives the mount here; the camera only watches (and counts frames lost for later).
                if (valid)
                {
                    LockedFrame(centroid, errorXel, errorEl);
                }
                else
                {
                    _invalidFrames++;
                }

                break;
            case TrackerState.Coast:
                OnCoastFrame(centroid, valid, errorXel, errorEl, now, dt, feedback);
                break;
        }

        return CommandAt(now);
    }

    private void OnSearchFrame(in CentroidResult centroid, bool valid, double errorXel, double errorEl, DateTimeOffset now, MountFeedback? feedback)
    {
        var (offset, sample) = SearchOffset(now);
        if (sample.Pass > _searchPass)
        {
            _searchPass = sample.Pass;
            Metrics.Record(now, TrackerState.Search, TransitionReason.SearchRestarted, sample.Pass, reacquisition: false);
        }

        if (!valid || (feedback is null && !sample.Dwelling))
        {
            // Without feedback a detection while the mount is still moving cannot be placed: wait for the dwell.
            _confirmCount = valid ? _confirmCount : 0;
            return;
        }

        var (atXel, atEl) = feedback is { } f ? (f.XelUrad, f.ElUrad) : (offset.XelUrad, offset.ElUrad);
        double beaconXel = atXel + errorXel, beaconEl = atEl + errorEl;
        if (Confirm(beaconXel, beaconEl, now, _searchDriftXel, _searchDriftEl))
        {
            _coarse.Reset(beaconXel, beaconEl, _searchDriftXel, _searchDriftEl);
            EnterLock(centroid, errorXel, errorEl, now, TransitionReason.BeaconConfirmed, centroid.Snr, reacquisition: _hasLocked);
        }
    }

    private void OnCoastFrame(in CentroidResult centroid, bool valid, double errorXel, double errorEl, DateTimeOffset now, double dt, MountFeedback? feedback)
    {
        _offset = _coarse.Coast(dt);
        _offsetTime = now;
        double coasted = (now - _coastStart).TotalSeconds;
        var drift = _coarse.DriftRate;
        if (valid)
        {
            var (atXel, atEl) = feedback is { } f ? (f.XelUrad, f.ElUrad) : (_offset.XelUrad, _offset.ElUrad);
            double beaconXel = atXel + errorXel, beaconEl = atEl + errorEl;
            if (Confirm(beaconXel, beaconEl, now, drift.XelUradPerS, drift.ElUradPerS))
            {
                _coarse.Reset(beaconXel, beaconEl, drift.XelUradPerS, drift.ElUradPerS);
                EnterLock(centroid, errorXel, errorEl, now, TransitionReason.BeaconRecovered, coasted, reacquisition: true);
            }

            return;
        }

        _confirmCount = 0;
        if (coasted > _options.CoastTime.Seconds)
        {
            // Search around where the beacon should be by now, moving on with the drift estimate.
            double radius = (_options.Search.FieldOfView.Microradians / 2) + (_options.CoastUncertaintyRate.RadiansPerSecond * 1e6 * coasted);
            while (!_pattern.Fits(SearchRegion.Circle(_offset.XelUrad, _offset.ElUrad, radius)))
            {
                radius /= 2; // a long coast outgrew the point table: search the likeliest part
            }

            _pattern.Plan(SearchRegion.Circle(_offset.XelUrad, _offset.ElUrad, radius));
            BeginSearch(now, drift.XelUradPerS, drift.ElUradPerS, TransitionReason.CoastExpired, coasted);
        }
    }

    /// <summary>Counts consecutive detections that agree (after the expected drift) within the confirm gate.</summary>
    private bool Confirm(double xel, double el, DateTimeOffset now, double driftXel, double driftEl)
    {
        if (_confirmCount > 0)
        {
            double dt = (now - _confirmTime).TotalSeconds;
            double dx = xel - _confirmXel - (driftXel * dt), dy = el - _confirmEl - (driftEl * dt);
            _confirmCount = Math.Sqrt((dx * dx) + (dy * dy)) <= _options.ConfirmGate.Microradians ? _confirmCount + 1 : 1;
        }
        else
        {
            _confirmCount = 1;
        }

        (_confirmXel, _confirmEl, _confirmTime) = (xel, el, now);
        return _confirmCount >= _options.ConfirmFrames;
    }

    private void EnterLock(in CentroidResult centroid, double errorXel, double errorEl, DateTimeOffset now, TransitionReason reason, double value, bool reacquisition)
    {
        _offset = _coarse.Offset;
        _offsetTime = now;
        _invalidFrames = 0;
        _confirmCount = 0;
        _handoverCount = 0;
        _hasLocked = true;
        (_lastErrorXel, _lastErrorEl) = (errorXel, errorEl);
        _fluxEstimate = centroid.Flux;
        _fwhmEstimate = centroid.FwhmPx;
        Metrics.Record(now, TrackerState.CoarseLock, reason, value, reacquisition);
    }

    /// <summary>A valid frame while locked: residual, prediction, and following beacon changes (divergence switch).</summary>
    private void LockedFrame(in CentroidResult centroid, double errorXel, double errorEl)
    {
        _invalidFrames = 0;
        (_lastErrorXel, _lastErrorEl) = (errorXel, errorEl);
        Metrics.Coarse(errorXel, errorEl);
        _fluxEstimate = FollowEstimate(_fluxEstimate, centroid.Flux, centroid.Timestamp, TransitionReason.BeaconBrightnessChanged);
        _fwhmEstimate = FollowEstimate(_fwhmEstimate, centroid.FwhmPx, centroid.Timestamp, TransitionReason.SpotSizeChanged);
    }

    private double FollowEstimate(double estimate, double measured, DateTimeOffset now, TransitionReason reason)
    {
        if (!(measured > 0) || !double.IsFinite(measured))
        {
            return estimate;
        }

        if (!(estimate > 0))
        {
            return measured;
        }

        double ratio = measured / estimate;
        if (ratio > _options.BeaconChangeRatio || ratio < 1 / _options.BeaconChangeRatio)
        {
            Metrics.Record(now, State, reason, ratio, reacquisition: false);
            return measured;
        }

        return estimate + (EstimateSmoothing * (measured - estimate));
    }

    private void BeginSearch(DateTimeOffset now, double driftXel, double driftEl, TransitionReason reason, double value)
    {
        _fine.Reset();
        _searchStart = now;
        (_searchDriftXel, _searchDriftEl) = (driftXel, driftEl);
        _searchPass = 0;
        _confirmCount = 0;
        _invalidFrames = 0;
        Metrics.Record(now, TrackerState.Search, reason, value, reacquisition: false);
        _offset = SearchOffset(now).Offset;
        _offsetTime = now;
    }

    private (MountOffset Offset, SearchSample Sample) SearchOffset(DateTimeOffset now)
    {
        double tau = Math.Max(0, (now - _searchStart).TotalSeconds);
        var sample = _pattern.Sample(tau);
        var offset = new MountOffset(sample.XelUrad + (_searchDriftXel * tau), sample.ElUrad + (_searchDriftEl * tau), _searchDriftXel, _searchDriftEl);
        return (offset, sample);
    }
}

using System.Globalization;

namespace Station.Core.Acquisition;

/// <summary>
/// What the tracker publishes for telemetry and the pass report: state, last centroid and SNR, residuals per axis
/// (mount frame, µrad), running fine rms above the elevation cut, time to coarse and fine lock after the reference
/// time (AOS at the minimum elevation), lock fractions since then, re-acquisitions, and the transition log.
/// Updated by the tracker without allocating; read by anyone (single-threaded with the tracker).
/// </summary>
public sealed class TrackerMetrics
{
    private readonly TrackerTransition[] _log;
    private int _logStart;
    private int _logCount;
    private DateTimeOffset? _lastTime;
    private double _sumSqX;
    private double _sumSqY;
    private long _fineSamples;

    internal TrackerMetrics(int transitionCapacity) => _log = new TrackerTransition[transitionCapacity];

    public TrackerState State { get; private set; }

    /// <summary>The reference time lock times are counted from; null until set.</summary>
    public DateTimeOffset? ReferenceTime { get; private set; }

    public double CentroidXPx { get; private set; } = double.NaN;

    public double CentroidYPx { get; private set; } = double.NaN;

    public double Snr { get; private set; }

    public double FluxAdu { get; private set; } = double.NaN;

    public double SpotFwhmPx { get; private set; } = double.NaN;

    /// <summary>Last camera pointing error while locked, mount frame.</summary>
    public double CoarseResidualXelUrad { get; private set; } = double.NaN;

    public double CoarseResidualElUrad { get; private set; } = double.NaN;

    /// <summary>Last quad-cell residual in fine lock, mount frame.</summary>
    public double FineResidualXelUrad { get; private set; } = double.NaN;

    public double FineResidualElUrad { get; private set; } = double.NaN;

    /// <summary>Rms of the fine residual per axis over fine-lock samples above the elevation cut; NaN before any.</summary>
    public double FineRmsXelUrad => _fineSamples == 0 ? double.NaN : Math.Sqrt(_sumSqX / _fineSamples);

    public double FineRmsElUrad => _fineSamples == 0 ? double.NaN : Math.Sqrt(_sumSqY / _fineSamples);

    public long FineRmsSamples => _fineSamples;

    /// <summary>Seconds from the reference to the first coarse (or better) lock; NaN until then.</summary>
    public double CoarseLockSeconds { get; private set; } = double.NaN;

    public double FineLockSeconds { get; private set; } = double.NaN;

    /// <summary>Time locked (coarse or fine) over time elapsed since the reference.</summary>
    public double LockFraction => Elapsed <= 0 ? double.NaN : (CoarseSeconds + FineSeconds) / Elapsed;

    public double FineLockFraction => Elapsed <= 0 ? double.NaN : FineSeconds / Elapsed;

    public int Reacquisitions { get; private set; }

    public int SearchesStarted { get; private set; }

    /// <summary>Transitions recorded since construction (the log keeps only the most recent ones).</summary>
    public int TransitionCount { get; private set; }

    /// <summary>Seconds spent in each state since the reference.</summary>
    public double SearchSeconds { get; private set; }

    public double CoarseSeconds { get; private set; }

    public double FineSeconds { get; private set; }

    public double CoastSeconds { get; private set; }

    private double Elapsed => SearchSeconds + CoarseSeconds + FineSeconds + CoastSeconds + IdleSeconds;

    private double IdleSeconds { get; set; }

    /// <summary>The most recent transitions, oldest first (at most the configured capacity).</summary>
    public IReadOnlyList<TrackerTransition> Transitions
    {
        get
        {
            var list = new TrackerTransition[_logCount];
            for (int i = 0; i < _logCount; i++)
            {
                list[i] = _log[(_logStart + i) % _log.Length];
            }

            return list;
        }
    }

    /// <summary>
    /// The pass summary line: <c>coarse_lock_s=… fine_lock_s=… fine_rms_urad=… lock_fraction=… reacquisitions=…</c>,
    /// fine_rms_urad being the worse axis, "nan" where there is no value.
    /// </summary>
    public string SummaryLine() => string.Create(CultureInfo.InvariantCulture,
        $"coarse_lock_s={Format(CoarseLockSeconds)} fine_lock_s={Format(FineLockSeconds)} fine_rms_urad={Format(Math.Max(FineRmsXelUrad, FineRmsElUrad))} lock_fraction={Format(LockFraction)} reacquisitions={Reacquisitions}");

    /// <summary>Sets the reference (AOS at the minimum elevation) and restarts the time accounting from it.</summary>
    public void SetReference(DateTimeOffset reference)
    {
        ReferenceTime = reference;
        SearchSeconds = CoarseSeconds = FineSeconds = CoastSeconds = IdleSeconds = 0;
        _sumSqX = _sumSqY = 0;
        _fineSamples = 0;
        Reacquisitions = 0;
        _lastTime = reference;
        bool locked = State is TrackerState.CoarseLock or TrackerState.FineLock;
        CoarseLockSeconds = locked ? 0 : double.NaN;
        FineLockSeconds = State == TrackerState.FineLock ? 0 : double.NaN;
    }

    private static string Format(double value) => double.IsFinite(value) ? value.ToString("0.###", CultureInfo.InvariantCulture) : "nan";

    /// <summary>Accumulates time in the current state up to <paramref name="now"/> (streams may interleave: never backwards).</summary>
    internal void AdvanceTo(DateTimeOffset now)
    {
        if (ReferenceTime is null || now <= ReferenceTime.Value)
        {
            return;
        }

        var from = _lastTime is { } last && last > ReferenceTime.Value ? last : ReferenceTime.Value;
        if (now <= from)
        {
            return;
        }

        double dt = (now - from).TotalSeconds;
        switch (State)
        {
            case TrackerState.Search: SearchSeconds += dt; break;
            case TrackerState.CoarseLock: CoarseSeconds += dt; break;
            case TrackerState.FineLock: FineSeconds += dt; break;
            case TrackerState.Coast: CoastSeconds += dt; break;
            default: IdleSeconds += dt; break;
        }

        _lastTime = now;
    }

    internal void Record(DateTimeOffset at, TrackerState to, TransitionReason reason, double value, bool reacquisition)
    {
        AdvanceTo(at);
        var from = State;
        var entry = new TrackerTransition(at, from, to, reason, value);
        TransitionCount++;
        if (_logCount < _log.Length)
        {
            _log[(_logStart + _logCount) % _log.Length] = entry;
            _logCount++;
        }
        else
        {
            _log[_logStart] = entry; // full: overwrite the oldest
            _logStart = (_logStart + 1) % _log.Length;
        }

        State = to;
        if (reacquisition && ReferenceTime is { } r && at >= r)
        {
            Reacquisitions++;
        }

        if (to == TrackerState.Search && from != TrackerState.Search)
        {
            SearchesStarted++;
        }

        if (ReferenceTime is { } reference && at >= reference)
        {
            double since = (at - reference).TotalSeconds;
            if (to is TrackerState.CoarseLock or TrackerState.FineLock && double.IsNaN(CoarseLockSeconds))
            {
                CoarseLockSeconds = since;
            }

            if (to == TrackerState.FineLock && double.IsNaN(FineLockSeconds))
            {
                FineLockSeconds = since;
            }
        }
    }

    internal void Frame(in CentroidResult centroid)
    {
        CentroidXPx = centroid.XPx;
        CentroidYPx = centroid.YPx;
        Snr = centroid.Snr;
        FluxAdu = centroid.Flux;
        SpotFwhmPx = centroid.FwhmPx;
    }

    internal void Coarse(double xelUrad, double elUrad)
    {
        CoarseResidualXelUrad = xelUrad;
        CoarseResidualElUrad = elUrad;
    }

    internal void Fine(double xelUrad, double elUrad, bool countTowardsRms)
    {
        FineResidualXelUrad = xelUrad;
        FineResidualElUrad = elUrad;
        if (countTowardsRms && ReferenceTime is not null)
        {
            _sumSqX += xelUrad * xelUrad;
            _sumSqY += elUrad * elUrad;
            _fineSamples++;
        }
    }
}

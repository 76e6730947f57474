using Station.Core.Pointing;

namespace Station.Cli.Tracking;

/// <summary>What one keyhole was predicted to cost and what it did cost (arcsec, seconds).</summary>
public sealed record KeyholeOutcome(
    KeyholePrediction Prediction,
    double PredictedMaxErrorArcsec,
    double PredictedSecondsAboveThreshold,
    double AchievedMaxErrorArcsec,
    double AchievedSecondsAboveThreshold);

/// <summary>
/// Accumulates, tick by tick, the line-of-sight error (where the optics truly point versus where the satellite
/// truly is) above an elevation floor, the ticks at which the true mount broke a limit, and the achieved error
/// inside each predicted keyhole.
/// </summary>
public sealed class PassTrackStatistics
{
    private readonly double _elevationFloorDeg;
    private readonly double _lockLossThresholdArcsec;
    private readonly IReadOnlyList<KeyholePrediction> _keyholes;
    private readonly double[] _keyholeMax;
    private readonly double[] _keyholeSecondsAbove;
    private double _sumSquares;
    private DateTimeOffset? _lastTick;

    public PassTrackStatistics(double elevationFloorDeg, double lockLossThresholdDeg, IReadOnlyList<KeyholePrediction> keyholes)
    {
        _elevationFloorDeg = elevationFloorDeg;
        _lockLossThresholdArcsec = lockLossThresholdDeg * 3600;
        _keyholes = keyholes ?? throw new ArgumentNullException(nameof(keyholes));
        _keyholeMax = new double[keyholes.Count];
        _keyholeSecondsAbove = new double[keyholes.Count];
    }

    /// <summary>Ticks counted (target above the elevation floor).</summary>
    public int Samples { get; private set; }

    /// <summary>Ticks at which the true mount was beyond a position or rate limit (any elevation).</summary>
    public int LimitViolations { get; private set; }

    /// <summary>The first limit violation, described.</summary>
    public string? FirstViolation { get; private set; }

    public double RmsArcsec => Samples == 0 ? double.NaN : Math.Sqrt(_sumSquares / Samples);

    public double MaxArcsec { get; private set; }

    /// <summary>Records one tick: the error, the target's elevation, and any limit the true mount broke.</summary>
    public void Add(DateTimeOffset time, double losErrorArcsec, double targetElevationDeg, string? violation)
    {
        double dt = _lastTick is { } last ? (time - last).TotalSeconds : 0;
        _lastTick = time;
        if (violation is not null)
        {
            LimitViolations++;
            FirstViolation ??= $"{time:HH:mm:ss.fff}Z {violation}";
        }

        if (targetElevationDeg > _elevationFloorDeg)
        {
            Samples++;
            _sumSquares += losErrorArcsec * losErrorArcsec;
            MaxArcsec = Math.Max(MaxArcsec, losErrorArcsec);
        }

        for (int i = 0; i < _keyholes.Count; i++)
        {
            var k = _keyholes[i];
            if (time.UtcDateTime >= k.StartUtc && time.UtcDateTime <= k.EndUtc)
            {
                _keyholeMax[i] = Math.Max(_keyholeMax[i], losErrorArcsec);
                if (losErrorArcsec > _lockLossThresholdArcsec)
                {
                    _keyholeSecondsAbove[i] += dt;
                }
            }
        }
    }

    public IReadOnlyList<KeyholeOutcome> Keyholes =>
        [.. _keyholes.Select((k, i) => new KeyholeOutcome(k, k.MaxErrorArcsec, k.TimeAboveThreshold.TotalSeconds, _keyholeMax[i], _keyholeSecondsAbove[i]))];
}

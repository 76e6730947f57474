using System.Globalization;

namespace Station.Core.Acquisition;

/// <summary>The fine-loop side of the tracker: hand-over with hysteresis, the mirror loop, offload, and fine-lock loss.</summary>
public sealed partial class BeaconTracker
{
    private DateTimeOffset? _lastSampleTime;
    private int _handoverCount;
    private int _fineOutCount;

    /// <summary>Feeds one quad-cell sample (the mount at <paramref name="elevationRad"/>); returns the mirror command.</summary>
    public FineCommand OnQuadCell(in QuadCellSample sample, double elevationRad)
    {
        var now = sample.Timestamp;
        if (_lastSampleTime is { } last && now < last)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"quad-cell sample at {now:O} is earlier than the previous one at {last:O}"), nameof(sample));
        }

        if (!double.IsFinite(sample.X) || !double.IsFinite(sample.Y) || !double.IsFinite(sample.Sum))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"quad-cell sample ({sample.X}, {sample.Y}, sum {sample.Sum}) must be finite"), nameof(sample));
        }

        double dt = _lastSampleTime is { } previous ? (now - previous).TotalSeconds : 0;
        _lastSampleTime = now;
        Metrics.AdvanceTo(now);
        switch (State)
        {
            case TrackerState.CoarseLock:
                _handoverCount = _fine.IsWithin(sample, _options.HandoverEnterFraction) ? _handoverCount + 1 : 0;
                if (_handoverCount >= _options.HandoverSamples)
                {
                    _fine.Reset();
                    _fineOutCount = 0;
                    Metrics.Record(now, TrackerState.FineLock, TransitionReason.QuadCellCaptured, 0, reacquisition: false);
                }

                return default;
            case TrackerState.FineLock:
                return FineLockSample(sample, elevationRad, dt, now);
            default:
                return default;
        }
    }

    private FineCommand FineLockSample(in QuadCellSample sample, double elevationRad, double dt, DateTimeOffset now)
    {
        if (!_fine.IsWithin(sample, _options.HandoverExitFraction))
        {
            if (++_fineOutCount >= _options.FineLossSamples)
            {
                // Bumpless: the mount takes over the deflection the mirror was holding, then the mirror centres.
                var (mxel, mel) = _fine.ToMount(_fine.MirrorXUrad, _fine.MirrorYUrad, elevationRad);
                var drift = _coarse.DriftRate;
                var offset = CommandAt(now);
                _coarse.Reset(offset.XelUrad + mxel, offset.ElUrad + mel, drift.XelUradPerS, drift.ElUradPerS);
                _offset = _coarse.Offset;
                _offsetTime = now;
                _fine.Reset();
                _handoverCount = 0;
                Metrics.Record(now, TrackerState.CoarseLock, TransitionReason.QuadCellLost, Math.Max(Math.Abs(sample.X), Math.Abs(sample.Y)), reacquisition: false);
                return default;
            }

            // Hold the mirror through a short excursion rather than integrate a reading outside the linear range.
            return new FineCommand(_fine.MirrorXUrad, _fine.MirrorYUrad, double.NaN, double.NaN, false);
        }

        _fineOutCount = 0;
        if (dt <= 0)
        {
            return new FineCommand(_fine.MirrorXUrad, _fine.MirrorYUrad, double.NaN, double.NaN, false); // first or repeated sample
        }

        var command = _fine.Step(sample, dt);
        var (oxel, oel) = _fine.OffloadError(elevationRad);
        _offset = _coarse.Offload(oxel, oel, Math.Min(dt, _options.Fine.MaxStep.Seconds));
        _offsetTime = now;
        var (rxel, rel) = _fine.ToMount(command.ErrorXUrad, command.ErrorYUrad, elevationRad);
        Metrics.Fine(rxel, rel, elevationRad >= _options.MinimumElevationForRms.Radians);
        return command;
    }
}

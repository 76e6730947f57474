using System.Globalization;
using Microsoft.Extensions.Logging;
using Station.Core.Orbits;
using Station.Firmware.Telemetry;

namespace Station.Firmware.Sequencing;

/// <summary>
/// The operator's target: an element set sent from a client (INDI <c>SAT_TLE_TEXT</c>) that the station flies next
/// instead of what the schedule's catalogue and priorities would choose. The forecast keeps the whole catalogue (so a
/// pass in progress can still be planned again after a fault) with the operator's element set in place of any of the
/// same satellite; only the target's passes are candidates, and the rules other than the priority list still apply.
/// It lasts until cleared or until the firmware restarts (the schedule's files stay the configuration).
/// </summary>
public sealed partial class StationSequencerService
{
    private ElementSet? _target;

    /// <summary>The operator's target, or null when the schedule chooses.</summary>
    public ElementSet? Target
    {
        get
        {
            lock (_gate)
            {
                return _target;
            }
        }
    }

    /// <summary>The pass the station will fly next (by the rules and target in force), or null.</summary>
    public SatellitePass? NextPass()
    {
        lock (_gate)
        {
            return _sequencer.NextPass(_time.GetUtcNow().UtcDateTime);
        }
    }

    /// <summary>
    /// Makes <paramref name="elements"/> the station's target and returns its next pass that the rules allow in the
    /// lookahead window (null when there is none: the target is kept and a later forecast may find one). A pass in
    /// progress is flown to its end first.
    /// </summary>
    public SatellitePass? SetTarget(ElementSet elements)
    {
        ArgumentNullException.ThrowIfNull(elements);
        var now = _time.GetUtcNow();
        var forecast = PredictForecast(now.UtcDateTime, elements); // outside the lock: the sequencer keeps ticking meanwhile
        SatellitePass? next;
        lock (_gate)
        {
            UseForecast(forecast, elements);
            next = _sequencer.NextPass(now.UtcDateTime);
        }

        string description = string.Create(CultureInfo.InvariantCulture, $"target {Describe(elements)}: ") + (next is null
            ? string.Create(CultureInfo.InvariantCulture, $"no pass the rules allow in the next {_options.LookaheadHours} h")
            : string.Create(CultureInfo.InvariantCulture, $"next pass AOS {next.StartUtc:yyyy-MM-ddTHH:mm:ss}Z, max el {next.MaxElevationDeg:0.#}°"));
        LogTarget(description);
        _telemetry?.WriteEvent(new EventRecord(now, "sequencer", "target_set", description));
        return next;
    }

    /// <summary>Returns to the schedule's catalogue and priorities (nothing happens without a target).</summary>
    public void ClearTarget()
    {
        var now = _time.GetUtcNow();
        if (Target is null)
        {
            return;
        }

        var forecast = _options.TlePath is { Length: > 0 } ? PredictForecast(now.UtcDateTime, target: null) : null;
        lock (_gate)
        {
            if (forecast is null)
            {
                _target = null;
                _sequencer.SetCandidates([]); // no catalogue: idle after any pass in progress, as at start-up without one
            }
            else
            {
                UseForecast(forecast, target: null);
            }
        }

        LogTarget("target cleared: the schedule chooses the passes");
        _telemetry?.WriteEvent(new EventRecord(now, "sequencer", "target_cleared", "the schedule chooses the passes"));
    }

    /// <summary>The schedule's catalogue (if any) with <paramref name="target"/> in place of its satellite's element sets, searched for passes.</summary>
    private PassForecast PredictForecast(DateTime now, ElementSet? target)
    {
        IEnumerable<ElementSet> catalogue = _options.TlePath is { Length: > 0 } path ? PassForecast.LoadCatalogue(path) : [];
        if (target is not null)
        {
            catalogue = catalogue.Where(e => e.CatalogNumber != target.CatalogNumber).Append(target);
        }

        return PassForecast.Predict([.. catalogue], _site, now, TimeSpan.FromHours(_options.LookaheadHours), _options.MinElevationDeg, _air?.Read());
    }

    /// <summary>Called under the lock (or before the timer starts).</summary>
    private void UseForecast(PassForecast forecast, ElementSet? target)
    {
        Forecast = forecast;
        _target = target;
        if (target is null)
        {
            _sequencer.SetCandidates(forecast.Passes);
        }
        else
        {
            _sequencer.SetTarget(forecast.Passes, target.CatalogNumber);
        }
    }

    private static string Describe(ElementSet elements) =>
        string.Create(CultureInfo.InvariantCulture, $"{(string.IsNullOrWhiteSpace(elements.Name) ? "satellite" : elements.Name.Trim())} ({elements.CatalogNumber}, epoch {elements.EpochUtc:yyyy-MM-ddTHH:mm:ss}Z)");

    [LoggerMessage(Level = LogLevel.Information, Message = "Operator {Description}")]
    private partial void LogTarget(string description);
}

using Station.Core.Safety;

namespace Station.Core.Detectors;

/// <summary>
/// Watches each channel's counts window by window.
/// <list type="bullet">
/// <item><b>Trip.</b> Counts strictly above the software threshold (below the board's hardware trip), saturation, or
/// the board's own trip latch the channel's trip at once; <see cref="TripState"/> then reads true, and the supervisor
/// gates the channel off on its next tick — within one window of the light's first full window, plus one tick.</item>
/// <item><b>Reset.</b> A latched trip needs <see cref="Reset"/>, which is refused while the cause shows: no window in
/// the last two window lengths (nothing to judge by), the latest window over the threshold, saturating or board-tripped,
/// invalid data, or less than the hold-off since the last tripping window. A gated-off detector cannot see the light,
/// so "the cause is gone" cannot be proven while latched: an accepted reset starts a probation window in which the
/// board's hardware trip still guards the detector, and a trip in it doubles the hold-off (up to a ceiling).</item>
/// <item><b>Anomalies</b> are security events, not trips: saturation (counts ≥ a fraction of window/τ) and collapse
/// (gated-on windows, accumulated until the expected dark + background count is large enough to test, whose total
/// count has Poisson probability below p). A collapse is logged only: a model's background can be wrong, and a dark
/// detector is not in danger.</item>
/// </list>
/// Single-threaded (the control loop's); allocation-free after construction.
/// </summary>
public sealed class CountMonitor
{
    private readonly ISecurityEventSink _events;
    private readonly ChannelState[] _channels;
    private readonly double _windowS;
    private readonly long _windowTicks;
    private readonly double _tripCounts;
    private readonly double _saturationCounts;
    private readonly double _ceilingCounts;
    private readonly double[] _darkRatesHz;
    private readonly double _collapseP;
    private readonly double _collapseMinimumMean;
    private readonly long _holdOffTicks;
    private readonly long _maxHoldOffTicks;

    /// <exception cref="ArgumentException">The options are inconsistent; the message lists each problem.</exception>
    public CountMonitor(CountMonitorOptions options, ISecurityEventSink events)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(events);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("invalid count-monitor options: " + string.Join("; ", problems), nameof(options));
        }

        Options = options;
        _events = events;
        _channels = new ChannelState[options.ChannelCount];
        _windowS = options.IntegrationWindow.Seconds;
        _windowTicks = (long)Math.Round(_windowS * TimeSpan.TicksPerSecond);
        _tripCounts = options.SoftwareTripRate.Hertz * _windowS;
        _ceilingCounts = _windowS / options.DeadTime.Seconds;
        _saturationCounts = options.SaturationFraction * _ceilingCounts;
        _darkRatesHz = [.. options.DarkCountRates.Select(r => r.Hertz)];
        _collapseP = options.CollapseProbability;
        // Zero counts has probability e^−μ, so μ must exceed ln(1/p) for any test to be possible; four times that
        // also catches a partial collapse (to a tenth of the expected rate at p = 1e-6).
        _collapseMinimumMean = 4 * Math.Log(1 / _collapseP);
        _holdOffTicks = (long)Math.Round(options.ResetHoldOff.Seconds * TimeSpan.TicksPerSecond);
        _maxHoldOffTicks = (long)Math.Round(options.MaxResetHoldOff.Seconds * TimeSpan.TicksPerSecond);
        for (int i = 0; i < _channels.Length; i++)
        {
            _channels[i].HoldOffTicks = _holdOffTicks;
        }
    }

    public CountMonitorOptions Options { get; }

    /// <summary>Counts per window strictly above which the software trip latches.</summary>
    public double TripCountsPerWindow => _tripCounts;

    /// <summary>Counts per window at or above which a window is saturating.</summary>
    public double SaturationCountsPerWindow => _saturationCounts;

    /// <summary>Expected counts a collapse test accumulates before it decides.</summary>
    public double CollapseMinimumExpectedCounts => _collapseMinimumMean;

    /// <summary>
    /// The supervisor's "trip latched" input for <paramref name="channel"/>: the latch, stamped with the last window's
    /// end (so a board that stops reporting makes it stale); Unknown before any window, Faulted after invalid data.
    /// </summary>
    public Sensed<bool> TripState(int channel)
    {
        ref readonly ChannelState c = ref _channels[CheckChannel(channel)];
        SensorStatus status = c.Faulted ? SensorStatus.Faulted : c.HasWindow ? SensorStatus.Valid : SensorStatus.Unknown;
        return new Sensed<bool>(c.Latched, c.LastEnd, status);
    }

    public bool IsLatched(int channel) => _channels[CheckChannel(channel)].Latched;

    /// <summary>The hold-off a reset of <paramref name="channel"/> currently waits after a tripping window.</summary>
    public TimeSpan ResetHoldOff(int channel) => TimeSpan.FromTicks(_channels[CheckChannel(channel)].HoldOffTicks);

    /// <summary>Takes one window; raises its security events; returns the verdict.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The channel is not configured (a programming error).</exception>
    public CountVerdict Observe(in CountWindow window)
    {
        ref ChannelState c = ref _channels[CheckChannel(window.Channel)];
        if (!IsPlausible(window, c))
        {
            c.Faulted = true;
            c.Accumulated = 0;
            c.AccumulatedMean = 0;
            _events.Record(new SecurityEvent(window.End, window.Channel, SecurityEventKind.InvalidCountData, window.Counts, 0, 0, double.NaN));
            return CountVerdict.Rejected;
        }

        bool wasLatched = c.Latched;
        c.HasWindow = true;
        c.Faulted = false;
        c.LastEnd = window.End;
        bool over = window.Counts > _tripCounts;
        bool saturated = window.Counts >= _saturationCounts;
        c.LastShowedCause = over || saturated || window.HardwareTripped;
        if (saturated)
        {
            _events.Record(new SecurityEvent(window.End, window.Channel, SecurityEventKind.Saturation, window.Counts, _ceilingCounts, _saturationCounts, double.NaN));
        }

        if (c.LastShowedCause)
        {
            Trip(ref c, window, wasLatched, over);
        }
        else if (c.Probation)
        {
            c.Probation = false;
            c.HoldOffTicks = _holdOffTicks;
        }

        TestCollapse(ref c, window, wasLatched);
        return c.Latched ? CountVerdict.Tripped : CountVerdict.Normal;
    }

    /// <summary>The operator's reset of a latched trip at <paramref name="now"/>; a refusal changes nothing.</summary>
    public TripResetResult Reset(int channel, DateTimeOffset now)
    {
        ref ChannelState c = ref _channels[CheckChannel(channel)];
        if (!c.Latched)
        {
            return TripResetResult.NotLatched;
        }

        if (c.Faulted)
        {
            return TripResetResult.DataFaulted;
        }

        long sinceWindow = now.UtcTicks - c.LastEnd.UtcTicks;
        if (!c.HasWindow || sinceWindow > 2 * _windowTicks || sinceWindow < 0)
        {
            return TripResetResult.NoRecentWindow;
        }

        if (c.LastShowedCause)
        {
            return TripResetResult.CausePersists;
        }

        if (now.UtcTicks - c.LastCauseEnd.UtcTicks < c.HoldOffTicks)
        {
            return TripResetResult.HoldOff;
        }

        c.Latched = false;
        c.Probation = true;
        _events.Record(new SecurityEvent(now, channel, SecurityEventKind.TripReset, 0, 0, 0, double.NaN));
        return TripResetResult.Accepted;
    }

    private void Trip(ref ChannelState c, in CountWindow window, bool wasLatched, bool over)
    {
        c.LastCauseEnd = window.End;
        c.Accumulated = 0;
        c.AccumulatedMean = 0;
        if (c.Probation)
        {
            // The cause came back right after a reset: make the operator wait longer before trying again.
            c.Probation = false;
            c.HoldOffTicks = Math.Min(_maxHoldOffTicks, Math.Max(c.HoldOffTicks * 2, 1));
        }

        if (wasLatched)
        {
            return;
        }

        c.Latched = true;
        if (window.HardwareTripped)
        {
            _events.Record(new SecurityEvent(window.End, window.Channel, SecurityEventKind.HardwareTrip, window.Counts, 0, 0, double.NaN));
        }

        if (over || !window.HardwareTripped)
        {
            _events.Record(new SecurityEvent(window.End, window.Channel, SecurityEventKind.SoftwareTrip, window.Counts, 0, _tripCounts, double.NaN));
        }
    }

    private void TestCollapse(ref ChannelState c, in CountWindow window, bool wasLatched)
    {
        if (!window.GateOpenWholeWindow || wasLatched || c.LastShowedCause)
        {
            // Partial or gated-off windows say nothing about the background: start the run again.
            c.Accumulated = 0;
            c.AccumulatedMean = 0;
            return;
        }

        c.Accumulated += window.Counts;
        c.AccumulatedMean += (_darkRatesHz[window.Channel] + window.ExpectedBackgroundRateHz) * _windowS;
        if (c.AccumulatedMean < _collapseMinimumMean)
        {
            return;
        }

        if (PoissonStatistics.IsLowerTailBelow(c.Accumulated, c.AccumulatedMean, _collapseP, out double p))
        {
            _events.Record(new SecurityEvent(window.End, window.Channel, SecurityEventKind.CountCollapse, c.Accumulated, c.AccumulatedMean, _collapseP, p));
        }

        c.Accumulated = 0;
        c.AccumulatedMean = 0;
    }

    private bool IsPlausible(in CountWindow w, in ChannelState c) =>
        w.Counts >= 0
        && w.Counts <= _ceilingCounts * 1.05 // a non-paralysable detector cannot count faster than 1/τ (5 % for clock tolerance)
        && double.IsFinite(w.ExpectedBackgroundRateHz) && w.ExpectedBackgroundRateHz >= 0
        && w.End.UtcTicks > 0
        && (!c.HasWindow || w.End.UtcTicks - c.LastEnd.UtcTicks >= _windowTicks / 2); // out of order or a duplicate

    private int CheckChannel(int channel)
    {
        if ((uint)channel >= (uint)_channels.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(channel), channel, $"the count monitor has channels 0…{_channels.Length - 1}");
        }

        return channel;
    }

    private struct ChannelState
    {
        public bool HasWindow;
        public bool Faulted;
        public bool Latched;
        public bool Probation;
        public bool LastShowedCause;
        public DateTimeOffset LastEnd;
        public DateTimeOffset LastCauseEnd;
        public long HoldOffTicks;
        public long Accumulated;
        public double AccumulatedMean;
    }
}

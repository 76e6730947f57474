namespace Station.Core.Detectors;

/// <summary>
/// Plans per-channel gate delay and width so that, for a pulsed source, each gate is centred on its pulse's arrival
/// as the range changes through a pass. Time is the source's pulse clock in seconds since pulse 0 (pulse n emitted
/// at n·T); the caller gives the light time for photons emitted at the start and end of each update interval
/// (<see cref="LightTime.TryForEmission"/>) and the planner returns, per channel, the delay at the interval's first
/// pulse and the chord rate to its end.
/// <para>Why a ramp: the light time changes by up to |ṙ|/c ≈ 25 µs per second in LEO, 250 ns per 10 ms tick —
/// 25 periods of a 100 MHz source. A delay held for a tick would miss; a chord ramp errs by at most τ̈·Δ²/8
/// (≈ 5 ps for Δ = 10 ms at the ISS's zenith τ̈ ≈ 0.4 µs/s²) plus half a register step (the gate is rounded to
/// a step once, from a start carried to 1/65536 of a step).</para>
/// <para>The glitch rule: settings change only between two pulses' gates (at <see cref="GateSetting.FirstPulse"/>),
/// never inside a gate; the delay is kept as one continuous quantity A = coarse·T + fine, so a wrap of the fine
/// delay across a period boundary moves the coarse count (the pulse index) by one and never touches the width.
/// Consecutive gates are then T·(1 + dτ/dt) ± one step apart: no pulse gets two gates or none.</para>
/// </summary>
public sealed class GatePlanner
{
    private readonly double _periodS;
    private readonly double _stepS;
    private readonly long _periodSteps;
    private readonly double _rateStep;
    private readonly double _maxRate;
    private readonly double[] _halfWidthS;
    private readonly double[] _instrumentS;
    private readonly long[] _widthSteps;
    private readonly GateSetting[] _previous;
    private readonly bool[] _hasPrevious;

    /// <exception cref="ArgumentException">The options are inconsistent; the message lists each problem.</exception>
    public GatePlanner(GatePlannerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("invalid gate timing: " + string.Join("; ", problems), nameof(options));
        }

        Options = options;
        _periodS = options.PulsePeriod.Seconds;
        _stepS = options.DelayResolution.Seconds;
        _periodSteps = (long)Math.Round(_periodS / _stepS);
        _rateStep = options.DelayRateResolution;
        _maxRate = options.MaxDelayRate;
        _widthSteps = [.. options.Channels.Select(c => (long)Math.Round(c.Width.Seconds / _stepS))];
        _halfWidthS = [.. _widthSteps.Select(w => w * _stepS / 2)];
        _instrumentS = [.. options.Channels.Select(c => c.InstrumentDelay.Seconds)];
        _previous = new GateSetting[ChannelCount];
        _hasPrevious = new bool[ChannelCount];
    }

    public GatePlannerOptions Options { get; }

    public int ChannelCount => _widthSteps.Length;

    public double PulsePeriodSeconds => _periodS;

    public double StepSeconds => _stepS;

    public double RateStep => _rateStep;

    /// <summary>
    /// Plans the interval [<paramref name="startS"/>, <paramref name="endS"/>) of the pulse clock from the light
    /// times of photons emitted at its ends, writing one setting per channel into <paramref name="settings"/>.
    /// Allocation-free. Intervals are expected in order; each setting's <see cref="GateSetting.StepSeconds"/> reports
    /// any jump from the previous interval's ramp (a new ephemeris or a clock step), which the caller should log.
    /// </summary>
    /// <exception cref="ArgumentException">Times or light times are not finite or out of order, |dτ/dt| exceeds the maximum, or the span is too short.</exception>
    public void Plan(double startS, double endS, double lightTimeStartS, double lightTimeEndS, Span<GateSetting> settings)
    {
        if (!(double.IsFinite(startS) && double.IsFinite(endS) && startS >= 0 && endS > startS))
        {
            throw new ArgumentException($"the interval {startS} s … {endS} s is not a finite, increasing interval of the pulse clock");
        }

        if (!(double.IsFinite(lightTimeStartS) && double.IsFinite(lightTimeEndS) && lightTimeStartS > 0 && lightTimeEndS > 0))
        {
            throw new ArgumentException($"light times {lightTimeStartS} s and {lightTimeEndS} s must be finite and positive");
        }

        double rate = (lightTimeEndS - lightTimeStartS) / (endS - startS);
        if (Math.Abs(rate) > _maxRate)
        {
            throw new ArgumentException($"the light time changes at {rate:0.###e0} s/s, beyond the configured maximum {_maxRate:0.###e0}");
        }

        if (settings.Length < ChannelCount)
        {
            throw new ArgumentException($"the settings span holds {settings.Length}; {ChannelCount} channels need one each", nameof(settings));
        }

        long firstPulse = (long)Math.Ceiling(startS / _periodS);
        long rateSteps = (long)Math.Round(rate / _rateStep);
        for (int ch = 0; ch < ChannelCount; ch++)
        {
            if (!Options.PulsedSource)
            {
                settings[ch] = new GateSetting(ch, firstPulse, 0, 0, 0, _periodSteps, 0, FreeRunning: true, 0);
                continue;
            }

            // Opening = arrival − W/2; the light time is moved from startS to the first pulse along the chord.
            double a = lightTimeStartS + (rate * ((firstPulse * _periodS) - startS)) + _instrumentS[ch] - _halfWidthS[ch];
            double steps = a / _stepS;
            long total = (long)Math.Floor(steps);
            int fraction = (int)Math.Round((steps - total) * GateSetting.FractionPerStep);
            if (fraction == GateSetting.FractionPerStep)
            {
                total++;
                fraction = 0;
            }

            long coarse = Math.DivRem(total, _periodSteps, out long fine);
            if (fine < 0)
            {
                fine += _periodSteps;
                coarse--;
            }

            var setting = new GateSetting(ch, firstPulse, coarse, fine, fraction, _widthSteps[ch], rateSteps, FreeRunning: false, 0);
            double step = _hasPrevious[ch] && _previous[ch].FirstPulse < firstPulse
                ? GateTiming.DelaySeconds(setting, firstPulse, _periodS, _stepS, _rateStep) - GateTiming.DelaySeconds(_previous[ch], firstPulse, _periodS, _stepS, _rateStep)
                : 0;
            settings[ch] = setting with { StepSeconds = step };
            _previous[ch] = settings[ch];
            _hasPrevious[ch] = true;
        }
    }
}

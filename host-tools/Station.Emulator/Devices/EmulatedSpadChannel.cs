using UnitsNet;

namespace Station.Emulator.Devices;

/// <summary>
/// The photon physics behind one gate/counter channel: a single-photon avalanche diode seeing signal and background
/// photons (while the shutter is open) and dark counts, counted only while its gate is open. Rates are avalanche
/// rates with the gate open (photon rate × detection efficiency). Arrivals are Poisson; after each detection the
/// diode is dead for a fixed, non-paralysable time (arrivals then are lost and do not extend it); each detection
/// leaves, with some probability, a trapped carrier released after an exponentially distributed delay, which
/// counts as an afterpulse if it falls in an open gate outside the dead time. The world sets the rates; defaults
/// are those of a silicon SPAD module (22 ns dead time, 100 Hz dark, 0.5 % afterpulsing, 100 ns release time).
/// </summary>
public sealed class EmulatedSpadChannel
{
    private const int MaxPendingAfterpulses = 16;
    private readonly Action _synchronize;
    private readonly double[] _afterpulses = new double[MaxPendingAfterpulses];
    private int _pending;
    private double _deadUntil = double.NegativeInfinity;
    private double _signalHz;
    private double _backgroundHz;
    private double _darkHz = 100;
    private double _deadTimeS = 22e-9;
    private double _afterpulseProbability = 0.005;
    private double _afterpulseTimeS = 100e-9;
    private double _damageHz = 1e10;
    private bool _overexposed;
    private double _photonsPerPulse;
    private double _pulseDelayS;
    private double _pulseJitterS;
    private long _nextPulseIndex = -1; // -1: the pulsed stream restarts from the present at the next call
    private double _nextPulsedArrival = double.NaN;
    private double _lastDetection = double.NaN;

    /// <param name="index">Channel number 0–3.</param>
    /// <param name="synchronize">Brings the board up to the present before a parameter changes.</param>
    internal EmulatedSpadChannel(int index, Action synchronize)
    {
        Index = index;
        _synchronize = synchronize;
    }

    public int Index { get; }

    /// <summary>Signal avalanche rate with the gate and shutter open (the world's link budget sets it).</summary>
    public Frequency SignalRate
    {
        get => Frequency.FromHertz(_signalHz);
        set => Set(ref _signalHz, Rate(value.Hertz, nameof(SignalRate)));
    }

    /// <summary>Sky and stray-light avalanche rate with the gate and shutter open.</summary>
    public Frequency BackgroundRate
    {
        get => Frequency.FromHertz(_backgroundHz);
        set => Set(ref _backgroundHz, Rate(value.Hertz, nameof(BackgroundRate)));
    }

    /// <summary>Dark count rate with the gate open (independent of the shutter).</summary>
    public Frequency DarkCountRate
    {
        get => Frequency.FromHertz(_darkHz);
        set => Set(ref _darkHz, Rate(value.Hertz, nameof(DarkCountRate)));
    }

    /// <summary>Non-paralysable dead time after each detection (1 ns … 10 µs).</summary>
    public Duration DeadTime
    {
        get => Duration.FromSeconds(_deadTimeS);
        set => Set(ref _deadTimeS, InRange(value.Seconds, 1e-9, 10e-6, nameof(DeadTime), "1 ns … 10 µs"));
    }

    /// <summary>Probability that a detection leaves a carrier that later causes an afterpulse (0 … 0.5).</summary>
    public double AfterpulseProbability
    {
        get => _afterpulseProbability;
        set => Set(ref _afterpulseProbability, InRange(value, 0, 0.5, nameof(AfterpulseProbability), "0 … 0.5"));
    }

    /// <summary>Mean release time of the trapped carrier (1 ns … 100 µs).</summary>
    public Duration AfterpulseTimeConstant
    {
        get => Duration.FromSeconds(_afterpulseTimeS);
        set => Set(ref _afterpulseTimeS, InRange(value.Seconds, 1e-9, 100e-6, nameof(AfterpulseTimeConstant), "1 ns … 100 µs"));
    }

    /// <summary>
    /// Light (signal + background avalanche-equivalent rate with the shutter open) above which the diode is damaged if
    /// it is biased for detection — its gate running — at the same time. An emulator parameter, not a datasheet value:
    /// the default 10 GHz sits far above the blinding levels the count monitor trips on (MHz) and below daylight
    /// through an open filter or sunlight in the optics. A gated-off diode survives any light.
    /// </summary>
    public Frequency DamageThreshold
    {
        get => Frequency.FromHertz(_damageHz);
        set => Set(ref _damageHz, InRange(value.Hertz, 1, 1e13, nameof(DamageThreshold), "1 Hz … 10 THz"));
    }

    /// <summary>
    /// Mean avalanche-equivalent photons per pulse of a pulsed source (the bench calibration laser) with the shutter
    /// open, 0 … 10. Its pulses leave on the board's gate-period grid (the source is triggered by the board's period
    /// sync) and reach the diode <see cref="PulseArrivalDelay"/> later with Gaussian <see cref="PulseJitter"/>; a pulse
    /// is detected at most once (the jitter is far shorter than the dead time).
    /// </summary>
    public double PhotonsPerPulse
    {
        get => _photonsPerPulse;
        set => SetPulsed(ref _photonsPerPulse, InRange(value, 0, 10, nameof(PhotonsPerPulse), "0 … 10"));
    }

    /// <summary>True delay from the start of a gate period to the pulsed photons' arrival (the instrument delay), 0 … 1 ms.</summary>
    public Duration PulseArrivalDelay
    {
        get => Duration.FromSeconds(_pulseDelayS);
        set => SetPulsed(ref _pulseDelayS, InRange(value.Seconds, 0, 1e-3, nameof(PulseArrivalDelay), "0 … 1 ms"));
    }

    /// <summary>RMS timing jitter of the pulsed photons' arrival (source, detector and electronics), 0 … 10 ns.</summary>
    public Duration PulseJitter
    {
        get => Duration.FromSeconds(_pulseJitterS);
        set => SetPulsed(ref _pulseJitterS, InRange(value.Seconds, 0, 10e-9, nameof(PulseJitter), "0 … 10 ns"));
    }

    /// <summary>The board's inter-arrival histogrammer this channel's detections feed (null: none).</summary>
    internal EmulatedInterArrivalHistogram? Histogram { get; set; }

    /// <summary>Times the diode began to be overexposed (light above <see cref="DamageThreshold"/> while its gate ran): each is damage.</summary>
    public int DamageEvents { get; private set; }

    /// <summary>Total time the diode spent overexposed with its gate running, in seconds.</summary>
    public double OverexposedSeconds { get; private set; }

    /// <summary>Detections in the current window so far (saturates like the board's 32-bit counter).</summary>
    public uint Count { get; private set; }

    /// <summary>Every detection since power-up (diagnostics).</summary>
    public long TotalDetections { get; private set; }

    /// <summary>
    /// Runs the diode over [<paramref name="t0"/>, <paramref name="t1"/>) (seconds since the window start) with a fixed
    /// gate and shutter state. Returns the window time at which the count exceeded <paramref name="threshold"/>
    /// (detection stops there: the board trips), or NaN.
    /// </summary>
    internal double Simulate(double t0, double t1, in GateTiming gate, bool gateOpen, bool lightOn, uint threshold, Random random)
    {
        bool overexposed = gateOpen && lightOn && _signalHz + _backgroundHz > _damageHz;
        if (overexposed)
        {
            DamageEvents += _overexposed ? 0 : 1;
            OverexposedSeconds += t1 - t0;
        }

        _overexposed = overexposed;
        if (!gateOpen)
        {
            DropAfterpulsesBefore(t1); // carriers released into a closed gate cause no avalanche
            _nextPulseIndex = -1;
            return double.NaN;
        }

        bool pulsed = lightOn && _photonsPerPulse > 0 && !gate.FreeRunning;
        if (!pulsed)
        {
            _nextPulseIndex = -1;
        }
        else if (_nextPulseIndex < 0)
        {
            _nextPulseIndex = Math.Max(0, (long)Math.Ceiling((t0 - _pulseDelayS) / gate.PeriodS));
            DrawNextPulse(gate.PeriodS, random);
        }

        double rate = _darkHz + (lightOn ? _signalHz + _backgroundHz : 0);
        double t = t0;
        while (true)
        {
            double start = Math.Max(t, _deadUntil);
            if (start >= t1)
            {
                break;
            }

            // Poisson arrivals are memoryless, so a fresh draw from any instant is exact.
            double arrival = rate > 0 ? gate.NextOpenTime(start, Exponential(random) / rate) : double.PositiveInfinity;
            if (pulsed && _nextPulsedArrival < arrival)
            {
                double photon = _nextPulsedArrival;
                int pending = EarliestAfterpulse();
                if (pending < 0 || photon <= _afterpulses[pending])
                {
                    if (photon >= t1)
                    {
                        break;
                    }

                    DrawNextPulse(gate.PeriodS, random);
                    if (photon >= t && photon >= _deadUntil && gate.IsOpen(photon) && Detect(photon, threshold, random))
                    {
                        DropAfterpulsesBefore(t1);
                        return photon;
                    }

                    t = Math.Max(t, photon);
                    continue;
                }
            }

            int next = EarliestAfterpulse();
            double afterpulse = next >= 0 ? _afterpulses[next] : double.PositiveInfinity;
            if (afterpulse < arrival)
            {
                if (afterpulse >= t1)
                {
                    break;
                }

                _afterpulses[next] = _afterpulses[--_pending];
                if (afterpulse >= _deadUntil && gate.IsOpen(afterpulse) && Detect(afterpulse, threshold, random))
                {
                    DropAfterpulsesBefore(t1);
                    return afterpulse;
                }

                t = Math.Max(t, afterpulse);
                continue;
            }

            if (arrival >= t1)
            {
                break;
            }

            if (Detect(arrival, threshold, random))
            {
                DropAfterpulsesBefore(t1);
                return arrival;
            }

            t = arrival;
        }

        DropAfterpulsesBefore(t1); // anything left before t1 fell in the dead time
        return double.NaN;
    }

    /// <summary>A new window starts <paramref name="elapsedS"/> after the previous one: counts restart, times shift.</summary>
    internal void StartNewWindow(double elapsedS)
    {
        Count = 0;
        _deadUntil -= elapsedS;
        _lastDetection -= elapsedS;
        _nextPulseIndex = -1; // the gate generator, and the source triggered by it, restart with the window
        for (int i = 0; i < _pending; i++)
        {
            _afterpulses[i] -= elapsedS;
        }
    }

    private bool Detect(double time, uint threshold, Random random)
    {
        if (Count < uint.MaxValue)
        {
            Count++;
        }

        TotalDetections++;
        _deadUntil = time + _deadTimeS;
        if (Histogram is { } histogram && !double.IsNaN(_lastDetection))
        {
            histogram.Record(Index, time - _lastDetection);
        }

        _lastDetection = time;
        if (_afterpulseProbability > 0 && random.NextDouble() < _afterpulseProbability && _pending < MaxPendingAfterpulses)
        {
            _afterpulses[_pending++] = time + (_afterpulseTimeS * Exponential(random));
        }

        return Count > threshold;
    }

    private int EarliestAfterpulse()
    {
        int best = -1;
        for (int i = 0; i < _pending; i++)
        {
            if (best < 0 || _afterpulses[i] < _afterpulses[best])
            {
                best = i;
            }
        }

        return best;
    }

    private void DropAfterpulsesBefore(double time)
    {
        for (int i = 0; i < _pending;)
        {
            if (_afterpulses[i] < time)
            {
                _afterpulses[i] = _afterpulses[--_pending];
            }
            else
            {
                i++;
            }
        }
    }

    /// <summary>The next pulse that carries a photon (pulses are empty with probability e^−μ) and its jittered arrival.</summary>
    private void DrawNextPulse(double periodS, Random random)
    {
        long skipped = (long)Math.Min(1e15, Math.Floor(Exponential(random) / _photonsPerPulse));
        long pulse = _nextPulseIndex + skipped;
        _nextPulseIndex = pulse + 1;
        _nextPulsedArrival = (pulse * periodS) + _pulseDelayS + (_pulseJitterS * Gaussian(random));
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private void SetPulsed(ref double field, double value)
    {
        _synchronize();
        field = value;
        _nextPulseIndex = -1;
    }

    private static double Exponential(Random random) => -Math.Log(1 - random.NextDouble());

    private void Set(ref double field, double value)
    {
        _synchronize();
        field = value;
    }

    private double Rate(double hertz, string name) => InRange(hertz, 0, 1e12, name, "0 … 1 THz");

    private double InRange(double value, double min, double max, string name, string range) =>
        double.IsFinite(value) && value >= min && value <= max
            ? value
            : throw new ArgumentOutOfRangeException(name, value, $"Gate/counter channel {Index}: {name} must be within {range}.");
}

/// <summary>
/// The gate pattern within a window: gate k opens at k·period + delay for width seconds. "Open time" is the time
/// the gate has been open since the window start; Poisson arrivals during open gates are Poisson in open time.
/// </summary>
internal readonly record struct GateTiming(double PeriodS, double DelayS, double WidthS)
{
    public bool FreeRunning => WidthS >= PeriodS;

    public bool IsOpen(double t)
    {
        if (FreeRunning)
        {
            return true;
        }

        double phase = t - (Math.Floor(t / PeriodS) * PeriodS) - DelayS;
        return phase >= 0 && phase < WidthS;
    }

    /// <summary>The first instant at or after <paramref name="start"/> by which the gates have been open a further <paramref name="openSeconds"/>.</summary>
    public double NextOpenTime(double start, double openSeconds)
    {
        if (FreeRunning)
        {
            return start + openSeconds;
        }

        double k = Math.Floor(start / PeriodS);
        double openAtStart = (k * WidthS) + Math.Clamp(start - (k * PeriodS) - DelayS, 0, WidthS);
        double target = openAtStart + openSeconds;
        double gate = Math.Floor(target / WidthS);
        return (gate * PeriodS) + DelayS + (target - (gate * WidthS));
    }
}

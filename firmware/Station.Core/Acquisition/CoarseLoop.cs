using System.Globalization;
using UnitsNet;

namespace Station.Core.Acquisition;

/// <summary>Coarse (camera → mount) loop settings.</summary>
public sealed record CoarseLoopOptions
{
    /// <summary>
    /// Open-loop crossover. Kp = 2π·bandwidth and Ki = Kp²/4 put the PI zero a factor 4 below crossover (≈76° phase
    /// margin before the frame delay and the mount's own lag take their share): keep it ≲ frame rate / 30 and below
    /// the mount servo bandwidth.
    /// </summary>
    public Frequency Bandwidth { get; init; } = Frequency.FromHertz(1.5);

    /// <summary>Crossover while the fine loop drives the mount through the mirror offload (well below the fine loop).</summary>
    public Frequency OffloadBandwidth { get; init; } = Frequency.FromHertz(0.5);

    /// <summary>Largest offset magnitude per axis (the loop will not drag the mount further off the predicted track).</summary>
    public Angle MaxOffset { get; init; } = Angle.FromMilliradians(40);

    /// <summary>Largest offset rate per axis (on top of the track rates).</summary>
    public RotationalSpeed MaxOffsetRate { get; init; } = RotationalSpeed.FromDegreesPerSecond(0.5);

    internal void Validate()
    {
        string? error = this switch
        {
            _ when !(Bandwidth.Hertz is > 0 and <= 100) => $"bandwidth {Bandwidth.Hertz:G6} Hz must be within (0, 100]",
            _ when !(OffloadBandwidth.Hertz is > 0 and <= 100) => $"offload bandwidth {OffloadBandwidth.Hertz:G6} Hz must be within (0, 100]",
            _ when !(MaxOffset.Microradians is > 0 and < 1e6) => $"maximum offset {MaxOffset.Microradians:G6} µrad must be within (0, 1e6)",
            _ when !(MaxOffsetRate.RadiansPerSecond is > 0 and < 10) => $"maximum offset rate {MaxOffsetRate.DegreesPerSecond:G6} °/s must be positive",
            _ => null,
        };
        if (error is not null)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Coarse loop options: {error}."));
        }
    }
}

/// <summary>
/// The mount offset loop. Its input is the pointing error in the mount frame (the beacon's position relative to
/// the line of sight): from the camera centroid in coarse lock, from the low-passed mirror deflection in fine lock.
/// Its output is an offset added to the track setpoint plus that offset's rate as velocity feed-forward.
/// The PI acts on the offset rate — rate = Kp·e + Ki∫e, offset = ∫rate — which makes the loop type 2: a truth that
/// drifts linearly from the prediction (an along-track timing error is exactly that) is followed with no
/// steady-state error, and the integral term is the drift-rate estimate used to coast through a dropout.
/// Anti-windup: the integral stops growing in the direction that would push a saturated rate or offset further.
/// </summary>
public sealed class CoarseLoop
{
    private readonly double _kp;
    private readonly double _ki;
    private readonly double _offloadKp;
    private readonly double _offloadKi;
    private readonly double _maxOffset;
    private readonly double _maxRate;
    private Axis _xel;
    private Axis _el;

    public CoarseLoop(CoarseLoopOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _kp = 2 * Math.PI * options.Bandwidth.Hertz;
        _ki = _kp * _kp / 4;
        _offloadKp = 2 * Math.PI * options.OffloadBandwidth.Hertz;
        _offloadKi = _offloadKp * _offloadKp / 4;
        _maxOffset = options.MaxOffset.Microradians;
        _maxRate = options.MaxOffsetRate.RadiansPerSecond * 1e6;
    }

    public CoarseLoopOptions Options { get; }

    /// <summary>The current command.</summary>
    public MountOffset Offset => new(_xel.Offset, _el.Offset, _xel.Rate, _el.Rate);

    /// <summary>The drift-rate estimate (the integral term), µrad/s: what coasting extrapolates with.</summary>
    public (double XelUradPerS, double ElUradPerS) DriftRate => (_xel.Integral, _el.Integral);

    /// <summary>Starts from an offset (e.g. where the search found the beacon) and a drift-rate guess; bumpless.</summary>
    public void Reset(double xelUrad, double elUrad, double xelRateUradPerS = 0, double elRateUradPerS = 0)
    {
        if (!double.IsFinite(xelUrad) || !double.IsFinite(elUrad) || !double.IsFinite(xelRateUradPerS) || !double.IsFinite(elRateUradPerS))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"coarse-loop reset ({xelUrad}, {elUrad}) µrad, ({xelRateUradPerS}, {elRateUradPerS}) µrad/s must be finite"));
        }

        _xel = new Axis { Offset = Math.Clamp(xelUrad, -_maxOffset, _maxOffset), Integral = Math.Clamp(xelRateUradPerS, -_maxRate, _maxRate) };
        _el = new Axis { Offset = Math.Clamp(elUrad, -_maxOffset, _maxOffset), Integral = Math.Clamp(elRateUradPerS, -_maxRate, _maxRate) };
        _xel.Rate = _xel.Integral;
        _el.Rate = _el.Integral;
    }

    /// <summary>One camera-rate step on the measured pointing error (µrad, mount frame) over <paramref name="dtSeconds"/>.</summary>
    public MountOffset Update(double errorXelUrad, double errorElUrad, double dtSeconds) => Step(errorXelUrad, errorElUrad, dtSeconds, _kp, _ki);

    /// <summary>One step in fine lock: the error is the low-passed mirror deflection in the mount frame; lower gains.</summary>
    public MountOffset Offload(double mirrorXelUrad, double mirrorElUrad, double dtSeconds) => Step(mirrorXelUrad, mirrorElUrad, dtSeconds, _offloadKp, _offloadKi);

    /// <summary>No measurement: extrapolate the offset with the drift-rate estimate ("coast on the last rates").</summary>
    public MountOffset Coast(double dtSeconds)
    {
        CheckStep(dtSeconds);
        _xel.Rate = _xel.Integral;
        _el.Rate = _el.Integral;
        _xel.Offset = Math.Clamp(_xel.Offset + (_xel.Rate * dtSeconds), -_maxOffset, _maxOffset);
        _el.Offset = Math.Clamp(_el.Offset + (_el.Rate * dtSeconds), -_maxOffset, _maxOffset);
        return Offset;
    }

    private MountOffset Step(double errorXel, double errorEl, double dt, double kp, double ki)
    {
        CheckStep(dt);
        if (!double.IsFinite(errorXel) || !double.IsFinite(errorEl))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"pointing error ({errorXel}, {errorEl}) µrad must be finite"));
        }

        StepAxis(ref _xel, errorXel, dt, kp, ki);
        StepAxis(ref _el, errorEl, dt, kp, ki);
        return Offset;
    }

    private void StepAxis(ref Axis axis, double error, double dt, double kp, double ki)
    {
        double integral = axis.Integral + (ki * error * dt);
        double rate = (kp * error) + integral;
        double limited = Math.Clamp(rate, -_maxRate, _maxRate);
        double offset = axis.Offset + (limited * dt);
        bool offsetLimited = Math.Abs(offset) > _maxOffset;
        // Conditional integration: accept the new integral unless a limit is active and the error pushes into it.
        bool pushesRate = limited != rate && Math.Sign(error) == Math.Sign(rate);
        bool pushesOffset = offsetLimited && Math.Sign(error) == Math.Sign(offset);
        if (!pushesRate && !pushesOffset)
        {
            axis.Integral = Math.Clamp(integral, -_maxRate, _maxRate);
        }

        axis.Offset = Math.Clamp(offset, -_maxOffset, _maxOffset);
        axis.Rate = offsetLimited ? 0 : limited;
    }

    private static void CheckStep(double dtSeconds)
    {
        if (!(dtSeconds > 0 && dtSeconds <= 10))
        {
            throw new ArgumentOutOfRangeException(nameof(dtSeconds), dtSeconds, "the loop step must be within (0, 10] s");
        }
    }

    private struct Axis
    {
        public double Offset;
        public double Rate;
        public double Integral;
    }
}

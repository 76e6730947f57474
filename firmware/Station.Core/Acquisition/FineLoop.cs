using System.Globalization;
using UnitsNet;

namespace Station.Core.Acquisition;

/// <summary>One quad-cell reading: normalised differences (−1…1) per axis and the summed signal.</summary>
public readonly record struct QuadCellSample(DateTimeOffset Timestamp, double X, double Y, double Sum);

/// <summary>
/// The quad-cell's calibration: angle per normalised unit at the centre (for a Gaussian spot of σ it is
/// σ·√(π/2), see <see cref="QuadCellResponse"/>), the range where that slope holds, the smallest sum that means
/// "beacon on the cell", and the orientation of the cell's (and the mirror's) axes against the mount frame.
/// </summary>
public sealed record QuadCellCalibration
{
    public Angle GainX { get; init; } = Angle.FromMicroradians(12.5);

    public Angle GainY { get; init; } = Angle.FromMicroradians(12.5);

    /// <summary>|normalised signal| below which the response is treated as linear (erf droops 11 % by 0.6).</summary>
    public double LinearRange { get; init; } = 0.6;

    /// <summary>Smallest summed signal that counts as the beacon being on the cell (sensor units).</summary>
    public double MinimumSum { get; init; } = 100;

    public Angle Rotation { get; init; } = Angle.Zero;

    public double ElevationRotationFactor { get; init; }

    public bool Mirrored { get; init; }

    /// <summary>A calibration for a Gaussian spot of angular width <paramref name="spotSigma"/> on the sky.</summary>
    public static QuadCellCalibration ForGaussianSpot(Angle spotSigma)
    {
        double gain = 1 / QuadCellResponse.CentreSlope(spotSigma.Microradians);
        return new QuadCellCalibration { GainX = Angle.FromMicroradians(gain), GainY = Angle.FromMicroradians(gain) };
    }

    internal SensorOrientation Orientation => new(Rotation.Radians, ElevationRotationFactor, Mirrored);

    internal void Validate()
    {
        string? error = this switch
        {
            _ when !(Math.Abs(GainX.Microradians) is > 1e-6 and < 1e6) || !(Math.Abs(GainY.Microradians) is > 1e-6 and < 1e6) => $"gains ({GainX.Microradians:G6}, {GainY.Microradians:G6}) µrad per unit must be non-zero and finite",
            _ when !(LinearRange is > 0 and < 1) => $"linear range {LinearRange} must be within (0, 1)",
            _ when !(MinimumSum is >= 0 and < double.PositiveInfinity) => $"minimum sum {MinimumSum} must be finite and not negative",
            _ when !double.IsFinite(Rotation.Radians) || !(ElevationRotationFactor is >= -1 and <= 1) => $"rotation {Rotation.Degrees:G6}° must be finite and the elevation factor {ElevationRotationFactor} within −1…1",
            _ => null,
        };
        if (error is not null)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Quad-cell calibration: {error}."));
        }
    }
}

/// <summary>Fine loop (quad-cell → steering mirror) settings.</summary>
public sealed record FineLoopOptions
{
    /// <summary>Integral gain Ki: the loop's crossover is ≈ Ki/2π (≈ 40 Hz by default at a 1 kHz loop).</summary>
    public double IntegralGainPerS { get; init; } = 250;

    /// <summary>Proportional gain: adds damping; small because one sample of latency leaves little phase.</summary>
    public double ProportionalGain { get; init; } = 0.1;

    /// <summary>Mirror range per axis, as deflection of the line of sight on the sky.</summary>
    public Angle MirrorRange { get; init; } = Angle.FromMicroradians(500);

    /// <summary>Largest mirror speed (line-of-sight), protects the actuator.</summary>
    public RotationalSpeed MirrorSlewLimit { get; init; } = RotationalSpeed.FromRadiansPerSecond(0.5);

    /// <summary>Corner of the low-pass that extracts the mirror's mean deflection for the mount offload.</summary>
    public Frequency OffloadCorner { get; init; } = Frequency.FromHertz(2);

    /// <summary>Longest step accepted; a longer gap (a missed tick) is integrated as this.</summary>
    public Duration MaxStep { get; init; } = Duration.FromMilliseconds(5);

    internal void Validate()
    {
        string? error = this switch
        {
            _ when !(IntegralGainPerS is >= 0 and < 1e5) => $"integral gain {IntegralGainPerS} /s must be within [0, 1e5)",
            _ when !(ProportionalGain is >= 0 and < 2) => $"proportional gain {ProportionalGain} must be within [0, 2)",
            _ when !(MirrorRange.Microradians is > 0 and < 1e6) => $"mirror range {MirrorRange.Microradians:G6} µrad must be within (0, 1e6)",
            _ when !(MirrorSlewLimit.RadiansPerSecond > 0) => $"mirror slew limit {MirrorSlewLimit.RadiansPerSecond:G6} rad/s must be positive",
            _ when !(OffloadCorner.Hertz is > 0 and < 1000) => $"offload corner {OffloadCorner.Hertz:G6} Hz must be within (0, 1000)",
            _ when !(MaxStep.Seconds is > 0 and <= 1) => $"maximum step {MaxStep.Seconds:G6} s must be within (0, 1]",
            _ => null,
        };
        if (error is not null)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Fine loop options: {error}."));
        }
    }
}

/// <summary>The fine loop's output for one quad-cell sample.</summary>
/// <param name="MirrorXUrad">Mirror command, cell x axis (line-of-sight deflection).</param>
/// <param name="MirrorYUrad">Mirror command, cell y axis.</param>
/// <param name="ErrorXUrad">Measured residual, cell x axis.</param>
/// <param name="ErrorYUrad">Measured residual, cell y axis.</param>
/// <param name="Limited">The range or slew limit held the mirror back this step.</param>
public readonly record struct FineCommand(double MirrorXUrad, double MirrorYUrad, double ErrorXUrad, double ErrorYUrad, bool Limited);

/// <summary>
/// Quad-cell → fast steering mirror. Per axis: residual e = gain·normalised signal; mirror = Kp·e + Ki∫e, clamped to
/// the range and the slew limit with conditional integration (anti-windup). The mirror's mean deflection,
/// low-passed at <see cref="FineLoopOptions.OffloadCorner"/> and rotated into the mount frame, is the error the
/// mount offset loop nulls in fine lock, so the mirror stays centred while the mount follows the slow part.
/// </summary>
public sealed class FineLoop
{
    private readonly FineLoopOptions _options;
    private readonly QuadCellCalibration _calibration;
    private readonly double _range;
    private readonly double _slew;
    private readonly double _gainX;
    private readonly double _gainY;
    private double _integralX;
    private double _integralY;
    private double _lowPassX;
    private double _lowPassY;

    public FineLoop(FineLoopOptions options, QuadCellCalibration calibration)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(calibration);
        options.Validate();
        calibration.Validate();
        _options = options;
        _calibration = calibration;
        _range = options.MirrorRange.Microradians;
        _slew = options.MirrorSlewLimit.RadiansPerSecond * 1e6;
        _gainX = calibration.GainX.Microradians;
        _gainY = calibration.GainY.Microradians;
    }

    public FineLoopOptions Options => _options;

    public QuadCellCalibration Calibration => _calibration;

    public double MirrorXUrad { get; private set; }

    public double MirrorYUrad { get; private set; }

    /// <summary>Centres the mirror and clears the integrators and the offload filter.</summary>
    public void Reset()
    {
        MirrorXUrad = MirrorYUrad = 0;
        _integralX = _integralY = 0;
        _lowPassX = _lowPassY = 0;
    }

    /// <summary>True when the sample shows the beacon on the cell within <paramref name="fraction"/> of the linear range.</summary>
    public bool IsWithin(in QuadCellSample sample, double fraction) =>
        sample.Sum >= _calibration.MinimumSum && Math.Abs(sample.X) <= fraction * _calibration.LinearRange && Math.Abs(sample.Y) <= fraction * _calibration.LinearRange;

    /// <summary>Residual in cell axes, µrad, from a sample (linear model).</summary>
    public (double X, double Y) ErrorOf(in QuadCellSample sample) => (_gainX * sample.X, _gainY * sample.Y);

    /// <summary>One control step on <paramref name="sample"/>, <paramref name="dtSeconds"/> after the previous one.</summary>
    public FineCommand Step(in QuadCellSample sample, double dtSeconds)
    {
        if (!(dtSeconds > 0) || !double.IsFinite(sample.X) || !double.IsFinite(sample.Y))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"fine-loop step {dtSeconds} s with signal ({sample.X}, {sample.Y}) must have a positive step and finite signals"));
        }

        double dt = Math.Min(dtSeconds, _options.MaxStep.Seconds);
        var (ex, ey) = ErrorOf(sample);
        bool limitedX = StepAxis(ex, dt, ref _integralX, MirrorXUrad, out double mx);
        bool limitedY = StepAxis(ey, dt, ref _integralY, MirrorYUrad, out double my);
        MirrorXUrad = mx;
        MirrorYUrad = my;
        // First-order low-pass, exact for the step: the mean deflection the mount should take over.
        double alpha = 1 - Math.Exp(-2 * Math.PI * _options.OffloadCorner.Hertz * dt);
        _lowPassX += alpha * (mx - _lowPassX);
        _lowPassY += alpha * (my - _lowPassY);
        return new FineCommand(mx, my, ex, ey, limitedX || limitedY);
    }

    /// <summary>The low-passed mirror deflection in the mount frame (µrad): the pointing error the mount should null.</summary>
    public (double XelUrad, double ElUrad) OffloadError(double elevationRad) => _calibration.Orientation.ToMount(_lowPassX, _lowPassY, elevationRad);

    /// <summary>A residual in cell axes expressed in the mount frame.</summary>
    public (double XelUrad, double ElUrad) ToMount(double x, double y, double elevationRad) => _calibration.Orientation.ToMount(x, y, elevationRad);

    private bool StepAxis(double error, double dt, ref double integral, double previous, out double command)
    {
        double candidate = integral + (_options.IntegralGainPerS * error * dt);
        double wanted = (_options.ProportionalGain * error) + candidate;
        double step = _slew * dt;
        command = Math.Clamp(Math.Clamp(wanted, previous - step, previous + step), -_range, _range);
        bool limited = command != wanted;
        // Conditional integration: hold the integral while a limit is active and the error pushes into it.
        if (!limited || Math.Sign(error) != Math.Sign(wanted - command))
        {
            integral = candidate;
        }

        return limited;
    }
}

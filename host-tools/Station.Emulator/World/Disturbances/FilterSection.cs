namespace Station.Emulator.World.Disturbances;

/// <summary>
/// A first- or second-order IIR section in direct form I: y = b0·x + b1·x₁ + b2·x₂ − a1·y₁ − a2·y₂ (a0 = 1).
/// Designed from analog prototypes by the bilinear transform, pre-warped so each break frequency lands exactly.
/// </summary>
internal struct FilterSection
{
    private double _b0, _b1, _b2, _a1, _a2;
    private double _x1, _x2, _y1, _y2;

    public double Step(double x)
    {
        double y = (_b0 * x) + (_b1 * _x1) + (_b2 * _x2) - (_a1 * _y1) - (_a2 * _y2);
        _x2 = _x1;
        _x1 = x;
        _y2 = _y1;
        _y1 = y;
        return y;
    }

    public void ClearState() => _x1 = _x2 = _y1 = _y2 = 0;

    /// <summary>Pre-warped analog angular frequency for a digital frequency <paramref name="hz"/> at <paramref name="sampleRateHz"/>.</summary>
    public static double Prewarp(double hz, double sampleRateHz) => 2 * sampleRateHz * Math.Tan(Math.PI * hz / sampleRateHz);

    /// <summary>(1 + s/ωz)/(1 + s/ωp), unity gain at DC. Pass ωz = +∞ for a pure pole.</summary>
    public void SetZeroPole(double zeroHz, double poleHz, double sampleRateHz)
    {
        double k = 2 * sampleRateHz;
        double kz = double.IsPositiveInfinity(zeroHz) ? 0 : k / Prewarp(zeroHz, sampleRateHz);
        double kp = k / Prewarp(poleHz, sampleRateHz);
        double a0 = 1 + kp;
        if (double.IsPositiveInfinity(zeroHz))
        {
            // Pure pole: the bilinear transform puts its zero at Nyquist, (1 + z⁻¹)/(…).
            _b0 = 1 / a0;
            _b1 = 1 / a0;
        }
        else
        {
            _b0 = (1 + kz) / a0;
            _b1 = (1 - kz) / a0;
        }

        _b2 = 0;
        _a1 = (1 - kp) / a0;
        _a2 = 0;
    }

    /// <summary>ωn²/(s² + 2ζωn·s + ωn²): a resonance of damping <paramref name="damping"/>, unity gain at DC.</summary>
    public void SetResonance(double naturalHz, double damping, double sampleRateHz)
    {
        double w = Prewarp(naturalHz, sampleRateHz), k = 2 * sampleRateHz;
        double a0 = (k * k) + (2 * damping * w * k) + (w * w);
        _b0 = w * w / a0;
        _b1 = 2 * w * w / a0;
        _b2 = w * w / a0;
        _a1 = ((2 * w * w) - (2 * k * k)) / a0;
        _a2 = ((k * k) - (2 * damping * w * k) + (w * w)) / a0;
    }
}

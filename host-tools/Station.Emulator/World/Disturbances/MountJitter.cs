using System.Globalization;
using UnitsNet;

namespace Station.Emulator.World.Disturbances;

/// <summary>
/// Mount structural jitter per axis: white noise through a second-order resonance ωn²/(s² + 2ζωn·s + ωn²), so the
/// PSD peaks at the resonance with a width ≈ 2ζ·fn, scaled to the rms. ζ = 0.1 is a placeholder for a lightly damped
/// fork/tube mode (structural damping is typically a few per cent to ~10 %).
/// </summary>
public sealed record MountJitterParameters
{
    public Angle Rms { get; init; } = Angle.FromMicroradians(1);

    public Frequency Resonance { get; init; } = Frequency.FromHertz(5);

    public double DampingRatio { get; init; } = 0.1;

    public Frequency SampleRate { get; init; } = Frequency.FromHertz(1000);

    /// <summary>The PSD shape: |H(f)|² with unity DC gain (multiply by the drive level).</summary>
    public double ShapeAt(double hz)
    {
        double r = hz / Resonance.Hertz;
        return 1 / ((Math.Pow(1 - (r * r), 2)) + Math.Pow(2 * DampingRatio * r, 2));
    }

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"mount jitter per axis: white noise through a {Resonance.Hertz:G4} Hz resonance, ζ {DampingRatio:G3}, rms {Rms.Microradians:G4} µrad; {SampleRate.Hertz:G4} samples/s");

    internal void Validate()
    {
        string? error = this switch
        {
            _ when !(Rms.Microradians is >= 0 and < 1e4) => $"rms {Rms.Microradians:G6} µrad must be within [0, 1e4)",
            _ when !(SampleRate.Hertz is >= 10 and <= 1e6) => $"sample rate {SampleRate.Hertz:G6} Hz must be within 10…1e6",
            _ when !(Resonance.Hertz > 0 && Resonance.Hertz < SampleRate.Hertz / 4) => $"resonance {Resonance.Hertz:G6} Hz must be positive and below a quarter of the sample rate",
            _ when !(DampingRatio is > 0.001 and < 10) => $"damping ratio {DampingRatio} must be within (0.001, 10)",
            _ => null,
        };
        if (error is not null)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Mount jitter parameters: {error}."));
        }
    }
}

/// <summary>Seeded, time-stepped generator for <see cref="MountJitterParameters"/> (both axes independent).</summary>
public sealed class MountJitter : IWorldComponent
{
    private readonly GaussianSource _noise;
    private readonly double _gain;
    private readonly double _sampleRate;
    private FilterSection _x;
    private FilterSection _y;
    private DateTimeOffset? _time;

    public MountJitter(MountJitterParameters parameters, int seed)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        parameters.Validate();
        Parameters = parameters;
        _noise = new GaussianSource(seed);
        _sampleRate = parameters.SampleRate.Hertz;
        _x.SetResonance(parameters.Resonance.Hertz, parameters.DampingRatio, _sampleRate);
        _y = _x;
        // Output variance for unit white noise is the impulse-response energy; scale to the requested rms.
        var probe = _x;
        double energy = 0;
        long length = (long)(80 * _sampleRate / (2 * Math.PI * parameters.DampingRatio * parameters.Resonance.Hertz)) + 1000;
        for (long n = 0; n < length; n++)
        {
            double v = probe.Step(n == 0 ? 1 : 0);
            energy += v * v;
        }

        _gain = parameters.Rms.Microradians / Math.Sqrt(energy);
    }

    public MountJitterParameters Parameters { get; }

    public double XUrad { get; private set; }

    public double YUrad { get; private set; }

    public (double X, double Y) Next()
    {
        XUrad = _gain * _x.Step(_noise.Next());
        YUrad = _gain * _y.Step(_noise.Next());
        return (XUrad, YUrad);
    }

    public void Advance(DateTimeOffset now)
    {
        _time ??= now;
        long due = (long)Math.Floor((now - _time.Value).TotalSeconds * _sampleRate);
        for (long i = 0; i < due; i++)
        {
            Next();
        }

        _time = _time.Value.AddTicks((long)Math.Round(due * TimeSpan.TicksPerSecond / _sampleRate));
    }
}

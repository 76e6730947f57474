using System.Globalization;
using Station.Core.Acquisition;
using UnitsNet;

namespace Station.Emulator.World.Disturbances;

/// <summary>
/// What the quad-cell receives: the beacon's power at the cell (after the link, the optics and the beam splitter),
/// the detector's quantum efficiency, background (sky and dark) photoelectrons, the spot's angular width (the
/// cell's response is erf-shaped, <see cref="QuadCellResponse"/>) and the sample rate.
/// </summary>
public sealed record QuadCellNoiseParameters
{
    public Power ReceivedPower { get; init; } = Power.FromNanowatts(1);

    public Length Wavelength { get; init; } = Length.FromNanometers(532);

    public double QuantumEfficiency { get; init; } = 0.8;

    /// <summary>Background photoelectrons per second over the whole cell.</summary>
    public double BackgroundRatePerS { get; init; } = 1e5;

    public Angle SpotSigma { get; init; } = Angle.FromMicroradians(10);

    public Frequency SampleRate { get; init; } = Frequency.FromHertz(1000);

    /// <summary>Signal photoelectrons per second: P·λ/(h·c)·QE.</summary>
    public double SignalRatePerS => (double)ReceivedPower.Watts * Wavelength.Meters / (6.62607015e-34 * 299_792_458.0) * QuantumEfficiency;

    /// <summary>
    /// One-axis noise-equivalent angle per sample near the centre, µrad: σx̂ = √N/S per sample (N = signal +
    /// background electrons, S = signal) divided by the centre slope √(2/π)/σ_spot.
    /// </summary>
    public double NoiseEquivalentAngleUrad
    {
        get
        {
            double signal = SignalRatePerS / SampleRate.Hertz, total = signal + (BackgroundRatePerS / SampleRate.Hertz);
            return Math.Sqrt(total) / signal / QuadCellResponse.CentreSlope(SpotSigma.Microradians);
        }
    }

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"quad-cell shot noise: {ReceivedPower.Nanowatts:G4} nW at {Wavelength.Nanometers:G4} nm, QE {QuantumEfficiency:G3} → {SignalRatePerS:G4} e⁻/s, background {BackgroundRatePerS:G4} e⁻/s, spot σ {SpotSigma.Microradians:G4} µrad, {SampleRate.Hertz:G4} samples/s → NEA {NoiseEquivalentAngleUrad:G3} µrad per axis per sample");

    internal void Validate()
    {
        string? error = this switch
        {
            _ when !((double)ReceivedPower.Watts is >= 0 and < 1) => $"received power {ReceivedPower.Watts:G6} W must be within [0, 1)",
            _ when !(Wavelength.Nanometers is > 100 and < 20_000) => $"wavelength {Wavelength.Nanometers:G6} nm must be within 100…20000 nm",
            _ when !(QuantumEfficiency is > 0 and <= 1) => $"quantum efficiency {QuantumEfficiency} must be within (0, 1]",
            _ when !(BackgroundRatePerS is >= 0 and < 1e15) => $"background {BackgroundRatePerS} e⁻/s must be within [0, 1e15)",
            _ when !(SpotSigma.Microradians > 0) => $"spot sigma {SpotSigma.Microradians:G6} µrad must be positive",
            _ when !(SampleRate.Hertz is > 0 and <= 1e6) => $"sample rate {SampleRate.Hertz:G6} Hz must be within (0, 1e6]",
            _ => null,
        };
        if (error is not null)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Quad-cell noise parameters: {error}."));
        }
    }
}

/// <summary>
/// A quad-cell reading with photon shot noise: the mean photoelectrons of each quadrant follow from the spot's
/// offset through the separable Gaussian split (right fraction ½(1 + erf(δx/σ√2)), top likewise) plus a quarter
/// of the background; each quadrant is drawn from a Poisson distribution (Knuth's product method below a mean of
/// 30, a rounded normal above, where the two agree to well under a per cent); the normalised differences and the sum
/// are what the ADC front end would deliver.
/// </summary>
public sealed class QuadCellShotNoise
{
    private readonly GaussianSource _random;
    private readonly double _signalPerSample;
    private readonly double _backgroundPerQuadrant;
    private readonly double _sigmaUrad;

    public QuadCellShotNoise(QuadCellNoiseParameters parameters, int seed)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        parameters.Validate();
        Parameters = parameters;
        _random = new GaussianSource(seed);
        _signalPerSample = parameters.SignalRatePerS / parameters.SampleRate.Hertz;
        _backgroundPerQuadrant = parameters.BackgroundRatePerS / parameters.SampleRate.Hertz / 4;
        _sigmaUrad = parameters.SpotSigma.Microradians;
    }

    public QuadCellNoiseParameters Parameters { get; }

    /// <summary>
    /// A reading for a spot displaced by (<paramref name="offsetXUrad"/>, <paramref name="offsetYUrad"/>) from the
    /// cell centre, with the signal scaled by <paramref name="transmission"/> (0 for a cloud, 1 for clear sky).
    /// </summary>
    public QuadCellSample Sample(DateTimeOffset timestamp, double offsetXUrad, double offsetYUrad, double transmission = 1)
    {
        double signal = _signalPerSample * Math.Clamp(transmission, 0, 1);
        double right = 0.5 * (1 + QuadCellResponse.Normalized(offsetXUrad, _sigmaUrad));
        double top = 0.5 * (1 + QuadCellResponse.Normalized(offsetYUrad, _sigmaUrad));
        double a = Poisson((signal * right * top) + _backgroundPerQuadrant);            // right, top
        double b = Poisson((signal * (1 - right) * top) + _backgroundPerQuadrant);      // left, top
        double c = Poisson((signal * (1 - right) * (1 - top)) + _backgroundPerQuadrant); // left, bottom
        double d = Poisson((signal * right * (1 - top)) + _backgroundPerQuadrant);      // right, bottom
        double sum = a + b + c + d;
        return sum <= 0
            ? new QuadCellSample(timestamp, 0, 0, 0)
            : new QuadCellSample(timestamp, (a + d - b - c) / sum, (a + b - c - d) / sum, sum);
    }

    private double Poisson(double mean)
    {
        if (mean <= 0)
        {
            return 0;
        }

        if (mean < 30)
        {
            double limit = Math.Exp(-mean), product = _random.NextUniform();
            int k = 0;
            while (product > limit)
            {
                k++;
                product *= _random.NextUniform();
            }

            return k;
        }

        return Math.Max(0, Math.Round(mean + (Math.Sqrt(mean) * _random.Next())));
    }
}

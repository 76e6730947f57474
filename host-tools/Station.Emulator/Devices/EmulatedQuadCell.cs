using Station.Emulator.Faults;
using Station.Emulator.World;

namespace Station.Emulator.Devices;

/// <summary>
/// The quad-cell photodiode and its four transimpedance amplifiers, as the analog inputs of the MCP3208.
/// The beacon arrives as a circular Gaussian spot (σ in µrad on the sky) at an offset from the cell centre;
/// each quadrant collects the part of the spot that falls on it — a square cell of half-width
/// <see cref="CellHalfWidthMicroradians"/> with a dead gap of <see cref="GapMicroradians"/> between
/// quadrants — integrated exactly with erf, since a Gaussian is separable in x and y.
/// <para>
/// Quadrant layout, looking at the cell along the light (x right = +tip, y up = +tilt):
/// <c>B | A</c> over <c>C | D</c>; A on CH0, B on CH1, C on CH2, D on CH3. CH4–CH7 read the amplifiers'
/// dark offset. Each channel: V = dark + P·fraction·(V/W) + N(0, noise), clamped at the amplifier rails
/// (0 V and the supply).
/// </para>
/// <para>Fault: <c>beacon_loss</c> aimed at this device id removes the spot (only dark level and noise remain).</para>
/// </summary>
public sealed class EmulatedQuadCell : IAnalogInputs
{
    private readonly Random _random;
    private readonly FaultInjector? _faults;
    private readonly string _deviceId;
    private readonly Func<(double X, double Y)>? _spotOffset;
    private readonly Lock _gate = new();

    /// <param name="seed">Seed of the amplifier noise.</param>
    /// <param name="faults">The fault schedule (optional for bench use).</param>
    /// <param name="deviceId">Pin-map id that <c>beacon_loss</c> is aimed at.</param>
    /// <param name="spotOffset">Where the spot falls (µrad, x and y); null: <see cref="SpotOffsetXMicroradians"/>/<see cref="SpotOffsetYMicroradians"/>.</param>
    public EmulatedQuadCell(int seed = 1, FaultInjector? faults = null, string deviceId = "quad_cell_adc", Func<(double X, double Y)>? spotOffset = null)
    {
        _random = new Random(seed);
        _faults = faults;
        _deviceId = deviceId;
        _spotOffset = spotOffset;
    }

    /// <summary>Spot offset along x (+tip) in µrad, when no offset function was given.</summary>
    public double SpotOffsetXMicroradians { get; set; }

    /// <summary>Spot offset along y (+tilt) in µrad, when no offset function was given.</summary>
    public double SpotOffsetYMicroradians { get; set; }

    /// <summary>Spot Gaussian σ in µrad (blur plus residual turbulence).</summary>
    public double SpotSigmaMicroradians { get; set; } = 20;

    /// <summary>Beacon power reaching the cell, in watts.</summary>
    public double PowerWatts { get; set; } = 2e-6;

    /// <summary>Responsivity × transimpedance, volts per watt (0.5 A/W × 2 MΩ).</summary>
    public double VoltsPerWatt { get; set; } = 1e6;

    /// <summary>Amplifier output with no light, volts.</summary>
    public double DarkVolts { get; set; } = 0.010;

    /// <summary>Amplifier noise, volts rms per sample.</summary>
    public double NoiseVoltsRms { get; set; } = 0.001;

    /// <summary>Amplifier supply: outputs clip here.</summary>
    public double RailVolts { get; set; } = 3.3;

    /// <summary>
    /// Photoelectrons per joule of light on the cell (λ/(h·c)·QE); 0 turns photon shot noise off. With it each
    /// quadrant's signal is drawn as its photoelectron count over <see cref="ShotNoiseSampleSeconds"/> (Gaussian
    /// approximation of the Poisson draw, exact enough above a few tens of electrons) plus a quarter of
    /// <see cref="BackgroundElectronsPerSecond"/>.
    /// </summary>
    public double PhotoelectronsPerJoule { get; set; }

    /// <summary>Integration time of one quadrant sample for the shot noise, seconds.</summary>
    public double ShotNoiseSampleSeconds { get; set; } = 1e-3;

    /// <summary>Background (sky, dark) photoelectrons per second over the whole cell, with shot noise on.</summary>
    public double BackgroundElectronsPerSecond { get; set; }

    /// <summary>Half-width of the square cell, µrad on the sky.</summary>
    public double CellHalfWidthMicroradians { get; set; } = 200;

    /// <summary>Dead gap between quadrants, µrad on the sky.</summary>
    public double GapMicroradians { get; set; } = 2;

    /// <summary>Where the spot falls now (µrad).</summary>
    public (double X, double Y) SpotOffset => _spotOffset?.Invoke() ?? (SpotOffsetXMicroradians, SpotOffsetYMicroradians);

    /// <summary>Whether the beacon reaches the cell (false under <c>beacon_loss</c>).</summary>
    public bool BeaconPresent => _faults?.IsActive(FaultKind.BeaconLoss, _deviceId) != true;

    /// <summary>Noise-free fraction of the spot power on quadrant 0–3 (A–D).</summary>
    public double QuadrantFraction(int quadrant)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(quadrant);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quadrant, 3);
        var (x, y) = SpotOffset;
        double half = CellHalfWidthMicroradians;
        double gap = GapMicroradians / 2;
        double sigma = SpotSigmaMicroradians;
        // A (0) and D (3) are right of the gap, A and B (1) above it; only the two strips this quadrant spans are integrated
        // (the fine loop reads four quadrants a millisecond).
        double horizontal = quadrant is 0 or 3 ? NoiseMath.GaussianFraction(gap, half, x, sigma) : NoiseMath.GaussianFraction(-half, -gap, x, sigma);
        double vertical = quadrant is 0 or 1 ? NoiseMath.GaussianFraction(gap, half, y, sigma) : NoiseMath.GaussianFraction(-half, -gap, y, sigma);
        return horizontal * vertical;
    }

    public double SampleVolts(int channel)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(channel);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(channel, 7);
        double signal = channel < 4 && BeaconPresent ? PowerWatts * VoltsPerWatt * QuadrantFraction(channel) : 0;
        double noise;
        lock (_gate)
        {
            noise = _random.NextGaussian() * NoiseVoltsRms;
            if (channel < 4 && PhotoelectronsPerJoule > 0)
            {
                // Volts per photoelectron: the amplifier turns the mean current of N electrons per sample into P·V/W.
                double voltsPerElectron = VoltsPerWatt / (PhotoelectronsPerJoule * ShotNoiseSampleSeconds);
                double electrons = (signal / voltsPerElectron) + (BackgroundElectronsPerSecond * ShotNoiseSampleSeconds / 4);
                double drawn = Math.Max(0, electrons + (Math.Sqrt(electrons) * _random.NextGaussian()));
                signal = drawn * voltsPerElectron;
            }
        }

        return Math.Clamp(DarkVolts + signal + noise, 0, RailVolts);
    }
}

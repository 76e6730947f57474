using System.Globalization;

namespace Station.Core.Acquisition;

/// <summary>
/// Centroider settings. The sensor size fixes the scratch buffers allocated once at construction; every other
/// number is a detection or robustness knob with the reason for its default beside it.
/// </summary>
public sealed record CentroiderOptions
{
    /// <summary>Largest frame the centroider accepts (sensor width, pixels).</summary>
    public int SensorWidth { get; init; } = 640;

    public int SensorHeight { get; init; } = 512;

    /// <summary>Detection threshold k in background + k·σ. 5σ gives ~0.1 false pixel per 640×512 frame of Gaussian noise.</summary>
    public double ThresholdSigma { get; init; } = 5;

    /// <summary>Spots below this SNR are not trusted (the tracker counts them as lost frames).</summary>
    public double SnrFloor { get; init; } = 6;

    /// <summary>Blobs smaller than this are isolated hot pixels or cosmic-ray hits: a beacon spot spans several pixels.</summary>
    public int MinBlobPixels { get; init; } = 2;

    /// <summary>Raw value at or above which a pixel is saturated (4095 for a 12-bit camera, 65535 for 16-bit).</summary>
    public int SaturationLevel { get; init; } = 65535;

    /// <summary>Largest half-size of the centroid window; bounds the work per spot and the spot size measured (±3σ).</summary>
    public int MaxWindowRadiusPx { get; init; } = 8;

    /// <summary>Smallest Gaussian window σ; below ~0.7 px the pixel grid, not the spot, dominates the moments.</summary>
    public double MinWindowSigmaPx { get; init; } = 0.7;

    public int MaxIterations { get; init; } = 12;

    /// <summary>Iteration stops when the centroid moves less than this.</summary>
    public double ConvergencePx { get; init; } = 0.002;

    /// <summary>Pixels sampled (on a regular grid) for the background statistics; bounds the cost on full frames.</summary>
    public int BackgroundSamples { get; init; } = 2048;

    /// <summary>Capacity of the run buffer (above-threshold row segments). Beyond it the frame is declared overflowed.</summary>
    public int MaxRuns { get; init; } = 16384;

    /// <summary>Capacity of the blob table.</summary>
    public int MaxBlobs { get; init; } = 2048;

    /// <summary>At most this many candidates (nearest, or brightest without a gate) get the full windowed centroid.</summary>
    public int MaxRefinedCandidates { get; init; } = 8;

    /// <summary>
    /// A window pixel brighter (above background) than this many times its brightest 4-neighbour is an unmapped hot
    /// pixel. A Gaussian spot of σ ≥ 0.75 px never exceeds e^(1/(2σ²)) ≈ 2.4, so 4 leaves margin.
    /// </summary>
    public double HotPixelRatio { get; init; } = 4;

    /// <summary>Camera gain, electrons per ADU, for the spot's own shot noise in the SNR; 0 = background-limited SNR only.</summary>
    public double GainElectronsPerAdu { get; init; }

    /// <summary>Known hot pixels (sensor coordinates); null for none.</summary>
    public HotPixelMap? HotPixels { get; init; }

    /// <summary>Throws with a precise message when a setting is out of range.</summary>
    public void Validate()
    {
        string? error = this switch
        {
            { SensorWidth: <= 0 or > 16384 } or { SensorHeight: <= 0 or > 16384 } => $"sensor size {SensorWidth}×{SensorHeight} must be within 1…16384 per side",
            { ThresholdSigma: not (> 0 and <= 100) } => $"threshold {ThresholdSigma}σ must be within (0, 100]",
            { SnrFloor: not (>= 0 and < 1e6) } => $"SNR floor {SnrFloor} must be within [0, 1e6)",
            { MinBlobPixels: < 1 or > 1000 } => $"minimum blob size {MinBlobPixels} px must be within 1…1000",
            { SaturationLevel: < 1 or > 65535 } => $"saturation level {SaturationLevel} must be within 1…65535",
            { MaxWindowRadiusPx: < 2 or > 64 } => $"window radius {MaxWindowRadiusPx} px must be within 2…64",
            { MinWindowSigmaPx: not (> 0.1 and <= 10) } => $"minimum window sigma {MinWindowSigmaPx} px must be within (0.1, 10]",
            { MaxIterations: < 1 or > 100 } => $"iteration limit {MaxIterations} must be within 1…100",
            { ConvergencePx: not (> 0 and < 1) } => $"convergence {ConvergencePx} px must be within (0, 1)",
            { BackgroundSamples: < 16 or > 1_000_000 } => $"background samples {BackgroundSamples} must be within 16…1000000",
            { MaxRuns: < 16 } or { MaxBlobs: < 1 } => $"run capacity {MaxRuns} must be ≥ 16 and blob capacity {MaxBlobs} ≥ 1",
            { MaxRefinedCandidates: < 1 or > 64 } => $"refined candidates {MaxRefinedCandidates} must be within 1…64",
            { HotPixelRatio: not (> 1 and < 1e6) } => $"hot-pixel ratio {HotPixelRatio} must be within (1, 1e6)",
            { GainElectronsPerAdu: not (>= 0 and < 1e6) } => $"gain {GainElectronsPerAdu} e⁻/ADU must be within [0, 1e6)",
            _ => null,
        };
        if (error is null && HotPixels is { } map && (map.Width != SensorWidth || map.Height != SensorHeight))
        {
            error = $"hot-pixel map {map.Width}×{map.Height} does not match the sensor {SensorWidth}×{SensorHeight}";
        }

        if (error is not null)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Centroider options: {error}."));
        }
    }
}

/// <summary>Known hot (or dead-bright) pixels of a sensor, as one bit per pixel so lookups cost a shift and a mask.</summary>
public sealed class HotPixelMap
{
    private readonly ulong[] _bits;

    /// <param name="width">Sensor width.</param>
    /// <param name="height">Sensor height.</param>
    /// <param name="pixels">Hot pixels as (column, row) on the sensor.</param>
    public HotPixelMap(int width, int height, IEnumerable<(int X, int Y)> pixels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentNullException.ThrowIfNull(pixels);
        var bits = new ulong[(((long)width * height) + 63) / 64];
        int count = 0;
        foreach (var (x, y) in pixels)
        {
            if ((uint)x >= (uint)width || (uint)y >= (uint)height)
            {
                throw new ArgumentOutOfRangeException(nameof(pixels), string.Create(CultureInfo.InvariantCulture, $"hot pixel ({x}, {y}) is outside the {width}×{height} sensor"));
            }

            long index = ((long)y * width) + x;
            if ((bits[index >> 6] & (1UL << (int)(index & 63))) == 0)
            {
                count++;
            }

            bits[index >> 6] |= 1UL << (int)(index & 63);
        }

        _bits = bits;
        Width = width;
        Height = height;
        Count = count;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Number of distinct hot pixels.</summary>
    public int Count { get; }

    /// <summary>True if sensor pixel (x, y) is known hot; pixels outside the sensor are not.</summary>
    public bool IsHot(int x, int y)
    {
        if ((uint)x >= (uint)Width || (uint)y >= (uint)Height)
        {
            return false;
        }

        long index = ((long)y * Width) + x;
        return (_bits[index >> 6] & (1UL << (int)(index & 63))) != 0;
    }
}

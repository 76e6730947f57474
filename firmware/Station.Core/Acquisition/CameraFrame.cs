using System.Globalization;

namespace Station.Core.Acquisition;

/// <summary>
/// One frame (or region of interest) from the beacon camera, as the frame source hands it over: 16-bit pixels,
/// row-major and contiguous (stride = width), with the ROI's origin on the sensor so that positions, the hot-pixel
/// map and predictions all live in sensor pixel coordinates. A ref struct so the pixels are never copied.
/// </summary>
public readonly ref struct CameraFrame
{
    /// <param name="pixels">Row-major pixels; at least <paramref name="width"/>·<paramref name="height"/> of them.</param>
    /// <param name="width">ROI width in pixels.</param>
    /// <param name="height">ROI height in pixels.</param>
    /// <param name="originX">Sensor column of the ROI's first pixel.</param>
    /// <param name="originY">Sensor row of the ROI's first pixel.</param>
    /// <param name="timestamp">Mid-exposure time of the frame.</param>
    public CameraFrame(ReadOnlySpan<ushort> pixels, int width, int height, int originX, int originY, DateTimeOffset timestamp)
    {
        if (width <= 0 || height <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(width), string.Create(CultureInfo.InvariantCulture, $"frame size {width}×{height} must be positive"));
        }

        if (originX < 0 || originY < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(originX), string.Create(CultureInfo.InvariantCulture, $"ROI origin ({originX}, {originY}) must not be negative"));
        }

        if ((long)width * height > pixels.Length)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"a {width}×{height} frame needs {(long)width * height} pixels but the buffer holds {pixels.Length}"), nameof(pixels));
        }

        Pixels = pixels[..(width * height)];
        Width = width;
        Height = height;
        OriginX = originX;
        OriginY = originY;
        Timestamp = timestamp;
    }

    public ReadOnlySpan<ushort> Pixels { get; }

    public int Width { get; }

    public int Height { get; }

    public int OriginX { get; }

    public int OriginY { get; }

    public DateTimeOffset Timestamp { get; }
}

/// <summary>
/// Where the caller expects the beacon and how bright: spots outside the gate or the flux range are rejected
/// (stars, glints, reflections). <see cref="None"/> accepts any position and brightness (blind search).
/// </summary>
/// <param name="XPx">Predicted sensor column (pixel centres at integers).</param>
/// <param name="YPx">Predicted sensor row.</param>
/// <param name="GateRadiusPx">Largest accepted distance from the prediction; +∞ for no position gate.</param>
/// <param name="MinFlux">Smallest accepted background-subtracted flux, ADU.</param>
/// <param name="MaxFlux">Largest accepted flux, ADU (+∞ for no upper bound).</param>
public readonly record struct SpotPrediction(double XPx, double YPx, double GateRadiusPx, double MinFlux, double MaxFlux)
{
    /// <summary>No prediction: the brightest acceptable spot anywhere wins.</summary>
    public static SpotPrediction None { get; } = new(double.NaN, double.NaN, double.PositiveInfinity, 0, double.PositiveInfinity);

    /// <summary>True when a finite position gate applies.</summary>
    public bool HasPosition => double.IsFinite(XPx) && double.IsFinite(YPx) && double.IsFinite(GateRadiusPx);

    /// <summary>Any position, but only spots whose flux lies in the range.</summary>
    public static SpotPrediction FluxOnly(double minFlux, double maxFlux) => new(double.NaN, double.NaN, double.PositiveInfinity, minFlux, maxFlux);

    internal string? Validate()
    {
        if (double.IsNaN(GateRadiusPx) || GateRadiusPx <= 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"gate radius {GateRadiusPx} px must be positive");
        }

        if (double.IsFinite(GateRadiusPx) && (!double.IsFinite(XPx) || !double.IsFinite(YPx)))
        {
            return string.Create(CultureInfo.InvariantCulture, $"a finite gate ({GateRadiusPx} px) needs a finite predicted position, got ({XPx}, {YPx})");
        }

        if (double.IsNaN(MinFlux) || double.IsNaN(MaxFlux) || MinFlux < 0 || MaxFlux < MinFlux)
        {
            return string.Create(CultureInfo.InvariantCulture, $"flux range [{MinFlux}, {MaxFlux}] ADU must satisfy 0 ≤ min ≤ max");
        }

        return null;
    }
}

/// <summary>Outcome of measuring one frame.</summary>
public enum CentroidStatus
{
    /// <summary>A consistent spot was found; its position, flux and SNR are valid.</summary>
    Found,

    /// <summary>Nothing above threshold except rejected single pixels.</summary>
    NoCandidates,

    /// <summary>Candidates exist but the best falls below the SNR floor (faint beacon, cloud).</summary>
    BelowSnrFloor,

    /// <summary>Every candidate was outside the gate or the flux range (a star, a glint).</summary>
    Inconsistent,

    /// <summary>More above-threshold structure than the fixed buffers hold (daylight, sun glint, saturated sensor).</summary>
    Overflow,
}

/// <summary>
/// The measurement of one frame. Positions are sensor pixels. When the status is not <see cref="CentroidStatus.Found"/>
/// the numbers describe the best rejected candidate (or are NaN when there was none), for diagnostics.
/// </summary>
public readonly record struct CentroidResult
{
    public CentroidStatus Status { get; init; }

    public DateTimeOffset Timestamp { get; init; }

    public double XPx { get; init; }

    public double YPx { get; init; }

    /// <summary>Background-subtracted flux in a ±2.5σ box around the spot, ADU (a lower bound when saturated).</summary>
    public double Flux { get; init; }

    public double Snr { get; init; }

    /// <summary>Spot full width at half maximum from the window's second moments, pixels.</summary>
    public double FwhmPx { get; init; }

    /// <summary>Highest raw pixel value in the spot.</summary>
    public int Peak { get; init; }

    /// <summary>At least one spot pixel reached the saturation level; the centroid is still given.</summary>
    public bool Saturated { get; init; }

    public double BackgroundAdu { get; init; }

    public double NoiseAdu { get; init; }

    public double ThresholdAdu { get; init; }

    /// <summary>Connected blobs that passed the minimum-area test.</summary>
    public int Candidates { get; init; }

    public int RejectedByGate { get; init; }

    public int RejectedByFlux { get; init; }

    public int RejectedBySnr { get; init; }

    /// <summary>Above-threshold pixels ignored as hot (map) or isolated (single-pixel blobs, outliers in the window).</summary>
    public int HotPixelsIgnored { get; init; }

    /// <summary>Windowed-centroid iterations used.</summary>
    public int Iterations { get; init; }

    public bool IsValid => Status == CentroidStatus.Found;
}

using Station.Devices.Buses;

namespace Station.Devices.BeaconCamera;

/// <summary>
/// The coarse beacon sensor: any <see cref="ICameraFrameSource"/> (V4L2 on the Pi, the emulated camera in
/// HIL) with frame bookkeeping and a first look at each frame. Sequence gaps count as missed frames; a
/// capture that returns nothing is <see cref="BeaconFrameStatus.Dropped"/>; the same sequence twice is
/// <see cref="BeaconFrameStatus.Stale"/>. Background and noise come from the ROI border (two passes, the second without 5 σ outliers such as hot pixels); a spot is the
/// brightest pixel whose 3 × 3 neighbourhood holds at least <see cref="MinimumSpotPixels"/> pixels above
/// background + <see cref="DetectionSigma"/> σ (an isolated hot pixel does not qualify), and its position
/// is the background-subtracted centroid of the 7 × 7 window around it. Capturing allocates nothing: the
/// caller owns the pixel buffer (12-bit values in 16-bit words, row-major).
/// </summary>
public sealed class BeaconCamera : IDisposable
{
    /// <summary>12-bit full scale.</summary>
    public const int FullScale = 4095;

    /// <summary>Half-size of the centroid window: 7 × 7 pixels, ±2.4 σ of the nominal spot, so truncation bias stays under 0.05 px.</summary>
    public const int CentroidHalfWindow = 3;

    private readonly ICameraFrameSource _source;
    private readonly bool _shouldDispose;
    private long _lastSequence = -1;

    /// <param name="source">The frame source.</param>
    /// <param name="name">Device name for messages (the pin-map id).</param>
    /// <param name="shouldDispose">Whether disposing this disposes <paramref name="source"/>.</param>
    public BeaconCamera(ICameraFrameSource source, string name = "beacon_camera", bool shouldDispose = true)
    {
        _source = source ?? throw new ArgumentNullException(nameof(source));
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (_source.Width < 8 || _source.Height < 8)
        {
            throw new ArgumentException($"{name}: a {_source.Width}x{_source.Height} ROI is too small for spot detection (at least 8x8).", nameof(source));
        }

        Name = name;
        _shouldDispose = shouldDispose;
    }

    public string Name { get; }

    public int Width => _source.Width;

    public int Height => _source.Height;

    /// <summary>Detection threshold in border-noise σ above the background.</summary>
    public double DetectionSigma { get; init; } = 6;

    /// <summary>Pixels above threshold required in the 3 × 3 neighbourhood of the peak.</summary>
    public int MinimumSpotPixels { get; init; } = 3;

    /// <summary>Frames lost (sequence gaps plus captures that returned nothing) since construction.</summary>
    public long MissedFrames { get; private set; }

    /// <summary>Frames delivered.</summary>
    public long FramesCaptured { get; private set; }

    /// <summary>Captures a frame into <paramref name="pixels"/> (at least Width × Height) and measures it.</summary>
    public BeaconFrame Capture(Span<ushort> pixels)
    {
        if (pixels.Length < Width * Height)
        {
            throw new ArgumentException($"{Name}: pixel buffer holds {pixels.Length} pixels; a {Width}x{Height} frame needs {Width * Height}.", nameof(pixels));
        }

        if (!_source.TryCapture(pixels, out var info))
        {
            return new BeaconFrame(BeaconFrameStatus.Dropped, info.Sequence, info.Timestamp, 0, 0, 0, 0, double.NaN, double.NaN, 0);
        }

        if (info.Sequence == _lastSequence)
        {
            return new BeaconFrame(BeaconFrameStatus.Stale, info.Sequence, info.Timestamp, 0, 0, 0, 0, double.NaN, double.NaN, 0);
        }

        long missed = _lastSequence < 0 ? 0 : Math.Max(0, info.Sequence - _lastSequence - 1);
        MissedFrames += missed;
        _lastSequence = info.Sequence;
        FramesCaptured++;
        return Measure(pixels[..(Width * Height)], info, missed);
    }

    private BeaconFrame Measure(ReadOnlySpan<ushort> pixels, CameraFrameInfo info, long missed)
    {
        int w = Width;
        int h = Height;
        double sum = 0;
        double sumSquares = 0;
        int border = 0;
        int saturated = 0;
        for (int j = 0; j < h; j++)
        {
            for (int i = 0; i < w; i++)
            {
                int v = pixels[(j * w) + i];
                if (v >= FullScale)
                {
                    saturated++;
                }

                if (j == 0 || j == h - 1 || i == 0 || i == w - 1)
                {
                    sum += v;
                    sumSquares += (double)v * v;
                    border++;
                }
            }
        }

        double background = sum / border;
        double noise = Math.Sqrt(Math.Max(0, (sumSquares / border) - (background * background)));

        // Second pass: drop border outliers (a hot pixel or a star on the edge) beyond 5 σ.
        double clip = background + (5 * noise) + 1;
        sum = 0;
        sumSquares = 0;
        border = 0;
        for (int j = 0; j < h; j++)
        {
            int step = j == 0 || j == h - 1 ? 1 : w - 1;
            for (int i = 0; i < w; i += step)
            {
                int v = pixels[(j * w) + i];
                if (v <= clip)
                {
                    sum += v;
                    sumSquares += (double)v * v;
                    border++;
                }
            }
        }

        background = sum / Math.Max(1, border);
        noise = Math.Sqrt(Math.Max(1e-12, (sumSquares / Math.Max(1, border)) - (background * background)));
        double threshold = background + (DetectionSigma * Math.Max(noise, 0.5));

        int peak = -1;
        int peakIndex = -1;
        for (int j = 1; j < h - 1; j++)
        {
            for (int i = 1; i < w - 1; i++)
            {
                int v = pixels[(j * w) + i];
                if (v > peak && v > threshold && CountAbove(pixels, i, j, threshold) >= MinimumSpotPixels)
                {
                    peak = v;
                    peakIndex = (j * w) + i;
                }
            }
        }

        if (peakIndex < 0)
        {
            return new BeaconFrame(BeaconFrameStatus.NoSpot, info.Sequence, info.Timestamp, missed, background, noise, 0, double.NaN, double.NaN, saturated);
        }

        var (x, y) = Centroid(pixels, peakIndex % w, peakIndex / w, background);
        return new BeaconFrame(BeaconFrameStatus.Spot, info.Sequence, info.Timestamp, missed, background, noise, peak, x, y, saturated);
    }

    private int CountAbove(ReadOnlySpan<ushort> pixels, int x, int y, double threshold)
    {
        int count = 0;
        for (int dy = -1; dy <= 1; dy++)
        {
            for (int dx = -1; dx <= 1; dx++)
            {
                if (pixels[((y + dy) * Width) + x + dx] > threshold)
                {
                    count++;
                }
            }
        }

        return count;
    }

    private (double X, double Y) Centroid(ReadOnlySpan<ushort> pixels, int px, int py, double background)
    {
        double total = 0;
        double sx = 0;
        double sy = 0;
        for (int j = Math.Max(0, py - CentroidHalfWindow); j <= Math.Min(Height - 1, py + CentroidHalfWindow); j++)
        {
            for (int i = Math.Max(0, px - CentroidHalfWindow); i <= Math.Min(Width - 1, px + CentroidHalfWindow); i++)
            {
                double v = Math.Max(0, pixels[(j * Width) + i] - background);
                total += v;
                sx += v * (i + 0.5);
                sy += v * (j + 0.5);
            }
        }

        return total > 0 ? (sx / total, sy / total) : (px + 0.5, py + 0.5);
    }

    public void Dispose()
    {
        if (_shouldDispose)
        {
            _source.Dispose();
        }
    }
}

namespace Station.Devices.Buses;

/// <summary>A source of monochrome camera frames, 16 bits per pixel, row-major.</summary>
public interface ICameraFrameSource : IDisposable
{
    /// <summary>Frame width in pixels.</summary>
    int Width { get; }

    /// <summary>Frame height in pixels.</summary>
    int Height { get; }

    /// <summary>
    /// Captures one frame into <paramref name="pixels"/> (length ≥ Width × Height). Returns false when no
    /// frame could be read (a dropped frame), leaving <paramref name="pixels"/> unspecified.
    /// </summary>
    bool TryCapture(Span<ushort> pixels, out CameraFrameInfo info);
}

/// <summary>What the camera reports with a frame.</summary>
/// <param name="Sequence">Frame counter from the camera; gaps mean dropped frames.</param>
/// <param name="Timestamp">Capture time (mid-exposure) on the station clock.</param>
public readonly record struct CameraFrameInfo(long Sequence, DateTimeOffset Timestamp);

namespace Station.Devices.BeaconCamera;

/// <summary>What came back from one capture.</summary>
public enum BeaconFrameStatus
{
    /// <summary>A new frame with a beacon-like spot (several adjacent pixels well above the background).</summary>
    Spot,

    /// <summary>A new frame with no spot: only sky, noise and isolated hot pixels.</summary>
    NoSpot,

    /// <summary>The camera delivered nothing (a dropped frame or no frame yet); the buffer holds no new data.</summary>
    Dropped,

    /// <summary>The camera returned the same frame as last time (called faster than the frame rate).</summary>
    Stale,
}

/// <summary>
/// A captured frame's bookkeeping and the statistics the coarse tracker needs. Pixel positions are ROI
/// coordinates (x right, y down; pixel i spans [i, i + 1)).
/// </summary>
/// <param name="Status">What the frame holds.</param>
/// <param name="Sequence">The camera's frame counter.</param>
/// <param name="Timestamp">Mid-exposure on the station clock.</param>
/// <param name="MissedFrames">Frames lost between the previous delivered frame and this one (sequence gap).</param>
/// <param name="BackgroundAdu">Mean of the ROI border, ADU.</param>
/// <param name="NoiseAdu">Standard deviation of the ROI border, ADU.</param>
/// <param name="PeakAdu">Brightest spot-like pixel (0 without a spot).</param>
/// <param name="SpotX">Background-subtracted centroid x in a 7 × 7 window around the peak (NaN without a spot).</param>
/// <param name="SpotY">Centroid y (NaN without a spot).</param>
/// <param name="SaturatedPixels">Pixels at 12-bit full scale.</param>
public readonly record struct BeaconFrame(
    BeaconFrameStatus Status,
    long Sequence,
    DateTimeOffset Timestamp,
    long MissedFrames,
    double BackgroundAdu,
    double NoiseAdu,
    int PeakAdu,
    double SpotX,
    double SpotY,
    int SaturatedPixels)
{
    /// <summary>Whether the frame carries a spot.</summary>
    public bool HasSpot => Status == BeaconFrameStatus.Spot;
}

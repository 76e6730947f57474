namespace Station.Devices.Buses;

/// <summary>Camera parameters: which device and the region of interest read out.</summary>
/// <param name="DevicePath">V4L2 device, e.g. <c>/dev/video0</c>.</param>
/// <param name="Width">ROI width in pixels.</param>
/// <param name="Height">ROI height in pixels.</param>
public sealed record CameraSettings(string DevicePath, int Width, int Height)
{
    /// <summary>The V4L2 bus index of <see cref="DevicePath"/> (<c>/dev/video3</c> → 3).</summary>
    public int DeviceIndex
    {
        get
        {
            const string prefix = "/dev/video";
            if (!DevicePath.StartsWith(prefix, StringComparison.Ordinal)
                || !int.TryParse(DevicePath.AsSpan(prefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int index))
            {
                throw new FormatException($"Camera device '{DevicePath}' is not of the form /dev/videoN.");
            }

            return index;
        }
    }
}

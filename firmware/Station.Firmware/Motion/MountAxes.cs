namespace Station.Firmware.Motion;

/// <summary>The two mount axes.</summary>
public sealed class MountAxes(MountAxis azimuth, MountAxis elevation) : IDisposable
{
    public MountAxis Azimuth { get; } = azimuth;

    public MountAxis Elevation { get; } = elevation;

    public void Dispose()
    {
        Azimuth.Dispose();
        Elevation.Dispose();
    }
}

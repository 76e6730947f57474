namespace Station.Emulator.World;

/// <summary>
/// Where the downlink beacon appears relative to the telescope's boresight: the pointing error the camera
/// and the quad cell sense (a world input, µrad on the sky, x along +tip, y along +tilt). The camera sits
/// before the fine steering mirror and sees this offset; the quad cell sits after it and sees the offset
/// minus the mirror's deflection (times <see cref="MirrorCoupling"/>), so the fine loop centres the spot
/// by tipping the mirror to the line-of-sight error.
/// </summary>
public sealed class EmulatedLineOfSight
{
    /// <summary>Beacon offset from boresight along x, µrad.</summary>
    public double OffsetXMicroradians { get; set; }

    /// <summary>Beacon offset from boresight along y, µrad.</summary>
    public double OffsetYMicroradians { get; set; }

    /// <summary>Sky angle the fine-path spot moves per µrad of mirror deflection.</summary>
    public double MirrorCoupling { get; set; } = 1.0;

    /// <summary>
    /// When true, the quad cell sees (<see cref="FineSpotXMicroradians"/>, <see cref="FineSpotYMicroradians"/>)
    /// instead of the offset minus the mirror: a sky model that delays the fine sensor by a sample sets these.
    /// </summary>
    public bool FineSpotOverridden { get; set; }

    /// <summary>Spot position on the quad cell along x, µrad, when <see cref="FineSpotOverridden"/>.</summary>
    public double FineSpotXMicroradians { get; set; }

    /// <summary>Spot position on the quad cell along y, µrad, when <see cref="FineSpotOverridden"/>.</summary>
    public double FineSpotYMicroradians { get; set; }
}

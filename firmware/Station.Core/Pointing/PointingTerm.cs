namespace Station.Core.Pointing;

/// <summary>
/// TPOINT-style pointing terms of an altitude-azimuth mount (P. Wallace's TPOINT conventions). Each term adds
/// a small correction ΔA (azimuth) and ΔE (elevation) to the sky position to give the mount position:
/// mount = sky + Σ coefficient · partial(term, sky).
/// </summary>
public enum PointingTerm
{
    /// <summary>Azimuth index error: ΔA = −IA.</summary>
    IA,

    /// <summary>Elevation index error: ΔE = +IE.</summary>
    IE,

    /// <summary>Collimation error (optical axis not perpendicular to the elevation axis): ΔA = −CA / cos E.</summary>
    CA,

    /// <summary>Non-perpendicularity of the azimuth and elevation axes: ΔA = −NPAE · tan E.</summary>
    NPAE,

    /// <summary>Azimuth axis tilted towards north: ΔA = −AN · sin A · tan E, ΔE = −AN · cos A.</summary>
    AN,

    /// <summary>Azimuth axis tilted towards east: ΔA = −AW · cos A · tan E, ΔE = +AW · sin A.</summary>
    AW,

    /// <summary>Tube flexure (Hooke's law sag): ΔE = −TF · cos E.</summary>
    TF,

    /// <summary>Azimuth harmonic: ΔA = HASA · sin A.</summary>
    HASA,

    /// <summary>Azimuth harmonic: ΔA = HACA · cos A.</summary>
    HACA,

    /// <summary>Elevation harmonic: ΔE = HESA · sin A.</summary>
    HESA,

    /// <summary>Elevation harmonic: ΔE = HECA · cos A.</summary>
    HECA,
}

/// <summary>The partial derivatives of each term: how one radian of coefficient moves azimuth and elevation.</summary>
public static class PointingTerms
{
    /// <summary>The seven physical terms the station fits by default.</summary>
    public static IReadOnlyList<PointingTerm> Basic { get; } =
        [PointingTerm.IA, PointingTerm.IE, PointingTerm.CA, PointingTerm.NPAE, PointingTerm.AN, PointingTerm.AW, PointingTerm.TF];

    /// <summary>Every term, physical first, then the harmonics.</summary>
    public static IReadOnlyList<PointingTerm> All { get; } = Enum.GetValues<PointingTerm>();

    /// <summary>(∂A, ∂E) of <paramref name="term"/> at sky azimuth/elevation (radians).</summary>
    public static (double DAz, double DEl) Partials(PointingTerm term, double azimuthRad, double elevationRad)
    {
        var (sinA, cosA) = Math.SinCos(azimuthRad);
        var (sinE, cosE) = Math.SinCos(elevationRad);
        double tanE = sinE / cosE;
        return term switch
        {
            PointingTerm.IA => (-1, 0),
            PointingTerm.IE => (0, 1),
            PointingTerm.CA => (-1 / cosE, 0),
            PointingTerm.NPAE => (-tanE, 0),
            PointingTerm.AN => (-sinA * tanE, -cosA),
            PointingTerm.AW => (-cosA * tanE, sinA),
            PointingTerm.TF => (0, -cosE),
            PointingTerm.HASA => (sinA, 0),
            PointingTerm.HACA => (cosA, 0),
            PointingTerm.HESA => (0, sinA),
            PointingTerm.HECA => (0, cosA),
            _ => throw new ArgumentOutOfRangeException(nameof(term), term, "Unknown pointing term."),
        };
    }
}

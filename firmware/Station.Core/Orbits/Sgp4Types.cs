using System.Runtime.InteropServices;

namespace Station.Core.Orbits;

/// <summary>SGP4 error codes, numbered as in Vallado's reference implementation.</summary>
public enum Sgp4Error
{
    /// <summary>Propagation succeeded.</summary>
    None = 0,

    /// <summary>Mean eccentricity outside [-0.001, 1) or mean semi-major axis below 0.95 Earth radii.</summary>
    MeanElements = 1,

    /// <summary>Mean motion not positive.</summary>
    MeanMotion = 2,

    /// <summary>Perturbed eccentricity (deep space, after lunar-solar periodics) outside [0, 1].</summary>
    PerturbedElements = 3,

    /// <summary>Semi-latus rectum negative.</summary>
    SemiLatusRectum = 4,

    /// <summary>Epoch elements are sub-orbital (kept for numbering; the 2006+ reference no longer reports it).</summary>
    EpochElementsSubOrbital = 5,

    /// <summary>Satellite has decayed: radius below one Earth radius. Position and velocity are still filled in.</summary>
    Decayed = 6,
}

/// <summary>Earth gravity constants SGP4 can use. Element sets are fitted with WGS-72.</summary>
public enum Sgp4GravityModel
{
    /// <summary>WGS-72 (Vallado's default, used to generate element sets and tcppver.out).</summary>
    Wgs72,

    /// <summary>WGS-72 with the old xke value from Spacetrack Report #3.</summary>
    Wgs72Old,

    /// <summary>WGS-84 (not what element sets are fitted with; for comparisons only).</summary>
    Wgs84,
}

/// <summary>Vallado's operation modes.</summary>
public enum Sgp4OperationMode
{
    /// <summary>'i': improved mode (modern sidereal time; Vallado's recommended default).</summary>
    Improved,

    /// <summary>'a': AFSPC compatibility mode (old sidereal time, node kept positive in the Lyddane branch).</summary>
    Afspc,
}

/// <summary>Result of one SGP4 propagation: TEME position (km) and velocity (km/s) or an error code.</summary>
/// <remarks>
/// Coordinates are never NaN. For <see cref="Sgp4Error.Decayed"/> they hold the computed (sub-surface) state,
/// as the reference code computes it before flagging decay; for every other error they are zero.
/// </remarks>
[StructLayout(LayoutKind.Auto)]
public readonly struct Sgp4Result : IEquatable<Sgp4Result>
{
    /// <summary>Creates a result.</summary>
    public Sgp4Result(Sgp4Error error, double xKm, double yKm, double zKm, double vxKmPerS, double vyKmPerS, double vzKmPerS)
    {
        Error = error;
        XKm = xKm;
        YKm = yKm;
        ZKm = zKm;
        VxKmPerS = vxKmPerS;
        VyKmPerS = vyKmPerS;
        VzKmPerS = vzKmPerS;
    }

    /// <summary>Error code; <see cref="Sgp4Error.None"/> on success.</summary>
    public Sgp4Error Error { get; }

    /// <summary>TEME position x, km.</summary>
    public double XKm { get; }

    /// <summary>TEME position y, km.</summary>
    public double YKm { get; }

    /// <summary>TEME position z, km.</summary>
    public double ZKm { get; }

    /// <summary>TEME velocity x, km/s.</summary>
    public double VxKmPerS { get; }

    /// <summary>TEME velocity y, km/s.</summary>
    public double VyKmPerS { get; }

    /// <summary>TEME velocity z, km/s.</summary>
    public double VzKmPerS { get; }

    /// <summary>True when <see cref="Error"/> is <see cref="Sgp4Error.None"/>.</summary>
    public bool IsSuccess => Error == Sgp4Error.None;

    internal static Sgp4Result Failure(Sgp4Error error) => new(error, 0, 0, 0, 0, 0, 0);

    /// <inheritdoc />
    public bool Equals(Sgp4Result other) =>
        Error == other.Error && XKm.Equals(other.XKm) && YKm.Equals(other.YKm) && ZKm.Equals(other.ZKm)
        && VxKmPerS.Equals(other.VxKmPerS) && VyKmPerS.Equals(other.VyKmPerS) && VzKmPerS.Equals(other.VzKmPerS);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Sgp4Result other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Error, XKm, YKm, ZKm, VxKmPerS, VyKmPerS, VzKmPerS);

    /// <summary>Equality.</summary>
    public static bool operator ==(Sgp4Result left, Sgp4Result right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(Sgp4Result left, Sgp4Result right) => !left.Equals(right);

    /// <inheritdoc />
    public override string ToString() => Error == Sgp4Error.None
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"r=({XKm:F6}, {YKm:F6}, {ZKm:F6}) km v=({VxKmPerS:F9}, {VyKmPerS:F9}, {VzKmPerS:F9}) km/s")
        : $"SGP4 error {(int)Error} ({Error})";
}

/// <summary>The constants of one <see cref="Sgp4GravityModel"/>, as Vallado's getgravconst defines them.</summary>
internal readonly record struct GravityConstants(double Mu, double RadiusEarthKm, double Xke, double J2, double J3, double J4)
{
    public double J3OverJ2 => J3 / J2;

    public static GravityConstants For(Sgp4GravityModel model) => model switch
    {
        Sgp4GravityModel.Wgs72Old => new(398600.79964, 6378.135, 0.0743669161, 0.001082616, -0.00000253881, -0.00000165597),
        Sgp4GravityModel.Wgs72 => new(398600.8, 6378.135, XkeOf(398600.8, 6378.135), 0.001082616, -0.00000253881, -0.00000165597),
        Sgp4GravityModel.Wgs84 => new(398600.5, 6378.137, XkeOf(398600.5, 6378.137), 0.00108262998905, -0.00000253215306, -0.00000161098761),
        _ => throw new ArgumentOutOfRangeException(nameof(model), model, "Unknown gravity model."),
    };

    // xke: sqrt(mu / Re³) in Earth radii per minute (the reciprocal of the time unit in minutes).
    private static double XkeOf(double mu, double radiusKm) => 60.0 / Math.Sqrt(radiusKm * radiusKm * radiusKm / mu);
}

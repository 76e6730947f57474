using System.Globalization;
using UnitsNet;

namespace Station.Core.Acquisition;

/// <summary>
/// An offset from the track in the mount frame, microradians: cross-elevation (along increasing azimuth, scaled
/// by cos el so it is a true angle on the sky) and elevation, with the rate at which it is changing (velocity
/// feed-forward for the axis controllers, on top of the track rates).
/// </summary>
public readonly record struct MountOffset(double XelUrad, double ElUrad, double XelRateUradPerS, double ElRateUradPerS)
{
    private const double MaxElevationRad = 89.5 * Math.PI / 180;

    /// <summary>
    /// The axis increments that realise this offset at <paramref name="elevationRad"/>: Δaz = xel / cos el, Δel = el
    /// (radians; rates likewise). cos el is floored at 89.5° so the keyhole does not blow the azimuth up.
    /// </summary>
    public (double AzimuthRad, double ElevationRad, double AzimuthRateRadPerS, double ElevationRateRadPerS) ToAxes(double elevationRad)
    {
        double cos = Math.Cos(Math.Min(Math.Abs(elevationRad), MaxElevationRad));
        return (XelUrad * 1e-6 / cos, ElUrad * 1e-6, XelRateUradPerS * 1e-6 / cos, ElRateUradPerS * 1e-6);
    }
}

/// <summary>
/// The mount's actual offset from the track setpoint at a frame's mid-exposure, mount frame, µrad: encoder angles
/// minus the track's (az difference scaled by cos el). Lets the tracker place the beacon independently of the mount's
/// settling.
/// </summary>
public readonly record struct MountFeedback(double XelUrad, double ElUrad);

/// <summary>
/// Orientation of a sensor's axes against the mount frame: a fixed rotation, plus a rotation that follows the
/// elevation axis when the sensor sits off the tube (a Nasmyth or coudé camera sees the field turn with elevation;
/// a camera on the tube does not), and a mirror flip (image rows increase downwards, elevation upwards).
/// </summary>
public readonly record struct SensorOrientation(double RotationRad, double ElevationFactor, bool Mirrored)
{
    /// <summary>Sensor vector (x right, y per <see cref="Mirrored"/>) → mount frame (xel, el).</summary>
    public (double Xel, double El) ToMount(double x, double y, double elevationRad)
    {
        y = Mirrored ? -y : y;
        double angle = RotationRad + (ElevationFactor * elevationRad);
        double cos = Math.Cos(angle), sin = Math.Sin(angle);
        return ((cos * x) - (sin * y), (sin * x) + (cos * y));
    }

    /// <summary>Mount frame (xel, el) → sensor vector: the inverse of <see cref="ToMount"/>.</summary>
    public (double X, double Y) FromMount(double xel, double el, double elevationRad)
    {
        double angle = RotationRad + (ElevationFactor * elevationRad);
        double cos = Math.Cos(angle), sin = Math.Sin(angle);
        double x = (cos * xel) + (sin * el), y = (-sin * xel) + (cos * el);
        return (x, Mirrored ? -y : y);
    }
}

/// <summary>
/// The beacon camera's geometry from calibration: plate scale, the boresight pixel (where the beacon sits when the
/// line of sight is on it; the quad-cell centre maps here) and the orientation of the image against the mount frame.
/// </summary>
public sealed record CameraCalibration
{
    /// <summary>Angle on the sky per pixel.</summary>
    public Angle PlateScale { get; init; } = Angle.FromMicroradians(5);

    public double BoresightXPx { get; init; } = 319.5;

    public double BoresightYPx { get; init; } = 255.5;

    /// <summary>Angle from the mount's cross-elevation axis to the image's +x axis at elevation 0.</summary>
    public Angle Rotation { get; init; } = Angle.Zero;

    /// <summary>Image rotation per unit elevation: 0 for a camera on the tube, ±1 for a Nasmyth/coudé camera.</summary>
    public double ElevationRotationFactor { get; init; }

    /// <summary>True when image rows run opposite to elevation (the usual row-0-at-top readout).</summary>
    public bool Mirrored { get; init; } = true;

    public int SensorWidth { get; init; } = 640;

    public int SensorHeight { get; init; } = 512;

    /// <summary>Diameter of the circle inscribed in the field: the search footprint.</summary>
    public Angle InscribedFieldOfView => Angle.FromMicroradians(Math.Min(SensorWidth, SensorHeight) * PlateScale.Microradians);

    internal SensorOrientation Orientation => new(Rotation.Radians, ElevationRotationFactor, Mirrored);

    /// <summary>Pointing error in the mount frame (µrad) of a spot at sensor pixel (x, y): where the beacon is relative to the line of sight.</summary>
    public (double XelUrad, double ElUrad) PixelToMount(double xPx, double yPx, double elevationRad)
    {
        double scale = PlateScale.Microradians;
        return Orientation.ToMount((xPx - BoresightXPx) * scale, (yPx - BoresightYPx) * scale, elevationRad);
    }

    /// <summary>The pixel where a beacon at mount-frame error (xel, el) µrad appears.</summary>
    public (double XPx, double YPx) MountToPixel(double xelUrad, double elUrad, double elevationRad)
    {
        double scale = PlateScale.Microradians;
        var (x, y) = Orientation.FromMount(xelUrad, elUrad, elevationRad);
        return (BoresightXPx + (x / scale), BoresightYPx + (y / scale));
    }

    /// <summary>Throws with a precise message when a value is out of range.</summary>
    public void Validate()
    {
        string? error = this switch
        {
            _ when !(PlateScale.Microradians is > 0.001 and < 1e5) => $"plate scale {PlateScale.Microradians:G6} µrad/px must be within 0.001…1e5",
            _ when SensorWidth is < 1 or > 16384 || SensorHeight is < 1 or > 16384 => $"sensor {SensorWidth}×{SensorHeight} must be within 1…16384 per side",
            _ when !(BoresightXPx >= 0 && BoresightXPx <= SensorWidth - 1 && BoresightYPx >= 0 && BoresightYPx <= SensorHeight - 1) =>
                $"boresight ({BoresightXPx}, {BoresightYPx}) px must lie on the {SensorWidth}×{SensorHeight} sensor",
            _ when !double.IsFinite(Rotation.Radians) || !(ElevationRotationFactor is >= -1 and <= 1) => $"rotation {Rotation.Degrees:G6}° must be finite and the elevation factor {ElevationRotationFactor} within −1…1",
            _ => null,
        };
        if (error is not null)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Camera calibration: {error}."));
        }
    }
}

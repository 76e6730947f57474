using System.Globalization;
using UnitsNet;

namespace Station.Core.Acquisition;

/// <summary>
/// An elliptical region of the sky to search, in the mount frame (cross-elevation, elevation), microradians:
/// the centre (an offset from the track) and the semi-axes of the n-sigma ellipse, one along the direction
/// <see cref="OrientationRad"/> (from the cross-elevation axis towards elevation; the track direction for
/// element-set errors) and one across it.
/// </summary>
public readonly record struct SearchRegion(double CenterXelUrad, double CenterElUrad, double SemiAxisAlongUrad, double SemiAxisAcrossUrad, double OrientationRad)
{
    /// <summary>A disc of radius <paramref name="radiusUrad"/> around an offset.</summary>
    public static SearchRegion Circle(double centerXelUrad, double centerElUrad, double radiusUrad) => new(centerXelUrad, centerElUrad, radiusUrad, radiusUrad, 0);

    internal string? Validate()
    {
        if (!double.IsFinite(CenterXelUrad) || !double.IsFinite(CenterElUrad) || !double.IsFinite(OrientationRad))
        {
            return string.Create(CultureInfo.InvariantCulture, $"centre ({CenterXelUrad}, {CenterElUrad}) µrad and orientation {OrientationRad} rad must be finite");
        }

        if (!(SemiAxisAlongUrad > 0 && SemiAxisAcrossUrad > 0 && SemiAxisAlongUrad < 1e6 && SemiAxisAcrossUrad < 1e6))
        {
            return string.Create(CultureInfo.InvariantCulture, $"semi-axes {SemiAxisAlongUrad} × {SemiAxisAcrossUrad} µrad must be positive and below 1 rad");
        }

        return null;
    }
}

/// <summary>
/// How far open-loop pointing from an element set can be off, as a small documented model. Each term is a 1σ
/// value; the search covers <see cref="CoverageSigma"/> of their quadrature sum.
/// <list type="bullet">
/// <item>Along-track: a TLE's dominant error is the satellite's timing along its orbit, growing with element-set
/// age (mostly drag mis-modelling). At age d days it is δs = <see cref="AlongTrackAtEpoch"/> +
/// <see cref="AlongTrackGrowthPerDay"/>·d; as a time error δt = δs / v it moves the satellite along its apparent
/// path by δt·ω, ω being the line-of-sight angular rate, which already contains the projection at the range.
/// The clock error <see cref="TimingError"/> adds δt directly.</item>
/// <item>Cross-track and radial: δc = <see cref="CrossTrackAtEpoch"/> + <see cref="CrossTrackGrowthPerDay"/>·d,
/// projected at the slant range as δc / range (the worst case: all of it transverse to the line of sight).</item>
/// <item>Mount: <see cref="MountPointingRms"/>, isotropic (pointing-model residual, refraction error, flexure).</item>
/// </list>
/// Defaults are engineering placeholders (not sourced): a 1–3 day old LEO TLE is commonly a few km off along
/// track. Calibrate them from the station's own acquisition offsets.
/// </summary>
public sealed record ErrorBudget
{
    public Length AlongTrackAtEpoch { get; init; } = Length.FromKilometers(1);

    /// <summary>Along-track growth per day of element-set age.</summary>
    public Length AlongTrackGrowthPerDay { get; init; } = Length.FromKilometers(3);

    public Length CrossTrackAtEpoch { get; init; } = Length.FromKilometers(0.3);

    public Length CrossTrackGrowthPerDay { get; init; } = Length.FromKilometers(0.2);

    public Angle MountPointingRms { get; init; } = Angle.FromMicroradians(50);

    /// <summary>Station clock error (GNSS-disciplined: far below a millisecond; kept for degraded timing).</summary>
    public Duration TimingError { get; init; } = Duration.FromMilliseconds(1);

    /// <summary>Orbital speed used to turn along-track distance into time (7.6 km/s at 500 km).</summary>
    public Speed SatelliteSpeed { get; init; } = Speed.FromKilometersPerSecond(7.6);

    /// <summary>How many sigmas the search covers.</summary>
    public double CoverageSigma { get; init; } = 3;

    /// <summary>
    /// The region to search around the predicted track for an element set of <paramref name="elementSetAge"/>, at
    /// slant <paramref name="range"/>, while the line of sight moves at (<paramref name="xelRateRadPerS"/>,
    /// <paramref name="elRateRadPerS"/>) in the mount frame (cross-elevation rate = azimuth rate · cos el).
    /// </summary>
    public SearchRegion RegionFor(TimeSpan elementSetAge, Length range, double xelRateRadPerS, double elRateRadPerS)
    {
        double ageDays = elementSetAge.TotalDays;
        double rangeM = range.Meters;
        string? error = this switch
        {
            _ when !(ageDays >= 0 && ageDays < 365) => $"element-set age {ageDays} days must be within 0…365",
            _ when !(rangeM > 1e3 && rangeM < 1e9) => $"range {range.Kilometers:G6} km must be within 1 km…1e6 km",
            _ when !double.IsFinite(xelRateRadPerS) || !double.IsFinite(elRateRadPerS) => $"line-of-sight rates ({xelRateRadPerS}, {elRateRadPerS}) rad/s must be finite",
            _ when !(CoverageSigma is > 0 and <= 10) => $"coverage {CoverageSigma}σ must be within (0, 10]",
            _ when !(SatelliteSpeed.MetersPerSecond > 0) => $"satellite speed {SatelliteSpeed.KilometersPerSecond:G6} km/s must be positive",
            _ when AlongTrackAtEpoch.Meters < 0 || AlongTrackGrowthPerDay.Meters < 0 || CrossTrackAtEpoch.Meters < 0 || CrossTrackGrowthPerDay.Meters < 0
                || MountPointingRms.Radians < 0 || TimingError.Seconds < 0 => "error-budget terms must not be negative",
            _ => null,
        };
        if (error is not null)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Error budget: {error}."));
        }

        double rate = Math.Sqrt((xelRateRadPerS * xelRateRadPerS) + (elRateRadPerS * elRateRadPerS));
        double alongM = AlongTrackAtEpoch.Meters + (AlongTrackGrowthPerDay.Meters * ageDays);
        double timeError = Math.Sqrt(Math.Pow(alongM / SatelliteSpeed.MetersPerSecond, 2) + Math.Pow(TimingError.Seconds, 2));
        double alongUrad = timeError * rate * 1e6;
        double crossUrad = (CrossTrackAtEpoch.Meters + (CrossTrackGrowthPerDay.Meters * ageDays)) / rangeM * 1e6;
        double mountUrad = MountPointingRms.Microradians;
        double major = CoverageSigma * Math.Sqrt((alongUrad * alongUrad) + (mountUrad * mountUrad));
        double minor = CoverageSigma * Math.Sqrt((crossUrad * crossUrad) + (mountUrad * mountUrad));
        double orientation = rate > 0 ? Math.Atan2(elRateRadPerS, xelRateRadPerS) : 0;
        return new SearchRegion(0, 0, Math.Max(major, 1e-3), Math.Max(minor, 1e-3), orientation);
    }
}

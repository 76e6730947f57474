using System.Globalization;

namespace Station.Core.Pointing;

/// <summary>
/// Travel, rate and acceleration limits of the az-el mount and the sun-exclusion angle, in degrees (the
/// configuration's units). Azimuth is the mount's continuous, cable-wrapped axis angle (−270°…+270° by
/// default: north is both 0° and ±360°), not the 0–360° sky azimuth.
/// </summary>
public sealed record MountLimits
{
    public double AzimuthMinDeg { get; init; } = -270;

    public double AzimuthMaxDeg { get; init; } = 270;

    public double ElevationMinDeg { get; init; }

    public double ElevationMaxDeg { get; init; } = 90;

    public double AzimuthMaxRateDegPerS { get; init; } = 10;

    public double ElevationMaxRateDegPerS { get; init; } = 5;

    public double AzimuthMaxAccelerationDegPerS2 { get; init; } = 5;

    public double ElevationMaxAccelerationDegPerS2 { get; init; } = 5;

    /// <summary>No target and no slew path comes closer than this to the sun's centre.</summary>
    public double SunExclusionDeg { get; init; } = 30;

    /// <summary>Every problem with the limits themselves.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        void Require(bool ok, string text)
        {
            if (!ok)
            {
                problems.Add(text);
            }
        }

        Require(AzimuthMinDeg < AzimuthMaxDeg, F($"AzimuthMinDeg ({AzimuthMinDeg}) must be below AzimuthMaxDeg ({AzimuthMaxDeg})"));
        Require(AzimuthMaxDeg - AzimuthMinDeg >= 360, F($"the azimuth travel {AzimuthMinDeg}°…{AzimuthMaxDeg}° must cover at least 360° to reach every azimuth"));
        Require(ElevationMinDeg < ElevationMaxDeg, F($"ElevationMinDeg ({ElevationMinDeg}) must be below ElevationMaxDeg ({ElevationMaxDeg})"));
        Require(ElevationMinDeg >= -10 && ElevationMaxDeg <= 180, F($"the elevation travel {ElevationMinDeg}°…{ElevationMaxDeg}° must lie within −10°…180°"));
        Require(AzimuthMaxRateDegPerS > 0 && ElevationMaxRateDegPerS > 0, "rate limits must be positive");
        Require(AzimuthMaxAccelerationDegPerS2 > 0 && ElevationMaxAccelerationDegPerS2 > 0, "acceleration limits must be positive");
        Require(SunExclusionDeg is >= 0 and < 90, F($"SunExclusionDeg is {SunExclusionDeg}; expected 0 ≤ value < 90"));
        return problems;
    }

    /// <summary>Why a mount position is outside the travel, or null when it is inside.</summary>
    public string? CheckPosition(double azimuthDeg, double elevationDeg)
    {
        if (!double.IsFinite(azimuthDeg) || !double.IsFinite(elevationDeg))
        {
            return "the position is not a finite number";
        }

        if (azimuthDeg < AzimuthMinDeg || azimuthDeg > AzimuthMaxDeg)
        {
            return F($"azimuth {azimuthDeg:0.###}° is outside the travel {AzimuthMinDeg}°…{AzimuthMaxDeg}°");
        }

        if (elevationDeg < ElevationMinDeg || elevationDeg > ElevationMaxDeg)
        {
            return F($"elevation {elevationDeg:0.###}° is outside the travel {ElevationMinDeg}°…{ElevationMaxDeg}°");
        }

        return null;
    }

    /// <summary>Why a rate/acceleration pair breaks the limits, or null (a tolerance absorbs rounding).</summary>
    public string? CheckDynamics(double azRate, double elRate, double azAcc, double elAcc)
    {
        const double slack = 1 + 1e-6;
        if (Math.Abs(azRate) > AzimuthMaxRateDegPerS * slack)
        {
            return F($"azimuth rate {azRate:0.###}°/s exceeds {AzimuthMaxRateDegPerS}°/s");
        }

        if (Math.Abs(elRate) > ElevationMaxRateDegPerS * slack)
        {
            return F($"elevation rate {elRate:0.###}°/s exceeds {ElevationMaxRateDegPerS}°/s");
        }

        if (Math.Abs(azAcc) > AzimuthMaxAccelerationDegPerS2 * slack)
        {
            return F($"azimuth acceleration {azAcc:0.###}°/s² exceeds {AzimuthMaxAccelerationDegPerS2}°/s²");
        }

        if (Math.Abs(elAcc) > ElevationMaxAccelerationDegPerS2 * slack)
        {
            return F($"elevation acceleration {elAcc:0.###}°/s² exceeds {ElevationMaxAccelerationDegPerS2}°/s²");
        }

        return null;
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

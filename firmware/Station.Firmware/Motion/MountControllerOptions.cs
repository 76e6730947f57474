using System.Globalization;
using Station.Core.Pointing;

namespace Station.Firmware.Motion;

/// <summary>
/// Configuration of the <see cref="MountController"/> (section <c>Station:Mount</c>): park position, homing
/// (index angles, speeds, search distance, timeout), the abort deceleration and the planner's limits. Angles in
/// degrees, rates in degrees per second, as appsettings.json carries them.
/// </summary>
public sealed class MountControllerOptions
{
    public const string SectionName = "Station:Mount";

    /// <summary>Park azimuth (mount axis angle).</summary>
    public double ParkAzimuthDeg { get; set; }

    /// <summary>Park elevation: near the zenith, where the optics collect least dust and rain.</summary>
    public double ParkElevationDeg { get; set; } = 85;

    /// <summary>Azimuth axis angle at which the index switch (REFL) becomes active when approached from below.</summary>
    public double AzimuthIndexDeg { get; set; }

    /// <summary>Elevation axis angle at which the index switch (REFL) becomes active when approached from below.</summary>
    public double ElevationIndexDeg { get; set; } = 45;

    /// <summary>Speed of the search for the index.</summary>
    public double HomingSearchSpeedDegPerS { get; set; } = 4;

    /// <summary>Speed of the final approach onto the index edge (the latch is as sharp as this is slow).</summary>
    public double HomingCreepSpeedDegPerS { get; set; } = 0.05;

    /// <summary>How far below the index edge the final approach starts.</summary>
    public double HomingBackoffDeg { get; set; } = 0.5;

    /// <summary>Longest search for the index before homing faults naming the switch (at least the travel).</summary>
    public double HomingMaxSearchDeg { get; set; } = 560;

    /// <summary>Homing faults when it has not finished within this time.</summary>
    public double HomingTimeoutSeconds { get; set; } = 300;

    /// <summary>Deceleration of an abort: every axis stops within v²/(2·this) of where the abort found it.</summary>
    public double AbortDecelerationDegPerS2 { get; set; } = 4;

    /// <summary>Following error beyond which tracking faults (the beacon camera's half field).</summary>
    public double FollowingErrorLimitDeg { get; set; } = 0.1;

    /// <summary>How far from the trajectory's present setpoint the mount may be when a track starts.</summary>
    public double TrackStartToleranceDeg { get; set; } = 0.05;

    /// <summary>Control rate of the position loop while tracking.</summary>
    public double ControlRateHz { get; set; } = 100;

    /// <summary>How often the controller supervises slews, homing and stops.</summary>
    public double PollIntervalMs { get; set; } = 10;

    /// <summary>Travel and sun exclusion the controller plans against (slew rates come from the axes' ramps).</summary>
    public MountLimits Limits { get; set; } = new();

    /// <summary>Every problem with these options, each naming the option, its value and what was expected.</summary>
    public IReadOnlyList<string> Validate(AxisOptions azimuth, AxisOptions elevation)
    {
        ArgumentNullException.ThrowIfNull(azimuth);
        ArgumentNullException.ThrowIfNull(elevation);
        var problems = new List<string>();
        void Require(bool ok, string name, double value, string expected)
        {
            if (!ok)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"Mount.{name} is {value}; expected {expected}"));
            }
        }

        if (Limits is null)
        {
            problems.Add("Mount.Limits is missing");
            return problems;
        }

        problems.AddRange(Limits.Validate().Select(p => "Mount.Limits: " + p));
        Require(double.IsFinite(ParkAzimuthDeg) && ParkAzimuthDeg >= Limits.AzimuthMinDeg && ParkAzimuthDeg <= Limits.AzimuthMaxDeg, nameof(ParkAzimuthDeg), ParkAzimuthDeg, $"an azimuth within the travel {Limits.AzimuthMinDeg}…{Limits.AzimuthMaxDeg}");
        Require(double.IsFinite(ParkElevationDeg) && ParkElevationDeg >= Limits.ElevationMinDeg && ParkElevationDeg <= Limits.ElevationMaxDeg, nameof(ParkElevationDeg), ParkElevationDeg, $"an elevation within the travel {Limits.ElevationMinDeg}…{Limits.ElevationMaxDeg}");
        Require(double.IsFinite(AzimuthIndexDeg) && AzimuthIndexDeg > azimuth.MinAngleDeg && AzimuthIndexDeg < azimuth.MaxAngleDeg, nameof(AzimuthIndexDeg), AzimuthIndexDeg, $"inside the azimuth axis travel {azimuth.MinAngleDeg}…{azimuth.MaxAngleDeg}");
        Require(double.IsFinite(ElevationIndexDeg) && ElevationIndexDeg > elevation.MinAngleDeg && ElevationIndexDeg < elevation.MaxAngleDeg, nameof(ElevationIndexDeg), ElevationIndexDeg, $"inside the elevation axis travel {elevation.MinAngleDeg}…{elevation.MaxAngleDeg}");
        double slowestAxis = Math.Min(azimuth.MaxSpeedDegPerSec, elevation.MaxSpeedDegPerSec);
        Require(HomingSearchSpeedDegPerS > 0 && HomingSearchSpeedDegPerS <= slowestAxis, nameof(HomingSearchSpeedDegPerS), HomingSearchSpeedDegPerS, $"0 < value ≤ {slowestAxis} (the slower axis's MaxSpeedDegPerSec)");
        Require(HomingCreepSpeedDegPerS > 0 && HomingCreepSpeedDegPerS < HomingSearchSpeedDegPerS, nameof(HomingCreepSpeedDegPerS), HomingCreepSpeedDegPerS, $"0 < value < HomingSearchSpeedDegPerS ({HomingSearchSpeedDegPerS})");
        Require(HomingBackoffDeg is > 0 and <= 10, nameof(HomingBackoffDeg), HomingBackoffDeg, "0 < value ≤ 10");
        Require(HomingMaxSearchDeg is > 0 and <= 1080, nameof(HomingMaxSearchDeg), HomingMaxSearchDeg, "0 < value ≤ 1080");
        Require(HomingTimeoutSeconds is > 0 and <= 3600, nameof(HomingTimeoutSeconds), HomingTimeoutSeconds, "0 < value ≤ 3600");
        Require(AbortDecelerationDegPerS2 is > 0 and <= 100, nameof(AbortDecelerationDegPerS2), AbortDecelerationDegPerS2, "0 < value ≤ 100");
        Require(FollowingErrorLimitDeg is > 0 and <= 10, nameof(FollowingErrorLimitDeg), FollowingErrorLimitDeg, "0 < value ≤ 10");
        Require(TrackStartToleranceDeg is > 0 and <= 1, nameof(TrackStartToleranceDeg), TrackStartToleranceDeg, "0 < value ≤ 1");
        Require(ControlRateHz is > 0 and <= 1000, nameof(ControlRateHz), ControlRateHz, "0 < value ≤ 1000");
        Require(PollIntervalMs is > 0 and <= 1000, nameof(PollIntervalMs), PollIntervalMs, "0 < value ≤ 1000");
        if (Limits.Validate().Count == 0)
        {
            Require(Limits.AzimuthMinDeg >= azimuth.MinAngleDeg && Limits.AzimuthMaxDeg <= azimuth.MaxAngleDeg, "Limits.AzimuthMinDeg", Limits.AzimuthMinDeg, $"a travel {Limits.AzimuthMinDeg}…{Limits.AzimuthMaxDeg} within the azimuth axis travel {azimuth.MinAngleDeg}…{azimuth.MaxAngleDeg}");
            Require(Limits.ElevationMinDeg >= elevation.MinAngleDeg && Limits.ElevationMaxDeg <= elevation.MaxAngleDeg, "Limits.ElevationMinDeg", Limits.ElevationMinDeg, $"a travel {Limits.ElevationMinDeg}…{Limits.ElevationMaxDeg} within the elevation axis travel {elevation.MinAngleDeg}…{elevation.MaxAngleDeg}");
        }

        return problems;
    }
}

using Station.Core.Pointing;
using Station.Firmware.Motion;

namespace Station.Emulator.Truth;

/// <summary>The emulated mount's configuration as its operator sets it: axis limits and the planner's headroom.</summary>
public static class EmulatedMountConfiguration
{
    /// <summary>
    /// The mount's axis options: the hardware rate and acceleration limits of the drive trains (a fast azimuth,
    /// as satellite-tracking mounts have, so the keyhole near the zenith stays short).
    /// </summary>
    public static AxisOptions AzimuthAxis { get; } = new() { MaxSpeedDegPerSec = 10, AccelerationDegPerSec2 = 5 };

    public static AxisOptions ElevationAxis { get; } = new() { MinAngleDeg = -2, MaxAngleDeg = 92, MaxSpeedDegPerSec = 5, AccelerationDegPerSec2 = 3 };

    /// <summary>
    /// The planner's limits: the travel and 90 % of the axes' rate and acceleration, so the position loop keeps
    /// headroom above the feed-forward to correct errors even at the keyhole.
    /// </summary>
    public static MountLimits PlannerLimits { get; } = new()
    {
        AzimuthMinDeg = AzimuthAxis.MinAngleDeg,
        AzimuthMaxDeg = AzimuthAxis.MaxAngleDeg,
        ElevationMinDeg = 0,
        ElevationMaxDeg = 90,
        AzimuthMaxRateDegPerS = 0.9 * AzimuthAxis.MaxSpeedDegPerSec,
        ElevationMaxRateDegPerS = 0.9 * ElevationAxis.MaxSpeedDegPerSec,
        AzimuthMaxAccelerationDegPerS2 = 0.9 * AzimuthAxis.AccelerationDegPerSec2,
        ElevationMaxAccelerationDegPerS2 = 0.9 * ElevationAxis.AccelerationDegPerSec2,
    };
}

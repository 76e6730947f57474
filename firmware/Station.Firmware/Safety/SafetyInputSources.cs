using Station.Core.Orbits;
using Station.Core.Safety;
using Station.Firmware.Motion;

namespace Station.Firmware.Safety;

/// <summary>Where the safety loop gets the mount's position (continuous azimuth, elevation, degrees).</summary>
public interface IMountPositionSource
{
    /// <summary>The position now, stamped <paramref name="now"/>; Faulted when it cannot be read.</summary>
    Sensed<AzEl> ReadMountPosition(DateTimeOffset now);
}

/// <summary>Where the safety loop gets the sun's apparent azimuth/elevation at the station.</summary>
public interface ISunPositionSource
{
    /// <summary>The sun at <paramref name="now"/>; Faulted when it cannot be computed.</summary>
    Sensed<AzEl> SunAt(DateTimeOffset now);
}

/// <summary>Whether the beacon tracker is locked on the pass's target (the laser fires only while it is).</summary>
public interface ITrackerLockSource
{
    /// <summary>The lock state as last known, stamped when the tracker last reported it.</summary>
    Sensed<bool> TrackerLocked { get; }
}

/// <summary>
/// The mount position from two axis sensors (absolute encoders through <see cref="EncoderAxisSensor"/>, or the motion
/// controllers' step counts). A read that fails, or returns a non-finite angle, is Faulted: the supervisor then
/// forbids everything that depends on where the mount points.
/// </summary>
public sealed class AxisMountPositionSource(IAxisAngleSensor azimuth, IAxisAngleSensor elevation) : IMountPositionSource
{
    private readonly IAxisAngleSensor _azimuth = azimuth ?? throw new ArgumentNullException(nameof(azimuth));
    private readonly IAxisAngleSensor _elevation = elevation ?? throw new ArgumentNullException(nameof(elevation));

    public Sensed<AzEl> ReadMountPosition(DateTimeOffset now)
    {
        try
        {
            var position = new AzEl(_azimuth.ReadDegrees(), _elevation.ReadDegrees());
            return position.IsFinite ? Sensed.Ok(position, now) : Sensed.Faulted<AzEl>(now);
        }
        catch (IOException)
        {
            return Sensed.Faulted<AzEl>(now);
        }
    }
}

/// <summary>An axis angle from the motion controller's step count (XACTUAL through the gearing).</summary>
public sealed class StepCountAxisSensor(MountAxis axis) : IAxisAngleSensor
{
    private readonly MountAxis _axis = axis ?? throw new ArgumentNullException(nameof(axis));

    public double ReadDegrees() => _axis.ReadAngle().Degrees;
}

/// <summary>The sun from <see cref="Sun.Apparent"/> (VSOP87, ~1″) at a ground station, from the station clock.</summary>
public sealed class StationSunSource(GroundStation station) : ISunPositionSource
{
    private readonly GroundStation _station = station ?? throw new ArgumentNullException(nameof(station));

    public GroundStation Station => _station;

    public Sensed<AzEl> SunAt(DateTimeOffset now)
    {
        var sun = Sun.Apparent(now.UtcDateTime, _station);
        var position = new AzEl(sun.AzimuthDeg, sun.ElevationDeg);
        return position.IsFinite ? Sensed.Ok(position, now) : Sensed.Faulted<AzEl>(now);
    }
}

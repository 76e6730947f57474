using Station.Core.Acquisition;
using Station.Core.Safety;
using Station.Devices.Gnss;
using Station.Devices.Weather;

namespace Station.Firmware.Telemetry;

/// <summary>
/// One mount-loop sample. Angles are the mount's azimuth (0° north, 90° east) and elevation in degrees; the residual
/// is the tracker's pointing error on the sky in µrad, azimuth component already multiplied by cos(elevation) so both
/// components are true angles. NaN marks a value the loop did not have this tick (e.g. no residual while searching).
/// </summary>
public readonly record struct MountSample(
    DateTimeOffset Time,
    double CommandedAzimuthDeg,
    double CommandedElevationDeg,
    double ActualAzimuthDeg,
    double ActualElevationDeg,
    double ResidualCrossElevationUrad,
    double ResidualElevationUrad,
    TrackerState TrackerState);

/// <summary>
/// One count window of the gate/counter board. <see cref="Counts"/>, and bit <c>n</c> of <see cref="GateOnMask"/> and
/// <see cref="TrippedMask"/>, describe channel <c>n</c> for <c>n &lt; ChannelCount</c>; entries beyond it are ignored.
/// Stored inline (no heap) so the control loop can record a window without allocating.
/// </summary>
public readonly record struct DetectorSample(
    DateTimeOffset Time,
    double WindowSeconds,
    int ChannelCount,
    ChannelArray<uint> Counts,
    int GateOnMask,
    int TrippedMask)
{
    public bool GateOn(int channel) => (GateOnMask & (1 << channel)) != 0;

    public bool Tripped(int channel) => (TrippedMask & (1 << channel)) != 0;

    // Inline arrays have no built-in equality: compare the configured channels' counts ourselves.
    public bool Equals(DetectorSample other)
    {
        if (Time != other.Time || !WindowSeconds.Equals(other.WindowSeconds) || ChannelCount != other.ChannelCount
            || GateOnMask != other.GateOnMask || TrippedMask != other.TrippedMask)
        {
            return false;
        }

        var mine = Counts;
        var theirs = other.Counts;
        int channels = Math.Clamp(ChannelCount, 0, SafetyCapacity.MaxChannels);
        for (int ch = 0; ch < channels; ch++)
        {
            if (mine[ch] != theirs[ch])
            {
                return false;
            }
        }

        return true;
    }

    public override int GetHashCode() => HashCode.Combine(Time, WindowSeconds, ChannelCount, GateOnMask, TrippedMask);

    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        var counts = Counts;
        int channels = Math.Clamp(ChannelCount, 0, SafetyCapacity.MaxChannels);
        builder.Append(System.Globalization.CultureInfo.InvariantCulture, $"Time = {Time:O}, WindowSeconds = {WindowSeconds}, ChannelCount = {ChannelCount}, ");
        builder.Append("Counts = [").AppendJoin(", ", ((ReadOnlySpan<uint>)counts)[..channels].ToArray()).Append("], ");
        builder.Append(System.Globalization.CultureInfo.InvariantCulture, $"GateOnMask = {GateOnMask}, TrippedMask = {TrippedMask}");
        return true;
    }
}

/// <summary>
/// Optical path state. Filter slots are wheel slot indices (−1 while the wheel moves or its position is unknown);
/// mirror tip and tilt are the fine steering mirror's commanded deflection in µrad.
/// </summary>
public readonly record struct OpticsSample(
    DateTimeOffset Time,
    int SpectralFilterSlot,
    int NeutralDensityFilterSlot,
    bool LaserEnabled,
    bool LaserShutterOpen,
    double MirrorTipUrad,
    double MirrorTiltUrad);

/// <summary>Weather station reading: pressure in hPa, temperature in °C, relative humidity in percent (NaN when not Ok).</summary>
public readonly record struct WeatherSample(
    DateTimeOffset Time,
    WeatherStatus Status,
    double PressureHpa,
    double TemperatureC,
    double HumidityPercent);

/// <summary>
/// Clock and position health: the GNSS fix, satellites used, and the station clock minus GNSS time at the last 1PPS
/// edge in µs (NaN while the pulses are lost).
/// </summary>
public readonly record struct ClockSample(
    DateTimeOffset Time,
    GnssHealth Health,
    GnssFixQuality FixQuality,
    int Satellites,
    double ClockOffsetUs);

/// <summary>
/// Something that happened: a sequencer transition, a tracker state change, a fault, an operator command. Rare, so the
/// strings are fine; <paramref name="Source"/> names the component (e.g. <c>sequencer</c>), <paramref name="Kind"/>
/// a short machine-readable tag (e.g. <c>state_changed</c>).
/// </summary>
public readonly record struct EventRecord(DateTimeOffset Time, string Source, string Kind, string Message);

/// <summary>
/// One entry of the safety audit trail: a permission granted, revoked, or (still forbidden) its reasons changed, and the
/// supervisor inputs whose change caused it. <paramref name="Channel"/> is the detector channel for gate permissions, −1
/// otherwise.
/// </summary>
public readonly record struct AuditRecord(
    DateTimeOffset Time,
    PermissionKind Permission,
    int Channel,
    bool WasPermitted,
    bool Permitted,
    SafetyReason Reasons,
    SafetyReason Added,
    SafetyReason Removed,
    SafetyInputs CausedBy)
{
    /// <summary>The audit record of one permission change reported by the <see cref="PermissionAuditor"/>.</summary>
    public static AuditRecord From(in PermissionChange change) =>
        new(change.At, change.Kind, change.Channel, change.WasPermitted, change.Permitted, change.Reasons, change.Added, change.Removed, change.CausedBy);
}

using UnitsNet;

namespace Station.Firmware.Interfaces.Rotctld;

/// <summary>
/// What a rotctld client may do with the station: the mount seen as a hamlib az-el rotator. Angles are sky directions
/// (azimuth 0–360° from north through east, elevation above the horizon); the implementation maps them onto the mount's
/// axes and cable wrap. Commands complete quickly (they start a motion, they do not wait for it).
/// </summary>
public interface IRotator
{
    /// <summary>The azimuth and elevation a client may ask for (what <c>\dump_state</c> advertises).</summary>
    RotatorRange Range { get; }

    /// <summary>One line describing the rotator and its state (<c>_</c>, <c>\get_info</c>).</summary>
    string Describe();

    /// <summary>Where the mount points now; never blocks on the hardware.</summary>
    RotatorPositionReply GetPosition();

    /// <summary>Slews to a sky direction, or refuses (nothing moves) with the reason.</summary>
    ValueTask<RotatorReply> SetPositionAsync(Angle azimuth, Angle elevation, CancellationToken cancellationToken);

    /// <summary>Stops any motion.</summary>
    ValueTask<RotatorReply> StopAsync(CancellationToken cancellationToken);

    /// <summary>Slews to the park position, or refuses with the reason.</summary>
    ValueTask<RotatorReply> ParkAsync(CancellationToken cancellationToken);
}

/// <summary>A sky direction.</summary>
public readonly record struct RotatorPosition(Angle Azimuth, Angle Elevation);

/// <summary>The advertised limits of a rotator.</summary>
public readonly record struct RotatorRange(Angle MinAzimuth, Angle MaxAzimuth, Angle MinElevation, Angle MaxElevation)
{
    public bool Contains(Angle azimuth, Angle elevation) =>
        azimuth >= MinAzimuth && azimuth <= MaxAzimuth && elevation >= MinElevation && elevation <= MaxElevation;
}

/// <summary>The outcome of a rotator command: success, or a hamlib error with the reason (for the log).</summary>
public readonly record struct RotatorReply(HamlibError Error, string? Reason)
{
    public static RotatorReply Ok { get; } = new(HamlibError.Ok, null);

    public static RotatorReply Refused(string reason) => new(HamlibError.Rejected, reason);
}

/// <summary>A position, or a hamlib error with the reason.</summary>
public readonly record struct RotatorPositionReply(RotatorPosition Position, HamlibError Error, string? Reason)
{
    public static RotatorPositionReply Of(RotatorPosition position) => new(position, HamlibError.Ok, null);

    public static RotatorPositionReply Failed(HamlibError error, string reason) => new(default, error, reason);
}

/// <summary>
/// The hamlib error codes rotctld answers with (<c>rig_errcode_e</c>; the wire carries the negated value, <c>RPRT -9</c>).
/// </summary>
public enum HamlibError
{
    /// <summary>RIG_OK.</summary>
    Ok = 0,

    /// <summary>RIG_EINVAL: a malformed or missing number, or a position outside the advertised range.</summary>
    InvalidParameter = 1,

    /// <summary>RIG_EIO: the position could not be read.</summary>
    IoError = 6,

    /// <summary>RIG_EPROTO: not a rotctld command, or a line longer than the limit.</summary>
    Protocol = 8,

    /// <summary>RIG_ERJCTED: the station refused the command (travel, sun exclusion, e-stop, mount state, pass in progress).</summary>
    Rejected = 9,

    /// <summary>RIG_ENAVAIL: a rotctld command this station does not offer (move, reset, configuration).</summary>
    NotAvailable = 11,
}

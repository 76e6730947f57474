namespace Station.Core.Safety;

/// <summary>The things the supervisor permits or forbids.</summary>
public enum PermissionKind
{
    /// <summary>A detector channel's gate (per channel).</summary>
    DetectorGate,

    /// <summary>The uplink beacon laser (enable and shutter).</summary>
    UplinkLaser,

    /// <summary>Any mount motion at all (e-stop stops all).</summary>
    MountMotion,

    /// <summary>Sending this tick's commanded target to the mount.</summary>
    MountTarget,
}

/// <summary>
/// What the supervisor permits at one tick, each permission with its set of reasons; a permission is granted exactly
/// when its reason set is empty. A plain value (no heap): the default value is "not evaluated" and forbids
/// everything, so an uninitialised or lost result can never open a gate or fire the laser.
/// </summary>
public readonly struct Permissions
{
    private readonly ChannelArray<SafetyReason> _gate;
    private readonly SafetyReason _laser;
    private readonly SafetyReason _mountMotion;
    private readonly SafetyReason _mountTarget;

    internal Permissions(DateTimeOffset evaluatedAt, int channelCount, in ChannelArray<SafetyReason> gate, SafetyReason laser, SafetyReason mountMotion, SafetyReason mountTarget)
    {
        EvaluatedAt = evaluatedAt;
        ChannelCount = channelCount;
        _gate = gate;
        _laser = laser;
        _mountMotion = mountMotion;
        _mountTarget = mountTarget;
        IsEvaluated = true;
    }

    /// <summary>False for the default value: then every permission is forbidden with <see cref="SafetyReason.NotEvaluated"/>.</summary>
    public bool IsEvaluated { get; }

    public DateTimeOffset EvaluatedAt { get; }

    /// <summary>Configured detector channels (0 when not evaluated).</summary>
    public int ChannelCount { get; }

    public bool LaserOn => LaserReasons == SafetyReason.None;

    public bool MountMotionPermitted => MountMotionReasons == SafetyReason.None;

    public bool MountTargetPermitted => MountTargetReasons == SafetyReason.None;

    public SafetyReason LaserReasons => IsEvaluated ? _laser : SafetyReason.NotEvaluated;

    public SafetyReason MountMotionReasons => IsEvaluated ? _mountMotion : SafetyReason.NotEvaluated;

    public SafetyReason MountTargetReasons => IsEvaluated ? _mountTarget : SafetyReason.NotEvaluated;

    public bool GateOn(int channel) => GateReasons(channel) == SafetyReason.None;

    /// <summary>Reasons channel <paramref name="channel"/> is gated off; any index outside the configured channels is forbidden.</summary>
    public SafetyReason GateReasons(int channel)
    {
        if (!IsEvaluated)
        {
            return SafetyReason.NotEvaluated;
        }

        return (uint)channel < (uint)ChannelCount ? _gate[channel] : SafetyReason.ChannelNotConfigured;
    }

    /// <summary>Reasons for any permission (<paramref name="channel"/> only matters for <see cref="PermissionKind.DetectorGate"/>).</summary>
    public SafetyReason Reasons(PermissionKind kind, int channel = 0) => kind switch
    {
        PermissionKind.DetectorGate => GateReasons(channel),
        PermissionKind.UplinkLaser => LaserReasons,
        PermissionKind.MountMotion => MountMotionReasons,
        PermissionKind.MountTarget => MountTargetReasons,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown permission kind"),
    };

    /// <summary>Whether a permission is granted.</summary>
    public bool IsPermitted(PermissionKind kind, int channel = 0) => Reasons(kind, channel) == SafetyReason.None;

    /// <summary>A refusal text: "forbidden: reason; reason" or "permitted" (allocates: for operators and logs).</summary>
    public string Explain(PermissionKind kind, int channel = 0)
    {
        SafetyReason r = Reasons(kind, channel);
        return r == SafetyReason.None ? "permitted" : "forbidden: " + SafetyReasons.Describe(r);
    }
}

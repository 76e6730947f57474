using System.Globalization;

namespace Station.Core.Safety;

/// <summary>
/// One change of a permission between two consecutive evaluations: granted, revoked, or (while forbidden) its
/// reasons changed. <see cref="Added"/> and <see cref="Removed"/> say what changed; <see cref="CausedBy"/> which inputs.
/// </summary>
/// <param name="At">Evaluation time of the tick that made the change.</param>
/// <param name="Kind">Which permission.</param>
/// <param name="Channel">Detector channel for <see cref="PermissionKind.DetectorGate"/>; −1 otherwise.</param>
/// <param name="Permitted">The permission after the change.</param>
/// <param name="WasPermitted">The permission before the change.</param>
/// <param name="Reasons">The full reason set after the change.</param>
/// <param name="Added">Reasons that appeared (what revoked it, or made a refusal stricter).</param>
/// <param name="Removed">Reasons that cleared (what granted it, or relaxed a refusal).</param>
public readonly record struct PermissionChange(
    DateTimeOffset At, PermissionKind Kind, int Channel, bool Permitted, bool WasPermitted, SafetyReason Reasons, SafetyReason Added, SafetyReason Removed)
{
    /// <summary>Whether the permission itself flipped (not only its reasons).</summary>
    public bool PermissionFlipped => Permitted != WasPermitted;

    /// <summary>The inputs whose change made this change.</summary>
    public SafetyInputs CausedBy => SafetyReasons.InputsOf(Added | Removed);

    /// <summary>One log line (allocates: call it when writing the log, not in the loop).</summary>
    public string Describe()
    {
        string what = Kind == PermissionKind.DetectorGate ? string.Create(CultureInfo.InvariantCulture, $"detector gate {Channel}") : Kind.ToString();
        string verb = !PermissionFlipped ? "still forbidden" : Permitted ? "granted" : "revoked";
        string added = Added == SafetyReason.None ? string.Empty : " +[" + SafetyReasons.Describe(Added) + "]";
        string removed = Removed == SafetyReason.None ? string.Empty : " −[" + SafetyReasons.Describe(Removed) + "]";
        return string.Create(CultureInfo.InvariantCulture, $"{At:O} {what} {verb}{added}{removed} (inputs: {CausedBy})");
    }
}

/// <summary>Receives audit records (the firmware writes them to telemetry and the log).</summary>
public interface IPermissionChangeSink
{
    void Record(in PermissionChange change);
}

/// <summary>
/// Compares each evaluation with the previous one and reports every permission whose reason set changed. The first
/// comparison is against "not evaluated" (everything forbidden), so the first grants are recorded too. Holds one
/// <see cref="Permissions"/> value: a tick with no change does no allocation and calls the sink not at all.
/// </summary>
public sealed class PermissionAuditor
{
    private Permissions _previous;

    /// <summary>The last evaluation observed (default, "not evaluated", before the first).</summary>
    public Permissions Previous => _previous;

    /// <summary>Records every change from the previous evaluation to <paramref name="next"/>; returns how many.</summary>
    public int Observe(in Permissions next, IPermissionChangeSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        int changes = 0;
        int channels = Math.Max(_previous.ChannelCount, next.ChannelCount);
        for (int ch = 0; ch < channels; ch++)
        {
            changes += Compare(next, PermissionKind.DetectorGate, ch, sink);
        }

        changes += Compare(next, PermissionKind.UplinkLaser, -1, sink);
        changes += Compare(next, PermissionKind.MountMotion, -1, sink);
        changes += Compare(next, PermissionKind.MountTarget, -1, sink);
        _previous = next;
        return changes;
    }

    private int Compare(in Permissions next, PermissionKind kind, int channel, IPermissionChangeSink sink)
    {
        SafetyReason before = _previous.Reasons(kind, channel);
        SafetyReason after = next.Reasons(kind, channel);
        if (before == after)
        {
            return 0;
        }

        sink.Record(new PermissionChange(next.EvaluatedAt, kind, channel, after == SafetyReason.None, before == SafetyReason.None, after, after & ~before, before & ~after));
        return 1;
    }
}

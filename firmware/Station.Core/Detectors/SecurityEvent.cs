using System.Globalization;

namespace Station.Core.Detectors;

/// <summary>Detector events kept for the security audit of a QKD link.</summary>
public enum SecurityEventKind
{
    /// <summary>Counts exceeded the software trip threshold; the trip latched.</summary>
    SoftwareTrip,

    /// <summary>The board reported its own (hardware) bright-light trip in the window; the software trip latched too.</summary>
    HardwareTrip,

    /// <summary>Counts near the dead-time ceiling: blinding or a dead-time attack, or a flood of light.</summary>
    Saturation,

    /// <summary>Counts far below the dark + background floor while gated on: a blinded or disconnected detector.</summary>
    CountCollapse,

    /// <summary>A count window that cannot be true (negative, beyond the dead-time ceiling, out of order, bad model input).</summary>
    InvalidCountData,

    /// <summary>An operator reset released a latched trip.</summary>
    TripReset,
}

/// <summary>One security event of a detector channel.</summary>
/// <param name="At">End of the window that showed it (or the reset time).</param>
/// <param name="Channel">Detector channel.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Counts">Counts observed (summed over the test's windows for a collapse).</param>
/// <param name="Expected">Expected counts (collapse), or the dead-time ceiling per window (saturation); 0 otherwise.</param>
/// <param name="Threshold">The threshold crossed, in counts (trip, saturation, collapse floor); 0 otherwise.</param>
/// <param name="Probability">Poisson probability of seeing so few counts (collapse); NaN otherwise.</param>
public readonly record struct SecurityEvent(DateTimeOffset At, int Channel, SecurityEventKind Kind, long Counts, double Expected, double Threshold, double Probability)
{
    /// <summary>One log line (allocates).</summary>
    public string Describe() => Kind switch
    {
        SecurityEventKind.SoftwareTrip => F($"{At:O} channel {Channel}: software trip, {Counts} counts > {Threshold:0} per window"),
        SecurityEventKind.HardwareTrip => F($"{At:O} channel {Channel}: board bright-light trip ({Counts} counts in the window)"),
        SecurityEventKind.Saturation => F($"{At:O} channel {Channel}: saturating, {Counts} counts ≥ {Threshold:0} (dead-time ceiling {Expected:0})"),
        SecurityEventKind.CountCollapse => F($"{At:O} channel {Channel}: count collapse, {Counts} counts where {Expected:0.#} were expected (P = {Probability:0.##e0})"),
        SecurityEventKind.InvalidCountData => F($"{At:O} channel {Channel}: invalid count data ({Counts} counts); channel marked faulted"),
        SecurityEventKind.TripReset => F($"{At:O} channel {Channel}: trip reset by the operator"),
        _ => F($"{At:O} channel {Channel}: {Kind}"),
    };

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Receives security events (the firmware writes them to the audit log and telemetry).</summary>
public interface ISecurityEventSink
{
    void Record(in SecurityEvent securityEvent);
}

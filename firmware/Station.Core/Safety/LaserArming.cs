namespace Station.Core.Safety;

/// <summary>
/// The operator's arming of the uplink laser, fed to <see cref="SensedState.LaserArmed"/>. Arming is refused while a
/// hazard reason holds (aircraft, key, e-stop, watchdog, clock, or their inputs invalid); a hazard appearing while
/// armed disarms, so once an aircraft alarm has turned the laser off only the operator can turn it back on. Lock
/// loss, the elevation mask and no-fire zones do not disarm: they are the geometry of an ordinary pass, and the
/// supervisor keeps the laser off while they hold.
/// </summary>
public sealed class LaserArming
{
    public bool IsArmed { get; private set; }

    /// <summary>The hazards that caused the last automatic disarm (None if the operator disarmed or it never happened).</summary>
    public SafetyReason DisarmedBy { get; private set; }

    /// <summary>
    /// Arms unless a hazard holds in <paramref name="current"/> (the latest evaluation); returns the hazards that
    /// refused it (None = armed). A refusal changes nothing.
    /// </summary>
    public SafetyReason Arm(in Permissions current)
    {
        SafetyReason hazards = current.LaserReasons & (SafetyReasons.LaserHazards | SafetyReason.NotEvaluated);
        if (hazards != SafetyReason.None)
        {
            return hazards;
        }

        IsArmed = true;
        DisarmedBy = SafetyReason.None;
        return SafetyReason.None;
    }

    public void Disarm()
    {
        IsArmed = false;
        DisarmedBy = SafetyReason.None;
    }

    /// <summary>Call after every evaluation: disarms if a hazard appeared; returns true when it disarmed now.</summary>
    public bool Update(in Permissions current)
    {
        SafetyReason hazards = current.LaserReasons & SafetyReasons.LaserHazards;
        if (!IsArmed || hazards == SafetyReason.None)
        {
            return false;
        }

        IsArmed = false;
        DisarmedBy = hazards;
        return true;
    }
}

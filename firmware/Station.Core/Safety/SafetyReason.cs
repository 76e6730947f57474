using System.Numerics;

namespace Station.Core.Safety;

/// <summary>
/// Why a permission is withheld. A permission is granted exactly when its reason set is empty, so a grant can never
/// disagree with its explanation. "…InputInvalid" means the input was stale, unknown, faulted, from the future or
/// not a finite number (the forbidding answer): the supervisor refuses rather than trust it.
/// </summary>
[Flags]
#pragma warning disable CA1028 // 64 bits leave room for reasons without reordering the ones that exist.
public enum SafetyReason : ulong
#pragma warning restore CA1028
{
    None = 0,
    NotEvaluated = 1UL << 0,
    ClockUnset = 1UL << 1,
    ChannelNotConfigured = 1UL << 2,
    SunInExclusionCone = 1UL << 3,
    SunAboveNightLimit = 1UL << 4,
    DaylightFilterNotInBeam = 1UL << 5,
    FilterWheelMoving = 1UL << 6,
    FilterWheelInputInvalid = 1UL << 7,
    TripLatched = 1UL << 8,
    TripInputInvalid = 1UL << 9,
    BrightLight = 1UL << 10,
    BrightLightInputInvalid = 1UL << 11,
    WatchdogNotAlive = 1UL << 12,
    WatchdogInputInvalid = 1UL << 13,
    EStop = 1UL << 14,
    EStopInputInvalid = 1UL << 15,
    SunPositionInvalid = 1UL << 16,
    MountPositionInvalid = 1UL << 17,
    NotArmed = 1UL << 18,
    HardwareKeyOff = 1UL << 19,
    HardwareKeyInputInvalid = 1UL << 20,
    AircraftAlarm = 1UL << 21,
    AircraftInputInvalid = 1UL << 22,
    BelowLaserElevationMask = 1UL << 23,
    InNoFireZone = 1UL << 24,
    TrackerNotLocked = 1UL << 25,
    TrackerInputInvalid = 1UL << 26,
    NoTarget = 1UL << 27,
    TargetInputInvalid = 1UL << 28,
    TargetBeyondLimits = 1UL << 29,
    TargetInSunCone = 1UL << 30,
}

/// <summary>The inputs of the supervisor, so an audit record can say which input caused a change.</summary>
[Flags]
public enum SafetyInputs
{
    None = 0,
    Clock = 1 << 0,
    Configuration = 1 << 1,
    MountPosition = 1 << 2,
    Sun = 1 << 3,
    FilterWheelMotion = 1 << 4,
    FilterWheelSlot = 1 << 5,
    TripState = 1 << 6,
    BrightLight = 1 << 7,
    Watchdog = 1 << 8,
    EStop = 1 << 9,
    HardwareKey = 1 << 10,
    AircraftDetector = 1 << 11,
    Tracker = 1 << 12,
    OperatorArming = 1 << 13,
    OperatorDaylightMode = 1 << 14,
    CommandedTarget = 1 << 15,
}

/// <summary>Text and input attribution of <see cref="SafetyReason"/> values.</summary>
public static class SafetyReasons
{
    /// <summary>Reasons that mean a hazard to aircraft, people or hardware: they disarm the laser (see <see cref="LaserArming"/>).</summary>
    public const SafetyReason LaserHazards =
        SafetyReason.ClockUnset | SafetyReason.AircraftAlarm | SafetyReason.AircraftInputInvalid
        | SafetyReason.HardwareKeyOff | SafetyReason.HardwareKeyInputInvalid | SafetyReason.EStop
        | SafetyReason.EStopInputInvalid | SafetyReason.WatchdogNotAlive | SafetyReason.WatchdogInputInvalid;

    /// <summary>One sentence per reason (a single flag; combinations get <see cref="Describe(SafetyReason)"/>).</summary>
    public static string Text(SafetyReason reason) => reason switch
    {
        SafetyReason.None => "permitted",
        SafetyReason.NotEvaluated => "the supervisor has not evaluated this permission yet",
        SafetyReason.ClockUnset => "the evaluation time is unset, so no input age can be judged",
        SafetyReason.ChannelNotConfigured => "the detector channel is not configured",
        SafetyReason.SunInExclusionCone => "the optical axis is inside the sun-exclusion cone",
        SafetyReason.SunAboveNightLimit => "the sun is above the night elevation limit and daylight mode is off",
        SafetyReason.DaylightFilterNotInBeam => "daylight mode is on but no approved daylight filter is in the beam",
        SafetyReason.FilterWheelMoving => "a filter wheel is moving or has not settled",
        SafetyReason.FilterWheelInputInvalid => "a filter-wheel input is stale, unknown or faulted",
        SafetyReason.TripLatched => "the count monitor's trip is latched on this channel",
        SafetyReason.TripInputInvalid => "the count monitor's trip state is stale, unknown or faulted",
        SafetyReason.BrightLight => "the board's bright-light check fails on this channel",
        SafetyReason.BrightLightInputInvalid => "the bright-light check is stale, unknown or faulted",
        SafetyReason.WatchdogNotAlive => "the hardware watchdog is not alive",
        SafetyReason.WatchdogInputInvalid => "the watchdog input is stale, unknown or faulted",
        SafetyReason.EStop => "the e-stop is pressed",
        SafetyReason.EStopInputInvalid => "the e-stop input is stale, unknown or faulted",
        SafetyReason.SunPositionInvalid => "the sun position is stale, unknown or faulted",
        SafetyReason.MountPositionInvalid => "the mount position is stale, unknown, faulted or not finite",
        SafetyReason.NotArmed => "the operator has not armed the laser",
        SafetyReason.HardwareKeyOff => "the laser's hardware key is off",
        SafetyReason.HardwareKeyInputInvalid => "the hardware-key input is stale, unknown or faulted",
        SafetyReason.AircraftAlarm => "the aircraft detector reports an aircraft",
        SafetyReason.AircraftInputInvalid => "the aircraft-detector input is stale, unknown or faulted",
        SafetyReason.BelowLaserElevationMask => "the elevation is below the laser mask",
        SafetyReason.InNoFireZone => "the beam points into a configured no-fire zone",
        SafetyReason.TrackerNotLocked => "the tracker is not locked on the target",
        SafetyReason.TrackerInputInvalid => "the tracker input is stale, unknown or faulted",
        SafetyReason.NoTarget => "no mount target is commanded",
        SafetyReason.TargetInputInvalid => "the commanded target is stale, faulted or not finite",
        SafetyReason.TargetBeyondLimits => "the commanded target is beyond the mount's travel limits",
        SafetyReason.TargetInSunCone => "the commanded target is inside the sun-exclusion cone",
        _ => "several reasons (use Describe)",
    };

    /// <summary>Every reason in <paramref name="reasons"/> as text, "; "-separated (allocates: for logs and refusals).</summary>
    public static string Describe(SafetyReason reasons)
    {
        if (reasons == SafetyReason.None)
        {
            return Text(SafetyReason.None);
        }

        var parts = new List<string>();
        foreach (SafetyReason r in Each(reasons))
        {
            parts.Add(Text(r));
        }

        return string.Join("; ", parts);
    }

    /// <summary>The single flags in <paramref name="reasons"/>, lowest first, without allocating.</summary>
    public static ReasonEnumerator Each(SafetyReason reasons) => new(reasons);

    /// <summary>The inputs whose state produces any of <paramref name="reasons"/>.</summary>
    public static SafetyInputs InputsOf(SafetyReason reasons)
    {
        SafetyInputs inputs = SafetyInputs.None;
        foreach (SafetyReason r in Each(reasons))
        {
            inputs |= InputOf(r);
        }

        return inputs;
    }

    private static SafetyInputs InputOf(SafetyReason reason) => reason switch
    {
        SafetyReason.ClockUnset => SafetyInputs.Clock,
        SafetyReason.ChannelNotConfigured or SafetyReason.NotEvaluated => SafetyInputs.Configuration,
        SafetyReason.SunInExclusionCone => SafetyInputs.MountPosition | SafetyInputs.Sun,
        SafetyReason.SunAboveNightLimit => SafetyInputs.Sun | SafetyInputs.OperatorDaylightMode,
        SafetyReason.DaylightFilterNotInBeam => SafetyInputs.FilterWheelSlot | SafetyInputs.OperatorDaylightMode,
        SafetyReason.FilterWheelMoving => SafetyInputs.FilterWheelMotion,
        SafetyReason.FilterWheelInputInvalid => SafetyInputs.FilterWheelMotion | SafetyInputs.FilterWheelSlot,
        SafetyReason.TripLatched or SafetyReason.TripInputInvalid => SafetyInputs.TripState,
        SafetyReason.BrightLight or SafetyReason.BrightLightInputInvalid => SafetyInputs.BrightLight,
        SafetyReason.WatchdogNotAlive or SafetyReason.WatchdogInputInvalid => SafetyInputs.Watchdog,
        SafetyReason.EStop or SafetyReason.EStopInputInvalid => SafetyInputs.EStop,
        SafetyReason.SunPositionInvalid => SafetyInputs.Sun,
        SafetyReason.MountPositionInvalid or SafetyReason.BelowLaserElevationMask or SafetyReason.InNoFireZone => SafetyInputs.MountPosition,
        SafetyReason.NotArmed => SafetyInputs.OperatorArming,
        SafetyReason.HardwareKeyOff or SafetyReason.HardwareKeyInputInvalid => SafetyInputs.HardwareKey,
        SafetyReason.AircraftAlarm or SafetyReason.AircraftInputInvalid => SafetyInputs.AircraftDetector,
        SafetyReason.TrackerNotLocked or SafetyReason.TrackerInputInvalid => SafetyInputs.Tracker,
        SafetyReason.NoTarget or SafetyReason.TargetInputInvalid or SafetyReason.TargetBeyondLimits => SafetyInputs.CommandedTarget,
        SafetyReason.TargetInSunCone => SafetyInputs.CommandedTarget | SafetyInputs.Sun,
        _ => SafetyInputs.None,
    };

    /// <summary>Enumerates the set bits of a reason set (a struct: <c>foreach</c> over it allocates nothing).</summary>
    public struct ReasonEnumerator
    {
        private ulong _remaining;

        internal ReasonEnumerator(SafetyReason reasons)
        {
            _remaining = (ulong)reasons;
            Current = SafetyReason.None;
        }

        public SafetyReason Current { get; private set; }

        public readonly ReasonEnumerator GetEnumerator() => this;

        public bool MoveNext()
        {
            if (_remaining == 0)
            {
                return false;
            }

            ulong lowest = 1UL << BitOperations.TrailingZeroCount(_remaining);
            _remaining &= ~lowest;
            Current = (SafetyReason)lowest;
            return true;
        }
    }
}

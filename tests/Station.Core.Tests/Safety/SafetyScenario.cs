using FsCheck;
using FsCheck.Fluent;

namespace Station.Core.Tests.Safety;

/// <summary>What a segment of a random safety scenario does at its first tick.</summary>
internal enum ScenarioEvent
{
    Idle,
    EStop,
    Watchdog,
    HardwareKey,
    Aircraft,
    Tracker,
    InputFault,
    HealAll,
    SlewMount,
    MountNearZoneEdge,
    SetSun,
    SunNearMount,
    SetTarget,
    ClearTarget,
    Arm,
    Disarm,
    Daylight,
    MoveWheel,
    Light,
    ResetTrip,
    CountsSilent,
    TimeJump,
    ClockUnset,
}

/// <summary>How a faulted input misbehaves.</summary>
internal enum InputMode
{
    Fresh,
    Frozen,
    Unknown,
    Faulted,
    Future,
    Aged,
    NotFinite,
}

/// <summary>Light on one detector channel, and what the gate/counter board makes of it.</summary>
internal enum LightLevel
{
    Normal,
    Flash,
    Saturating,
    BoardTrip,
    Dark,
    Garbage,
}

/// <summary>
/// One segment: an event applied at its first tick, held for <see cref="Hold"/> ticks; a fault or interlock change
/// that does not <see cref="Persist"/> is undone at the segment's end. <see cref="A"/>, <see cref="B"/>,
/// <see cref="X"/>, <see cref="Y"/> are the event's parameters (an input, channel, angle…) as the world reads them.
/// </summary>
internal readonly record struct Segment(ScenarioEvent Event, int A, int B, double X, double Y, int Hold, bool Persist);

internal static class SafetyScenarioGen
{
    /// <summary>Weights keep the station healthy most of the time, so permitted states are explored as well as refusals.</summary>
    public static Gen<Segment> Segment { get; } =
        from e in Gen.Frequency(
            (14, Gen.Constant(ScenarioEvent.Idle)),
            (3, Gen.Constant(ScenarioEvent.EStop)),
            (3, Gen.Constant(ScenarioEvent.Watchdog)),
            (3, Gen.Constant(ScenarioEvent.HardwareKey)),
            (4, Gen.Constant(ScenarioEvent.Aircraft)),
            (4, Gen.Constant(ScenarioEvent.Tracker)),
            (10, Gen.Constant(ScenarioEvent.InputFault)),
            (8, Gen.Constant(ScenarioEvent.HealAll)),
            (6, Gen.Constant(ScenarioEvent.SlewMount)),
            (3, Gen.Constant(ScenarioEvent.MountNearZoneEdge)),
            (4, Gen.Constant(ScenarioEvent.SetSun)),
            (4, Gen.Constant(ScenarioEvent.SunNearMount)),
            (4, Gen.Constant(ScenarioEvent.SetTarget)),
            (1, Gen.Constant(ScenarioEvent.ClearTarget)),
            (9, Gen.Constant(ScenarioEvent.Arm)),
            (1, Gen.Constant(ScenarioEvent.Disarm)),
            (3, Gen.Constant(ScenarioEvent.Daylight)),
            (4, Gen.Constant(ScenarioEvent.MoveWheel)),
            (9, Gen.Constant(ScenarioEvent.Light)),
            (8, Gen.Constant(ScenarioEvent.ResetTrip)),
            (2, Gen.Constant(ScenarioEvent.CountsSilent)),
            (2, Gen.Constant(ScenarioEvent.TimeJump)),
            (1, Gen.Constant(ScenarioEvent.ClockUnset)))
        from a in Gen.Choose(0, 999)
        from b in Gen.Choose(0, 999)
        from x in Gen.Choose(-100_000, 100_000)
        from y in Gen.Choose(-100_000, 100_000)
        from hold in Gen.Frequency((6, Gen.Choose(1, 30)), (3, Gen.Choose(30, 150)), (1, Gen.Choose(150, 600)))
        from persist in Gen.Frequency((1, Gen.Constant(true)), (2, Gen.Constant(false)))
        select new Segment(e, a, b, x / 100_000.0, y / 100_000.0, hold, persist);

    /// <summary>A scenario: its segments (cycled until the case's ticks are used) and the seed of the world's jitter.</summary>
    public static Arbitrary<(Segment[] Segments, int Seed)> Scenario { get; } =
        (from segments in Gen.ArrayOf(Segment, 48)
         from seed in Gen.Choose(0, int.MaxValue)
         select (segments, seed)).ToArbitrary();
}

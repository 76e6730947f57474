using System.Diagnostics;
using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;
using Station.Core.Safety;
using Station.Devices.Board;
using Xunit.Abstractions;

namespace Station.Hil.Tests.Safety;

/// <summary>
/// The first "done when" through the firmware's <see cref="Firmware.Safety.SafetyLoop"/> and the emulated
/// drivers: random sequences of operator commands, sensor states (interlocks, sun, mount, wheels, tracker, flashes on
/// the detectors), faults (SPI errors and silence on the gate/counter board, an unreadable interlock expander,
/// watchdog starvation) and time steps, and after every control tick an independent oracle looks at the emulated
/// hardware: never a detector gate running while one of its conditions fails, never the laser emitting while one of
/// its conditions fails; refused commands change nothing. Coverage counts make sure the runs also spend time with
/// gates on and the laser firing, so a loop that forbids everything cannot pass.
/// </summary>
public sealed class SafetyLoopPropertyTests(ITestOutputHelper output)
{
    private const int Cases = 100;
    private const int TicksPerCase = 10_000;

    private static readonly Gen<SafetyOpKind> Kind = Gen.Frequency(
        (6, Gen.Elements(SafetyOpKind.Estop, SafetyOpKind.Aircraft, SafetyOpKind.Key)),
        (6, Gen.Elements(SafetyOpKind.Sun, SafetyOpKind.Mount, SafetyOpKind.MountNearSun)),
        (4, Gen.Elements(SafetyOpKind.Wheel, SafetyOpKind.Tracker, SafetyOpKind.MountFault)),
        (3, Gen.Constant(SafetyOpKind.Flash)),
        (3, Gen.Elements(SafetyOpKind.SpiFault, SafetyOpKind.ExpanderFault, SafetyOpKind.Starvation, SafetyOpKind.WatchdogReset)),
        (8, Gen.Elements(SafetyOpKind.Arm, SafetyOpKind.ResetTrip, SafetyOpKind.ResetTrip, SafetyOpKind.Daylight, SafetyOpKind.Calm)),
        (2, Gen.Elements(SafetyOpKind.Disarm, SafetyOpKind.Hold, SafetyOpKind.Release)));

    private static readonly Gen<int> Ticks = Gen.Frequency((4, Gen.Choose(1, 5)), (3, Gen.Choose(5, 60)), (1, Gen.Choose(60, 400)));

    private static readonly Gen<SafetyOp> Operation =
        from kind in Kind
        from a in Gen.Choose(-360, 360)
        from b in Gen.Choose(-60, 90)
        from ticks in Ticks
        select new SafetyOp(kind, a, b, ticks);

    private static readonly Gen<SafetyOp[]> Scenario = Gen.Choose(60, 120).SelectMany(n => Operation.ArrayOf(n));

    [Fact]
    public void A_million_random_ticks_through_the_loop_and_the_emulated_drivers_never_run_a_gate_or_fire_the_laser_against_a_condition()
    {
        var totals = new SafetyPropertyTotals();
        var pinMap = PinMapLoader.LoadDefault();
        var clock = Stopwatch.StartNew();
        TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
        Property property = Prop.ForAll(Scenario.ToArbitrary(), operations =>
        {
            using var rig = new SafetyPropertyRig(pinMap, totals);
            string? violation = rig.Run(operations, TicksPerCase);
            return violation is null ? true : throw new InvalidOperationException(violation + " after " + string.Join(", ", operations.Take(rig.OperationsApplied)));
        });

        // A fixed replay seed keeps the run deterministic, as every test here is; change it to explore further.
        var config = Config.QuickThrowOnFailure.WithMaxTest(Cases).WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(20260319UL), FSharpOption<int>.None)));
        Check.One(config, property);
        clock.Stop();
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"checked {totals.Ticks:N0} control ticks on the emulated hardware in {Cases} random scenarios ({clock.Elapsed.TotalSeconds:0.0} s wall, {cpu.TotalSeconds:0.0} s CPU, {clock.Elapsed.TotalMicroseconds / Math.Max(1, totals.Ticks):0.0} µs per tick)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  gate-ticks running {totals.GateRunningTicks:N0}, laser emitting in {totals.LaserEmittingTicks:N0} ticks; {totals.Commands:N0} commands ({totals.Refusals:N0} refused, each checked to change nothing), {totals.Trips:N0} trip latches, {totals.ResetsAccepted:N0} resets accepted, {totals.Disarms:N0} hazard disarms, {totals.WatchdogCuts:N0} watchdog cuts"));
        Assert.True(totals.Ticks >= 1_000_000, $"{totals.Ticks} ticks");
        Assert.True(totals.GateRunningTicks > totals.Ticks / 10, "gates rarely ran: the scenarios prove little");
        Assert.True(totals.LaserEmittingTicks > totals.Ticks / 50, "the laser rarely fired: the scenarios prove little");
        Assert.True(totals.Trips > 50 && totals.ResetsAccepted > 10 && totals.Disarms > 100 && totals.WatchdogCuts > 10, "trips, resets, disarms and watchdog cuts were rarely exercised");
    }
}

internal enum SafetyOpKind
{
    Estop,
    Aircraft,
    Key,
    Sun,
    Mount,
    MountNearSun,
    MountFault,
    Wheel,
    Tracker,
    Flash,
    SpiFault,
    ExpanderFault,
    Starvation,
    WatchdogReset,
    Arm,
    Disarm,
    ResetTrip,
    Daylight,
    Hold,
    Release,

    /// <summary>Every input back to a permitting night (so runs keep returning to states where gates and laser may be on).</summary>
    Calm,
}

/// <summary>One step of a scenario: an operation with two integer arguments, then <paramref name="Ticks"/> control ticks.</summary>
internal sealed record SafetyOp(SafetyOpKind Kind, int A, int B, int Ticks)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Kind}({A},{B})x{Ticks}");
}

/// <summary>What the property run exercised (summed over cases).</summary>
internal sealed class SafetyPropertyTotals
{
    public long Ticks;
    public long GateRunningTicks;
    public long LaserEmittingTicks;
    public long Commands;
    public long Refusals;
    public long Trips;
    public long ResetsAccepted;
    public long Disarms;
    public long WatchdogCuts;
}

using System.Globalization;
using Station.Core.Orbits;

namespace Station.Core.Sequencing;

/// <summary>
/// The station's pass cycle as a state machine, pure logic: idle → pre-point → wait for AOS → search → coarse lock →
/// fine lock → LOS → park (or idle when the next pass is near). Any active fault sends it to Safe; when the fault
/// clears it resumes the pass through pre-point if enough of it remains (the mount re-joins the trajectory), else
/// goes idle. The firmware service feeds it one <see cref="SequencerInputs"/> per tick and carries out
/// <see cref="Demands"/>; the safety supervisor still decides what may be on. Every transition is raised through
/// <see cref="Transitioned"/> with its reason.
/// </summary>
public sealed class PassSequencer
{
    private readonly PassSchedulingRules _scheduleRules;
    private PassSchedulingRules _rules;
    private readonly HashSet<(int CatalogNumber, DateTime StartUtc)> _abandoned = [];
    private IReadOnlyList<SatellitePass> _candidates = [];

    public PassSequencer(PassSchedulingRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        rules.Validate();
        _scheduleRules = rules;
        _rules = rules;
    }

    /// <summary>Raised on every state change.</summary>
    public event Action<SequencerTransition>? Transitioned;

    /// <summary>The current state.</summary>
    public SequencerState State { get; private set; } = SequencerState.Idle;

    /// <summary>The pass being flown (from pre-point to LOS, and while a fault interrupts it), or null.</summary>
    public SatellitePass? CurrentPass { get; private set; }

    /// <summary>What the services should do now.</summary>
    public SequencerDemands Demands => DemandsOf(State);

    /// <summary>Replaces the predicted passes the next pass is chosen from (e.g. after a TLE update), under the schedule's rules.</summary>
    public void SetCandidates(IReadOnlyList<SatellitePass> passes)
    {
        ArgumentNullException.ThrowIfNull(passes);
        _rules = _scheduleRules;
        _candidates = [.. passes.Where(p => !_abandoned.Contains((p.CatalogNumber, p.StartUtc)))];
    }

    /// <summary>
    /// Flies only <paramref name="catalogNumber"/>'s passes among <paramref name="passes"/>, whatever the schedule's
    /// priority list says (an operator chose the satellite); the other rules — minimum elevation, night only, lead
    /// times — still apply. A pass in progress is flown to its end. <see cref="SetCandidates"/> returns to the schedule.
    /// </summary>
    public void SetTarget(IReadOnlyList<SatellitePass> passes, int catalogNumber)
    {
        ArgumentNullException.ThrowIfNull(passes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(catalogNumber);
        _rules = _scheduleRules with { Priority = [catalogNumber] };
        _candidates = [.. passes.Where(p => p.CatalogNumber == catalogNumber && !_abandoned.Contains((p.CatalogNumber, p.StartUtc)))];
    }

    /// <summary>The pass the sequencer would fly next at <paramref name="nowUtc"/> (by the rules in force), or null.</summary>
    public SatellitePass? NextPass(DateTime nowUtc) => PassScheduler.ChooseNext(_candidates, nowUtc, _rules);

    /// <summary>
    /// Gives the current pass up (it cannot be planned or flown): to LOS with the reason, and the pass is never chosen
    /// again. Nothing happens without a current pass.
    /// </summary>
    public SequencerTransition? Abandon(DateTime nowUtc, string reason)
    {
        if (CurrentPass is not { } pass || State is SequencerState.Los or SequencerState.Park or SequencerState.Idle)
        {
            return null;
        }

        _abandoned.Add((pass.CatalogNumber, pass.StartUtc));
        _candidates = [.. _candidates.Where(p => !_abandoned.Contains((p.CatalogNumber, p.StartUtc)))];
        return Go(nowUtc, SequencerState.Los, "pass " + Describe(pass) + " abandoned: " + reason);
    }

    /// <summary>Advances the state machine by one tick; returns the transition made, if any (at most one per tick).</summary>
    public SequencerTransition? Step(in SequencerInputs inputs)
    {
        var now = inputs.NowUtc;
        if (inputs.ActiveFault is { } fault && State != SequencerState.Safe)
        {
            return Go(now, SequencerState.Safe, "fault: " + fault);
        }

        return State switch
        {
            SequencerState.Idle or SequencerState.Park => StepIdleOrPark(inputs),
            SequencerState.PrePoint => StepPrePoint(inputs),
            SequencerState.WaitAos => now >= CurrentPass!.StartUtc
                ? Go(now, SequencerState.Search, "AOS " + Describe(CurrentPass))
                : null,
            SequencerState.Search or SequencerState.CoarseLock or SequencerState.FineLock => StepTracking(inputs),
            SequencerState.Los => StepLos(inputs),
            SequencerState.Safe => StepSafe(inputs),
            _ => throw new InvalidOperationException("Unknown sequencer state " + State + "."),
        };
    }

    private SequencerTransition? StepIdleOrPark(in SequencerInputs inputs)
    {
        var now = inputs.NowUtc;
        var next = PassScheduler.ChooseNext(_candidates, now, _rules);
        if (next is not null && now >= PassScheduler.PrePointStartUtc(next, _rules))
        {
            CurrentPass = next;
            return Go(now, SequencerState.PrePoint, "next pass " + Describe(next));
        }

        return State == SequencerState.Park && inputs.MountAtDemand
            ? Go(now, SequencerState.Idle, "parked")
            : null;
    }

    private SequencerTransition? StepPrePoint(in SequencerInputs inputs)
    {
        var now = inputs.NowUtc;
        if (!PassScheduler.StillOn(CurrentPass!, now, _rules))
        {
            return Go(now, SequencerState.Los, "pass " + Describe(CurrentPass!) + " ended before the mount was at its start");
        }

        if (!inputs.MountAtDemand)
        {
            return null;
        }

        return now >= CurrentPass!.StartUtc
            ? Go(now, SequencerState.Search, "on the trajectory of " + Describe(CurrentPass))
            : Go(now, SequencerState.WaitAos, "at the AOS point");
    }

    private SequencerTransition? StepTracking(in SequencerInputs inputs)
    {
        var now = inputs.NowUtc;
        if (now >= CurrentPass!.EndUtc)
        {
            return Go(now, SequencerState.Los, "LOS " + Describe(CurrentPass));
        }

        var target = inputs.Acquisition switch
        {
            AcquisitionStatus.CoarseLock => SequencerState.CoarseLock,
            AcquisitionStatus.FineLock => SequencerState.FineLock,
            _ => SequencerState.Search,
        };
        if (target == State)
        {
            return null;
        }

        var reason = (State, target) switch
        {
            (SequencerState.Search, _) => "beacon acquired",
            (SequencerState.CoarseLock, SequencerState.FineLock) => "fine lock",
            (SequencerState.FineLock, SequencerState.CoarseLock) => "fine lock lost",
            _ => "beacon lost",
        };
        return Go(now, target, reason);
    }

    private SequencerTransition? StepLos(in SequencerInputs inputs)
    {
        if (inputs.Acquisition != AcquisitionStatus.Idle)
        {
            return null; // wait until the tracker has stopped, so nothing follows a set satellite
        }

        var now = inputs.NowUtc;
        CurrentPass = null;
        var next = PassScheduler.ChooseNext(_candidates, now, _rules);
        if (next is not null && PassScheduler.PrePointStartUtc(next, _rules) - now <= _rules.StayUnparkedFor)
        {
            return Go(now, SequencerState.Idle, "next pass " + Describe(next) + " is near; staying unparked");
        }

        return Go(now, SequencerState.Park, next is null ? "no further pass" : "next pass " + Describe(next) + " is far");
    }

    private SequencerTransition? StepSafe(in SequencerInputs inputs)
    {
        var now = inputs.NowUtc;
        if (inputs.ActiveFault is not null)
        {
            return null;
        }

        if (CurrentPass is { } pass && PassScheduler.StillOn(pass, now, _rules))
        {
            return Go(now, SequencerState.PrePoint, "fault cleared; resuming " + Describe(pass));
        }

        CurrentPass = null;
        return Go(now, SequencerState.Idle, "fault cleared");
    }

    private SequencerDemands DemandsOf(SequencerState state) => state switch
    {
        SequencerState.PrePoint or SequencerState.WaitAos => new(MountDemand.AosPoint, false, false, false),
        SequencerState.Search or SequencerState.CoarseLock => new(MountDemand.Track, true, false, false),
        SequencerState.FineLock => new(MountDemand.Track, true, true, _rules.UplinkInFineLock),
        SequencerState.Park => new(MountDemand.Park, false, false, false),
        _ => new(MountDemand.Hold, false, false, false),
    };

    private SequencerTransition Go(DateTime now, SequencerState to, string reason)
    {
        var transition = new SequencerTransition(now, State, to, reason);
        State = to;
        Transitioned?.Invoke(transition);
        return transition;
    }

    private static string Describe(SatellitePass pass) => string.Create(CultureInfo.InvariantCulture,
        $"{pass.Name} ({pass.CatalogNumber}) {pass.StartUtc:HH:mm:ss}–{pass.EndUtc:HH:mm:ss}Z max el {pass.MaxElevationDeg:F1}°");
}

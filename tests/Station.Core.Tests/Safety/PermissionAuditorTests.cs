using Station.Core.Safety;
using static Station.Core.Tests.Safety.SafetyFixtures;
using Station.Tests.Shared;

namespace Station.Core.Tests.Safety;

public sealed class PermissionAuditorTests
{
    [Fact]
    public void The_first_evaluation_records_every_grant_against_not_evaluated()
    {
        var auditor = new PermissionAuditor();
        var sink = new ListSink();
        Assert.Equal(7, auditor.Observe(Evaluate(Nominal()), sink)); // 4 gates, laser, motion, target
        Assert.All(sink.Changes, c =>
        {
            Assert.True(c.Permitted);
            Assert.False(c.WasPermitted);
            Assert.Equal(SafetyReason.NotEvaluated, c.Removed);
            Assert.Equal(Now, c.At);
        });
        Assert.Equal([0, 1, 2, 3], sink.Changes.Where(c => c.Kind == PermissionKind.DetectorGate).Select(c => c.Channel));
    }

    [Fact]
    public void An_aircraft_alarm_is_recorded_as_the_laser_revoked_by_the_aircraft_detector()
    {
        var auditor = new PermissionAuditor();
        var sink = new ListSink();
        auditor.Observe(Evaluate(Nominal()), sink);
        sink.Changes.Clear();

        var s = Nominal(Now.AddMilliseconds(10));
        s.AircraftOk = Sensed.Ok(false, s.Now);
        Assert.Equal(1, auditor.Observe(Evaluate(s), sink));
        var change = Assert.Single(sink.Changes);
        Assert.Equal(PermissionKind.UplinkLaser, change.Kind);
        Assert.True(change.PermissionFlipped);
        Assert.False(change.Permitted);
        Assert.Equal(SafetyReason.AircraftAlarm, change.Added);
        Assert.Equal(SafetyInputs.AircraftDetector, change.CausedBy);
        Assert.Equal(Now.AddMilliseconds(10), change.At);
        Assert.Equal("2026-03-19T20:00:00.0100000+00:00 UplinkLaser revoked +[the aircraft detector reports an aircraft] (inputs: AircraftDetector)", change.Describe());
    }

    [Fact]
    public void A_refusal_that_changes_its_reasons_is_recorded_without_a_flip()
    {
        var auditor = new PermissionAuditor();
        var sink = new ListSink();
        var s = Nominal();
        s.LaserArmed = false;
        auditor.Observe(Evaluate(s), sink);
        sink.Changes.Clear();

        s.TrackerLocked = Sensed.Ok(false, Now);
        auditor.Observe(Evaluate(s), sink);
        var change = Assert.Single(sink.Changes);
        Assert.False(change.PermissionFlipped);
        Assert.Equal(SafetyReason.TrackerNotLocked, change.Added);
        Assert.Equal(SafetyReason.NotArmed | SafetyReason.TrackerNotLocked, change.Reasons);
        Assert.Contains("still forbidden", change.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_wheel_move_revokes_every_gate_and_its_end_grants_them_again_naming_the_wheel()
    {
        var auditor = new PermissionAuditor();
        var sink = new ListSink();
        var s = Nominal();
        auditor.Observe(Evaluate(s), sink);
        sink.Changes.Clear();

        s.SetWheel(0, s.Wheel(0) with { Moving = Sensed.Ok(true, Now) });
        auditor.Observe(Evaluate(s), sink);
        Assert.Equal(4, sink.Changes.Count);
        Assert.All(sink.Changes, c => Assert.Equal((PermissionKind.DetectorGate, false, SafetyInputs.FilterWheelMotion), (c.Kind, c.Permitted, c.CausedBy)));

        sink.Changes.Clear();
        s.SetWheel(0, s.Wheel(0) with { Moving = Sensed.Ok(false, Now) });
        auditor.Observe(Evaluate(s), sink);
        Assert.Equal(4, sink.Changes.Count);
        Assert.All(sink.Changes, c => Assert.Equal((true, SafetyReason.FilterWheelMoving), (c.Permitted, c.Removed)));
    }

    [Fact]
    public void A_tick_without_change_records_nothing_and_allocates_nothing()
    {
        var auditor = new PermissionAuditor();
        var sink = new ListSink();
        var s = Nominal();
        auditor.Observe(Evaluate(s), sink);
        int recorded = sink.Changes.Count;
        int changes = 0;
        long allocated = Allocations.Fewest(() =>
        {
            for (int i = 0; i < 10_000; i++)
            {
                s.Now = Now.AddMilliseconds(i % 40); // inputs age but stay fresh: no permission changes
                changes += auditor.Observe(SafetySupervisor.Evaluate(s, Config), sink);
            }
        });

        Assert.Equal(0, allocated);
        Assert.Equal(0, changes);
        Assert.Equal(recorded, sink.Changes.Count);
    }

    private sealed class ListSink : IPermissionChangeSink
    {
        public List<PermissionChange> Changes { get; } = [];

        public void Record(in PermissionChange change) => Changes.Add(change);
    }
}

using Station.Core.Orbits;
using Station.Core.Sequencing;
using Xunit;

namespace Station.Core.Tests.Sequencing;

public sealed class PassSequencerTests
{
    private static readonly DateTime T0 = new(2016, 12, 29, 17, 0, 0, DateTimeKind.Utc);
    private static readonly PassSchedulingRules Rules = new() { PrePointLead = TimeSpan.FromMinutes(2) };

    internal static SatellitePass Pass(int catalog, double aosMinutes, double durationMinutes, double maxEl = 60, bool dark = true)
    {
        var aos = T0.AddMinutes(aosMinutes);
        var los = aos.AddMinutes(durationMinutes);
        return new SatellitePass
        {
            CatalogNumber = catalog,
            Name = "SAT" + catalog,
            AosUtc = aos,
            LosUtc = los,
            TcaUtc = aos.AddMinutes(durationMinutes / 2),
            Tca = new LookAngles(180, maxEl, 600, 0),
            MaxElevationDeg = maxEl,
            SunElevationAtTcaDeg = dark ? -30 : 10,
            StationDark = dark,
            SatelliteSunlit = false,
            StartUtc = aos,
            EndUtc = los,
        };
    }

    private static SequencerInputs At(double minutes, bool mountAtDemand = false, AcquisitionStatus acquisition = AcquisitionStatus.Idle, string? fault = null) =>
        new() { NowUtc = T0.AddMinutes(minutes), MountAtDemand = mountAtDemand, Acquisition = acquisition, ActiveFault = fault };

    [Fact]
    public void A_whole_pass_walks_every_state_in_order_and_logs_each_transition()
    {
        var sequencer = new PassSequencer(Rules);
        sequencer.SetCandidates([Pass(41731, 10, 8)]);
        var log = new List<SequencerTransition>();
        sequencer.Transitioned += log.Add;

        Assert.Null(sequencer.Step(At(5)));                                     // idle until the pre-point lead
        Assert.Equal(MountDemand.Hold, sequencer.Demands.Mount);
        sequencer.Step(At(8));                                                  // 2 min before AOS
        Assert.Equal(SequencerState.PrePoint, sequencer.State);
        Assert.Equal(new SequencerDemands(MountDemand.AosPoint, false, false, false), sequencer.Demands);
        Assert.Null(sequencer.Step(At(9)));                                     // still slewing
        sequencer.Step(At(9.5, mountAtDemand: true));
        Assert.Equal(SequencerState.WaitAos, sequencer.State);
        sequencer.Step(At(10, mountAtDemand: true));
        Assert.Equal(SequencerState.Search, sequencer.State);
        Assert.Equal(new SequencerDemands(MountDemand.Track, true, false, false), sequencer.Demands);
        sequencer.Step(At(10.05, acquisition: AcquisitionStatus.CoarseLock));
        sequencer.Step(At(10.07, acquisition: AcquisitionStatus.FineLock));
        Assert.Equal(new SequencerDemands(MountDemand.Track, true, true, true), sequencer.Demands);
        sequencer.Step(At(18, acquisition: AcquisitionStatus.FineLock));        // LOS
        Assert.Equal(SequencerState.Los, sequencer.State);
        Assert.False(sequencer.Demands.DetectorsWanted);
        Assert.Null(sequencer.Step(At(18.01, acquisition: AcquisitionStatus.FineLock))); // tracker not yet stopped
        sequencer.Step(At(18.02));
        Assert.Equal(SequencerState.Park, sequencer.State);
        Assert.Null(sequencer.CurrentPass);
        sequencer.Step(At(19, mountAtDemand: true));

        Assert.Equal(
            [SequencerState.PrePoint, SequencerState.WaitAos, SequencerState.Search, SequencerState.CoarseLock,
             SequencerState.FineLock, SequencerState.Los, SequencerState.Park, SequencerState.Idle],
            log.Select(t => t.To));
        Assert.Contains("SAT41731 (41731)", log[0].Reason, StringComparison.Ordinal);
        Assert.Equal("no further pass", log[6].Reason);
        Assert.All(log.Zip(log.Skip(1)), pair => Assert.Equal(pair.First.To, pair.Second.From));
    }

    [Fact]
    public void A_fault_goes_safe_and_the_pass_resumes_through_pre_point_when_it_clears()
    {
        var sequencer = new PassSequencer(Rules);
        sequencer.SetCandidates([Pass(1, 10, 8)]);
        sequencer.Step(At(8));
        sequencer.Step(At(9, mountAtDemand: true));
        sequencer.Step(At(10, mountAtDemand: true));
        sequencer.Step(At(11, acquisition: AcquisitionStatus.FineLock));
        Assert.Equal(SequencerState.FineLock, sequencer.State);

        var safe = sequencer.Step(At(12, acquisition: AcquisitionStatus.FineLock, fault: "following error: azimuth"));
        Assert.Equal(SequencerState.Safe, sequencer.State);
        Assert.Equal("fault: following error: azimuth", safe!.Value.Reason);
        Assert.Equal(new SequencerDemands(MountDemand.Hold, false, false, false), sequencer.Demands);
        Assert.Null(sequencer.Step(At(13, fault: "following error: azimuth")));

        var resumed = sequencer.Step(At(14));
        Assert.Equal(SequencerState.PrePoint, sequencer.State);
        Assert.StartsWith("fault cleared; resuming SAT1", resumed!.Value.Reason, StringComparison.Ordinal);
        sequencer.Step(At(14.5, mountAtDemand: true));                           // joined mid-pass: straight to search
        Assert.Equal(SequencerState.Search, sequencer.State);
    }

    [Fact]
    public void A_fault_that_clears_after_the_pass_has_ended_leaves_the_station_idle()
    {
        var sequencer = new PassSequencer(Rules);
        sequencer.SetCandidates([Pass(1, 10, 8)]);
        sequencer.Step(At(8));
        sequencer.Step(At(9, fault: "e-stop"));
        sequencer.Step(At(17.8));                                               // 12 s left < 30 s minimum
        Assert.Equal(SequencerState.Idle, sequencer.State);
        Assert.Null(sequencer.CurrentPass);
    }

    [Fact]
    public void A_mount_that_is_too_late_gives_the_pass_up()
    {
        var sequencer = new PassSequencer(Rules);
        sequencer.SetCandidates([Pass(1, 10, 1)]);
        sequencer.Step(At(8));
        var gaveUp = sequencer.Step(At(10.6));
        Assert.Equal(SequencerState.Los, sequencer.State);
        Assert.Contains("ended before the mount was at its start", gaveUp!.Value.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void After_los_the_mount_stays_unparked_when_the_next_pass_is_near()
    {
        var sequencer = new PassSequencer(Rules);
        sequencer.SetCandidates([Pass(1, 10, 5), Pass(2, 20, 5)]);
        sequencer.Step(At(8));
        sequencer.Step(At(9, mountAtDemand: true));
        sequencer.Step(At(10));
        sequencer.Step(At(15));
        var next = sequencer.Step(At(15.01));
        Assert.Equal(SequencerState.Idle, sequencer.State);
        Assert.Contains("SAT2", next!.Value.Reason, StringComparison.Ordinal);
        sequencer.Step(At(18));
        Assert.Equal(SequencerState.PrePoint, sequencer.State);
        Assert.Equal(2, sequencer.CurrentPass!.CatalogNumber);
    }

    [Fact]
    public void Beacon_loss_in_fine_lock_steps_back_through_the_acquisition_states()
    {
        var sequencer = new PassSequencer(Rules);
        sequencer.SetCandidates([Pass(1, 10, 8)]);
        sequencer.Step(At(8));
        sequencer.Step(At(9, mountAtDemand: true));
        sequencer.Step(At(10));
        sequencer.Step(At(10.1, acquisition: AcquisitionStatus.FineLock));
        Assert.Equal("fine lock lost", sequencer.Step(At(11, acquisition: AcquisitionStatus.CoarseLock))!.Value.Reason);
        Assert.Equal("beacon lost", sequencer.Step(At(11.1, acquisition: AcquisitionStatus.Searching))!.Value.Reason);
        Assert.Equal(SequencerState.Search, sequencer.State);
    }

    [Fact]
    public void An_abandoned_pass_goes_to_los_with_the_reason_and_is_never_chosen_again()
    {
        var sequencer = new PassSequencer(Rules);
        var passes = new[] { Pass(1, 10, 8), Pass(2, 30, 8) };
        sequencer.SetCandidates(passes);
        sequencer.Step(At(8));
        var gaveUp = sequencer.Abandon(T0.AddMinutes(8.1), "no sun-safe slew");
        Assert.Equal(SequencerState.Los, sequencer.State);
        Assert.EndsWith("abandoned: no sun-safe slew", gaveUp!.Value.Reason, StringComparison.Ordinal);
        sequencer.SetCandidates(passes);                                       // a refreshed forecast keeps it out
        sequencer.Step(At(8.2));
        sequencer.Step(At(9, mountAtDemand: true));
        Assert.Equal(SequencerState.Idle, sequencer.State);                   // parked, nothing due within 10 min
        sequencer.Step(At(28));
        Assert.Equal(2, sequencer.CurrentPass!.CatalogNumber);
        Assert.Null(new PassSequencer(Rules).Abandon(T0, "nothing to abandon"));
    }

    [Fact]
    public void A_target_is_flown_whatever_the_priority_list_says_but_the_other_rules_still_apply()
    {
        var rules = Rules with { Priority = [25544] };
        var sequencer = new PassSequencer(rules);
        SatellitePass[] passes = [Pass(25544, 60, 8), Pass(41731, 10, 8, dark: false), Pass(41731, 30, 8)];
        sequencer.SetCandidates(passes);
        Assert.Equal(60, (sequencer.NextPass(T0)!.StartUtc - T0).TotalMinutes);

        sequencer.SetTarget(passes, 41731);
        Assert.Equal(30, (sequencer.NextPass(T0)!.StartUtc - T0).TotalMinutes); // the daylight pass stays out (night only)
        sequencer.Step(At(28));
        Assert.Equal(SequencerState.PrePoint, sequencer.State);
        Assert.Equal(41731, sequencer.CurrentPass!.CatalogNumber);

        sequencer.SetCandidates(passes);                                        // back to the schedule
        Assert.Equal(SequencerState.PrePoint, sequencer.State);                 // the pass in progress goes on
        Assert.Equal(25544, sequencer.NextPass(T0.AddMinutes(39))!.CatalogNumber);
    }
}

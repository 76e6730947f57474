using Station.Core.Acquisition;
using UnitsNet;
using Xunit.Abstractions;
using Station.Tests.Shared;

namespace Station.Core.Tests.Acquisition;

/// <summary>Every transition of the tracker, driven through the closed-loop <see cref="AcquisitionHarness"/>.</summary>
public sealed class BeaconTrackerTests(ITestOutputHelper output)
{
    private static readonly SearchRegion Region = SearchRegion.Circle(0, 0, 3000);

    /// <summary>A beacon 1.9 mrad off the prediction, drifting 150/−60 µrad/s (an along-track timing error on a pass).</summary>
    private static (double, double) Drifting(double t) => (1500 + (150 * t), -1100 - (60 * t));

    private static AcquisitionHarness Begin(int seed = 1, TrackerOptions? options = null, bool feedback = true)
    {
        var h = new AcquisitionHarness(seed, options) { Truth = Drifting, UseFeedback = feedback };
        h.Tracker.Metrics.SetReference(AcquisitionHarness.Start);
        h.Tracker.Start(AcquisitionHarness.Start, Region);
        return h;
    }

    private void Log(AcquisitionHarness h)
    {
        foreach (var t in h.Tracker.Metrics.Transitions)
        {
            output.WriteLine(t.ToString());
        }

        output.WriteLine(h.Tracker.Metrics.SummaryLine());
    }

    private static TransitionReason[] Reasons(AcquisitionHarness h) => h.Tracker.Metrics.Transitions.Select(t => t.Reason).ToArray();

    [Fact]
    public void Search_finds_the_beacon_coarse_lock_hands_over_to_fine_lock()
    {
        var h = Begin();
        h.Run(10, x => x.Tracker.State == TrackerState.FineLock && x.Time > x.Tracker.Metrics.FineLockSeconds + 5);
        Log(h);
        var m = h.Tracker.Metrics;
        Assert.Equal(TrackerState.FineLock, h.Tracker.State);
        Assert.Equal([TransitionReason.Started, TransitionReason.BeaconConfirmed, TransitionReason.QuadCellCaptured], Reasons(h));
        Assert.Equal([TrackerState.Search, TrackerState.CoarseLock, TrackerState.FineLock], m.Transitions.Select(t => t.To).ToArray());
        Assert.InRange(m.CoarseLockSeconds, 0.01, 1);
        Assert.InRange(m.FineLockSeconds - m.CoarseLockSeconds, 0.01, 1);
        Assert.True(Math.Abs(h.Residual.Xel) < 1 && Math.Abs(h.Residual.El) < 1, $"residual {h.Residual}");
        Assert.True(m.FineRmsXelUrad < 1 && m.FineRmsElUrad < 1, m.SummaryLine());
        Assert.Equal(0, m.Reacquisitions);
        Assert.InRange(m.LockFraction, 0.95, 1);
        // The mount, not the mirror, carries the offset: the offload has centred the mirror.
        Assert.True(Math.Abs(h.Tracker.MirrorXUrad) < 3 && Math.Abs(h.Tracker.MirrorYUrad) < 3, $"mirror ({h.Tracker.MirrorXUrad:F2}, {h.Tracker.MirrorYUrad:F2})");
    }

    [Fact]
    public void Without_encoder_feedback_the_beacon_is_still_acquired_from_dwell_frames()
    {
        var h = Begin(feedback: false);
        h.Run(10, x => x.Tracker.State == TrackerState.FineLock);
        Log(h);
        Assert.Equal(TrackerState.FineLock, h.Tracker.State);
        Assert.True(h.Tracker.Metrics.FineLockSeconds < 3, h.Tracker.Metrics.SummaryLine());
    }

    [Fact]
    public void A_short_dropout_is_coasted_through_and_relocked_as_a_reacquisition()
    {
        var h = Begin();
        h.Beacon = t => (t is >= 2 and < 3 ? 0 : 20_000, 1.2); // one second of cloud
        h.Run(2);
        Assert.Equal(TrackerState.FineLock, h.Tracker.State);
        h.Run(1.5, x => x.Time > 3 && x.Tracker.State == TrackerState.CoarseLock);
        double relocked = h.Time;
        h.Run(3);
        Log(h);
        Assert.Equal(
            [TransitionReason.Started, TransitionReason.BeaconConfirmed, TransitionReason.QuadCellCaptured, TransitionReason.QuadCellLost,
             TransitionReason.SignalLost, TransitionReason.BeaconRecovered, TransitionReason.QuadCellCaptured],
            Reasons(h));
        Assert.Equal(TrackerState.Coast, h.Tracker.Metrics.Transitions[4].To);
        Assert.InRange(relocked - 3, 0, 0.1);
        Assert.Equal(1, h.Tracker.Metrics.Reacquisitions);
        Assert.Equal(TrackerState.FineLock, h.Tracker.State);
        Assert.InRange(h.Tracker.Metrics.Transitions[5].Value, 0.9, 1.0); // seconds coasted
    }

    [Fact]
    public void A_five_second_cloud_outlasts_the_coast_and_a_search_around_the_last_offset_relocks_within_two_seconds()
    {
        var h = Begin();
        h.Beacon = t => (t is >= 2 and < 7 ? 0 : 20_000, 1.2);
        h.Run(7, x => x.Time > 7 && x.Tracker.State == TrackerState.CoarseLock);
        h.Run(2.5, x => x.Time > 7 && x.Tracker.State is TrackerState.CoarseLock or TrackerState.FineLock);
        double relocked = h.Time;
        h.Run(3);
        Log(h);
        var reasons = Reasons(h);
        Assert.Equal(
            [TransitionReason.Started, TransitionReason.BeaconConfirmed, TransitionReason.QuadCellCaptured, TransitionReason.QuadCellLost,
             TransitionReason.SignalLost, TransitionReason.CoastExpired],
            reasons.Take(6).Where(r => r != TransitionReason.SearchRestarted).ToArray());
        Assert.Contains(TransitionReason.BeaconConfirmed, reasons.Skip(6));
        Assert.True(relocked - 7 <= 2, $"relocked {relocked - 7:F2} s after the beacon returned");
        Assert.Equal(1, h.Tracker.Metrics.Reacquisitions);
        Assert.Equal(TrackerState.FineLock, h.Tracker.State);
        var m = h.Tracker.Metrics;
        Assert.InRange(m.LockFraction, 0.45, 0.55); // unlocked from 2.05 s to ≈7.2 s of ≈10.2 s
    }

    [Fact]
    public void A_search_that_finds_nothing_restarts_its_pattern()
    {
        var h = Begin();
        h.Beacon = _ => (0, 1.2);
        h.Run(4);
        Log(h);
        Assert.Equal(TrackerState.Search, h.Tracker.State);
        var restarts = h.Tracker.Metrics.Transitions.Where(t => t.Reason == TransitionReason.SearchRestarted).ToArray();
        Assert.NotEmpty(restarts);
        Assert.All(restarts, t => Assert.Equal((TrackerState.Search, TrackerState.Search), (t.From, t.To)));
        Assert.Equal("coarse_lock_s=nan fine_lock_s=nan fine_rms_urad=nan lock_fraction=0 reacquisitions=0", h.Tracker.Metrics.SummaryLine());
    }

    [Fact]
    public void A_jump_beyond_the_quad_cell_drops_to_coarse_lock_and_hands_over_again()
    {
        var h = Begin();
        h.Truth = t => Drifting(t) is var (x, y) && t >= 3 ? (x + 40, y) : (x, y); // a 40 µrad step (4σ of the cell spot)
        h.Run(6);
        Log(h);
        Assert.Equal(
            [TransitionReason.Started, TransitionReason.BeaconConfirmed, TransitionReason.QuadCellCaptured, TransitionReason.QuadCellLost, TransitionReason.QuadCellCaptured],
            Reasons(h));
        var lost = h.Tracker.Metrics.Transitions[3];
        Assert.Equal((TrackerState.FineLock, TrackerState.CoarseLock), (lost.From, lost.To));
        Assert.InRange((lost.At - AcquisitionHarness.Start).TotalSeconds, 3, 3.1);
        Assert.True(lost.Value > 0.57, $"|signal| {lost.Value}"); // beyond the exit fraction of the linear range
        Assert.Equal(0, h.Tracker.Metrics.Reacquisitions); // the beacon was never lost
    }

    [Fact]
    public void A_star_sweeping_through_the_field_during_search_does_not_capture_the_tracker()
    {
        // The beacon is hidden for the first second while a star 10× brighter crosses the field at the track rate.
        static (double, double, double) Star(double t) => (2500 - (3000 * t), -300, 200_000);
        var h = Begin();
        h.Beacon = t => (t < 1 ? 0 : 20_000, 1.2);
        h.Star = Star;
        h.Run(4);
        Log(h);
        var confirmed = h.Tracker.Metrics.Transitions.First(t => t.Reason == TransitionReason.BeaconConfirmed);
        Assert.True(confirmed.At >= AcquisitionHarness.Start.AddSeconds(1), $"confirmed at {confirmed.At:O}, before the beacon appeared");
        Assert.Equal(TrackerState.FineLock, h.Tracker.State);
        Assert.True(Math.Abs(h.Residual.Xel) < 1 && Math.Abs(h.Residual.El) < 1, $"residual {h.Residual}");

        // The confirm gate is what stops it: open it wide and the same star is taken for the beacon.
        var loose = Begin(options: AcquisitionHarness.DefaultOptions with { ConfirmGate = Angle.FromMilliradians(1) });
        loose.Beacon = h.Beacon;
        loose.Star = Star;
        loose.Run(0.99);
        Assert.NotEqual(TrackerState.Search, loose.Tracker.State);
    }

    [Fact]
    public void A_bright_star_passing_next_to_the_locked_beacon_does_not_pull_it_away()
    {
        var h = Begin();
        var (bx, by) = Drifting(3);
        h.Star = t => (bx + (3000 * (3 - t)), by + 60, 200_000); // 60 µrad (12 px) above the beacon at t = 3 s
        double worst = 0;
        h.Run(2);
        for (int i = 0; i < 3000; i++)
        {
            h.Run(0.001);
            worst = Math.Max(worst, Math.Max(Math.Abs(h.MountError.Xel), Math.Abs(h.MountError.El)));
        }

        Log(h);
        Assert.Equal(TrackerState.FineLock, h.Tracker.State);
        Assert.True(worst < 20, $"mount error reached {worst:F1} µrad while the star passed");
        Assert.Equal([TransitionReason.Started, TransitionReason.BeaconConfirmed, TransitionReason.QuadCellCaptured], Reasons(h));
    }

    [Fact]
    public void A_beacon_switching_from_wide_to_narrow_divergence_is_followed()
    {
        var options = AcquisitionHarness.DefaultOptions with { BeaconChangeRatio = 1.5 };
        var h = Begin(options: options);
        h.Beacon = t => t < 3 ? (20_000, 1.2) : (2_000_000, 2.0); // 100× the flux (saturating), a wider spot
        h.Run(5);
        Log(h);
        Assert.Equal(TrackerState.FineLock, h.Tracker.State);
        Assert.True(h.LastCentroid.Saturated);
        var events = h.Tracker.Metrics.Transitions.Where(t => t.From == t.To && t.To == TrackerState.FineLock).ToArray();
        Assert.Contains(events, e => e.Reason == TransitionReason.BeaconBrightnessChanged && e.Value > 10);
        Assert.Contains(events, e => e.Reason == TransitionReason.SpotSizeChanged && e.Value > 1.5);
        Assert.True(Math.Abs(h.Residual.Xel) < 1 && Math.Abs(h.Residual.El) < 1, $"residual {h.Residual}");
    }

    [Fact]
    public void Stop_returns_to_idle_and_start_restarts_the_search_from_any_state()
    {
        var h = Begin();
        h.Run(1);
        h.Tracker.Stop(h.Now);
        Assert.Equal(TrackerState.Idle, h.Tracker.State);
        Assert.Equal(default, h.Tracker.CommandAt(h.Now));
        Assert.Equal(SpotPrediction.None, h.Tracker.PredictSpot(h.Now, 0.5));
        h.Tracker.Start(h.Now, Region);
        Assert.Equal(TrackerState.Search, h.Tracker.State);
        Assert.Equal([TransitionReason.Stopped, TransitionReason.Started], Reasons(h)[^2..]);
        Assert.Equal((TrackerState.Idle, TrackerState.Search), (h.Tracker.Metrics.Transitions[^1].From, h.Tracker.Metrics.Transitions[^1].To));
    }

    [Fact]
    public void Lock_times_count_from_the_reference_and_fractions_from_then_on()
    {
        var h = new AcquisitionHarness(3) { Truth = Drifting };
        h.Tracker.Start(AcquisitionHarness.Start, Region);
        h.Run(2); // locked before the reference (the satellite was already above the minimum elevation)
        h.Tracker.Metrics.SetReference(h.Now);
        Assert.Equal(0, h.Tracker.Metrics.CoarseLockSeconds);
        Assert.Equal(0, h.Tracker.Metrics.FineLockSeconds);
        h.Run(1);
        Assert.Equal(1, h.Tracker.Metrics.LockFraction, 1e-9);
        Assert.Equal(1, h.Tracker.Metrics.FineLockFraction, 1e-9);
        Assert.InRange(h.Tracker.Metrics.FineRmsSamples, 990, 1000);
    }

    [Fact]
    public void Fine_residuals_below_the_elevation_cut_are_not_counted()
    {
        var h = Begin();
        h.ElevationRad = 20 * Math.PI / 180;
        h.Run(3);
        Assert.Equal(TrackerState.FineLock, h.Tracker.State);
        Assert.Equal(0, h.Tracker.Metrics.FineRmsSamples);
        Assert.True(double.IsNaN(h.Tracker.Metrics.FineRmsXelUrad));
        Assert.False(double.IsNaN(h.Tracker.Metrics.FineResidualXelUrad));
    }

    [Fact]
    public void Bad_input_is_refused_and_changes_nothing()
    {
        var h = Begin();
        h.Run(1);
        var state = h.Tracker.State;
        var offset = h.Tracker.CommandAt(h.Now);
        var stale = new CentroidResult { Status = CentroidStatus.Found, Timestamp = h.Now.AddSeconds(-1), XPx = 300, YPx = 250 };
        var error = Assert.Throws<ArgumentException>(() => h.Tracker.OnFrame(stale, 0.5));
        Assert.Contains("is earlier than the previous frame", error.Message, StringComparison.Ordinal);
        var late = new CentroidResult { Status = CentroidStatus.Found, Timestamp = h.Now.AddSeconds(1), XPx = 300, YPx = 250 };
        Assert.Throws<ArgumentException>(() => h.Tracker.OnFrame(late, 0.5, new MountFeedback(double.NaN, 0)));
        Assert.Throws<ArgumentException>(() => h.Tracker.OnQuadCell(new QuadCellSample(h.Now.AddSeconds(1), double.NaN, 0, 1000), 0.5));
        var region = Assert.Throws<ArgumentException>(() => h.Tracker.Start(h.Now, new SearchRegion(0, 0, 0, 10, 0)));
        Assert.Contains("semi-axes 0 × 10 µrad must be positive", region.Message, StringComparison.Ordinal);
        Assert.Equal(state, h.Tracker.State);
        Assert.Equal(offset, h.Tracker.CommandAt(h.Now));
        var options = Assert.Throws<ArgumentException>(() => new BeaconTracker(AcquisitionHarness.DefaultOptions with { HandoverEnterFraction = 0.99 }));
        Assert.Contains("hand-over fractions 0.99 (enter) and 0.95 (exit) must satisfy 0 < enter < exit ≤ 1", options.Message, StringComparison.Ordinal);
        var footprint = Assert.Throws<ArgumentException>(() => new BeaconTracker(new TrackerOptions { Search = new SearchOptions { FieldOfView = Angle.FromMilliradians(3) } }));
        Assert.Contains("search footprint 3000 µrad exceeds the camera's inscribed field 2560 µrad", footprint.Message, StringComparison.Ordinal);
        _ = new BeaconTracker(new TrackerOptions()); // the defaults agree with each other
    }

    [Fact]
    public void Steady_tracking_allocates_nothing()
    {
        var h = Begin();
        h.Run(2);
        Assert.Equal(TrackerState.FineLock, h.Tracker.State);
        var tracker = h.Tracker;
        var t = h.Now;
        var centroid = h.LastCentroid;
        int step = 0;
        long allocated = Allocations.Fewest(() =>
        {
            for (int i = 0; i < 1000; i++)
            {
                var now = t.AddTicks(++step * 10_000);
                tracker.OnQuadCell(new QuadCellSample(now, 0.01, -0.01, 1000), 0.7);
                _ = tracker.CommandAt(now);
                if (step % 10 == 0)
                {
                    _ = tracker.PredictSpot(now, 0.7);
                    tracker.OnFrame(centroid with { Timestamp = now }, 0.7, new MountFeedback(1600, -1200));
                }
            }
        });

        Assert.Equal(0, allocated);
        Assert.Equal(TrackerState.FineLock, tracker.State);
    }
}

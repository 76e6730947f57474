using Station.Cli.Tracking;
using Station.Core.Acquisition;
using Station.Core.Orbits;
using Station.Hil.Tests.Tracking;
using Xunit.Abstractions;

namespace Station.Hil.Tests.Acquisition;

/// <summary>
/// Beacon acquisition flown by the firmware (<c>BeaconAcquisition</c> + <c>MountTracker</c>) on the emulated station,
/// against the emulator's beacon sky: the true Micius 2 s along track off its element set, 2 µrad (zenith) turbulence
/// tip/tilt, 1 µrad mount jitter at 5 Hz, quad-cell shot noise, one sample of latency per sensor. Windows of the
/// 63.5° pass over Delingha (AOS 17:54:57, TCA +293 s) keep the run short; fixed seeds.
/// </summary>
public sealed class ClosedLoopPassHilTests(ITestOutputHelper output)
{
    [Fact]
    public void The_beacon_is_found_within_5_s_of_AOS_and_the_fine_loop_locks_within_1_s_after()
    {
        var result = Fly(Window(TimeSpan.Zero, TimeSpan.FromSeconds(8)));
        var m = result.Metrics;
        Assert.InRange(m.CoarseLockSeconds, 0, 5);
        Assert.InRange(m.FineLockSeconds - m.CoarseLockSeconds, 0, 1);
        Assert.Equal(0, m.Reacquisitions);
        Assert.Equal(TrackerState.Idle, m.State); // stopped at the end of the window, from fine lock:
        Assert.Equal(TrackerState.FineLock, result.Transitions[^1].From);
        using var report = new StringWriter();
        ClosedLoopPassReport.Write(result, report);
        string last = report.ToString().TrimEnd().Split('\n')[^1];
        Assert.Matches(@"^coarse_lock_s=[0-9.]+ fine_lock_s=[0-9.]+ fine_rms_urad=(nan|[0-9.]+) lock_fraction=[0-9.]+ reacquisitions=0$", last);
    }

    [Fact]
    public void Near_culmination_the_fine_residual_is_at_most_1_urad_rms_per_axis_with_2_urad_of_turbulence()
    {
        var result = Fly(Window(TimeSpan.FromSeconds(280), TimeSpan.FromSeconds(10)) with { KnownTimeBiasSeconds = 2 });
        Assert.True(result.TrueFineSamples > 5000, $"only {result.TrueFineSamples} fine-lock samples above 30°");
        Assert.InRange(result.TrueFineRmsXelUrad, 0.05, 1);
        Assert.InRange(result.TrueFineRmsElUrad, 0.05, 1);
        Assert.InRange(Math.Max(result.Metrics.FineRmsXelUrad, result.Metrics.FineRmsElUrad), 0.05, 1);
    }

    [Fact]
    public void After_a_5_s_cloud_the_beacon_is_locked_again_within_2_s_of_clearing()
    {
        var cloudStart = TimeSpan.FromSeconds(208);
        var cloudEnd = cloudStart + TimeSpan.FromSeconds(5);
        var result = Fly(Window(TimeSpan.FromSeconds(200), TimeSpan.FromSeconds(18)) with
        {
            KnownTimeBiasSeconds = 2,
            Clouds = [new PassCloud(cloudStart, cloudEnd - cloudStart)],
        });
        var aos = new DateTimeOffset(result.Track.Pass.AosUtc!.Value, TimeSpan.Zero);
        var transitions = result.Transitions;
        Assert.Contains(transitions, t => t.At < aos + cloudStart && t.To == TrackerState.FineLock);
        Assert.Contains(transitions, t => t.At > aos + cloudStart && t.At < aos + cloudEnd && t.To == TrackerState.Coast);
        var relock = transitions.First(t => t.At >= aos + cloudEnd && t.To == TrackerState.CoarseLock);
        output.WriteLine($"relocked {(relock.At - (aos + cloudEnd)).TotalSeconds:0.000} s after the cloud cleared");
        Assert.InRange((relock.At - (aos + cloudEnd)).TotalSeconds, 0, 2);
        Assert.True(result.Metrics.Reacquisitions >= 1);
    }

    [Fact]
    public void A_bright_star_crossing_the_search_does_not_capture_the_tracker()
    {
        int starDetections = 0;
        var camera = new CameraCalibration();
        var result = Fly(Window(TimeSpan.FromSeconds(100), TimeSpan.FromSeconds(8)) with
        {
            FrameObserver = (service, centroid, sky) =>
            {
                // A detection ≥ 300 µrad from the beacon (far more than it moves in the half frame between image and readout).
                var (bx, by) = camera.MountToPixel(sky.BeaconOffset.X, sky.BeaconOffset.Y, sky.LineOfSightElevationDeg * Math.PI / 180);
                if (centroid.IsValid && Math.Sqrt(Math.Pow(centroid.XPx - bx, 2) + Math.Pow(centroid.YPx - by, 2)) * 5 > 300)
                {
                    starDetections++;
                }
            },
            // As bright as the beacon, 0.8 mrad off the true satellite's position a quarter of a second into the search.
            Star = new PassStar(TimeSpan.FromSeconds(100.25), 600, 500, 20_000),
        });
        var m = result.Metrics;
        output.WriteLine($"frames with the star detected instead of the beacon: {starDetections}");
        Assert.True(starDetections >= 3, $"the star was detected in only {starDetections} frames: the test would not test anything");
        Assert.Equal(0, m.Reacquisitions);
        Assert.Equal(1, result.Transitions.Count(t => t.Reason == TransitionReason.BeaconConfirmed));
        Assert.Equal(TrackerState.FineLock, result.Transitions[^1].From);
        Assert.InRange(Math.Abs(result.FinalBeaconOffsetXUrad), 0, 20);
        Assert.InRange(Math.Abs(result.FinalBeaconOffsetYUrad), 0, 20);
    }

    /// <summary>The pass tracked open-loop from AOS, acquisition from <paramref name="from"/> for <paramref name="duration"/>.</summary>
    private static ClosedLoopPassRequest Window(TimeSpan from, TimeSpan duration) =>
        new(MiciusPasses.Request(StationCatalog.Delingha, MiciusPasses.SixtyDegreePassStart) with { TrackFor = from + duration })
        {
            AcquireFromAos = from,
            AlongTrackSeconds = 2,
        };

    private ClosedLoopPassResult Fly(ClosedLoopPassRequest request)
    {
        var result = ClosedLoopPassRunner.Run(request);
        using var text = new StringWriter();
        ClosedLoopPassReport.Write(result, text);
        output.WriteLine(text.ToString());
        Assert.Null(result.Track.TrackerFault);
        return result;
    }
}

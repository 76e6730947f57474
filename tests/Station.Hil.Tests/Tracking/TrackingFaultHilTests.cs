using Station.Cli.Tracking;
using Station.Core.Orbits;
using Station.Devices.Board;
using Station.Emulator.Faults;
using Xunit.Abstractions;

namespace Station.Hil.Tests.Tracking;

/// <summary>
/// Faults injected into an open-loop pass (the 60° Micius pass over Delingha, 2 minutes after AOS): the mount loop
/// stops the mount and faults with the reason when it can no longer follow or sense the axis, and rides through
/// what the drivers' retries absorb.
/// </summary>
public sealed class TrackingFaultHilTests(ITestOutputHelper output)
{
    private static readonly TimeSpan AtFault = TimeSpan.FromMinutes(2);

    [Fact]
    public void A_stalled_azimuth_motor_is_caught_as_a_following_error_the_mount_stops_and_no_limit_is_exceeded()
    {
        var result = Fly(new PassFault(AtFault, TimeSpan.FromSeconds(5), FaultKind.MotorStall, DeviceId.AzMotor));

        Assert.Equal("Faulted", result.TrackerState);
        Assert.StartsWith("following error: azimuth", result.TrackerFault, StringComparison.Ordinal);
        Assert.Equal(0, result.Statistics.LimitViolations);
    }

    [Fact]
    public void A_frozen_elevation_encoder_faults_the_track_naming_the_encoder()
    {
        var result = Fly(new PassFault(AtFault, TimeSpan.FromSeconds(5), FaultKind.EncoderFrozen, DeviceId.ElEncoder));

        Assert.Equal("Faulted", result.TrackerState);
        Assert.StartsWith("axis sensor failed: ", result.TrackerFault, StringComparison.Ordinal);
        Assert.Contains(DeviceId.ElEncoder, result.TrackerFault, StringComparison.Ordinal);
    }

    [Fact]
    public void Corrupt_encoder_frames_for_a_second_are_retried_and_the_pass_completes_within_the_error_budget()
    {
        var result = Fly(new PassFault(AtFault, TimeSpan.FromSeconds(1), FaultKind.SpiCrc, DeviceId.AzEncoder));

        Assert.Equal("Completed", result.TrackerState);
        Assert.InRange(result.EncoderRetries, 5, 1000); // some of the 100 frames in that second were corrupt and re-read
        Assert.InRange(result.Statistics.RmsArcsec, 0, 20);
        Assert.InRange(result.Statistics.MaxArcsec, 0, 60);
    }

    private OpenLoopPassResult Fly(PassFault fault)
    {
        var result = OpenLoopPassRunner.Run(MiciusPasses.Request(StationCatalog.Delingha, MiciusPasses.SixtyDegreePassStart) with { Faults = [fault] });
        output.WriteLine($"{result.TrackerState}: {result.TrackerFault}; encoder retries {result.EncoderRetries}; {PassTrackReport.SummaryLine(result)}");
        return result;
    }
}

using System.Globalization;
using Station.Cli.Tracking;
using Station.Core.Orbits;
using Station.Core.Pointing;
using Xunit.Abstractions;

namespace Station.Hil.Tests.Tracking;

/// <summary>An 88° pass through the azimuth keyhole, predicted by the planner and flown on the emulated mount.</summary>
public sealed class KeyholePassHilTests(ITestOutputHelper output)
{
    [Fact]
    public void An_88_degree_pass_goes_through_the_keyhole_as_predicted_within_20_percent_and_no_limit_exceeded()
    {
        var result = OpenLoopPassRunner.Run(MiciusPasses.Request(StationCatalog.Parse(MiciusPasses.KeyholeStation), MiciusPasses.SixtyDegreePassStart));
        using var report = new StringWriter(CultureInfo.InvariantCulture);
        PassTrackReport.Write(result, report);
        output.WriteLine(report.ToString());

        Assert.InRange(result.Pass.MaxElevationDeg, 87.5, 88.5);
        Assert.Equal("Completed", result.TrackerState);
        Assert.Equal(0, result.Statistics.LimitViolations);
        var keyhole = Assert.Single(result.Statistics.Keyholes);
        Assert.True(keyhole.PredictedSecondsAboveThreshold > 1, "an 88° pass must lose the beacon camera's field in the keyhole");
        Assert.InRange(keyhole.AchievedMaxErrorArcsec / keyhole.PredictedMaxErrorArcsec, 0.8, 1.2);
        Assert.InRange(keyhole.AchievedSecondsAboveThreshold / keyhole.PredictedSecondsAboveThreshold, 0.8, 1.2);
    }
}

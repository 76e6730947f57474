using System.Globalization;
using Station.Cli.Tracking;
using Station.Core.Orbits;
using Station.Core.Pointing;
using Xunit.Abstractions;

namespace Station.Hil.Tests.Tracking;

/// <summary>The control experiment: the same pass with no pointing model shows the emulated mount's true errors.</summary>
public sealed class UncalibratedPassHilTests(ITestOutputHelper output)
{
    [Fact]
    public void Without_the_fitted_pointing_model_the_same_pass_misses_by_the_mounts_true_errors()
    {
        var result = OpenLoopPassRunner.Run(MiciusPasses.Request(StationCatalog.Delingha, MiciusPasses.SixtyDegreePassStart) with { PointingModel = PointingModel.Identity });
        output.WriteLine(PassTrackReport.SummaryLine(result));
        Assert.Equal("Completed", result.TrackerState);
        Assert.True(result.Statistics.RmsArcsec > 30, $"uncalibrated rms {result.Statistics.RmsArcsec:0.0}″: the true pointing errors should show");
    }
}

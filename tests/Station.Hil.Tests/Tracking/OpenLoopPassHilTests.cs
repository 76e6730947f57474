using System.Globalization;
using System.Text.RegularExpressions;
using Station.Cli;
using Station.Cli.Tracking;
using Station.Core.Orbits;
using Station.Core.Pointing;
using Xunit.Abstractions;

namespace Station.Hil.Tests.Tracking;

/// <summary>
/// Micius (2016-12-18 element set, ~500 km) flown open-loop on the emulated station by the firmware's motion code,
/// the line-of-sight error taken from the emulator's truth (true axis angles through the true pointing errors
/// versus the satellite's true apparent position).
/// </summary>
public sealed partial class OpenLoopPassHilTests(ITestOutputHelper output)
{
    [Fact]
    public void The_cli_flies_a_sixty_degree_pass_within_20_arcsec_rms_and_60_max_with_no_limit_exceeded()
    {
        using var stdout = new StringWriter(CultureInfo.InvariantCulture);
        using var stderr = new StringWriter(CultureInfo.InvariantCulture);
        int code = StationCli.Run(["track", "--tle", MiciusPasses.File, "--sat", "41731", "--station", "delingha", "--start", MiciusPasses.SixtyDegreePassStart, "--seed", "7"], stdout, stderr);
        output.WriteLine(stdout.ToString());
        Assert.True(code == 0, stderr.ToString());

        string[] lines = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains(lines, l => l.StartsWith("pass: MICIUS", StringComparison.Ordinal) && l.Contains("max elevation 63.5", StringComparison.Ordinal));
        Assert.Contains("tracker: Completed", lines);
        var summary = SummaryPattern().Match(lines[^1]);
        Assert.True(summary.Success, $"last line '{lines[^1]}' is not the summary");
        double rms = double.Parse(summary.Groups[1].Value, CultureInfo.InvariantCulture);
        double max = double.Parse(summary.Groups[2].Value, CultureInfo.InvariantCulture);
        Assert.InRange(rms, 0, 20);
        Assert.InRange(max, rms, 60);
        Assert.Equal("0", summary.Groups[3].Value);
    }

    [Fact]
    public void A_pass_through_the_sun_cone_is_refused_with_the_distance_and_nothing_is_flown()
    {
        var request = MiciusPasses.Request(StationCatalog.Delingha, "2017-01-02T04:00:00Z") with { MinPassElevationDeg = 85 };
        var refusal = Assert.Throws<PassTrackException>(() => OpenLoopPassRunner.Run(request));
        Assert.Contains("from the sun", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("30° exclusion cone", refusal.Message, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^los_error_rms_arcsec=([0-9.]+) los_error_max_arcsec=([0-9.]+) limit_violations=(\d+)$")]
    private static partial Regex SummaryPattern();
}

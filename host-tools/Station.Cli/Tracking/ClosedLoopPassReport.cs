using System.Globalization;

namespace Station.Cli.Tracking;

/// <summary>The text report of a closed-loop pass: the track, the sky and its spectra, the tracker's log and metrics; the last line is the acquisition summary.</summary>
public static class ClosedLoopPassReport
{
    /// <summary>At most this many transitions are listed (the first and the last ones).</summary>
    public const int MaxTransitionsListed = 40;

    public static void Write(ClosedLoopPassResult result, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        var c = CultureInfo.InvariantCulture;
        PassTrackReport.WriteBody(result.Track, output);
        output.WriteLine("line of sight (beacon offset from the true optical axis, mount only): " + PassTrackReport.SummaryLine(result.Track));
        foreach (string line in result.Sky)
        {
            output.WriteLine("sky: " + line);
        }

        foreach (string line in result.TurbulenceAlongPass)
        {
            output.WriteLine("sky: " + line);
        }

        var r = result.SearchRegion;
        output.WriteLine(string.Create(c, $"search: ellipse {r.SemiAxisAlongUrad:0} × {r.SemiAxisAcrossUrad:0} µrad (semi-axes, along × across the track), {result.SearchPoints} points; lock times from {result.Reference:HH:mm:ss.fff}Z"));
        var transitions = result.Transitions;
        for (int i = 0; i < transitions.Count; i++)
        {
            if (transitions.Count > MaxTransitionsListed && i == MaxTransitionsListed / 2)
            {
                output.WriteLine(string.Create(c, $"tracker: … {transitions.Count - MaxTransitionsListed} transitions …"));
                i = transitions.Count - (MaxTransitionsListed / 2);
            }

            output.WriteLine("tracker: " + transitions[i]);
        }

        var m = result.Metrics;
        output.WriteLine(string.Create(c, $"acquisition: state {m.State}; search {m.SearchSeconds:0.00} s, coarse {m.CoarseSeconds:0.00} s, fine {m.FineSeconds:0.00} s, coast {m.CoastSeconds:0.00} s; fine-lock fraction {m.FineLockFraction:0.000}; searches {m.SearchesStarted}"));
        output.WriteLine(string.Create(c, $"acquisition: last centroid ({m.CentroidXPx:0.00}, {m.CentroidYPx:0.00}) px, SNR {m.Snr:0.0}, flux {m.FluxAdu:0} ADU; coarse residual {m.CoarseResidualXelUrad:0.00}/{m.CoarseResidualElUrad:0.00} µrad (xel/el)"));
        output.WriteLine(string.Create(c, $"fine residual above {ClosedLoopPassRunner.FineRmsFloorDeg:0}° as the quad cell reads it: {m.FineRmsXelUrad:0.000}/{m.FineRmsElUrad:0.000} µrad rms (xel/el, {m.FineRmsSamples} samples)"));
        output.WriteLine(string.Create(c, $"fine residual above {ClosedLoopPassRunner.FineRmsFloorDeg:0}° in truth (beacon after the mirror): {result.TrueFineRmsXelUrad:0.000}/{result.TrueFineRmsElUrad:0.000} µrad rms (x/y, {result.TrueFineSamples} samples)"));
        output.WriteLine(string.Create(c, $"frames measured {result.FramesMeasured}, quad-cell samples {result.FineSamples}, camera full-frame/ROI switches {result.CameraSwitches}"));
        output.WriteLine(result.SummaryLine);
    }
}

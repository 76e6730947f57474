using System.Globalization;

namespace Station.Cli.Tracking;

/// <summary>The text report of an open-loop pass; its last line is the machine-readable summary.</summary>
public static class PassTrackReport
{
    /// <summary>The summary line, exactly as scripts parse it.</summary>
    public static string SummaryLine(OpenLoopPassResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var s = result.Statistics;
        return string.Create(CultureInfo.InvariantCulture, $"los_error_rms_arcsec={Number(s.RmsArcsec)} los_error_max_arcsec={Number(s.Samples == 0 ? double.NaN : s.MaxArcsec)} limit_violations={s.LimitViolations}");
    }

    /// <summary>A number as scripts read it; <c>nan</c> when nothing was measured (the track ended below the floor).</summary>
    private static string Number(double value) => double.IsNaN(value) ? "nan" : value.ToString("0.###", CultureInfo.InvariantCulture);

    public static void Write(OpenLoopPassResult result, TextWriter output)
    {
        WriteBody(result, output);
        output.WriteLine(SummaryLine(result));
    }

    /// <summary>Everything but the summary line (the closed-loop report continues after it).</summary>
    public static void WriteBody(OpenLoopPassResult result, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        var c = CultureInfo.InvariantCulture;
        var p = result.Pass;
        var t = result.Trajectory;
        output.WriteLine(string.Create(c, $"pass: {p.Name} AOS {p.AosUtc:O} TCA {p.TcaUtc:O} LOS {p.LosUtc:O} max elevation {p.MaxElevationDeg:0.00}°"));
        output.WriteLine(string.Create(c, $"weather station: {result.PressureMbar:0.0} hPa, {result.TemperatureC:0.0} °C (refraction)"));
        if (result.Calibration is { } fit)
        {
            output.WriteLine(string.Create(c, $"pointing model: {fit.Terms.Count} terms fitted to {fit.ObservationCount} observations, rms {fit.RmsBefore.Arcseconds:0.0}″ before, {fit.RmsAfter.Arcseconds:0.00}″ after"));
        }
        else
        {
            output.WriteLine("pointing model: from the calibration file");
        }

        output.WriteLine(string.Create(c, $"track: {t.StartUtc:HH:mm:ss.ff}Z → {t.EndUtc:HH:mm:ss.ff}Z, {t.Count} setpoints, wrap offset {t.WrapOffsetDeg:0}°, sun ≥ {t.MinimumSunSeparationDeg:0.0}° away, slew {result.SlewStrategy}"));
        foreach (var k in result.Statistics.Keyholes)
        {
            output.WriteLine(string.Create(c,
                $"keyhole {k.Prediction.StartUtc:HH:mm:ss.ff}Z → {k.Prediction.EndUtc:HH:mm:ss.ff}Z: predicted max error {k.PredictedMaxErrorArcsec:0.0}″, {k.PredictedSecondsAboveThreshold:0.00} s beyond the lock threshold; achieved {k.AchievedMaxErrorArcsec:0.0}″, {k.AchievedSecondsAboveThreshold:0.00} s"));
        }

        output.WriteLine(string.Create(c, $"encoder frames re-read after errors: {result.EncoderRetries}"));
        output.WriteLine(string.Create(c, $"tracker: {result.TrackerState}{(result.TrackerFault is { } f ? " — " + f : string.Empty)}"));
        if (result.Statistics.FirstViolation is { } v)
        {
            output.WriteLine($"first limit violation: {v}");
        }

        output.WriteLine(string.Create(c, $"samples above 15°: {result.Statistics.Samples}; simulated {result.SimulatedTime.TotalSeconds:0} s in {result.WallTime.TotalSeconds:0.0} s wall"));
    }
}

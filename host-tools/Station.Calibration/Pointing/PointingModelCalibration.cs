using System.Globalization;
using System.Text.Json.Nodes;
using Station.Calibration.Common;
using Station.Calibration.Stars;
using Station.Core.Acquisition;
using Station.Core.Calibration;
using Station.Core.Pointing;
using UnitsNet;

namespace Station.Calibration.Pointing;

/// <summary>
/// The pointing-model calibration (<c>host-tools/calibration/pointing-model.cs</c>): reads the weather, chooses bright
/// stars spread over the sky, observes each (<see cref="PointingSurvey"/>), fits the seven basic TPOINT terms with
/// outlier rejection, and hands back the firmware's pointing-model file. Refuses — nothing is written — on too few
/// stars, stars in one part of the sky, or a fit that does not converge.
/// </summary>
public static class PointingModelCalibration
{
    /// <summary>Fewest stars for a seven-term fit with some redundancy (14 equations would fit 7 terms exactly).</summary>
    public const int MinimumStars = 10;

    /// <summary>At least this many of the eight 45° azimuth octants must hold a star (AN and AW need azimuth spread).</summary>
    public const int MinimumOctants = 4;

    /// <summary>Smallest elevation span, degrees (IE, TF, CA and NPAE are told apart only by their change with elevation).</summary>
    public const double MinimumElevationSpanDeg = 25;

    /// <summary>The boresight file camera-boresight.cs writes, used from the output directory when --boresight is not given.</summary>
    public const string DefaultBoresightFile = "camera-boresight.json";

    public static IReadOnlyList<CalibrationOption> Options { get; } =
    [
        // IA, CA and NPAE of an alt-az mount differ only through sec/tan of the elevation: 60 stars from 15° to 85°,
        // 16 frames each (seeing moves a star ~0.5″ a frame), bring their 1σ to about 0.3″ on the emulated sky.
        CalibrationOption.WholeNumber("stars", 60, 4, 200),
        CalibrationOption.WholeNumber("frames", 16, 1, 100),
        CalibrationOption.Number("min-el", 15, 5, 85),
        CalibrationOption.Number("max-el", 85, 10, 89),
        CalibrationOption.Number("az-from", 0, 0, 360),
        CalibrationOption.Number("az-to", 360, 0, 360),
        CalibrationOption.Number("max-rms-arcsec", 5, 0.1, 600),
        new("boresight", $"a camera-boresight calibration file (camera-boresight.cs; default OUT/{DefaultBoresightFile} when present)", "", text => text.Length > 0),
    ];

    /// <summary>Runs the calibration on <paramref name="rig"/>; <paramref name="progress"/> gets a line per star.</summary>
    public static CalibrationResult Run(CalibrationArguments arguments, CalibrationRig rig, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(rig);
        var region = new SkyRegion(arguments.GetDouble("az-from"), arguments.GetDouble("az-to"), arguments.GetDouble("min-el"), arguments.GetDouble("max-el"));
        if (region.ElevationMinDeg >= region.ElevationMaxDeg)
        {
            throw new CalibrationArgumentException(string.Create(CultureInfo.InvariantCulture, $"option --min-el {region.ElevationMinDeg} must be below --max-el {region.ElevationMaxDeg}"));
        }

        // The bench order is boresight first: its file in the output directory is used unless --boresight names another.
        string boresightPath = arguments.Get("boresight") is { Length: > 0 } given ? given
            : File.Exists(Path.Combine(arguments.OutputDirectory, DefaultBoresightFile)) ? Path.Combine(arguments.OutputDirectory, DefaultBoresightFile) : "";
        var boresight = LoadBoresight(boresightPath, rig.Site.Name);
        var (pressureMbar, temperatureC) = CalibrationWeather.Read(rig);

        var chosen = StarSelection.Choose(BrightStarCatalogue.All, rig.Time.GetUtcNow().UtcDateTime, rig.Site, arguments.GetInt("stars"), region);
        var missed = new List<BrightStar>();
        IReadOnlyList<StarObservation> observations;
        string cameraSource;
        PointingModel? truth = null; // on the emulator: what the fit should find
        using (var mount = new CalibrationMount(rig))
        using (var camera = new CalibrationCamera(rig))
        {
            if (rig is EmulatedCalibrationRig emulated)
            {
                truth = EmulatedCalibrationRig.InHomedFrame(emulated.Station.TruePointingModel, emulated.HomedFrameOffset(mount));
            }

            var cameraCalibration = boresight ?? camera.NominalCalibration;
            cameraSource = boresight is null ? "nominal geometry (no boresight calibration: the camera's boresight offset goes into CA and IE)" : boresightPath;
            progress?.Invoke(string.Create(CultureInfo.InvariantCulture, $"weather: {pressureMbar:0.0} mbar, {temperatureC:0.0} °C; camera: {cameraSource}"));
            var survey = new PointingSurvey(rig, mount, camera, cameraCalibration) { FramesPerStar = arguments.GetInt("frames") };
            observations = survey.Observe(chosen, temperatureC, pressureMbar, missed, progress);
        }

        CheckCoverage(observations, arguments.GetInt("stars"), chosen.Count, missed.Count);
        var (fit, used, rejected) = FitWithRejection(observations, arguments.GetDouble("max-rms-arcsec"));
        var residuals = Residuals(used, fit.Model);
        var inputs = CalibrationSession.Inputs(
            ("stars_requested", arguments.GetInt("stars")),
            ("stars_chosen", chosen.Count),
            ("stars_observed", observations.Count),
            ("stars_missed", new JsonArray([.. missed.Select(s => (JsonNode?)s.Id)])),
            ("stars_rejected", new JsonArray([.. rejected.Select(s => (JsonNode?)s.Star.Id)])),
            ("pressure_mbar", Math.Round(pressureMbar, 2)),
            ("temperature_c", Math.Round(temperatureC, 2)),
            ("camera", cameraSource),
            ("catalogue", "BSC5 (CDS V/50) stars brighter than V 4.5, embedded"));
        var file = PointingModelFile.FromFit(fit, rig.Site.Name, rig.Time.GetUtcNow());
        return new CalibrationResult(
            "pointing-model.json",
            PointingModelFile.Format,
            PointingModelFile.Version,
            inputs,
            header => (file with { CreatedUtc = header.CreatedUtc, Inputs = header.Inputs }).ToJson(),
            "pointing-model.png",
            path => PointingResidualPlot.Write(path, residuals, fit.RmsBefore.Arcseconds, fit.RmsAfter.Arcseconds),
            Summary(fit, observations.Count, missed.Count, rejected.Count, truth));
    }

    /// <summary>Refuses too few stars and stars crowded into one part of the sky.</summary>
    public static void CheckCoverage(IReadOnlyList<StarObservation> observations, int requested, int chosen, int missed)
    {
        ArgumentNullException.ThrowIfNull(observations);
        if (observations.Count < MinimumStars)
        {
            throw new CalibrationRefusedException(
                $"too few stars: {observations.Count} observed ({requested} asked for, {chosen} above the horizon in the region, {missed} not found in the camera); a fit of {PointingTerms.Basic.Count} terms needs at least {MinimumStars}");
        }

        var octants = observations.Select(o => (int)(((o.SkyAzimuthDeg % 360) + 360) % 360 / 45)).Distinct().Order().ToList();
        double elMin = observations.Min(o => o.SkyElevationDeg), elMax = observations.Max(o => o.SkyElevationDeg);
        if (octants.Count < MinimumOctants)
        {
            throw new CalibrationRefusedException(string.Create(CultureInfo.InvariantCulture,
                $"stars all in one part of the sky: azimuths {observations.Min(o => o.SkyAzimuthDeg):0}°–{observations.Max(o => o.SkyAzimuthDeg):0}° cover {octants.Count} of the 8 azimuth octants; AN and AW need stars in at least {MinimumOctants}"));
        }

        if (elMax - elMin < MinimumElevationSpanDeg)
        {
            throw new CalibrationRefusedException(string.Create(CultureInfo.InvariantCulture,
                $"stars all in one part of the sky: elevations {elMin:0.0}°–{elMax:0.0}° span {elMax - elMin:0.0}°; IE, TF, CA and NPAE need a span of at least {MinimumElevationSpanDeg}°"));
        }
    }

    /// <summary>
    /// Fits the basic terms, drops observations beyond 4σ (a wrong star, a cosmic ray) and refits until none is dropped.
    /// Refuses when terms cannot be separated, more than a fifth are outliers, it keeps dropping, or the residual stays large.
    /// </summary>
    public static (PointingFitResult Fit, IReadOnlyList<StarObservation> Used, IReadOnlyList<StarObservation> Rejected) FitWithRejection(IReadOnlyList<StarObservation> observations, double maxRmsArcsec)
    {
        ArgumentNullException.ThrowIfNull(observations);
        var used = observations.ToList();
        var rejected = new List<StarObservation>();
        for (int iteration = 0; iteration < 6; iteration++)
        {
            var fit = PointingModelFit.Fit([.. used.Select(ToRadians)]);
            if (fit.DegenerateTerms.Count > 0)
            {
                throw new CalibrationRefusedException($"the fit does not converge: {string.Join(", ", fit.DegenerateTerms)} cannot be separated by these {used.Count} stars");
            }

            double rms = fit.RmsAfter.Arcseconds;
            var outliers = used.Where(o => Radial(o, fit.Model) > Math.Max(4 * rms, 1.0)).ToList();
            if (outliers.Count == 0)
            {
                return rms <= maxRmsArcsec ? (fit, used, rejected)
                    : throw new CalibrationRefusedException(string.Create(CultureInfo.InvariantCulture,
                        $"the fit does not converge: residual rms {rms:0.00}″ after fitting is above the {maxRmsArcsec}″ limit (--max-rms-arcsec); the mount is not described by the basic TPOINT terms"));
            }

            rejected.AddRange(outliers);
            used.RemoveAll(outliers.Contains);
            if (rejected.Count * 5 > observations.Count || used.Count < MinimumStars)
            {
                throw new CalibrationRefusedException($"the fit does not converge: {rejected.Count} of {observations.Count} stars are outliers (beyond 4σ); check the star identification and the camera");
            }
        }

        throw new CalibrationRefusedException("the fit does not converge: outliers were still being rejected after 6 iterations");
    }

    private static PointingObservation ToRadians(StarObservation o)
    {
        const double d = Math.PI / 180;
        return new PointingObservation(o.SkyAzimuthDeg * d, o.SkyElevationDeg * d, o.MountAzimuthDeg * d, o.MountElevationDeg * d);
    }

    /// <summary>The on-sky residual of an observation after <paramref name="model"/>, arcsec.</summary>
    private static double Radial(StarObservation o, PointingModel model)
    {
        var r = Residual(o, model);
        return Math.Sqrt((r.Xel * r.Xel) + (r.El * r.El));
    }

    private static (double Xel, double El) Residual(StarObservation o, PointingModel model)
    {
        const double d = Math.PI / 180;
        var (az, el) = model.SkyToMount(o.SkyAzimuthDeg * d, o.SkyElevationDeg * d);
        return (Math.IEEERemainder((o.MountAzimuthDeg * d) - az, 2 * Math.PI) * Math.Cos(o.SkyElevationDeg * d) / d * 3600, ((o.MountElevationDeg * d) - el) / d * 3600);
    }

    public static IReadOnlyList<StarResidual> Residuals(IReadOnlyList<StarObservation> observations, PointingModel model)
    {
        ArgumentNullException.ThrowIfNull(observations);
        return [.. observations.Select(o =>
        {
            var before = Residual(o, PointingModel.Identity);
            var after = Residual(o, model);
            return new StarResidual(o.Star.Id, ((o.SkyAzimuthDeg % 360) + 360) % 360, o.SkyElevationDeg, before.Xel, before.El, after.Xel, after.El);
        })];
    }

    private static CameraCalibration? LoadBoresight(string path, string station)
    {
        if (path.Length == 0)
        {
            return null;
        }

        try
        {
            return BoresightFile.Parse(File.ReadAllText(path), path, station).Camera;
        }
        catch (Exception ex) when (ex is CalibrationFileException or IOException or UnauthorizedAccessException)
        {
            throw new CalibrationArgumentException($"option --boresight: {ex.Message}", ex);
        }
    }

    private static List<string> Summary(PointingFitResult fit, int observed, int missed, int rejected, PointingModel? truth)
    {
        var c = CultureInfo.InvariantCulture;
        var lines = new List<string>
        {
            string.Create(c, $"stars: {observed} observed, {missed} not found, {rejected} rejected as outliers; {fit.ObservationCount} in the fit"),
            truth is null ? "term       value ±1σ" : "term       value ±1σ        emulator truth (homed)   error",
        };
        foreach (var term in fit.Terms)
        {
            string value = string.Create(c, $"{term.Term,-5} {term.Value.Arcseconds,9:0.00}″ ±{term.Uncertainty?.Arcseconds ?? double.NaN,5:0.00}″");
            lines.Add(truth is null ? value : string.Create(c, $"{value}   {truth[term.Term].Arcseconds,9:0.00}″   {term.Value.Arcseconds - truth[term.Term].Arcseconds,6:+0.00;-0.00}″"));
        }

        lines.Add(string.Create(c, $"residual rms: before {fit.RmsBefore.Arcseconds:0.00}″, after {fit.RmsAfter.Arcseconds:0.00}″"));
        return lines;
    }
}

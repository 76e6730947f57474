namespace Station.Core.Orbits;

/// <summary>Which station limits a common-view window at one of its edges.</summary>
public enum CommonViewLimit
{
    /// <summary>The edge is where station A's pass begins or ends.</summary>
    StationA,

    /// <summary>The edge is where station B's pass begins or ends.</summary>
    StationB,

    /// <summary>The edge is the search window's edge (or the end of SGP4's validity): both passes continue past it.</summary>
    SearchWindow,
}

/// <summary>An interval when one satellite is above the masks of two stations at once.</summary>
public sealed record CommonViewWindow
{
    public required int CatalogNumber { get; init; }

    public required string Name { get; init; }

    public required DateTime StartUtc { get; init; }

    public required DateTime EndUtc { get; init; }

    public TimeSpan Duration => EndUtc - StartUtc;

    public CommonViewLimit StartLimitedBy { get; init; }

    public CommonViewLimit EndLimitedBy { get; init; }

    /// <summary>Highest elevation from station A inside the window (apparent when refraction is on), degrees, and when.</summary>
    public required double MaxElevationADeg { get; init; }

    public required DateTime MaxElevationAUtc { get; init; }

    /// <summary>Highest elevation from station B inside the window (apparent when refraction is on), degrees, and when.</summary>
    public required double MaxElevationBDeg { get; init; }

    public required DateTime MaxElevationBUtc { get; init; }

    /// <summary>The instant that maximises the lower of the two elevations (best for a two-station link), and that elevation.</summary>
    public required DateTime BestJointUtc { get; init; }

    public required double BestJointElevationDeg { get; init; }

    /// <summary>Slant range from station A over the window: least and greatest, km.</summary>
    public required double MinRangeAKm { get; init; }

    public required double MaxRangeAKm { get; init; }

    /// <summary>Slant range from station B over the window: least and greatest, km.</summary>
    public required double MinRangeBKm { get; init; }

    public required double MaxRangeBKm { get; init; }
}

/// <summary>Look angles of one satellite from both stations at one instant of a common-view window.</summary>
public readonly record struct CommonViewSample(DateTime Utc, LookAngles A, LookAngles B);

/// <summary>The common-view windows of one satellite, and the pass searches they came from.</summary>
public sealed record CommonViewResult
{
    public required IReadOnlyList<CommonViewWindow> Windows { get; init; }

    public required SatellitePasses PassesA { get; init; }

    public required SatellitePasses PassesB { get; init; }

    /// <summary>The SGP4 error that ended the search early, or <see cref="Sgp4Error.None"/>.</summary>
    public Sgp4Error Error => PassesA.Error != Sgp4Error.None ? PassesA.Error : PassesB.Error;
}

/// <summary>
/// Common view of one satellite from two stations (e.g. Delingha and Nanshan for entanglement distribution): the
/// intersections of the two stations' passes, each with its edges to the pass finder's tolerance, each station's
/// highest elevation in the window (from the pass culminations inside it, or the window edges), the best joint
/// elevation and the slant-range extremes.
/// </summary>
public sealed class CommonViewFinder
{
    private const int ExtremumSamples = 24;

    private readonly PassFinder _a;
    private readonly PassFinder _b;

    /// <summary>Creates a finder; <paramref name="optionsB"/> defaults to <paramref name="optionsA"/> (same mask and air).</summary>
    /// <exception cref="ArgumentNullException">A station is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public CommonViewFinder(GroundStation stationA, GroundStation stationB, PassSearchOptions? optionsA = null, PassSearchOptions? optionsB = null)
    {
        _a = new PassFinder(stationA, optionsA);
        _b = new PassFinder(stationB, optionsB ?? optionsA);
    }

    public GroundStation StationA => _a.Station;

    public GroundStation StationB => _b.Station;

    /// <summary>The common-view windows of <paramref name="satellite"/> in [<paramref name="startUtc"/>, <paramref name="endUtc"/>], in time order.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="satellite"/> is null.</exception>
    /// <exception cref="ArgumentException">The window is empty, too long, or in local time.</exception>
    public CommonViewResult Find(Sgp4Propagator satellite, DateTime startUtc, DateTime endUtc)
    {
        SatellitePasses a = _a.Find(satellite, startUtc, endUtc);
        SatellitePasses b = _b.Find(satellite, startUtc, endUtc);
        startUtc = DateTime.SpecifyKind(startUtc, DateTimeKind.Utc);
        var probeA = new ElevationProbe(satellite, _a.Station, startUtc, _a.Options.EarthOrientation);
        var probeB = new ElevationProbe(satellite, _b.Station, startUtc, _b.Options.EarthOrientation);
        var windows = new List<CommonViewWindow>();
        int i = 0, j = 0;
        while (i < a.Passes.Count && j < b.Passes.Count)
        {
            SatellitePass pa = a.Passes[i], pb = b.Passes[j];
            DateTime start = pa.StartUtc > pb.StartUtc ? pa.StartUtc : pb.StartUtc;
            DateTime end = pa.EndUtc < pb.EndUtc ? pa.EndUtc : pb.EndUtc;
            if (end > start)
            {
                windows.Add(Window(probeA, probeB, pa, pb, start, end));
            }

            // Advance whichever pass ends first; the other may overlap the next one.
            if (pa.EndUtc <= pb.EndUtc)
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return new CommonViewResult { Windows = windows, PassesA = a, PassesB = b };
    }

    /// <summary>Look angles from both stations from the window's start to its end every <paramref name="step"/> (the end always included).</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The step is not positive.</exception>
    public IReadOnlyList<CommonViewSample> Sample(Sgp4Propagator satellite, CommonViewWindow window, TimeSpan step)
    {
        ArgumentNullException.ThrowIfNull(satellite);
        ArgumentNullException.ThrowIfNull(window);
        if (step <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(step), step, "The sampling step must be positive.");
        }

        var probeA = new ElevationProbe(satellite, _a.Station, window.StartUtc, _a.Options.EarthOrientation);
        var probeB = new ElevationProbe(satellite, _b.Station, window.StartUtc, _b.Options.EarthOrientation);
        double span = (window.EndUtc - window.StartUtc).TotalSeconds;
        var samples = new List<CommonViewSample>();
        for (long k = 0; ; k++)
        {
            double t = Math.Min(span, k * step.TotalSeconds);
            samples.Add(new CommonViewSample(probeA.UtcAt(t), probeA.LookAt(t, out _), probeB.LookAt(t, out _)));
            if (t >= span)
            {
                return samples;
            }
        }
    }

    private CommonViewWindow Window(ElevationProbe probeA, ElevationProbe probeB, SatellitePass pa, SatellitePass pb, DateTime start, DateTime end)
    {
        double s = (start - probeA.StartUtc).TotalSeconds, e = (end - probeA.StartUtc).TotalSeconds;
        (double tA, double elA) = Highest(probeA, pa, s, e);
        (double tB, double elB) = Highest(probeB, pb, s, e);
        var joint = new JointElevation(probeA, probeB);
        (double tJ, double negJ) = Extremum(ref joint, s, e, _a.Options.TimeToleranceSeconds);
        var rangeA = new SlantRange(probeA, 1.0);
        var rangeB = new SlantRange(probeB, 1.0);
        var negRangeA = new SlantRange(probeA, -1.0);
        var negRangeB = new SlantRange(probeB, -1.0);
        return new CommonViewWindow
        {
            CatalogNumber = pa.CatalogNumber,
            Name = pa.Name,
            StartUtc = start,
            EndUtc = end,
            StartLimitedBy = Limit(pa.StartUtc == start && pa.AosUtc is not null, pb.StartUtc == start && pb.AosUtc is not null),
            EndLimitedBy = Limit(pa.EndUtc == end && pa.LosUtc is not null, pb.EndUtc == end && pb.LosUtc is not null),
            MaxElevationADeg = Reported(_a.Options, elA),
            MaxElevationAUtc = probeA.UtcAt(tA),
            MaxElevationBDeg = Reported(_b.Options, elB),
            MaxElevationBUtc = probeA.UtcAt(tB),
            BestJointUtc = probeA.UtcAt(tJ),
            BestJointElevationDeg = -negJ,
            MinRangeAKm = Extremum(ref rangeA, s, e, _a.Options.TimeToleranceSeconds).F,
            MaxRangeAKm = -Extremum(ref negRangeA, s, e, _a.Options.TimeToleranceSeconds).F,
            MinRangeBKm = Extremum(ref rangeB, s, e, _b.Options.TimeToleranceSeconds).F,
            MaxRangeBKm = -Extremum(ref negRangeB, s, e, _b.Options.TimeToleranceSeconds).F,
        };
    }

    private static CommonViewLimit Limit(bool a, bool b) => a ? CommonViewLimit.StationA : b ? CommonViewLimit.StationB : CommonViewLimit.SearchWindow;

    private static double Reported(PassSearchOptions options, double geometricDeg) => options.Refraction is { } air
        ? Refraction.ApparentFromGeometricDeg(geometricDeg, air.TemperatureC, air.PressureMbar)
        : geometricDeg;

    // Within one pass the elevation's maxima are the pass's culminations; clipped to [s, e] the highest point is one
    // of those inside, or an edge.
    private static (double T, double ElevationDeg) Highest(ElevationProbe probe, SatellitePass pass, double s, double e)
    {
        (double bestT, double best) = (s, probe.ElevationDeg(s));
        double atEnd = probe.ElevationDeg(e);
        if (atEnd > best)
        {
            (bestT, best) = (e, atEnd);
        }

        foreach (DateTime c in pass.CulminationsUtc)
        {
            double t = (c - probe.StartUtc).TotalSeconds;
            if (t > s && t < e)
            {
                double el = probe.ElevationDeg(t);
                if (el > best)
                {
                    (bestT, best) = (t, el);
                }
            }
        }

        return (bestT, best);
    }

    // The least value of f on [s, e]: the best of evenly spaced samples, refined by Brent's minimiser between its neighbours.
    private static (double X, double F) Extremum<TF>(ref TF f, double s, double e, double tolerance)
        where TF : struct, IScalarFunction
    {
        double h = (e - s) / ExtremumSamples;
        int best = 0;
        double bestF = double.PositiveInfinity;
        for (int k = 0; k <= ExtremumSamples; k++)
        {
            double v = f.Evaluate(s + (k * h));
            if (v < bestF)
            {
                (best, bestF) = (k, v);
            }
        }

        double x = s + (best * h);
        double lo = Math.Max(s, x - h), hi = Math.Min(e, x + h);
        (double xr, double fr) = ScalarSolvers.Minimize(ref f, lo, hi, x, bestF, tolerance);
        return fr <= bestF ? (xr, fr) : (x, bestF);
    }

    private readonly struct JointElevation(ElevationProbe a, ElevationProbe b) : IScalarFunction
    {
        public double Evaluate(double x) => -Math.Min(a.ElevationDeg(x), b.ElevationDeg(x));
    }

    private readonly struct SlantRange(ElevationProbe probe, double sign) : IScalarFunction
    {
        public double Evaluate(double x) => sign * probe.LookAt(x, out _).RangeKm;
    }
}

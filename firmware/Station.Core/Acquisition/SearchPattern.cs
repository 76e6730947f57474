using System.Globalization;
using UnitsNet;

namespace Station.Core.Acquisition;

/// <summary>Camera footprint and timing of a search.</summary>
public sealed record SearchOptions
{
    /// <summary>
    /// Diameter of the circle inscribed in the camera field (the smaller side). A circle, because the camera may
    /// rotate against the mount frame with elevation: coverage must not depend on that rotation. The default matches
    /// the default <see cref="CameraCalibration"/> (512 px × 5 µrad); see <see cref="CameraCalibration.InscribedFieldOfView"/>.
    /// </summary>
    public Angle FieldOfView { get; init; } = Angle.FromMicroradians(2560);

    /// <summary>Overlap of neighbouring footprints as a fraction of the diameter. A hexagonal grid of circles leaves no gap from 1 − √3/2 ≈ 0.134 on.</summary>
    public double Overlap { get; init; } = 0.2;

    /// <summary>Frames taken at each point.</summary>
    public int FramesPerPoint { get; init; } = 3;

    public Frequency FrameRate { get; init; } = Frequency.FromHertz(100);

    /// <summary>Time for the mount to settle after each move before frames count.</summary>
    public Duration SettleTime { get; init; } = Duration.FromMilliseconds(30);

    /// <summary>Rate at which the offset is moved between points (on top of the track).</summary>
    public RotationalSpeed OffsetSlewRate { get; init; } = RotationalSpeed.FromDegreesPerSecond(1);

    /// <summary>Capacity of the point table, allocated once.</summary>
    public int MaxPoints { get; init; } = 4096;

    internal void Validate()
    {
        string? error = this switch
        {
            _ when !(FieldOfView.Microradians is > 1 and < 1e6) => $"field of view {FieldOfView.Microradians:G6} µrad must be within 1 µrad…1 rad",
            _ when !(Overlap is >= 0.14 and <= 0.9) => $"overlap {Overlap} must be within 0.14…0.9 (below 1 − √3/2 a hexagonal grid leaves gaps)",
            _ when FramesPerPoint is < 1 or > 1000 => $"frames per point {FramesPerPoint} must be within 1…1000",
            _ when !(FrameRate.Hertz is > 0.1 and <= 100_000) => $"frame rate {FrameRate.Hertz:G6} Hz must be within 0.1…100000 Hz",
            _ when !(SettleTime.Seconds is >= 0 and < 60) => $"settle time {SettleTime.Seconds:G6} s must be within 0…60 s",
            _ when !(OffsetSlewRate.RadiansPerSecond is > 0 and < 10) => $"offset slew rate {OffsetSlewRate.DegreesPerSecond:G6} °/s must be positive",
            _ when MaxPoints is < 1 or > 1_000_000 => $"point capacity {MaxPoints} must be within 1…1000000",
            _ => null,
        };
        if (error is not null)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Search options: {error}."));
        }
    }
}

/// <summary>Where the search points the camera at one instant.</summary>
/// <param name="XelUrad">Offset to add to the track, cross-elevation.</param>
/// <param name="ElUrad">Offset to add to the track, elevation.</param>
/// <param name="PointIndex">Point being visited (or moved to).</param>
/// <param name="Dwelling">True once the mount has settled on the point: frames now search it.</param>
/// <param name="Pass">Completed passes over the whole pattern.</param>
public readonly record struct SearchSample(double XelUrad, double ElUrad, int PointIndex, bool Dwelling, int Pass);

/// <summary>
/// A step-stare search over an elliptical region: dwell points on a hexagonal grid whose spacing is the footprint
/// times (1 − overlap), so every point of the region lies within half a footprint of a dwell point, kept where the
/// footprint can touch the region (inside the ellipse grown by half a footprint), and visited as an elliptical
/// spiral from the centre outwards: ring by ring of normalised radius (most likely first for a Gaussian prior), by
/// angle within a ring so consecutive points are neighbours. Each point gets a move at the offset slew rate, the
/// settle time and exactly <see cref="SearchOptions.FramesPerPoint"/> frame periods; the pattern then repeats.
/// Planning reuses the buffers allocated at construction.
/// </summary>
public sealed class SearchPattern
{
    private readonly SearchOptions _options;
    private readonly double[] _xel;
    private readonly double[] _el;
    private readonly double[] _key;
    private readonly int[] _order;
    private readonly double[] _u;
    private readonly double[] _v;
    private readonly double[] _dwellStart;
    private readonly double[] _dwellEnd;
    private double _returnSeconds;

    public SearchPattern(SearchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        int n = options.MaxPoints;
        _xel = new double[n];
        _el = new double[n];
        _key = new double[n];
        _order = new int[n];
        _u = new double[n];
        _v = new double[n];
        _dwellStart = new double[n];
        _dwellEnd = new double[n];
        FieldOfViewUrad = options.FieldOfView.Microradians;
        StepUrad = FieldOfViewUrad * (1 - options.Overlap);
        DwellSeconds = options.FramesPerPoint / options.FrameRate.Hertz;
    }

    public SearchOptions Options => _options;

    public double FieldOfViewUrad { get; }

    /// <summary>Distance between neighbouring dwell points.</summary>
    public double StepUrad { get; }

    /// <summary>Largest distance from any point of the plane to its nearest grid point (s/√3): at most half the footprint.</summary>
    public double CoverageRadiusUrad => StepUrad / Math.Sqrt(3);

    public double DwellSeconds { get; }

    public SearchRegion Region { get; private set; }

    public int Count { get; private set; }

    /// <summary>Duration of the first pass (from the centre).</summary>
    public double FirstPassSeconds => Count == 0 ? 0 : _dwellEnd[Count - 1];

    /// <summary>Duration of each later pass (including the move back to the first point).</summary>
    public double RepeatPassSeconds => FirstPassSeconds + _returnSeconds;

    public (double XelUrad, double ElUrad) Point(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
        return (_xel[index], _el[index]);
    }

    /// <summary>When point <paramref name="index"/>'s dwell starts and ends in the first pass, seconds since the search started.</summary>
    public (double Start, double End) DwellWindow(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
        return (_dwellStart[index], _dwellEnd[index]);
    }

    /// <summary>True when <paramref name="region"/> is valid and its pattern fits the point capacity.</summary>
    public bool Fits(SearchRegion region)
    {
        if (region.Validate() is not null)
        {
            return false;
        }

        // EstimatePoints bounds the lattice points from above, so a region that fits here never throws in Plan.
        return EstimatePoints(region.SemiAxisAlongUrad, region.SemiAxisAcrossUrad, FieldOfViewUrad / 2, StepUrad) <= _options.MaxPoints;
    }

    /// <summary>Plans the pattern over <paramref name="region"/>; on bad input throws and keeps the previous plan.</summary>
    public void Plan(SearchRegion region)
    {
        if (region.Validate() is { } error)
        {
            throw new ArgumentException("Search region: " + error + ".", nameof(region));
        }

        double s = StepUrad, r = FieldOfViewUrad / 2;
        double a = region.SemiAxisAlongUrad, b = region.SemiAxisAcrossUrad;
        // Bounding box of the region grown by half a footprint (every kept point lies in it).
        double grownA = a + r, grownB = b + r;
        double rowStep = s * Math.Sqrt(3) / 2;
        int rows = (int)Math.Ceiling(grownB / rowStep);
        int columns = (int)Math.Ceiling(grownA / s) + 1;
        long needed = EstimatePoints(a, b, r, s);
        if (needed > _options.MaxPoints)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Search region {2 * a:F0} × {2 * b:F0} µrad needs about {needed} points at a {s:F0} µrad step, more than the capacity {_options.MaxPoints}: widen the field of view or narrow the error budget."), nameof(region));
        }

        double ringWidth = s / Math.Max(a, b);
        int count = 0;
        for (int j = -rows; j <= rows; j++)
        {
            double v = j * rowStep;
            for (int i = -columns; i <= columns; i++)
            {
                // Hexagonal lattice: odd rows shifted by half a step.
                double u = (i + (0.5 * (j & 1))) * s;
                // Keep the point if its footprint can touch the region: inside it, or within half a footprint of it.
                if (((u / a) * (u / a)) + ((v / b) * (v / b)) > 1 && EllipseDistance.ToBoundary(a, b, u, v) > r)
                {
                    continue;
                }

                if (count == _options.MaxPoints)
                {
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Search region {2 * a:F0} × {2 * b:F0} µrad needs more than {_options.MaxPoints} points at a {s:F0} µrad step."), nameof(region));
                }

                double rho = Math.Sqrt(((u / a) * (u / a)) + ((v / b) * (v / b)));
                double angle = Math.Atan2(v / b, u / a);
                angle = angle < 0 ? angle + (2 * Math.PI) : angle;
                _u[count] = u;
                _v[count] = v;
                _key[count] = u == 0 && v == 0 ? -1 : (Math.Round(rho / ringWidth) * 10) + angle;
                _order[count] = count;
                count++;
            }
        }

        _key.AsSpan(0, count).Sort(_order.AsSpan(0, count));
        double cos = Math.Cos(region.OrientationRad), sin = Math.Sin(region.OrientationRad);
        for (int k = 0; k < count; k++)
        {
            int p = _order[k];
            _xel[k] = region.CenterXelUrad + (_u[p] * cos) - (_v[p] * sin);
            _el[k] = region.CenterElUrad + (_u[p] * sin) + (_v[p] * cos);
        }

        double rate = _options.OffsetSlewRate.RadiansPerSecond * 1e6, settle = _options.SettleTime.Seconds;
        double t = 0, previousXel = region.CenterXelUrad, previousEl = region.CenterElUrad;
        for (int k = 0; k < count; k++)
        {
            t += (Distance(previousXel, previousEl, _xel[k], _el[k]) / rate) + settle;
            _dwellStart[k] = t;
            t += DwellSeconds;
            _dwellEnd[k] = t;
            (previousXel, previousEl) = (_xel[k], _el[k]);
        }

        _returnSeconds = Distance(_xel[count - 1], _el[count - 1], _xel[0], _el[0]) / rate;
        Region = region;
        Count = count;
    }

    /// <summary>The commanded offset <paramref name="secondsSinceStart"/> into the search (negative times give the start).</summary>
    public SearchSample Sample(double secondsSinceStart)
    {
        if (Count == 0)
        {
            throw new InvalidOperationException("The search pattern has not been planned.");
        }

        double t = Math.Max(0, secondsSinceStart);
        int pass = 0;
        if (t >= FirstPassSeconds)
        {
            double repeat = RepeatPassSeconds;
            double later = t - FirstPassSeconds;
            pass = 1 + (int)Math.Floor(later / repeat);
            t = later - ((pass - 1) * repeat);
            if (t < _returnSeconds)
            {
                return Moving(_xel[Count - 1], _el[Count - 1], 0, t, pass);
            }

            t -= _returnSeconds;
        }

        // First point whose dwell ends after t.
        int index = _dwellEnd.AsSpan(0, Count).BinarySearch(t);
        index = index < 0 ? ~index : index + 1;
        index = Math.Min(index, Count - 1);
        if (t >= _dwellStart[index])
        {
            return new SearchSample(_xel[index], _el[index], index, true, pass);
        }

        double moveStart = index == 0 ? 0 : _dwellEnd[index - 1];
        double fromXel = index == 0 ? (pass == 0 ? Region.CenterXelUrad : _xel[Count - 1]) : _xel[index - 1];
        double fromEl = index == 0 ? (pass == 0 ? Region.CenterElUrad : _el[Count - 1]) : _el[index - 1];
        return Moving(fromXel, fromEl, index, t - moveStart, pass);
    }

    /// <summary>A linear move at the offset slew rate from (fromXel, fromEl) towards point <paramref name="index"/>, then hold while settling.</summary>
    private SearchSample Moving(double fromXel, double fromEl, int index, double elapsed, int pass)
    {
        double distance = Distance(fromXel, fromEl, _xel[index], _el[index]);
        double travelled = elapsed * _options.OffsetSlewRate.RadiansPerSecond * 1e6;
        double f = distance <= 0 ? 1 : Math.Min(1, travelled / distance);
        return new SearchSample(fromXel + (f * (_xel[index] - fromXel)), fromEl + (f * (_el[index] - fromEl)), index, false, pass);
    }

    private static double Distance(double x0, double y0, double x1, double y1) => Math.Sqrt(((x1 - x0) * (x1 - x0)) + ((y1 - y0) * (y1 - y0)));

    /// <summary>
    /// An upper bound on the lattice points kept for an ellipse (a, b) and footprint radius r: each kept point lies
    /// within r of the ellipse and owns a hexagon of area s²·√3/2 within its circumradius s/√3, so all those hexagons
    /// fit in the ellipse grown by ρ = r + s/√3, whose area is exactly A + P·ρ + π·ρ² (Steiner's formula for convex
    /// sets), with the perimeter P ≤ π·√(2(a² + b²)).
    /// </summary>
    private static long EstimatePoints(double a, double b, double r, double s)
    {
        double rho = r + (s / Math.Sqrt(3));
        double area = (Math.PI * a * b) + (Math.PI * Math.Sqrt(2 * ((a * a) + (b * b))) * rho) + (Math.PI * rho * rho);
        return (long)Math.Ceiling(area / (s * s * Math.Sqrt(3) / 2)) + 1;
    }
}

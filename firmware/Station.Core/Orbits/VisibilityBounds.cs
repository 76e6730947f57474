namespace Station.Core.Orbits;

/// <summary>
/// Conservative bounds that let the pass scan step fast without missing a pass, for one satellite, one station and
/// one elevation threshold. Angles are measured at O′ (see <see cref="ViewSample.ConeAngleRad"/>), where elevation ≥ e
/// exactly when ψ′ ≤ Ψ(e, r′) = acos(R′ cos e / r′) − e, R′ = N + h.
/// </summary>
/// <remarks>
/// <para>The satellite's distance r′ from O′ is bounded from the mean elements (perigee and apogee of the drag-decayed
/// mean orbit at both window ends, padded by 0.2 % of a (1 % in deep space) and 15 km for short-period and lunar-solar
/// terms, and by O′'s offset) and every sample checks it; a sample outside widens the bounds and the scan restarts. The satellite's direction from O′ turns at most at Ω(r′) ≤ 1.05·(W·r + ṙ·|OO′|/r′)/r′ with
/// W = |ω_orbit − ω_Earth·ẑ| (the orbit's angular velocity, h/r², seen from the rotating Earth; maximised over the
/// inclination ± a margin and h/r² ± 3 %) and ṙ ≤ e·√(μ/p) + 30 m/s.</para>
/// <para>Step: a pass whose peak reaches threshold + margin crosses the threshold circle Ψ(thr) along a chord
/// of at least c = 2·acos(cos Ψ(thr) / cos Ψ(thr + margin)) (near the station the track is a great circle to within
/// a few hundredths of a degree), which takes at least c / Ω. The scan steps by 0.75·c / Ω, evaluated at the radii
/// the satellite can reach during the step, so at least one sample falls inside every such pass. Far from the station
/// (ψ′ &gt; Ψ(thr, r′max)) it may jump ahead by (ψ′ − Ψ)/Ω_max, the least time in which it could reach the cone; deep
/// inside it (ψ′ &lt; Ψ(thr, r′min)) likewise until it could leave.</para>
/// </remarks>
internal sealed class VisibilityBounds
{
    public const double MinStepSeconds = 1.0;
    public const double MaxStepSeconds = 1800.0;
    public const double MaxJumpSeconds = 3600.0;

    private const double Mu = 398600.8;                 // WGS-72, km³/s², as SGP4's elements are fitted with
    private const double EarthRateRadPerSecond = 7.292115e-5;
    private const double DegToRad = Math.PI / 180.0;
    private const int Nodes = 24;
    private const double RadiusPadKm = 15.0;

    private const double PlaneWobbleRad = 0.3 * DegToRad;
    private const double PlaneJumpCapSeconds = 4.0 * 3600.0;
    private static readonly double[] PlaneHorizons = [4.0 * 3600.0, 2.0 * 3600.0, 3600.0, 1200.0];

    private readonly double _radiusPad;                 // relative padding of the distance bounds
    private readonly double _normalTilt;                // angle between the station's normal and geocentric direction
    private readonly double _planeDriftRadPerSecond;
    private readonly double _coneRadius;                // R′ = N + h, km
    private readonly double _coneOffset;                // |OO′|, km
    private readonly double _thresholdRad;
    private readonly double _marginRad;
    private readonly double _angularMomentum;           // h = √(μ p), km²/s
    private readonly double _radialSpeedMax;            // km/s
    private readonly double _cosInclinationMax;         // cos of the largest inclination allowed for
    private readonly double _sinInclinationAbsMax;      // sin of the largest |latitude| the orbit can reach
    private readonly double[] _nodeRadius = new double[Nodes];
    private readonly double[] _nodeStep = new double[Nodes];
    private int _nodeCount;

    public VisibilityBounds(Sgp4Propagator satellite, double startMinutes, double endMinutes, double coneRadiusKm, double coneOffsetKm,
        double normalTiltRad, double thresholdDeg, double marginDeg)
    {
        _normalTilt = normalTiltRad;
        _coneRadius = coneRadiusKm;
        _coneOffset = coneOffsetKm;
        _thresholdRad = thresholdDeg * DegToRad;
        _marginRad = marginDeg * DegToRad;
        double a = satellite.MeanSemiMajorAxisKm;
        double e = satellite.Elements.Eccentricity;
        double p = a * (1.0 - (e * e));
        _angularMomentum = Math.Sqrt(Mu * p);
        // Secular J2 precession of the node (≤ 1.5·n·J2·(Re/p)², Re in km with SGP4's WGS-72 radius), doubled, plus
        // lunar-solar drift for deep space; the short-period wobble of the osculating plane is well under 0.1°.
        double n = Math.Sqrt(Mu / (a * a * a));
        _planeDriftRadPerSecond = (3.0 * n * 1.082616e-3 * Math.Pow(6378.135 / p, 2)) + 2e-8;
        _radialSpeedMax = (1.1 * e * Math.Sqrt(Mu / p)) + 0.03;
        // Inclination is constant in near-earth SGP4 but for short-period terms; lunar-solar terms move it in deep space.
        double inclinationMargin = satellite.IsDeepSpace ? 2.0 : 0.2;
        double inclination = satellite.Elements.InclinationDeg;
        _cosInclinationMax = Math.Cos(Math.Min(180.0, inclination + inclinationMargin) * DegToRad);
        double latitudeReach = Math.Min(90.0, Math.Min(inclination, 180.0 - inclination) + inclinationMargin);
        _sinInclinationAbsMax = Math.Sin(latitudeReach * DegToRad);
        // SGP4's short-period terms move the radius by ~10 km about a(1 ± e); drag changes a over the window (taken from
        // SGP4's own drag terms at both ends); lunar-solar terms move e by ~1e-3 in a day, which shifts the perigee and
        // apogee of a very eccentric orbit by ~0.1 % of a. Samples that stray outside widen the bounds (and restart the
        // scan). Checked over the whole catalogue for 24 h on a 20-s grid: no radius outside these.
        double aStart = satellite.MeanSemiMajorAxisKmAt(startMinutes), aEnd = satellite.MeanSemiMajorAxisKmAt(endMinutes);
        double aLow = Math.Min(a, Math.Min(aStart, aEnd)), aHigh = Math.Max(a, Math.Max(aStart, aEnd));
        _radiusPad = satellite.IsDeepSpace ? 0.01 : 0.002;
        MinConeDistanceKm = Math.Max(1.0, (aLow * (1.0 - e - _radiusPad)) - RadiusPadKm - coneOffsetKm);
        MaxConeDistanceKm = (aHigh * (1.0 + e + _radiusPad)) + RadiusPadKm + coneOffsetKm;
        Rebuild();
    }

    public double MinConeDistanceKm { get; private set; }

    public double MaxConeDistanceKm { get; private set; }

    /// <summary>Ψ(thr, r′max): beyond this cone angle the satellite is below the threshold, whatever its radius.</summary>
    public double OuterConeRad { get; private set; }

    /// <summary>Ψ(thr, r′min): within this cone angle it is above the threshold; −∞ if no such region.</summary>
    public double InnerConeRad { get; private set; }

    /// <summary>Largest rate at which ψ′ can change, rad/s.</summary>
    public double MaxConeRateRadPerSecond { get; private set; }

    public bool Contains(double coneDistanceKm) => coneDistanceKm >= MinConeDistanceKm && coneDistanceKm <= MaxConeDistanceKm;

    /// <summary>Widens the distance bounds to include a sample that fell outside them, with the usual padding beyond it.</summary>
    public void Widen(double coneDistanceKm)
    {
        MinConeDistanceKm = Math.Max(1.0, Math.Min(MinConeDistanceKm, (coneDistanceKm * (1.0 - _radiusPad)) - RadiusPadKm));
        MaxConeDistanceKm = Math.Max(MaxConeDistanceKm, (coneDistanceKm * (1.0 + _radiusPad)) + RadiusPadKm);
        Rebuild();
    }

    /// <summary>Why the satellite can never be above the threshold from this station, or <see cref="PassSkipReason.None"/>.</summary>
    public PassSkipReason NeverVisible(double stationLatitudeDeg)
    {
        if (!(OuterConeRad > 0.0))
        {
            return PassSkipReason.OrbitTooLow;
        }

        // From O′ the station's normal has latitude φ; the satellite's direction has latitude at most
        // asin((r·sin i + |OO′|)/(r − |OO′|)) with r its geocentric distance, so ψ′ ≥ |φ| − that.
        double r = MinConeDistanceKm - _coneOffset;
        if (r <= 2.0 * _coneOffset)
        {
            return PassSkipReason.None;
        }

        double sinReach = ((r * _sinInclinationAbsMax) + _coneOffset) / (r - _coneOffset);
        if (sinReach >= 1.0)
        {
            return PassSkipReason.None;
        }

        double gap = (Math.Abs(stationLatitudeDeg) * DegToRad) - Math.Asin(sinReach);
        return gap > OuterConeRad ? PassSkipReason.InclinationTooLow : PassSkipReason.None;
    }

    /// <summary>The next scan step (s) from a sample: a fine step near the cone, a jump far outside or deep inside it.</summary>
    public double NextStep(in ViewSample s, bool jumpsAllowed)
    {
        double step = FineStep(s.ConeDistanceKm);
        if (jumpsAllowed)
        {
            double margin = s.ConeAngleRad > OuterConeRad ? s.ConeAngleRad - OuterConeRad
                : s.ConeAngleRad < InnerConeRad ? InnerConeRad - s.ConeAngleRad : 0.0;
            step = Math.Max(step, Math.Min(MaxJumpSeconds, margin / MaxConeRateRadPerSecond));
            if (s.ConeAngleRad > OuterConeRad)
            {
                step = Math.Max(step, PlaneJump(s));
            }
        }

        return step;
    }

    /// <summary>
    /// The least time before the satellite could come into view, judged in its orbit plane at the sample: it must come
    /// within Ψg = Ψ(thr, r′max) + tilt + asin(|OO′|/r) of the station's geocentric direction. The satellite stays within
    /// ε(τ) = 0.3° + drift·τ of that plane (short-period wobble, node precession), and the station's angle β from it
    /// changes at most at the Earth's rate, so nothing can be seen before |β| − Ψg − ε shrinks to zero; and along the
    /// plane the satellite must first come within Λ of the station's projection, closing at no more than its own angular
    /// rate plus the station's projected one. After a pass this skips the rest of the revolution; for a station far
    /// from the plane, until the Earth turns it close.
    /// </summary>
    private double PlaneJump(in ViewSample s)
    {
        Vec3 h = Vec3.Cross(s.PositionTemeKm, s.VelocityTemeKmPerS);
        double hNorm = h.Norm, rNorm = s.PositionTemeKm.Norm;
        if (!(hNorm > 0.0) || !(rNorm > 0.0))
        {
            return 0.0;
        }

        Vec3 normal = h / hNorm, radial = s.PositionTemeKm / rNorm, along = Vec3.Cross(normal, radial);
        double rGeoMin = Math.Max(1.0, MinConeDistanceKm - _coneOffset);
        double coneGeo = OuterConeRad + _normalTilt + Math.Asin(Math.Min(1.0, _coneOffset / rGeoMin));
        double beta = Math.Abs(Math.Asin(Math.Clamp(Vec3.Dot(s.StationTeme, normal), -1.0, 1.0)));
        double jump = Math.Max(0.0, (beta - coneGeo - PlaneWobbleRad) / (EarthRateRadPerSecond + _planeDriftRadPerSecond));

        double ahead = Math.Atan2(Vec3.Dot(s.StationTeme, along), Vec3.Dot(s.StationTeme, radial));   // station's phase ahead of the satellite
        double satelliteRate = 1.03 * _angularMomentum / (rGeoMin * rGeoMin);
        foreach (double horizon in PlaneHorizons)
        {
            // Bounds that hold for the whole horizon: the plane's drift and the station's largest angle from the plane.
            double wobble = PlaneWobbleRad + (_planeDriftRadPerSecond * horizon);
            double betaMax = beta + (EarthRateRadPerSecond * horizon);
            if (coneGeo + wobble >= Math.PI / 2.0 || betaMax >= 80.0 * DegToRad)
            {
                continue;
            }

            // cos ψ ≤ sin ε·sin B + cos Δλ for points within ε and B of the plane, so ψ ≤ Ψg needs |Δλ| ≤ Λ.
            double window = Math.Acos(Math.Clamp(Math.Cos(coneGeo) - (Math.Sin(wobble) * Math.Sin(betaMax)), -1.0, 1.0));
            if (Math.Abs(ahead) <= window)
            {
                break;                                   // abreast of the station already
            }

            double gap = ahead - window;
            gap -= 2.0 * Math.PI * Math.Floor(gap / (2.0 * Math.PI));
            double rate = (satelliteRate / Math.Cos(wobble)) + (EarthRateRadPerSecond / Math.Cos(betaMax));
            jump = Math.Max(jump, Math.Min(horizon, gap / rate));
        }

        return 0.98 * Math.Min(PlaneJumpCapSeconds, jump);
    }

    /// <summary>The fine step at a distance: the least over every distance reachable within the step.</summary>
    public double FineStep(double coneDistanceKm)
    {
        double step = MinStepOver(coneDistanceKm, coneDistanceKm);
        for (int i = 0; i < 2; i++)
        {
            double reach = _radialSpeedMax * step;
            step = MinStepOver(coneDistanceKm - reach, coneDistanceKm + reach);
        }

        return step;
    }

    private double MinStepOver(double low, double high)
    {
        if (_nodeCount == 1)
        {
            return _nodeStep[0];
        }

        // Nodes are geometric in r′; include the nodes bracketing the range so values between nodes are covered.
        int first = NodeBelow(low);
        int last = Math.Min(_nodeCount - 1, NodeBelow(high) + 1);
        double min = double.PositiveInfinity;
        for (int k = first; k <= last; k++)
        {
            min = Math.Min(min, _nodeStep[k]);
        }

        return min;
    }

    private int NodeBelow(double r)
    {
        int k = 0;
        while (k + 1 < _nodeCount && _nodeRadius[k + 1] <= r)
        {
            k++;
        }

        return k;
    }

    private void Rebuild()
    {
        OuterConeRad = Cone(_thresholdRad, MaxConeDistanceKm);
        double inner = Cone(_thresholdRad, MinConeDistanceKm);
        InnerConeRad = double.IsNaN(inner) ? double.NegativeInfinity : inner;
        double ratio = MaxConeDistanceKm / MinConeDistanceKm;
        _nodeCount = ratio < 1.02 ? 1 : Nodes;
        double maxRate = 0.0;
        for (int k = 0; k < _nodeCount; k++)
        {
            double r = _nodeCount == 1 ? MinConeDistanceKm : MinConeDistanceKm * Math.Pow(ratio, k / (double)(_nodeCount - 1));
            double rate = ConeRate(r);
            // A one-node table stands for the whole range: take the fastest (lowest) radius and the smallest chord.
            double chord = _nodeCount == 1 ? Math.Min(Chord(r), Chord(MaxConeDistanceKm)) : Chord(r);
            if (_nodeCount == 1)
            {
                rate = Math.Max(rate, ConeRate(MaxConeDistanceKm));
            }

            _nodeRadius[k] = r;
            _nodeStep[k] = Math.Clamp(0.75 * chord / rate, MinStepSeconds, MaxStepSeconds);
            maxRate = Math.Max(maxRate, rate);
        }

        MaxConeRateRadPerSecond = Math.Max(maxRate, ConeRate(MinConeDistanceKm));
    }

    // Ψ(e, r′) = acos(R′ cos e / r′) − e; NaN when no direction from O′ at that distance reaches elevation e.
    private double Cone(double elevationRad, double coneDistanceKm)
    {
        double x = _coneRadius * Math.Cos(elevationRad) / coneDistanceKm;
        return x > 1.0 ? double.NaN : Math.Acos(x) - elevationRad;
    }

    // Shortest chord of the threshold circle crossed by a pass whose peak reaches threshold + margin.
    private double Chord(double coneDistanceKm)
    {
        double outer = Cone(_thresholdRad, coneDistanceKm);
        if (!(outer > 0.0))
        {
            return 2.0 * MaxStepSeconds * ConeRate(coneDistanceKm);    // never visible at this distance
        }

        double peak = _thresholdRad + _marginRad < Math.PI / 2.0 ? Cone(_thresholdRad + _marginRad, coneDistanceKm) : 0.0;
        if (!(peak > 0.0))
        {
            peak = 0.0;                                                 // no pass reaches the margin here: the guarantee is empty
        }

        return 2.0 * Math.Acos(Math.Min(1.0, Math.Cos(outer) / Math.Cos(peak)));
    }

    // Ω(r′): the fastest the satellite's direction from O′ can turn at distance r′, rad/s.
    private double ConeRate(double coneDistanceKm)
    {
        double rNear = Math.Max(1.0, coneDistanceKm - _coneOffset);
        double rFar = coneDistanceKm + _coneOffset;
        double w = Math.Max(W(1.03 * _angularMomentum / (rNear * rNear)), W(0.97 * _angularMomentum / (rFar * rFar)));
        return 1.05 * ((w * rFar) + (_radialSpeedMax * _coneOffset / coneDistanceKm)) / coneDistanceKm;
    }

    private double W(double orbitRate) => Math.Sqrt(Math.Max(0.0,
        (orbitRate * orbitRate) + (EarthRateRadPerSecond * EarthRateRadPerSecond)
        - (2.0 * orbitRate * EarthRateRadPerSecond * _cosInclinationMax)));
}

namespace Station.Core.Orbits;

/// <summary>What the scan of one satellite found: refined threshold crossings and culminations, in seconds from the window start.</summary>
internal sealed class ScanResult
{
    public List<(double T, bool Rising)> Crossings { get; } = [];

    public List<(double T, double ElevationDeg)> Culminations { get; } = [];

    public ViewSample First { get; set; }

    public ViewSample Last { get; set; }

    /// <summary>Seconds from the window start where the scan ended: the window end, or the last good SGP4 instant.</summary>
    public double EndT { get; set; }

    public Sgp4Error Error { get; set; }

    public PassSkipReason Skipped { get; set; }

    public void Clear()
    {
        Crossings.Clear();
        Culminations.Clear();
    }
}

/// <summary>
/// The coarse scan of one satellite over the window with the steps of <see cref="VisibilityBounds"/>, refining each
/// threshold crossing (Brent root) and each sampled local maximum of elevation that comes within 1.5 detection margins
/// of the threshold (Brent minimiser on −elevation), which also finds grazing passes that no sample caught above it.
/// </summary>
internal static class PassScanner
{
    private const int MaxRestarts = 4;

    public static ScanResult Scan(ElevationProbe probe, double endT, double thresholdDeg, double marginDeg, double toleranceSeconds)
    {
        var result = new ScanResult { EndT = endT };
        var bounds = new VisibilityBounds(probe.Satellite, probe.MinutesAt(0.0), probe.MinutesAt(endT), probe.ConeRadiusKm, probe.ConeOffsetKm,
            probe.NormalTiltRad, thresholdDeg, marginDeg);
        if (!probe.TrySample(0.0, out ViewSample first))
        {
            result.Error = probe.Error;
            result.Skipped = PassSkipReason.Sgp4ErrorAtStart;
            result.EndT = 0.0;
            return result;
        }

        if (!bounds.Contains(first.ConeDistanceKm))
        {
            bounds.Widen(first.ConeDistanceKm);
        }

        result.Skipped = bounds.NeverVisible(probe.Station.LatitudeDeg);
        if (result.Skipped != PassSkipReason.None)
        {
            result.First = result.Last = first;
            return result;
        }

        double nearMiss = thresholdDeg - (1.5 * marginDeg);
        for (int attempt = 0; ; attempt++)
        {
            // After repeated surprises about the orbit's size, scan at fine steps only (no jumps): slower, still sound.
            bool jumps = attempt < MaxRestarts;
            if (RunOnce(probe, bounds, result, first, endT, thresholdDeg, nearMiss, toleranceSeconds, jumps))
            {
                return result;
            }
        }
    }

    // One pass over the window; false when a sample fell outside the distance bounds (widened) and the scan must restart.
    private static bool RunOnce(ElevationProbe probe, VisibilityBounds bounds, ScanResult result, ViewSample first,
        double endT, double thresholdDeg, double nearMiss, double tolerance, bool jumps)
    {
        result.Clear();
        result.First = first;
        result.EndT = endT;
        ViewSample older = default, previous = first;
        bool haveOlder = false;
        while (previous.T < endT)
        {
            double t = Math.Min(endT, previous.T + bounds.NextStep(previous, jumps));
            if (endT - t < 1e-6)
            {
                t = endT;
            }

            if (!probe.TrySample(t, out ViewSample current))
            {
                // Stop at the last instant SGP4 still works, found by bisection to the tolerance.
                result.Error = probe.Error;
                double good = previous.T, bad = t;
                while (bad - good > tolerance)
                {
                    double mid = 0.5 * (good + bad);
                    if (probe.TrySample(mid, out _))
                    {
                        good = mid;
                    }
                    else
                    {
                        bad = mid;
                        result.Error = probe.Error;     // the code at the earliest failure found
                    }
                }

                endT = good;
                result.EndT = good;
                if (good <= previous.T || !probe.TrySample(good, out current))
                {
                    break;
                }
            }

            if (jumps && !bounds.Contains(current.ConeDistanceKm))
            {
                bounds.Widen(current.ConeDistanceKm);
                return false;
            }

            Crossing(probe, result, previous, current, thresholdDeg, tolerance);
            if (haveOlder)
            {
                Culmination(probe, result, older, previous, current, thresholdDeg, nearMiss, tolerance);
            }
            else if (current.ElevationDeg <= previous.ElevationDeg)
            {
                EdgeCulmination(probe, result, previous, current, thresholdDeg, nearMiss, tolerance);
            }

            older = previous;
            haveOlder = true;
            previous = current;
        }

        result.Last = previous;
        if (haveOlder && older.ElevationDeg <= previous.ElevationDeg)
        {
            EdgeCulmination(probe, result, previous, older, thresholdDeg, nearMiss, tolerance);
        }

        return true;
    }

    // Next to a window edge that is higher than its neighbouring sample, a maximum may still hide between the two
    // (no sample triple frames it): look for one strictly inside.
    private static void EdgeCulmination(ElevationProbe probe, ScanResult result, in ViewSample edge, in ViewSample inner,
        double thresholdDeg, double nearMiss, double tolerance)
    {
        if (edge.ElevationDeg < nearMiss)
        {
            return;
        }

        double lo = Math.Min(edge.T, inner.T), hi = Math.Max(edge.T, inner.T);
        var f = new NegativeElevation(probe);
        double mid = 0.5 * (lo + hi);
        (double t, double negEl) = ScalarSolvers.Minimize(ref f, lo, hi, mid, f.Evaluate(mid), tolerance);
        double el = -negEl;
        if (t - lo > 2.0 * tolerance && hi - t > 2.0 * tolerance && el > edge.ElevationDeg && el >= thresholdDeg)
        {
            result.Culminations.Add((t, el));
        }
    }

    private static void Crossing(ElevationProbe probe, ScanResult result, in ViewSample a, in ViewSample b, double thresholdDeg, double tolerance)
    {
        bool aboveA = a.ElevationDeg >= thresholdDeg, aboveB = b.ElevationDeg >= thresholdDeg;
        if (aboveA == aboveB)
        {
            return;
        }

        var f = new ElevationAbove(probe, thresholdDeg);
        double t = ScalarSolvers.Root(ref f, a.T, b.T, a.ElevationDeg - thresholdDeg, b.ElevationDeg - thresholdDeg, tolerance);
        result.Crossings.Add((t, aboveB));
    }

    private static void Culmination(ElevationProbe probe, ScanResult result, in ViewSample a, in ViewSample m, in ViewSample b,
        double thresholdDeg, double nearMiss, double tolerance)
    {
        bool localMax = m.ElevationDeg >= a.ElevationDeg && m.ElevationDeg >= b.ElevationDeg
            && (m.ElevationDeg > a.ElevationDeg || m.ElevationDeg > b.ElevationDeg);
        if (!localMax || m.ElevationDeg < nearMiss)
        {
            return;
        }

        var f = new NegativeElevation(probe);
        (double t, double negEl) = ScalarSolvers.Minimize(ref f, a.T, -a.ElevationDeg, m.T, -m.ElevationDeg, b.T, -b.ElevationDeg, tolerance);
        double el = -negEl;
        if (el < thresholdDeg)
        {
            return;
        }

        foreach ((double T, double _) c in result.Culminations)
        {
            if (Math.Abs(c.T - t) < 2.0 * tolerance)
            {
                return;                         // the same maximum reached from a neighbouring triple
            }
        }

        result.Culminations.Add((t, el));
        if (a.ElevationDeg < thresholdDeg && m.ElevationDeg < thresholdDeg && b.ElevationDeg < thresholdDeg)
        {
            // A grazing pass no sample caught above the threshold: its crossings lie either side of the peak.
            var g = new ElevationAbove(probe, thresholdDeg);
            result.Crossings.Add((ScalarSolvers.Root(ref g, a.T, t, a.ElevationDeg - thresholdDeg, el - thresholdDeg, tolerance), true));
            result.Crossings.Add((ScalarSolvers.Root(ref g, t, b.T, el - thresholdDeg, b.ElevationDeg - thresholdDeg, tolerance), false));
        }
    }
}

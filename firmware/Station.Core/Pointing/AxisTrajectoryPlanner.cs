namespace Station.Core.Pointing;

/// <summary>A stretch of the track where the raw target exceeded the axis limits and a connection replaced it.</summary>
/// <param name="StartIndex">First replaced sample.</param>
/// <param name="EndIndex">Last replaced sample.</param>
public readonly record struct LimitedSegment(int StartIndex, int EndIndex);

/// <summary>
/// Makes one axis's sampled target feasible for its rate and acceleration limits. Where the raw target
/// exceeds them (the azimuth through a near-zenith keyhole), a window centred on the violation is widened
/// until a bounded-acceleration connection (<see cref="TrapezoidConnection"/>) joins the raw track's state at
/// both window edges; the connection leads the slew before the violation and lags it after, cutting the
/// corner symmetrically. Outside the windows the raw target is kept.
/// </summary>
public static class AxisTrajectoryPlanner
{
    /// <summary>Fraction of each limit the planner uses, leaving the axis controller headroom.</summary>
    public const double Headroom = 0.95;

    /// <summary>
    /// Plans <paramref name="planned"/> from <paramref name="raw"/> (positions at a fixed step, degrees).
    /// Returns the replaced segments, or a refusal when a violation reaches the track's ends.
    /// </summary>
    public static (IReadOnlyList<LimitedSegment> Segments, string? Refusal) Plan(ReadOnlySpan<double> raw, double stepSeconds, double maxRate, double maxAcceleration, Span<double> planned)
    {
        if (planned.Length < raw.Length)
        {
            throw new ArgumentException("The output is shorter than the input.", nameof(planned));
        }

        raw.CopyTo(planned);
        var segments = new List<LimitedSegment>();
        if (raw.Length < 3)
        {
            return (segments, null);
        }

        double vmax = maxRate * Headroom, amax = maxAcceleration * Headroom;
        int i = 1;
        while (i < raw.Length - 1)
        {
            if (!Violates(raw, i, stepSeconds, vmax, amax))
            {
                i++;
                continue;
            }

            int end = i;
            while (end + 1 < raw.Length - 1 && Violates(raw, end + 1, stepSeconds, vmax, amax))
            {
                end++;
            }

            var (segment, refusal) = Connect(raw, i, end, stepSeconds, vmax, amax, planned);
            if (refusal is not null)
            {
                return (segments, refusal);
            }

            // A window widens both ways, so it may reach back over earlier windows (even past their start):
            // re-plan the union as one connection until it overlaps none, so no stale connection is left behind.
            while (segments.Count > 0 && segment.StartIndex <= segments[^1].EndIndex)
            {
                int unionFirst = Math.Min(segments[^1].StartIndex, segment.StartIndex);
                int unionLast = Math.Max(segments[^1].EndIndex, segment.EndIndex);
                segments.RemoveAt(segments.Count - 1);
                (segment, refusal) = Connect(raw, unionFirst + 1, unionLast - 1, stepSeconds, vmax, amax, planned);
                if (refusal is not null)
                {
                    return (segments, refusal);
                }
            }

            segments.Add(segment);
            i = segment.EndIndex + 1;
        }

        return (segments, null);
    }

    /// <summary>Rate (central difference) at sample i.</summary>
    public static double RateAt(ReadOnlySpan<double> x, int i, double step) =>
        i <= 0 ? (x[1] - x[0]) / step : i >= x.Length - 1 ? (x[^1] - x[^2]) / step : (x[i + 1] - x[i - 1]) / (2 * step);

    /// <summary>Acceleration (second difference) at interior sample i.</summary>
    public static double AccelerationAt(ReadOnlySpan<double> x, int i, double step) =>
        i <= 0 || i >= x.Length - 1 ? 0 : (x[i + 1] - (2 * x[i]) + x[i - 1]) / (step * step);

    private static bool Violates(ReadOnlySpan<double> x, int i, double step, double vmax, double amax) =>
        Math.Abs(RateAt(x, i, step)) > vmax || Math.Abs(AccelerationAt(x, i, step)) > amax;

    private static (LimitedSegment Segment, string? Refusal) Connect(ReadOnlySpan<double> raw, int first, int last, double step, double vmax, double amax, Span<double> planned)
    {
        for (int widen = 1; ; widen++)
        {
            int i1 = first - widen, i2 = last + widen;
            if (i1 < 1 || i2 > raw.Length - 2)
            {
                return (default, $"the target exceeds the axis limits too close to the start or end of the track to plan around it (samples {first}–{last} of {raw.Length})");
            }

            if (Violates(raw, i1, step, vmax, amax) || Violates(raw, i2, step, vmax, amax))
            {
                continue;
            }

            var connection = TrapezoidConnection.TryConnect(raw[i1], RateAt(raw, i1, step), raw[i2], RateAt(raw, i2, step), (i2 - i1) * step, vmax, amax);
            if (connection is not { } c)
            {
                continue;
            }

            for (int k = i1; k <= i2; k++)
            {
                planned[k] = c.At((k - i1) * step).X;
            }

            return (new LimitedSegment(i1, i2), null);
        }
    }
}

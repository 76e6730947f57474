namespace Station.Devices.FilterWheel;

/// <summary>Position arithmetic on a wheel of <c>revolution</c> microsteps per turn, the index latch at 0.</summary>
public static class FilterWheelGeometry
{
    /// <summary>x modulo <paramref name="revolution"/> in [0, revolution).</summary>
    public static long Wrap(long x, int revolution)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(revolution);
        long r = x % revolution;
        return r < 0 ? r + revolution : r;
    }

    /// <summary>
    /// The signed shortest move from <paramref name="from"/> to the wheel position <paramref name="to"/> (both
    /// taken modulo a revolution): in (−revolution/2, revolution/2]; half a turn goes the positive way.
    /// </summary>
    public static long ShortestDelta(long from, long to, int revolution)
    {
        long d = Wrap(to - from, revolution);
        return d > revolution / 2 ? d - revolution : d;
    }

    /// <summary>Distance from <paramref name="x"/> to the nearest point of the grid offset + k·revolution.</summary>
    public static long DistanceToGrid(long x, long offset, int revolution)
    {
        long d = Wrap(x - offset, revolution);
        return Math.Min(d, revolution - d);
    }

    /// <summary>
    /// Where the index must latch on a move from <paramref name="from"/> to <paramref name="to"/> (|to − from| ≤
    /// half a turn), with REFL latching on its active edge: moving up the magnet is met at its leading edge
    /// (k·revolution), moving down at its trailing edge (k·revolution + <paramref name="indexWidth"/>).
    /// Returns null when the move does not cross the index. <paramref name="ambiguous"/> is set when an edge lies
    /// within <paramref name="tolerance"/> of either end: whether it latches is then not a check of anything.
    /// </summary>
    public static long? ExpectedIndexLatch(long from, long to, int revolution, int indexWidth, int tolerance, out bool ambiguous)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(revolution);
        ArgumentOutOfRangeException.ThrowIfNegative(indexWidth);
        ArgumentOutOfRangeException.ThrowIfNegative(tolerance);
        if (to == from)
        {
            ambiguous = false;
            return null;
        }

        long edge = to > from ? 0 : indexWidth;
        ambiguous = DistanceToGrid(from, edge, revolution) <= tolerance || DistanceToGrid(to, edge, revolution) <= tolerance;
        if (to > from)
        {
            long next = ((long)Math.Floor((double)from / revolution) + 1) * revolution; // first k·R above from
            return next <= to ? next : null;
        }

        long below = ((long)Math.Ceiling((double)(from - edge) / revolution) - 1) * revolution + edge; // last k·R+W below from
        return below >= to ? below : null;
    }
}

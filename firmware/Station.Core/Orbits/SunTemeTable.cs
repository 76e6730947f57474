namespace Station.Core.Orbits;

/// <summary>
/// The Sun's geocentric TEME position at hourly nodes over a window, interpolated linearly. A catalogue search asks
/// for the Sun at tens of thousands of TCAs; the full series costs ~10 µs a call, the table a few nanoseconds. In an
/// hour the Sun's direction turns 0.04°, so the chord sags by ~10 km at 1 au: 7e-8 rad, far below anything the
/// shadow test can notice.
/// </summary>
internal sealed class SunTemeTable
{
    private const double NodeSeconds = 3600.0;

    private readonly DateTime _startUtc;
    private readonly Vec3[] _nodes;

    public SunTemeTable(DateTime startUtc, DateTime endUtc)
    {
        _startUtc = startUtc;
        int count = (int)Math.Ceiling((endUtc - startUtc).TotalSeconds / NodeSeconds) + 2;
        _nodes = new Vec3[count];
        for (int k = 0; k < count; k++)
        {
            _nodes[k] = Sun.PositionTemeKm(startUtc.AddSeconds(k * NodeSeconds));
        }
    }

    public Vec3 At(DateTime utc)
    {
        double x = (utc - _startUtc).TotalSeconds / NodeSeconds;
        int k = Math.Clamp((int)Math.Floor(x), 0, _nodes.Length - 2);
        double f = x - k;
        return _nodes[k] + (f * (_nodes[k + 1] - _nodes[k]));
    }
}

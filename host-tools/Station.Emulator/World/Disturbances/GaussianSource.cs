namespace Station.Emulator.World.Disturbances;

/// <summary>
/// Seeded standard-normal numbers (Box–Muller, both values of each pair used). Every generator owns one, so a
/// scenario replays exactly from its seeds whatever else draws random numbers.
/// </summary>
public sealed class GaussianSource(int seed)
{
    private readonly Random _random = new(seed);
    private double _spare;
    private bool _hasSpare;

    public double Next()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spare;
        }

        double u1 = 1 - _random.NextDouble(); // (0, 1]: keeps the logarithm finite
        double u2 = _random.NextDouble();
        double radius = Math.Sqrt(-2 * Math.Log(u1));
        _spare = radius * Math.Sin(2 * Math.PI * u2);
        _hasSpare = true;
        return radius * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>A uniform number in [0, 1) from the same stream (for Poisson sampling).</summary>
    public double NextUniform() => _random.NextDouble();
}

namespace Station.Emulator.World;

/// <summary>Something in the emulated world that evolves with time (an axis, the sky, a detector).</summary>
public interface IWorldComponent
{
    /// <summary>Brings the component's physical state up to <paramref name="now"/>.</summary>
    void Advance(DateTimeOffset now);
}

/// <summary>
/// The physical world behind the emulated devices. It steps in lock-step with the simulation's
/// <see cref="TimeProvider"/>: a periodic timer on that provider advances every component, so the world
/// and the firmware's own timer-driven loops interleave deterministically (components created first step
/// first at equal times). Devices additionally bring themselves up to date on every bus access.
/// </summary>
public sealed class EmulatedWorld : IDisposable
{
    private readonly List<IWorldComponent> _components = [];
    private readonly ITimer _timer;
    private readonly TimeProvider _time;

    /// <param name="timeProvider">The simulation clock.</param>
    /// <param name="step">Physics step (default 1 ms).</param>
    public EmulatedWorld(TimeProvider timeProvider, TimeSpan? step = null)
    {
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        Step = step ?? TimeSpan.FromMilliseconds(1);
        if (Step <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(step), step, "The physics step must be positive.");
        }

        _timer = _time.CreateTimer(_ => StepAll(), null, Step, Step);
    }

    /// <summary>The physics step.</summary>
    public TimeSpan Step { get; }

    /// <summary>Number of physics steps taken.</summary>
    public long StepCount { get; private set; }

    /// <summary>Adds a component; it is stepped from the next physics step on.</summary>
    public void Add(IWorldComponent component)
    {
        ArgumentNullException.ThrowIfNull(component);
        _components.Add(component);
    }

    private void StepAll()
    {
        var now = _time.GetUtcNow();
        StepCount++;
        foreach (var component in _components)
        {
            component.Advance(now);
        }
    }

    public void Dispose() => _timer.Dispose();
}

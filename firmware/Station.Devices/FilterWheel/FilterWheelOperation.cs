namespace Station.Devices.FilterWheel;

/// <summary>What a filter-wheel operation does.</summary>
public enum FilterWheelOperationKind
{
    /// <summary>Find the index and re-reference the position to it.</summary>
    Home,

    /// <summary>Turn the shortest way to a named slot.</summary>
    Move,
}

/// <summary>How an operation ended well.</summary>
/// <param name="Slot">The slot in the beam (null when the wheel stopped between slots, as after homing).</param>
/// <param name="PositionMicrosteps">XACTUAL at the end, relative to the index.</param>
/// <param name="CompletedAt">When the supervisor saw the end.</param>
/// <param name="IndexErrorMicrosteps">How far the index latched from where it was expected, when the move crossed it.</param>
/// <param name="IndexWidthMicrosteps">The magnet width measured while homing (leading to trailing edge).</param>
public sealed record FilterWheelResult(string? Slot, long PositionMicrosteps, DateTimeOffset CompletedAt, int? IndexErrorMicrosteps = null, int? IndexWidthMicrosteps = null);

/// <summary>
/// A homing or a move in progress, supervised on the wheel's <see cref="TimeProvider"/>. It ends with a
/// <see cref="FilterWheelResult"/> or a typed fault: <see cref="FilterWheelStallException"/>,
/// <see cref="FilterWheelTimeoutException"/>, <see cref="FilterWheelIndexException"/>,
/// <see cref="FilterWheelDriverException"/>, or the controller's <c>Tmc5160Exception</c> when SPI fails.
/// </summary>
public sealed class FilterWheelOperation
{
    private readonly TaskCompletionSource<FilterWheelResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal FilterWheelOperation(FilterWheelOperationKind kind, string target, DateTimeOffset startedAt, TimeSpan timeLimit)
    {
        Kind = kind;
        Target = target;
        StartedAt = startedAt;
        TimeLimit = timeLimit;
    }

    /// <summary>Homing or a move.</summary>
    public FilterWheelOperationKind Kind { get; }

    /// <summary>The slot name, or "index" for homing.</summary>
    public string Target { get; }

    /// <summary>When it started.</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>How long it may take before it fails with <see cref="FilterWheelTimeoutException"/>.</summary>
    public TimeSpan TimeLimit { get; }

    /// <summary>Completes with the result, or faults with the typed exception.</summary>
    public Task<FilterWheelResult> Completion => _completion.Task;

    /// <summary>Whether it has ended (either way).</summary>
    public bool IsCompleted => _completion.Task.IsCompleted;

    /// <summary>The result when it ended well, else null.</summary>
    public FilterWheelResult? Result => _completion.Task.IsCompletedSuccessfully ? _completion.Task.Result : null;

    /// <summary>The fault when it ended badly, else null.</summary>
    public Exception? Error => _completion.Task.Exception?.InnerException;

    internal void Succeed(FilterWheelResult result) => _completion.TrySetResult(result);

    internal void Fail(Exception error)
    {
        if (_completion.TrySetException(error))
        {
            _ = _completion.Task.Exception; // observed here: callers read Error rather than await
        }
    }
}

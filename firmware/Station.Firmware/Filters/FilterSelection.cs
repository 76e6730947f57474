namespace Station.Firmware.Filters;

/// <summary>How a slot selection (or a homing) ended well.</summary>
/// <param name="Wheel">The wheel's configured name.</param>
/// <param name="Slot">The slot in the beam, or null when the wheel rests between slots (homing without a start-up slot).</param>
/// <param name="SettledAt">When the wheel had settled and the gate hold was released.</param>
/// <param name="IndexErrorMicrosteps">Where the index latched against where it was expected, when the move crossed it (null otherwise).</param>
/// <param name="Homed">Whether the wheel was homed as part of this selection (start-up, or too many moves without an index check).</param>
public sealed record FilterSelectionResult(string Wheel, string? Slot, DateTimeOffset SettledAt, int? IndexErrorMicrosteps, bool Homed);

/// <summary>
/// A selection in progress: the wheel turns, settles, and only then does the selection complete (and the
/// detectors' gate hold is released). Ends with a <see cref="FilterSelectionResult"/> or a
/// <see cref="FilterWheelFaultException"/> naming the wheel and the slot.
/// </summary>
public sealed class FilterSelection
{
    private readonly TaskCompletionSource<FilterSelectionResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal FilterSelection(string wheel, string? slot, DateTimeOffset startedAt)
    {
        Wheel = wheel;
        Slot = slot;
        StartedAt = startedAt;
    }

    public string Wheel { get; }

    /// <summary>The slot asked for (null for a plain homing).</summary>
    public string? Slot { get; }

    public DateTimeOffset StartedAt { get; }

    public Task<FilterSelectionResult> Completion => _completion.Task;

    public bool IsCompleted => _completion.Task.IsCompleted;

    public FilterSelectionResult? Result => _completion.Task.IsCompletedSuccessfully ? _completion.Task.Result : null;

    public FilterWheelFaultException? Error => _completion.Task.Exception?.InnerException as FilterWheelFaultException;

    internal void Succeed(FilterSelectionResult result) => _completion.TrySetResult(result);

    internal void Fail(FilterWheelFaultException error)
    {
        if (_completion.TrySetException(error))
        {
            _ = _completion.Task.Exception; // observed: callers read Error rather than await
        }
    }
}

/// <summary>A filter-wheel command refused before anything moved; the message says why and what is valid.</summary>
public sealed class FilterWheelCommandRefusedException : InvalidOperationException
{
    public FilterWheelCommandRefusedException()
    {
    }

    public FilterWheelCommandRefusedException(string message)
        : base(message)
    {
    }

    public FilterWheelCommandRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// A selection or homing failed (stall, timeout, slip found by the index check, driver or SPI fault). The wheel
/// is Faulted: the detectors stay gated off and it must be homed again.
/// </summary>
public sealed class FilterWheelFaultException : Exception
{
    public FilterWheelFaultException()
    {
        Wheel = string.Empty;
    }

    public FilterWheelFaultException(string message)
        : base(message)
    {
        Wheel = string.Empty;
    }

    public FilterWheelFaultException(string message, Exception innerException)
        : base(message, innerException)
    {
        Wheel = string.Empty;
    }

    public FilterWheelFaultException(string wheel, string? slot, string message, Exception? innerException)
        : base(message, innerException)
    {
        Wheel = wheel;
        Slot = slot;
    }

    /// <summary>The wheel's configured name.</summary>
    public string Wheel { get; }

    /// <summary>The slot being selected (null when homing).</summary>
    public string? Slot { get; }
}

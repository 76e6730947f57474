namespace Station.Emulator.Faults;

/// <summary>A fault aimed at a pin-map device for a span of simulated time.</summary>
/// <param name="Kind">What goes wrong.</param>
/// <param name="DeviceId">The pin-map device it hits (e.g. <c>az_encoder</c>).</param>
/// <param name="Start">When it begins.</param>
/// <param name="Duration">How long it lasts (<see cref="Timeout.InfiniteTimeSpan"/>: until cleared).</param>
public sealed record ScheduledFault(FaultKind Kind, string DeviceId, DateTimeOffset Start, TimeSpan Duration)
{
    public bool IsActiveAt(DateTimeOffset now) =>
        now >= Start && (Duration == Timeout.InfiniteTimeSpan || now < Start + Duration);
}

/// <summary>
/// The emulator's fault schedule. Emulated devices ask it, at the present simulated time, whether a fault
/// of a kind is active against them; scenarios and tests schedule faults ahead of time. One mechanism for
/// every kind, so a fault is just data: (kind, device, start, duration).
/// </summary>
public sealed class FaultInjector(TimeProvider timeProvider)
{
    private readonly TimeProvider _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
    private readonly List<ScheduledFault> _faults = [];
    private readonly Lock _gate = new();

    /// <summary>Every scheduled fault (past, present and future).</summary>
    public IReadOnlyList<ScheduledFault> Scheduled
    {
        get
        {
            lock (_gate)
            {
                return [.. _faults];
            }
        }
    }

    /// <summary>Schedules a fault. Rejects an empty device id or a negative duration.</summary>
    public ScheduledFault Schedule(FaultKind kind, string deviceId, DateTimeOffset start, TimeSpan duration)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(deviceId);
        if (duration < TimeSpan.Zero && duration != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), duration, "A fault lasts a non-negative time or Timeout.InfiniteTimeSpan.");
        }

        var fault = new ScheduledFault(kind, deviceId, start, duration);
        lock (_gate)
        {
            _faults.Add(fault);
        }

        return fault;
    }

    /// <summary>Starts a fault now, lasting <paramref name="duration"/> (default: until cleared).</summary>
    public ScheduledFault InjectNow(FaultKind kind, string deviceId, TimeSpan? duration = null) =>
        Schedule(kind, deviceId, _time.GetUtcNow(), duration ?? Timeout.InfiniteTimeSpan);

    /// <summary>Ends every fault of <paramref name="kind"/> on <paramref name="deviceId"/> now.</summary>
    public void Clear(FaultKind kind, string deviceId)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            for (int i = 0; i < _faults.Count; i++)
            {
                var fault = _faults[i];
                if (fault.Kind == kind && fault.DeviceId == deviceId && fault.IsActiveAt(now))
                {
                    _faults[i] = fault with { Duration = now - fault.Start };
                }
                else if (fault.Kind == kind && fault.DeviceId == deviceId && fault.Start > now)
                {
                    _faults.RemoveAt(i--);
                }
            }
        }
    }

    /// <summary>Whether a fault of <paramref name="kind"/> hits <paramref name="deviceId"/> at the present time.</summary>
    public bool IsActive(FaultKind kind, string deviceId)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            foreach (var fault in _faults)
            {
                if (fault.Kind == kind && string.Equals(fault.DeviceId, deviceId, StringComparison.Ordinal) && fault.IsActiveAt(now))
                {
                    return true;
                }
            }

            return false;
        }
    }
}

namespace Station.Core.Timing;

/// <summary>
/// A deterministic <see cref="TimeProvider"/> for simulation and tests. Time stands still until
/// <see cref="Advance"/> or <see cref="AdvanceTo"/> moves it; timers due on the way fire in order of
/// due time (ties in order of creation), each seeing <see cref="GetUtcNow"/> equal to its due time.
/// Periodic timers are rescheduled from their due time, not from when they ran, so they never drift.
/// Callbacks run synchronously on the thread that advances time, which is what makes a simulated pass
/// reproducible: the emulator's world and the firmware's loops are all timers on one provider.
/// </summary>
public sealed class SimulatedTimeProvider : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly PriorityQueue<ScheduledTimer, (long DueTicks, long Sequence)> _queue = new();
    private readonly DateTimeOffset _start;
    private long _nowTicks;
    private long _nextSequence;
    private bool _advancing;

    /// <summary>Creates a provider whose clock starts at <paramref name="start"/> (UTC).</summary>
    public SimulatedTimeProvider(DateTimeOffset start)
    {
        _start = start.ToUniversalTime();
        _nowTicks = 0;
    }

    /// <summary>Simulated time elapsed since the start.</summary>
    public TimeSpan Elapsed
    {
        get
        {
            lock (_gate)
            {
                return TimeSpan.FromTicks(_nowTicks);
            }
        }
    }

    /// <summary>Number of timers that are armed.</summary>
    public int ArmedTimerCount
    {
        get
        {
            lock (_gate)
            {
                return _queue.UnorderedItems.Count(item => item.Element.IsArmedWith(item.Priority.Sequence));
            }
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _start.AddTicks(_nowTicks);
        }
    }

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp()
    {
        lock (_gate)
        {
            return _nowTicks;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new ScheduledTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves time forward by <paramref name="delta"/>, firing every timer due on the way.</summary>
    public void Advance(TimeSpan delta)
    {
        if (delta < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(delta), delta, "Simulated time cannot go backwards.");
        }

        long target;
        lock (_gate)
        {
            target = _nowTicks + delta.Ticks;
        }

        AdvanceToTicks(target);
    }

    /// <summary>Moves time forward to <paramref name="instant"/>, firing every timer due on the way.</summary>
    public void AdvanceTo(DateTimeOffset instant)
    {
        long target = (instant.ToUniversalTime() - _start).Ticks;
        lock (_gate)
        {
            if (target < _nowTicks)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(instant), instant, $"Simulated time is already {_start.AddTicks(_nowTicks):O}; it cannot go backwards.");
            }
        }

        AdvanceToTicks(target);
    }

    /// <summary>
    /// Advances time until <paramref name="condition"/> holds (checked after every timer that fires) or
    /// <paramref name="limit"/> has elapsed. Returns whether the condition was met.
    /// </summary>
    public bool AdvanceUntil(Func<bool> condition, TimeSpan limit)
    {
        ArgumentNullException.ThrowIfNull(condition);
        long limitTicks;
        lock (_gate)
        {
            limitTicks = _nowTicks + limit.Ticks;
        }

        if (condition())
        {
            return true;
        }

        while (TryFireNext(limitTicks))
        {
            if (condition())
            {
                return true;
            }
        }

        lock (_gate)
        {
            _nowTicks = limitTicks;
        }

        return condition();
    }

    private void AdvanceToTicks(long targetTicks)
    {
        while (TryFireNext(targetTicks))
        {
        }

        lock (_gate)
        {
            _nowTicks = Math.Max(_nowTicks, targetTicks);
        }
    }

    /// <summary>Fires the earliest timer due at or before <paramref name="limitTicks"/>, if any.</summary>
    private bool TryFireNext(long limitTicks)
    {
        ScheduledTimer timer;
        lock (_gate)
        {
            if (_advancing)
            {
                throw new InvalidOperationException("A timer callback tried to advance simulated time; only the driver of the simulation may.");
            }

            while (true)
            {
                if (!_queue.TryPeek(out var candidate, out var priority) || priority.DueTicks > limitTicks)
                {
                    return false;
                }

                _queue.Dequeue();
                if (!candidate.IsArmedWith(priority.Sequence))
                {
                    continue; // superseded by Change or Dispose
                }

                _nowTicks = Math.Max(_nowTicks, priority.DueTicks);
                timer = candidate;
                timer.OnDequeuedForFiring(this);
                _advancing = true;
                break;
            }
        }

        try
        {
            timer.Invoke();
        }
        finally
        {
            lock (_gate)
            {
                _advancing = false;
            }
        }

        return true;
    }

    private void Schedule(ScheduledTimer timer, long dueTicks)
    {
        long sequence = ++_nextSequence;
        timer.ArmedSequence = sequence;
        _queue.Enqueue(timer, (dueTicks, sequence));
    }

    private sealed class ScheduledTimer(SimulatedTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        private long _periodTicks;
        private bool _disposed;

        /// <summary>Sequence number of the live queue entry; 0 when disarmed.</summary>
        public long ArmedSequence { get; set; }

        public bool IsArmedWith(long sequence) => !_disposed && ArmedSequence == sequence;

        /// <summary>Called under the owner's lock: re-arms a periodic timer from its due time.</summary>
        public void OnDequeuedForFiring(SimulatedTimeProvider provider)
        {
            if (_periodTicks > 0)
            {
                provider.Schedule(this, provider._nowTicks + _periodTicks);
            }
            else
            {
                ArmedSequence = 0;
            }
        }

        public void Invoke() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            ValidateTimerSpan(dueTime, nameof(dueTime));
            ValidateTimerSpan(period, nameof(period));
            lock (owner._gate)
            {
                if (_disposed)
                {
                    return false;
                }

                _periodTicks = period == Timeout.InfiniteTimeSpan ? 0 : period.Ticks;
                if (dueTime == Timeout.InfiniteTimeSpan)
                {
                    ArmedSequence = 0;
                }
                else
                {
                    owner.Schedule(this, owner._nowTicks + dueTime.Ticks);
                }

                return true;
            }
        }

        public void Dispose()
        {
            lock (owner._gate)
            {
                _disposed = true;
                ArmedSequence = 0;
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }

        private static void ValidateTimerSpan(TimeSpan value, string name)
        {
            if (value < TimeSpan.Zero && value != Timeout.InfiniteTimeSpan)
            {
                throw new ArgumentOutOfRangeException(name, value, "A timer interval must be non-negative or Timeout.InfiniteTimeSpan.");
            }
        }
    }
}

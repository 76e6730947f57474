namespace Station.Firmware.Telemetry;

/// <summary>The record kinds of the telemetry journal.</summary>
public enum TelemetryKind
{
    Mount,
    Detector,
    Optics,
    Weather,
    Clock,
    Event,
    Audit,
}

/// <summary>Records gathered between two flushes, one preallocated list per kind (adding never allocates).</summary>
internal sealed class TelemetryBatch(int capacity)
{
    public const int KindCount = 7;

    public List<MountSample> Mount { get; } = new(capacity);

    public List<DetectorSample> Detector { get; } = new(capacity);

    public List<OpticsSample> Optics { get; } = new(capacity);

    public List<WeatherSample> Weather { get; } = new(capacity);

    public List<ClockSample> Clock { get; } = new(capacity);

    public List<EventRecord> Events { get; } = new(capacity);

    public List<AuditRecord> Audit { get; } = new(capacity);

    /// <summary>Records dropped per kind (index: <see cref="TelemetryKind"/>) since the previous batch was taken.</summary>
    public long[] DroppedBefore { get; } = new long[KindCount];

    /// <summary>The queue's accepted-record count when this batch was taken: once it is committed, so is every record up to it.</summary>
    public long AcceptedThrough { get; set; }

    public DateTimeOffset TakenAt { get; set; }

    public int Count => Mount.Count + Detector.Count + Optics.Count + Weather.Count + Clock.Count + Events.Count + Audit.Count;

    public bool HasDrops => DroppedBefore.Any(d => d > 0);

    public void Clear()
    {
        Mount.Clear();
        Detector.Clear();
        Optics.Clear();
        Weather.Clear();
        Clock.Clear();
        Events.Clear();
        Audit.Clear();
        Array.Clear(DroppedBefore);
    }
}

/// <summary>
/// Double-buffered bounded queue between the control loop and the writer thread. Producers append to the active batch
/// under a lock held for one list append; taking a batch swaps in the spare (O(1)), so the lock is never held while
/// the writer does I/O. While the writer still holds the spare, nothing is taken and the active batch fills up to
/// capacity; after that records are dropped and counted per kind.
/// </summary>
internal sealed class TelemetryQueue(int capacity)
{
    private readonly Lock _gate = new();
    private readonly long[] _dropped = new long[TelemetryBatch.KindCount];
    private readonly long[] _droppedReported = new long[TelemetryBatch.KindCount];
    private TelemetryBatch _active = new(capacity);
    private TelemetryBatch? _spare = new(capacity);
    private long _accepted;

    public int Capacity { get; } = capacity;

    /// <summary>Whether the writer holds a batch (the spare is out).</summary>
    public bool WriterBusy
    {
        get
        {
            lock (_gate)
            {
                return _spare is null;
            }
        }
    }

    public long Accepted
    {
        get
        {
            lock (_gate)
            {
                return _accepted;
            }
        }
    }

    public long[] DroppedByKind()
    {
        lock (_gate)
        {
            return [.. _dropped];
        }
    }

    public bool TryAdd<T>(Func<TelemetryBatch, List<T>> list, TelemetryKind kind, in T item)
    {
        lock (_gate)
        {
            var target = list(_active);
            if (target.Count >= Capacity)
            {
                _dropped[(int)kind]++;
                return false;
            }

            target.Add(item);
            _accepted++;
            return true;
        }
    }

    /// <summary>
    /// Hands the active batch to the writer, or null when the writer still holds the spare or there is nothing new
    /// (no records and no drops to report).
    /// </summary>
    public TelemetryBatch? TryTake(DateTimeOffset now)
    {
        lock (_gate)
        {
            bool newDrops = !_dropped.AsSpan().SequenceEqual(_droppedReported);
            if (_spare is null || (_active.Count == 0 && !newDrops))
            {
                return null;
            }

            var full = _active;
            for (int kind = 0; kind < TelemetryBatch.KindCount; kind++)
            {
                full.DroppedBefore[kind] = _dropped[kind] - _droppedReported[kind];
                _droppedReported[kind] = _dropped[kind];
            }

            full.AcceptedThrough = _accepted;
            full.TakenAt = now;
            _active = _spare;
            _spare = null;
            return full;
        }
    }

    /// <summary>The writer gives a written batch back; it becomes the spare.</summary>
    public void Return(TelemetryBatch batch)
    {
        batch.Clear();
        lock (_gate)
        {
            _spare = batch;
        }
    }
}

using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Station.Firmware.Telemetry;

/// <summary>
/// The telemetry journal: records go into a bounded in-memory queue (never blocking the caller) and a background
/// thread commits them to SQLite in one transaction per flush. A <see cref="TimeProvider"/> timer hands the queue to
/// the writer every <see cref="TelemetryOptions.FlushInterval"/> (≤ 1 s), so a record is durable against a process
/// crash within one interval plus one commit. The database is opened in WAL mode with synchronous=NORMAL and its
/// schema created or migrated on construction; opening problems throw at once, naming the file.
/// </summary>
public sealed partial class SqliteTelemetryWriter : ITelemetrySink, IDisposable, IAsyncDisposable
{
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TelemetryQueue _queue;
    private readonly SqliteConnection _connection;
    private readonly TelemetryBatchWriter _batchWriter;
    private readonly ITimer _flushTimer;
    private readonly Thread _thread;
    private readonly SemaphoreSlim _batchReady = new(0, 1);
    private readonly Lock _gate = new();
    private readonly List<(long Through, TaskCompletionSource Done)> _waiters = [];
    private TelemetryBatch? _inFlight;
    private long _submittedThrough;
    private long _committedThrough;
    private long _written;
    private long _lost;
    private long _lostUnreported;
    private string? _lastFailure;
    private long _batchesCommitted;
    private long _batchesFailed;
    private long _ticksSkipped;
    private bool _flushRequested;
    private bool _stopping;
    private bool _disposed;

    public SqliteTelemetryWriter(TelemetryOptions options, TimeProvider timeProvider, ILogger<SqliteTelemetryWriter>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate("Telemetry");
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid telemetry options: " + string.Join("; ", problems), nameof(options));
        }

        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        DatabasePath = Path.GetFullPath(options.DatabasePath);
        _queue = new TelemetryQueue(options.QueueCapacity);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = (int)Math.Ceiling(options.BusyTimeoutMs / 1000.0),
        }.ToString());
        try
        {
            _connection.Open();
            TelemetrySchema.ConfigureWriter(_connection, DatabasePath);
            TelemetrySchema.Migrate(_connection, DatabasePath, _time);
            _batchWriter = new TelemetryBatchWriter(_connection);
        }
        catch (SqliteException exception)
        {
            _connection.Dispose();
            throw new TelemetryDatabaseException($"{DatabasePath}: cannot open the telemetry database: {exception.Message}", exception);
        }
        catch
        {
            _connection.Dispose();
            throw;
        }

        _thread = new Thread(WriterLoop) { IsBackground = true, Name = "telemetry-writer" };
        _thread.Start();
        _flushTimer = _time.CreateTimer(static state => ((SqliteTelemetryWriter)state!).OnFlushTick(), this, options.FlushInterval, options.FlushInterval);
        LogOpened(_logger, DatabasePath, TelemetrySchema.CurrentVersion, options.FlushIntervalMs);
    }

    /// <summary>Full path of the database file.</summary>
    public string DatabasePath { get; }

    public TelemetryStatistics Statistics
    {
        get
        {
            lock (_gate)
            {
                return new TelemetryStatistics(_queue.Accepted, _written, _lost, _batchesCommitted, _batchesFailed, _ticksSkipped, _queue.DroppedByKind());
            }
        }
    }

    public bool WriteMount(in MountSample sample) => _queue.TryAdd(static b => b.Mount, TelemetryKind.Mount, sample);

    public bool WriteDetector(in DetectorSample sample) => _queue.TryAdd(static b => b.Detector, TelemetryKind.Detector, sample);

    public bool WriteOptics(in OpticsSample sample) => _queue.TryAdd(static b => b.Optics, TelemetryKind.Optics, sample);

    public bool WriteWeather(in WeatherSample sample) => _queue.TryAdd(static b => b.Weather, TelemetryKind.Weather, sample);

    public bool WriteClock(in ClockSample sample) => _queue.TryAdd(static b => b.Clock, TelemetryKind.Clock, sample);

    public bool WriteEvent(in EventRecord record)
    {
        ArgumentNullException.ThrowIfNull(record.Source);
        ArgumentNullException.ThrowIfNull(record.Kind);
        ArgumentNullException.ThrowIfNull(record.Message);
        return _queue.TryAdd(static b => b.Events, TelemetryKind.Event, record);
    }

    public bool WriteAudit(in AuditRecord record) => _queue.TryAdd(static b => b.Audit, TelemetryKind.Audit, record);

    /// <summary>
    /// Commits every record accepted before the call (waiting for a batch in progress first). Completes when they
    /// are committed or given up as lost (see <see cref="TelemetryStatistics.Lost"/>).
    /// </summary>
    public Task FlushAsync()
    {
        long target = _queue.Accepted;
        Task done;
        lock (_gate)
        {
            done = WaitForLocked(target);
            _flushRequested = true;
        }

        TrySubmit();
        return done;
    }

    /// <summary>
    /// Completes when every batch already handed to the writer (by the flush timer or <see cref="FlushAsync"/>) is
    /// committed; hands nothing new over. Tests use it to see exactly what the timer alone made durable.
    /// </summary>
    public Task WhenCommittedAsync()
    {
        lock (_gate)
        {
            return WaitForLocked(_submittedThrough);
        }
    }

    public void Dispose()
    {
        if (!StartStopping())
        {
            return;
        }

        FlushAsync().GetAwaiter().GetResult();
        FinishStopping();
    }

    public async ValueTask DisposeAsync()
    {
        if (!StartStopping())
        {
            return;
        }

        await FlushAsync().ConfigureAwait(false);
        FinishStopping();
    }

    private bool StartStopping()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return false;
            }

            _disposed = true;
        }

        _flushTimer.Dispose();
        return true;
    }

    private void FinishStopping()
    {
        lock (_gate)
        {
            _stopping = true;
        }

        _batchReady.Release();
        _thread.Join();
        _batchWriter.Dispose();
        _connection.Dispose();
        _batchReady.Dispose();
        var statistics = Statistics;
        LogClosed(_logger, DatabasePath, statistics);
    }

    private void OnFlushTick()
    {
        if (!TrySubmit() && _queue.WriterBusy)
        {
            lock (_gate)
            {
                _ticksSkipped++;
            }
        }
    }

    /// <summary>Hands the queued records to the writer thread if it is idle; false when it is busy or nothing is queued.</summary>
    private bool TrySubmit()
    {
        lock (_gate)
        {
            if (_inFlight is not null || _stopping)
            {
                return false;
            }

            var batch = _queue.TryTake(_time.GetUtcNow());
            if (batch is null)
            {
                CompleteWaitersLocked(_queue.WriterBusy ? _committedThrough : _queue.Accepted);
                return false;
            }

            _inFlight = batch;
            _submittedThrough = batch.AcceptedThrough;
            _flushRequested = false;
        }

        _batchReady.Release();
        return true;
    }

    private void WriterLoop()
    {
        while (true)
        {
            _batchReady.Wait();
            TelemetryBatch? batch;
            List<EventRecord> notes;
            lock (_gate)
            {
                batch = _inFlight;
                if (batch is null)
                {
                    if (_stopping)
                    {
                        return;
                    }

                    continue;
                }

                notes = WriterNotesLocked(batch);
            }

            WriteBatch(batch, notes);
        }
    }

    private void WriteBatch(TelemetryBatch batch, List<EventRecord> notes)
    {
        int count = batch.Count;
        bool ok;
        try
        {
            _batchWriter.Write(batch, notes);
            ok = true;
        }
        catch (SqliteException exception)
        {
            ok = false;
            LogBatchFailed(_logger, exception, count, DatabasePath);
            lock (_gate)
            {
                _lastFailure = exception.Message;
            }
        }

        bool again;
        lock (_gate)
        {
            if (ok)
            {
                _written += count;
                _batchesCommitted++;
            }
            else
            {
                _lost += count;
                _lostUnreported += count;
                _batchesFailed++;
            }

            _committedThrough = batch.AcceptedThrough;
            _inFlight = null;
            _queue.Return(batch);
            CompleteWaitersLocked(_committedThrough);
            again = _flushRequested;
        }

        if (again)
        {
            TrySubmit();
        }
    }

    /// <summary>Events the writer adds about itself: records dropped before this batch, batches lost before it.</summary>
    private List<EventRecord> WriterNotesLocked(TelemetryBatch batch)
    {
        var notes = new List<EventRecord>();
        if (batch.HasDrops)
        {
            var parts = Enum.GetValues<TelemetryKind>()
                .Where(kind => batch.DroppedBefore[(int)kind] > 0)
                .Select(kind => string.Create(CultureInfo.InvariantCulture, $"{batch.DroppedBefore[(int)kind]} {kind}"));
            notes.Add(new EventRecord(batch.TakenAt, "telemetry", "records_dropped",
                string.Create(CultureInfo.InvariantCulture, $"queue full (capacity {_queue.Capacity} per kind): dropped {string.Join(", ", parts)}")));
        }

        if (_lostUnreported > 0)
        {
            notes.Add(new EventRecord(batch.TakenAt, "telemetry", "records_lost",
                string.Create(CultureInfo.InvariantCulture, $"{_lostUnreported} records lost in failed commits; last error: {_lastFailure}")));
            _lostUnreported = 0;
        }

        return notes;
    }

    private Task WaitForLocked(long through)
    {
        if (_committedThrough >= through)
        {
            return Task.CompletedTask;
        }

        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiters.Add((through, done));
        return done.Task;
    }

    private void CompleteWaitersLocked(long committedThrough)
    {
        for (int i = _waiters.Count - 1; i >= 0; i--)
        {
            if (_waiters[i].Through <= committedThrough)
            {
                _waiters[i].Done.TrySetResult();
                _waiters.RemoveAt(i);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Telemetry journal {Path} open (schema {Version}, WAL, flush every {FlushMs} ms)")]
    private static partial void LogOpened(ILogger logger, string path, int version, double flushMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Telemetry journal {Path} closed: {Statistics}")]
    private static partial void LogClosed(ILogger logger, string path, TelemetryStatistics statistics);

    [LoggerMessage(Level = LogLevel.Error, Message = "Telemetry commit of {Count} records to {Path} failed; they are lost")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, int count, string path);
}

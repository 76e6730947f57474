using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Station.Core.Acquisition;
using Station.Core.Safety;
using Station.Core.Timing;
using Station.Devices.Gnss;
using Station.Devices.Weather;
using Station.Firmware.Telemetry;
using Station.Tests.Shared;

namespace Station.Hil.Tests.Telemetry;

public sealed class TelemetryWriterTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2016, 12, 20, 18, 2, 25, TimeSpan.Zero);
    private static readonly TimeSpan WallGuard = TimeSpan.FromSeconds(20);
    private readonly TempDirectory _directory = new();
    private readonly SimulatedTimeProvider _time = new(Start);

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Every_record_kind_reads_back_exactly_as_written()
    {
        var counts = default(ChannelArray<uint>);
        counts[0] = 1234;
        counts[1] = 0;
        counts[2] = 4_000_000_000;
        counts[3] = 7;
        var mount = new MountSample(Start.AddTicks(12_340), 123.456789, 45.678901, 123.456001, 45.678002, 3.25, double.NaN, TrackerState.FineLock);
        var detector = new DetectorSample(Start.AddMilliseconds(100), 0.1, 4, counts, GateOnMask: 0b1011, TrippedMask: 0b0100);
        var optics = new OpticsSample(Start.AddMilliseconds(200), 2, -1, LaserEnabled: true, LaserShutterOpen: false, 12.5, -7.25);
        var weather = new WeatherSample(Start.AddSeconds(1), WeatherStatus.Ok, 687.3, -8.5, 41.0);
        var noWeather = new WeatherSample(Start.AddSeconds(2), WeatherStatus.NotResponding, double.NaN, double.NaN, double.NaN);
        var clock = new ClockSample(Start.AddSeconds(1), GnssHealth.FixLost | GnssHealth.PpsLost, GnssFixQuality.NoFix, 3, double.NaN);
        var clockOk = new ClockSample(Start.AddSeconds(2), GnssHealth.Ok, GnssFixQuality.Gnss, 14, -0.42);
        var evt = new EventRecord(Start.AddSeconds(3), "sequencer", "state_changed", "search → coarse lock (SNR 23.4)");
        var audit = new AuditRecord(Start.AddSeconds(4), PermissionKind.DetectorGate, 2, WasPermitted: true, Permitted: false,
            SafetyReason.TripLatched | SafetyReason.EStop, SafetyReason.TripLatched, SafetyReason.None, SafetyInputs.TripState);
        var laserAudit = new AuditRecord(Start.AddSeconds(5), PermissionKind.UplinkLaser, -1, WasPermitted: false, Permitted: true,
            SafetyReason.None, SafetyReason.None, SafetyReason.NotArmed | SafetyReason.AircraftAlarm, SafetyInputs.OperatorArming | SafetyInputs.AircraftDetector);

        var path = _directory.File("all.sqlite");
        await using (var writer = NewWriter(path))
        {
            Assert.True(writer.WriteMount(mount));
            Assert.True(writer.WriteDetector(detector));
            Assert.True(writer.WriteOptics(optics));
            Assert.True(writer.WriteWeather(weather));
            Assert.True(writer.WriteWeather(noWeather));
            Assert.True(writer.WriteClock(clock));
            Assert.True(writer.WriteClock(clockOk));
            Assert.True(writer.WriteEvent(evt));
            Assert.True(writer.WriteAudit(audit));
            Assert.True(writer.WriteAudit(laserAudit));
            await writer.FlushAsync().WaitAsync(WallGuard);
            Assert.Equal(10, writer.Statistics.Written);
        }

        using var db = TelemetryDatabase.Open(path);
        var all = (From: Start.AddHours(-1), To: Start.AddHours(1));
        Assert.Equal([mount with { Time = TelemetryTime.Truncate(mount.Time) }], db.ReadMountSamples(all.From, all.To));
        Assert.Equal([detector], db.ReadDetectorSamples(all.From, all.To));
        Assert.Equal([optics], db.ReadOpticsSamples(all.From, all.To));
        Assert.Equal([weather, noWeather], db.ReadWeatherSamples(all.From, all.To));
        Assert.Equal([clock, clockOk], db.ReadClockSamples(all.From, all.To));
        Assert.Equal([evt], db.ReadEvents());
        Assert.Equal([audit, laserAudit], db.ReadAudit());
        Assert.Equal((TelemetryTime.Truncate(mount.Time), TelemetryTime.Truncate(mount.Time)), db.MountSampleSpan());
    }

    [Fact]
    public async Task Mount_samples_are_read_between_two_times_inclusive_and_in_time_order()
    {
        var path = _directory.File("range.sqlite");
        await using (var writer = NewWriter(path))
        {
            for (int i = 9; i >= 0; i--)
            {
                writer.WriteMount(new MountSample(Start.AddSeconds(i), i, 10 + i, i, 10 + i, 0, 0, TrackerState.Search));
            }

            await writer.FlushAsync().WaitAsync(WallGuard);
        }

        using var db = TelemetryDatabase.Open(path);
        var samples = db.ReadMountSamples(Start.AddSeconds(3), Start.AddSeconds(6));
        Assert.Equal([3.0, 4.0, 5.0, 6.0], samples.Select(s => s.CommandedAzimuthDeg));
        Assert.Empty(db.ReadMountSamples(Start.AddSeconds(10), Start.AddSeconds(20)));
    }

    [Fact]
    public async Task A_record_becomes_visible_to_a_second_connection_when_one_flush_interval_of_simulated_time_passes()
    {
        var path = _directory.File("durable.sqlite");
        await using var writer = NewWriter(path, flushIntervalMs: 1000);
        using var reader = TelemetryDatabase.Open(path);
        writer.WriteMount(new MountSample(_time.GetUtcNow(), 10, 20, 10, 20, 0, 0, TrackerState.CoarseLock));
        writer.WriteEvent(new EventRecord(_time.GetUtcNow(), "test", "marker", "written at t0"));

        _time.Advance(TimeSpan.FromMilliseconds(999));
        await writer.WhenCommittedAsync().WaitAsync(WallGuard);
        Assert.Empty(reader.ReadMountSamples(Start, Start.AddSeconds(2)));
        Assert.Equal(0, writer.Statistics.BatchesCommitted);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        await writer.WhenCommittedAsync().WaitAsync(WallGuard);
        Assert.Single(reader.ReadMountSamples(Start, Start.AddSeconds(2)));
        Assert.Single(reader.ReadEvents());
        Assert.Equal(1, writer.Statistics.BatchesCommitted);
    }

    [Fact]
    public async Task A_stuck_writer_never_blocks_the_caller_and_records_beyond_the_queue_are_dropped_and_counted()
    {
        const int capacity = 100;
        var path = _directory.File("slow.sqlite");
        await using var writer = NewWriter(path, flushIntervalMs: 1000, capacity: capacity, busyTimeoutMs: 60_000);
        int sample = 0;
        int Write(int n) => Enumerable.Range(0, n).Count(_ => writer.WriteMount(new MountSample(Start.AddMilliseconds(sample++), 1, 2, 3, 4, 5, 6, TrackerState.Search)));

        using (var blocker = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            blocker.Open();
            using (var lockCommand = blocker.CreateCommand())
            {
                lockCommand.CommandText = "BEGIN IMMEDIATE";
                lockCommand.ExecuteNonQuery();
            }

            Assert.Equal(capacity, Write(capacity));
            _time.Advance(TimeSpan.FromSeconds(1)); // hands the batch to the writer, which now waits for the lock

            var stopwatch = Stopwatch.StartNew();
            Assert.Equal(capacity, Write(capacity + 30)); // the spare buffer fills; 30 dropped
            _time.Advance(TimeSpan.FromSeconds(1));       // writer still busy: this tick hands nothing over
            Assert.Equal(0, Write(5));
            stopwatch.Stop();

            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(2), $"writes took {stopwatch.Elapsed} while the writer was stuck");
            var stuck = writer.Statistics;
            Assert.Equal(35, stuck.Dropped(TelemetryKind.Mount));
            Assert.Equal(35, stuck.TotalDropped);
            Assert.Equal(0, stuck.Written);
            Assert.Equal(1, stuck.FlushTicksSkipped);
            Assert.Equal(2 * capacity, stuck.Accepted);

            using var unlock = blocker.CreateCommand();
            unlock.CommandText = "ROLLBACK";
            unlock.ExecuteNonQuery();
        }

        await writer.WhenCommittedAsync().WaitAsync(WallGuard);
        await writer.FlushAsync().WaitAsync(WallGuard);
        Assert.Equal(2 * capacity, writer.Statistics.Written);
        Assert.Equal(0, writer.Statistics.Lost);
        using var db = TelemetryDatabase.Open(path);
        Assert.Equal(2 * capacity, db.ReadMountSamples(Start, Start.AddHours(1)).Count);
        var dropped = Assert.Single(db.ReadEvents(), e => e.Kind == "records_dropped");
        Assert.Equal("queue full (capacity 100 per kind): dropped 35 Mount", dropped.Message);
    }

    [Fact]
    public async Task Writing_allocates_nothing_whether_the_record_is_queued_or_dropped()
    {
        await using var writer = NewWriter(_directory.File("alloc.sqlite"), capacity: 1000);
        var mount = new MountSample(Start, 1, 2, 3, 4, 5, 6, TrackerState.FineLock);
        var detector = new DetectorSample(Start, 0.1, 4, default, 0b1111, 0);
        var audit = new AuditRecord(Start, PermissionKind.UplinkLaser, -1, false, true, SafetyReason.None, SafetyReason.None, SafetyReason.NotArmed, SafetyInputs.OperatorArming);
        writer.WriteMount(mount);
        writer.WriteDetector(detector);
        writer.WriteAudit(audit);

        int queued = 0, runs = 0;
        long allocated = Allocations.Fewest(() => // a run after the first only drops (see Allocations for why there may be one)
        {
            runs++;
            for (int i = 0; i < 2000; i++)
            {
                queued += (writer.WriteMount(mount) ? 1 : 0) + (writer.WriteDetector(detector) ? 1 : 0) + (writer.WriteAudit(audit) ? 1 : 0);
            }
        });

        Assert.Equal(3 * 999, queued);
        Assert.Equal(3 * (1001 + (runs - 1) * 2000), writer.Statistics.TotalDropped);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public async Task The_files_as_a_crash_leaves_them_hold_every_committed_record_and_a_restarted_writer_appends()
    {
        var path = _directory.File("live.sqlite");
        await using var writer = NewWriter(path, flushIntervalMs: 1000);
        writer.WriteMount(new MountSample(Start, 1, 2, 3, 4, 5, 6, TrackerState.FineLock));
        _time.Advance(TimeSpan.FromSeconds(1));
        await writer.WhenCommittedAsync().WaitAsync(WallGuard);
        writer.WriteMount(new MountSample(Start.AddSeconds(1), 1, 2, 3, 4, 5, 6, TrackerState.Coast)); // queued, not committed

        // Copying the database, its WAL and shared-memory index while the writer holds them open is what kill -9 leaves.
        string crashed = _directory.File("crashed.sqlite");
        foreach (string suffix in new[] { "", "-wal", "-shm" })
        {
            File.Copy(path + suffix, crashed + suffix);
        }

        using (var db = TelemetryDatabase.Open(crashed))
        {
            Assert.Equal(TrackerState.FineLock, Assert.Single(db.ReadMountSamples(Start, Start.AddHours(1))).TrackerState);
        }

        await using (var restarted = NewWriter(crashed))
        {
            restarted.WriteMount(new MountSample(Start.AddSeconds(5), 1, 2, 3, 4, 5, 6, TrackerState.Idle));
        }

        using var resumed = TelemetryDatabase.Open(crashed);
        Assert.Equal([TrackerState.FineLock, TrackerState.Idle], resumed.ReadMountSamples(Start, Start.AddHours(1)).Select(s => s.TrackerState));
    }

    [Fact]
    public async Task Disposing_commits_what_is_still_queued()
    {
        var path = _directory.File("dispose.sqlite");
        var writer = NewWriter(path);
        writer.WriteEvent(new EventRecord(Start, "test", "last_words", "queued, never flushed by the timer"));
        await writer.DisposeAsync();

        using var db = TelemetryDatabase.Open(path);
        Assert.Equal("last_words", Assert.Single(db.ReadEvents()).Kind);
    }

    private SqliteTelemetryWriter NewWriter(string path, double flushIntervalMs = 500, int capacity = 1024, double busyTimeoutMs = 5000) =>
        new(new TelemetryOptions { DatabasePath = path, FlushIntervalMs = flushIntervalMs, QueueCapacity = capacity, BusyTimeoutMs = busyTimeoutMs }, _time);
}

using Microsoft.Data.Sqlite;
using Station.Core.Acquisition;
using Station.Core.Timing;
using Station.Firmware.Telemetry;

namespace Station.Hil.Tests.Telemetry;

public sealed class TelemetrySchemaTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2016, 12, 20, 18, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _directory = new();
    private readonly SimulatedTimeProvider _time = new(Start);

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_new_database_is_in_WAL_mode_with_synchronous_normal_and_schema_version_1()
    {
        var path = _directory.File("new.sqlite");
        await using var writer = new SqliteTelemetryWriter(new TelemetryOptions { DatabasePath = path }, _time);

        using var connection = OpenRaw(path);
        Assert.Equal("wal", Scalar(connection, "PRAGMA journal_mode"));
        Assert.Equal(1L, Scalar(connection, "SELECT version FROM schema_version"));
        Assert.Equal(Start.ToString("O", System.Globalization.CultureInfo.InvariantCulture), Scalar(connection, "SELECT applied_utc FROM schema_version"));
        Assert.True(File.Exists(path + "-wal"), "the write-ahead log file exists while the writer is open");
        using var db = TelemetryDatabase.Open(path);
        Assert.Equal(1, db.SchemaVersion);
    }

    [Fact]
    public async Task Reopening_keeps_the_data_and_applies_no_migration_twice()
    {
        var path = _directory.File("reopen.sqlite");
        await using (var first = new SqliteTelemetryWriter(new TelemetryOptions { DatabasePath = path }, _time))
        {
            first.WriteMount(new MountSample(Start, 1, 2, 3, 4, 5, 6, TrackerState.Idle));
        }

        await using (var second = new SqliteTelemetryWriter(new TelemetryOptions { DatabasePath = path }, _time))
        {
            second.WriteMount(new MountSample(Start.AddSeconds(1), 1, 2, 3, 4, 5, 6, TrackerState.Idle));
        }

        using var connection = OpenRaw(path);
        Assert.Equal(1L, Scalar(connection, "SELECT COUNT(*) FROM schema_version"));
        Assert.Equal(2L, Scalar(connection, "SELECT COUNT(*) FROM mount_samples"));
    }

    [Fact]
    public void A_database_that_is_not_telemetry_is_refused_naming_its_tables()
    {
        var path = _directory.File("foreign.sqlite");
        using (var connection = OpenRaw(path))
        {
            Execute(connection, "CREATE TABLE customers (id INTEGER)");
        }

        var error = Assert.Throws<TelemetryDatabaseException>(() => new SqliteTelemetryWriter(new TelemetryOptions { DatabasePath = path }, _time));
        Assert.Equal($"{path}: not a telemetry database: it has tables (customers) but no schema_version table", error.Message);
        using var check = OpenRaw(path);
        Assert.Equal(0L, Scalar(check, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'mount_samples'"));
    }

    [Fact]
    public void A_newer_schema_is_refused_by_writer_and_reader()
    {
        var path = _directory.File("future.sqlite");
        using (var connection = OpenRaw(path))
        {
            Execute(connection, "CREATE TABLE schema_version (version INTEGER NOT NULL PRIMARY KEY, applied_utc TEXT NOT NULL)");
            Execute(connection, "INSERT INTO schema_version VALUES (7, '2030-01-01T00:00:00Z')");
        }

        var writerError = Assert.Throws<TelemetryDatabaseException>(() => new SqliteTelemetryWriter(new TelemetryOptions { DatabasePath = path }, _time));
        Assert.Equal($"{path}: telemetry schema version 7 is newer than this firmware's 1; use a newer firmware or another file", writerError.Message);
        var readerError = Assert.Throws<TelemetryDatabaseException>(() => TelemetryDatabase.Open(path));
        Assert.Equal($"{path}: telemetry schema version 7; this firmware reads versions 1–1", readerError.Message);
    }

    [Fact]
    public void Opening_a_missing_database_for_reading_names_the_file()
    {
        var path = _directory.File("missing.sqlite");
        var error = Assert.Throws<TelemetryDatabaseException>(() => TelemetryDatabase.Open(path));
        Assert.Equal($"{path}: no such telemetry database", error.Message);
        Assert.False(File.Exists(path));
    }

    [Theory]
    [InlineData("", 500, 1024, 5000, "Telemetry.DatabasePath is ''; expected a file path")]
    [InlineData("/no/such/dir/t.sqlite", 500, 1024, 5000, "Telemetry.DatabasePath is '/no/such/dir/t.sqlite'; expected a file in an existing directory ('/no/such/dir' does not exist)")]
    [InlineData("t.sqlite", 0, 1024, 5000, "Telemetry.FlushIntervalMs is '0'; expected 0 < value ≤ 1000 (durable within 1 s)")]
    [InlineData("t.sqlite", 1500, 1024, 5000, "Telemetry.FlushIntervalMs is '1500'; expected 0 < value ≤ 1000 (durable within 1 s)")]
    [InlineData("t.sqlite", 500, 8, 5000, "Telemetry.QueueCapacity is '8'; expected 16–10000000 records per kind")]
    [InlineData("t.sqlite", 500, 1024, -1, "Telemetry.BusyTimeoutMs is '-1'; expected 0–600000")]
    public void Bad_options_are_refused_with_the_option_its_value_and_what_was_expected(string path, double flushMs, int capacity, double busyMs, string expected)
    {
        var options = new TelemetryOptions { DatabasePath = path, FlushIntervalMs = flushMs, QueueCapacity = capacity, BusyTimeoutMs = busyMs };
        Assert.Equal([expected], options.Validate("Telemetry"));
        var error = Assert.Throws<ArgumentException>(() => new SqliteTelemetryWriter(options, _time));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_options_are_valid()
    {
        Assert.Empty(new TelemetryOptions().Validate("Telemetry"));
        Assert.True(new TelemetryOptions().FlushInterval <= TimeSpan.FromSeconds(1));
    }

    private static SqliteConnection OpenRaw(string path)
    {
        var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        return connection;
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

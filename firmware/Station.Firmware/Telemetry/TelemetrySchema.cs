using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Station.Firmware.Telemetry;

/// <summary>Thrown when a file cannot serve as the telemetry database; the message names the file and the problem.</summary>
public sealed class TelemetryDatabaseException : Exception
{
    public TelemetryDatabaseException()
    {
    }

    public TelemetryDatabaseException(string message) : base(message)
    {
    }

    public TelemetryDatabaseException(string message, Exception innerException) : base(message, innerException)
    {
    }
}

/// <summary>
/// The telemetry schema and its migrations. <c>schema_version</c> holds one row per applied migration; opening a
/// database applies the missing ones in one transaction each. Documented in Telemetry/README.md: change both together.
/// </summary>
internal static class TelemetrySchema
{
    /// <summary>Each entry migrates version <c>index</c> to <c>index + 1</c>.</summary>
    private static readonly string[][] Migrations =
    [
        [
            "CREATE TABLE schema_version (version INTEGER NOT NULL PRIMARY KEY, applied_utc TEXT NOT NULL)",
            """
            CREATE TABLE mount_samples (
                t_us INTEGER NOT NULL, cmd_az_deg REAL, cmd_el_deg REAL, act_az_deg REAL, act_el_deg REAL,
                residual_xel_urad REAL, residual_el_urad REAL, tracker_state TEXT NOT NULL)
            """,
            "CREATE INDEX mount_samples_t ON mount_samples (t_us)",
            """
            CREATE TABLE detector_counts (
                t_us INTEGER NOT NULL, channel INTEGER NOT NULL, window_s REAL NOT NULL, counts INTEGER NOT NULL,
                gate_on INTEGER NOT NULL, tripped INTEGER NOT NULL)
            """,
            "CREATE INDEX detector_counts_t ON detector_counts (t_us, channel)",
            """
            CREATE TABLE optics_samples (
                t_us INTEGER NOT NULL, spectral_slot INTEGER NOT NULL, nd_slot INTEGER NOT NULL,
                laser_enabled INTEGER NOT NULL, laser_shutter_open INTEGER NOT NULL, mirror_tip_urad REAL, mirror_tilt_urad REAL)
            """,
            "CREATE INDEX optics_samples_t ON optics_samples (t_us)",
            """
            CREATE TABLE weather_samples (
                t_us INTEGER NOT NULL, status TEXT NOT NULL, pressure_hpa REAL, temperature_c REAL, humidity_pct REAL)
            """,
            "CREATE INDEX weather_samples_t ON weather_samples (t_us)",
            """
            CREATE TABLE clock_samples (
                t_us INTEGER NOT NULL, health TEXT NOT NULL, fix_quality TEXT NOT NULL, satellites INTEGER NOT NULL,
                clock_offset_us REAL)
            """,
            "CREATE INDEX clock_samples_t ON clock_samples (t_us)",
            "CREATE TABLE events (t_us INTEGER NOT NULL, source TEXT NOT NULL, kind TEXT NOT NULL, message TEXT NOT NULL)",
            "CREATE INDEX events_t ON events (t_us)",
            """
            CREATE TABLE safety_audit (
                t_us INTEGER NOT NULL, permission TEXT NOT NULL, channel INTEGER NOT NULL,
                was_permitted INTEGER NOT NULL, permitted INTEGER NOT NULL,
                reasons TEXT NOT NULL, added TEXT NOT NULL, removed TEXT NOT NULL, caused_by TEXT NOT NULL,
                reasons_bits INTEGER NOT NULL, added_bits INTEGER NOT NULL, removed_bits INTEGER NOT NULL, caused_by_bits INTEGER NOT NULL)
            """,
            "CREATE INDEX safety_audit_t ON safety_audit (t_us)",
        ],
    ];

    public static int CurrentVersion => Migrations.Length;

    /// <summary>Sets WAL and synchronous=NORMAL on a writing connection; refuses a file that cannot do WAL.</summary>
    public static void ConfigureWriter(SqliteConnection connection, string path)
    {
        string mode = Scalar(connection, "PRAGMA journal_mode=WAL") as string ?? string.Empty;
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new TelemetryDatabaseException($"{path}: SQLite refused write-ahead logging (journal_mode is '{mode}'); expected 'wal' (an ordinary file on a local file system)");
        }

        // NORMAL in WAL mode: a commit survives a process crash; only a power cut can undo the last commits.
        Execute(connection, "PRAGMA synchronous=NORMAL");
    }

    /// <summary>Brings the schema to <see cref="CurrentVersion"/>; refuses foreign databases and newer schemas.</summary>
    public static void Migrate(SqliteConnection connection, string path, TimeProvider time)
    {
        int version = ReadVersion(connection, path);
        if (version > CurrentVersion)
        {
            throw new TelemetryDatabaseException(string.Create(CultureInfo.InvariantCulture,
                $"{path}: telemetry schema version {version} is newer than this firmware's {CurrentVersion}; use a newer firmware or another file"));
        }

        for (int next = version + 1; next <= CurrentVersion; next++)
        {
            using var transaction = connection.BeginTransaction();
            foreach (string statement in Migrations[next - 1])
            {
                Execute(connection, statement, transaction);
            }

            using var record = connection.CreateCommand();
            record.Transaction = transaction;
            record.CommandText = "INSERT INTO schema_version (version, applied_utc) VALUES ($v, $t)";
            record.Parameters.AddWithValue("$v", next);
            record.Parameters.AddWithValue("$t", time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
            record.ExecuteNonQuery();
            transaction.Commit();
        }
    }

    /// <summary>The applied schema version: 0 for an empty file; refuses a database that is not ours.</summary>
    public static int ReadVersion(SqliteConnection connection, string path)
    {
        var tables = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
            using var reader = list.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        if (tables.Count == 0)
        {
            return 0;
        }

        if (!tables.Contains("schema_version"))
        {
            throw new TelemetryDatabaseException(
                $"{path}: not a telemetry database: it has tables ({string.Join(", ", tables)}) but no schema_version table");
        }

        return Convert.ToInt32(Scalar(connection, "SELECT COALESCE(MAX(version), 0) FROM schema_version"), CultureInfo.InvariantCulture);
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

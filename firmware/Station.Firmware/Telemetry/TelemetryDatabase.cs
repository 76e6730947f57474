using System.Globalization;
using Microsoft.Data.Sqlite;
using Station.Core.Acquisition;
using Station.Core.Safety;
using Station.Devices.Gnss;
using Station.Devices.Weather;

namespace Station.Firmware.Telemetry;

/// <summary>
/// Reads a telemetry database (read-only; safe while a writer is appending, thanks to WAL): the queries the pass
/// report needs. Time ranges are inclusive at both ends; results come in time order. NULL columns read back as NaN.
/// </summary>
public sealed class TelemetryDatabase : IDisposable
{
    private readonly SqliteConnection _connection;

    private TelemetryDatabase(SqliteConnection connection, string path, int schemaVersion)
    {
        _connection = connection;
        DatabasePath = path;
        SchemaVersion = schemaVersion;
    }

    public string DatabasePath { get; }

    /// <summary>The schema version recorded in the file.</summary>
    public int SchemaVersion { get; }

    /// <summary>Opens <paramref name="path"/> read-only; refuses a missing file, a foreign database or a newer schema.</summary>
    public static TelemetryDatabase Open(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new TelemetryDatabaseException($"{fullPath}: no such telemetry database");
        }

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        try
        {
            connection.Open();
            int version = TelemetrySchema.ReadVersion(connection, fullPath);
            if (version == 0 || version > TelemetrySchema.CurrentVersion)
            {
                throw new TelemetryDatabaseException(string.Create(CultureInfo.InvariantCulture,
                    $"{fullPath}: telemetry schema version {version}; this firmware reads versions 1–{TelemetrySchema.CurrentVersion}"));
            }

            return new TelemetryDatabase(connection, fullPath, version);
        }
        catch (SqliteException exception)
        {
            connection.Dispose();
            throw new TelemetryDatabaseException($"{fullPath}: cannot read the telemetry database: {exception.Message}", exception);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Mount samples with <paramref name="from"/> ≤ time ≤ <paramref name="to"/>.</summary>
    public IReadOnlyList<MountSample> ReadMountSamples(DateTimeOffset from, DateTimeOffset to) =>
        Query(
            "SELECT t_us, cmd_az_deg, cmd_el_deg, act_az_deg, act_el_deg, residual_xel_urad, residual_el_urad, tracker_state FROM mount_samples",
            from,
            to,
            r => new MountSample(Time(r), Real(r, 1), Real(r, 2), Real(r, 3), Real(r, 4), Real(r, 5), Real(r, 6), Enum.Parse<TrackerState>(r.GetString(7))));

    /// <summary>Count windows with <paramref name="from"/> ≤ time ≤ <paramref name="to"/>, channels regrouped per window.</summary>
    public IReadOnlyList<DetectorSample> ReadDetectorSamples(DateTimeOffset from, DateTimeOffset to)
    {
        var rows = Query(
            "SELECT t_us, channel, window_s, counts, gate_on, tripped FROM detector_counts",
            from,
            to,
            r => (Micros: r.GetInt64(0), Channel: r.GetInt32(1), Window: r.GetDouble(2), Counts: (uint)r.GetInt64(3), GateOn: r.GetInt64(4) != 0, Tripped: r.GetInt64(5) != 0),
            orderBy: "t_us, channel");
        var samples = new List<DetectorSample>();
        int i = 0;
        while (i < rows.Count)
        {
            long micros = rows[i].Micros;
            var counts = default(ChannelArray<uint>);
            int channels = 0, gateMask = 0, tripMask = 0;
            double window = rows[i].Window;
            for (; i < rows.Count && rows[i].Micros == micros; i++)
            {
                var row = rows[i];
                if ((uint)row.Channel >= SafetyCapacity.MaxChannels)
                {
                    throw new TelemetryDatabaseException(string.Create(CultureInfo.InvariantCulture,
                        $"{DatabasePath}: detector_counts at t_us {micros} has channel {row.Channel}; expected 0–{SafetyCapacity.MaxChannels - 1}"));
                }

                counts[row.Channel] = row.Counts;
                channels = Math.Max(channels, row.Channel + 1);
                gateMask |= row.GateOn ? 1 << row.Channel : 0;
                tripMask |= row.Tripped ? 1 << row.Channel : 0;
            }

            samples.Add(new DetectorSample(TelemetryTime.FromMicroseconds(micros), window, channels, counts, gateMask, tripMask));
        }

        return samples;
    }

    public IReadOnlyList<OpticsSample> ReadOpticsSamples(DateTimeOffset from, DateTimeOffset to) =>
        Query(
            "SELECT t_us, spectral_slot, nd_slot, laser_enabled, laser_shutter_open, mirror_tip_urad, mirror_tilt_urad FROM optics_samples",
            from,
            to,
            r => new OpticsSample(Time(r), r.GetInt32(1), r.GetInt32(2), r.GetInt64(3) != 0, r.GetInt64(4) != 0, Real(r, 5), Real(r, 6)));

    public IReadOnlyList<WeatherSample> ReadWeatherSamples(DateTimeOffset from, DateTimeOffset to) =>
        Query(
            "SELECT t_us, status, pressure_hpa, temperature_c, humidity_pct FROM weather_samples",
            from,
            to,
            r => new WeatherSample(Time(r), Enum.Parse<WeatherStatus>(r.GetString(1)), Real(r, 2), Real(r, 3), Real(r, 4)));

    public IReadOnlyList<ClockSample> ReadClockSamples(DateTimeOffset from, DateTimeOffset to) =>
        Query(
            "SELECT t_us, health, fix_quality, satellites, clock_offset_us FROM clock_samples",
            from,
            to,
            r => new ClockSample(Time(r), Enum.Parse<GnssHealth>(r.GetString(1)), Enum.Parse<GnssFixQuality>(r.GetString(2)), r.GetInt32(3), Real(r, 4)));

    /// <summary>Events in a time range (every event when no range is given).</summary>
    public IReadOnlyList<EventRecord> ReadEvents(DateTimeOffset? from = null, DateTimeOffset? to = null) =>
        Query(
            "SELECT t_us, source, kind, message FROM events",
            from ?? DateTimeOffset.MinValue,
            to ?? DateTimeOffset.MaxValue,
            r => new EventRecord(Time(r), r.GetString(1), r.GetString(2), r.GetString(3)));

    /// <summary>The safety audit trail in a time range (all of it when no range is given).</summary>
    public IReadOnlyList<AuditRecord> ReadAudit(DateTimeOffset? from = null, DateTimeOffset? to = null) =>
        Query(
            "SELECT t_us, permission, channel, was_permitted, permitted, reasons_bits, added_bits, removed_bits, caused_by_bits FROM safety_audit",
            from ?? DateTimeOffset.MinValue,
            to ?? DateTimeOffset.MaxValue,
            r => new AuditRecord(
                Time(r), Enum.Parse<PermissionKind>(r.GetString(1)), r.GetInt32(2), r.GetInt64(3) != 0, r.GetInt64(4) != 0,
                (SafetyReason)(ulong)r.GetInt64(5), (SafetyReason)(ulong)r.GetInt64(6), (SafetyReason)(ulong)r.GetInt64(7), (SafetyInputs)r.GetInt64(8)));

    /// <summary>First and last mount-sample times, or null when there are none.</summary>
    public (DateTimeOffset First, DateTimeOffset Last)? MountSampleSpan()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT MIN(t_us), MAX(t_us) FROM mount_samples";
        using var reader = command.ExecuteReader();
        return reader.Read() && !reader.IsDBNull(0)
            ? (TelemetryTime.FromMicroseconds(reader.GetInt64(0)), TelemetryTime.FromMicroseconds(reader.GetInt64(1)))
            : null;
    }

    public void Dispose() => _connection.Dispose();

    private static DateTimeOffset Time(SqliteDataReader reader) => TelemetryTime.FromMicroseconds(reader.GetInt64(0));

    private static double Real(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? double.NaN : reader.GetDouble(ordinal);

    private List<T> Query<T>(string select, DateTimeOffset from, DateTimeOffset to, Func<SqliteDataReader, T> read, string orderBy = "t_us")
    {
        using var command = _connection.CreateCommand();
        command.CommandText = select + " WHERE t_us BETWEEN $from AND $to ORDER BY " + orderBy + ", rowid";
        command.Parameters.AddWithValue("$from", from == DateTimeOffset.MinValue ? long.MinValue : TelemetryTime.ToMicroseconds(from));
        command.Parameters.AddWithValue("$to", to == DateTimeOffset.MaxValue ? long.MaxValue : TelemetryTime.ToMicroseconds(to));
        using var reader = command.ExecuteReader();
        var results = new List<T>();
        while (reader.Read())
        {
            results.Add(read(reader));
        }

        return results;
    }
}

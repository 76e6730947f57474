using System.Globalization;
using Microsoft.Data.Sqlite;
using Station.Core.Safety;

namespace Station.Firmware.Telemetry;

/// <summary>
/// Writes one <see cref="TelemetryBatch"/> in one transaction with prepared insert commands, reused from batch to batch.
/// Used only on the writer thread.
/// </summary>
internal sealed class TelemetryBatchWriter : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly Insert _mount;
    private readonly Insert _detector;
    private readonly Insert _optics;
    private readonly Insert _weather;
    private readonly Insert _clock;
    private readonly Insert _event;
    private readonly Insert _audit;

    public TelemetryBatchWriter(SqliteConnection connection)
    {
        _connection = connection;
        _mount = new Insert(connection, "mount_samples", "t_us", "cmd_az_deg", "cmd_el_deg", "act_az_deg", "act_el_deg", "residual_xel_urad", "residual_el_urad", "tracker_state");
        _detector = new Insert(connection, "detector_counts", "t_us", "channel", "window_s", "counts", "gate_on", "tripped");
        _optics = new Insert(connection, "optics_samples", "t_us", "spectral_slot", "nd_slot", "laser_enabled", "laser_shutter_open", "mirror_tip_urad", "mirror_tilt_urad");
        _weather = new Insert(connection, "weather_samples", "t_us", "status", "pressure_hpa", "temperature_c", "humidity_pct");
        _clock = new Insert(connection, "clock_samples", "t_us", "health", "fix_quality", "satellites", "clock_offset_us");
        _event = new Insert(connection, "events", "t_us", "source", "kind", "message");
        _audit = new Insert(connection, "safety_audit", "t_us", "permission", "channel", "was_permitted", "permitted", "reasons", "added", "removed", "caused_by", "reasons_bits", "added_bits", "removed_bits", "caused_by_bits");
    }

    /// <summary>Writes the batch plus the writer's own notes (drops, earlier losses) as events, all in one transaction.</summary>
    public void Write(TelemetryBatch batch, IReadOnlyList<EventRecord> writerNotes)
    {
        using var transaction = _connection.BeginTransaction();
        Insert[] all = [_mount, _detector, _optics, _weather, _clock, _event, _audit];
        foreach (var insert in all)
        {
            insert.Command.Transaction = transaction;
        }

        foreach (ref readonly var s in System.Runtime.InteropServices.CollectionsMarshal.AsSpan(batch.Mount))
        {
            _mount.Run(TelemetryTime.ToMicroseconds(s.Time), s.CommandedAzimuthDeg, s.CommandedElevationDeg, s.ActualAzimuthDeg, s.ActualElevationDeg,
                s.ResidualCrossElevationUrad, s.ResidualElevationUrad, s.TrackerState.ToString());
        }

        foreach (ref readonly var s in System.Runtime.InteropServices.CollectionsMarshal.AsSpan(batch.Detector))
        {
            int channels = Math.Clamp(s.ChannelCount, 0, SafetyCapacity.MaxChannels);
            for (int ch = 0; ch < channels; ch++)
            {
                _detector.Run(TelemetryTime.ToMicroseconds(s.Time), ch, s.WindowSeconds, (long)s.Counts[ch], s.GateOn(ch), s.Tripped(ch));
            }
        }

        foreach (ref readonly var s in System.Runtime.InteropServices.CollectionsMarshal.AsSpan(batch.Optics))
        {
            _optics.Run(TelemetryTime.ToMicroseconds(s.Time), s.SpectralFilterSlot, s.NeutralDensityFilterSlot, s.LaserEnabled, s.LaserShutterOpen, s.MirrorTipUrad, s.MirrorTiltUrad);
        }

        foreach (ref readonly var s in System.Runtime.InteropServices.CollectionsMarshal.AsSpan(batch.Weather))
        {
            _weather.Run(TelemetryTime.ToMicroseconds(s.Time), s.Status.ToString(), s.PressureHpa, s.TemperatureC, s.HumidityPercent);
        }

        foreach (ref readonly var s in System.Runtime.InteropServices.CollectionsMarshal.AsSpan(batch.Clock))
        {
            _clock.Run(TelemetryTime.ToMicroseconds(s.Time), s.Health.ToString(), s.FixQuality.ToString(), s.Satellites, s.ClockOffsetUs);
        }

        foreach (var e in batch.Events.Concat(writerNotes))
        {
            _event.Run(TelemetryTime.ToMicroseconds(e.Time), e.Source, e.Kind, e.Message);
        }

        foreach (ref readonly var a in System.Runtime.InteropServices.CollectionsMarshal.AsSpan(batch.Audit))
        {
            _audit.Run(TelemetryTime.ToMicroseconds(a.Time), a.Permission.ToString(), a.Channel, a.WasPermitted, a.Permitted,
                a.Reasons.ToString(), a.Added.ToString(), a.Removed.ToString(), a.CausedBy.ToString(),
                (long)a.Reasons, (long)a.Added, (long)a.Removed, (long)a.CausedBy);
        }

        transaction.Commit();
    }

    public void Dispose()
    {
        _mount.Command.Dispose();
        _detector.Command.Dispose();
        _optics.Command.Dispose();
        _weather.Command.Dispose();
        _clock.Command.Dispose();
        _event.Command.Dispose();
        _audit.Command.Dispose();
    }

    /// <summary>A prepared INSERT with one positional parameter per column.</summary>
    private sealed class Insert
    {
        private readonly SqliteParameter[] _parameters;

        public Insert(SqliteConnection connection, string table, params string[] columns)
        {
            Command = connection.CreateCommand();
            Command.CommandText = string.Create(CultureInfo.InvariantCulture,
                $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select(c => "$" + c))})");
            _parameters = [.. columns.Select(c => Command.Parameters.Add(new SqliteParameter("$" + c, null)))];
        }

        public SqliteCommand Command { get; }

        public void Run(params ReadOnlySpan<object?> values)
        {
            for (int i = 0; i < values.Length; i++)
            {
                // SQLite has no NaN: a missing measurement is NULL.
                _parameters[i].Value = values[i] switch
                {
                    double d when double.IsNaN(d) => DBNull.Value,
                    bool b => b ? 1L : 0L,
                    null => DBNull.Value,
                    var v => v,
                };
            }

            Command.ExecuteNonQuery();
        }
    }
}

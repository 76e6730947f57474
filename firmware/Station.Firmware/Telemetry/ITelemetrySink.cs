using Station.Core.Safety;

namespace Station.Firmware.Telemetry;

/// <summary>
/// Where the firmware records telemetry. Every Write returns at once, whatever the storage behind it is doing: a record
/// that does not fit the bounded queue is dropped and counted (see <see cref="Statistics"/>), never waited for.
/// Each Write returns whether the record was queued.
/// </summary>
public interface ITelemetrySink
{
    bool WriteMount(in MountSample sample);

    bool WriteDetector(in DetectorSample sample);

    bool WriteOptics(in OpticsSample sample);

    bool WriteWeather(in WeatherSample sample);

    bool WriteClock(in ClockSample sample);

    bool WriteEvent(in EventRecord record);

    bool WriteAudit(in AuditRecord record);

    /// <summary>Records queued, written, dropped and lost so far.</summary>
    TelemetryStatistics Statistics { get; }
}

/// <summary>Feeds the safety supervisor's <see cref="PermissionAuditor"/> changes into a telemetry sink's audit trail.</summary>
public sealed class TelemetryAuditSink(ITelemetrySink telemetry) : IPermissionChangeSink
{
    private readonly ITelemetrySink _telemetry = telemetry ?? throw new ArgumentNullException(nameof(telemetry));

    public void Record(in PermissionChange change) => _telemetry.WriteAudit(AuditRecord.From(change));
}

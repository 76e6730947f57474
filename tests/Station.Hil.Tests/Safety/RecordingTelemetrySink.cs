using Station.Firmware.Telemetry;

namespace Station.Hil.Tests.Safety;

/// <summary>A telemetry sink that keeps the audit trail, events and detector windows it is given (mount, optics, weather and clock samples are counted).</summary>
internal sealed class RecordingTelemetrySink : ITelemetrySink
{
    private long _others;

    public List<AuditRecord> Audits { get; } = [];

    public List<EventRecord> Events { get; } = [];

    public List<DetectorSample> Detectors { get; } = [];

    public TelemetryStatistics Statistics =>
        new(Audits.Count + Events.Count + Detectors.Count + _others, 0, 0, 0, 0, 0, new long[Enum.GetValues<TelemetryKind>().Length]);

    public bool WriteAudit(in AuditRecord record)
    {
        Audits.Add(record);
        return true;
    }

    public bool WriteEvent(in EventRecord record)
    {
        Events.Add(record);
        return true;
    }

    public bool WriteDetector(in DetectorSample sample)
    {
        Detectors.Add(sample);
        return true;
    }

    public bool WriteMount(in MountSample sample) => Other();

    public bool WriteOptics(in OpticsSample sample) => Other();

    public bool WriteWeather(in WeatherSample sample) => Other();

    public bool WriteClock(in ClockSample sample) => Other();

    private bool Other()
    {
        _others++;
        return true;
    }

    public void Clear()
    {
        Audits.Clear();
        Events.Clear();
        Detectors.Clear();
    }
}

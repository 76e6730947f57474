namespace Station.Firmware.Telemetry;

/// <summary>
/// Times are stored as integer microseconds since 1970-01-01T00:00:00Z (UTC, leap seconds not counted, as Unix time):
/// compact, exact, and ordered, so range queries use the index. Finer ticks are truncated toward the past.
/// </summary>
public static class TelemetryTime
{
    private const long TicksPerMicrosecond = TimeSpan.TicksPerMillisecond / 1000;

    public static long ToMicroseconds(DateTimeOffset time)
    {
        long ticks = time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        long microseconds = Math.DivRem(ticks, TicksPerMicrosecond, out long remainder);
        return remainder < 0 ? microseconds - 1 : microseconds;
    }

    public static DateTimeOffset FromMicroseconds(long microseconds) =>
        DateTimeOffset.UnixEpoch.AddTicks(microseconds * TicksPerMicrosecond);

    /// <summary><paramref name="time"/> as it reads back from the database (truncated to whole microseconds).</summary>
    public static DateTimeOffset Truncate(DateTimeOffset time) => FromMicroseconds(ToMicroseconds(time));
}

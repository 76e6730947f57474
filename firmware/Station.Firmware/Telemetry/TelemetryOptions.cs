using System.Globalization;

namespace Station.Firmware.Telemetry;

/// <summary>Where and how often the telemetry writer commits (configuration section <c>Station:Telemetry</c>).</summary>
public sealed class TelemetryOptions
{
    /// <summary>The longest flush interval allowed: the durability promise is "within 1 s".</summary>
    public const double MaxFlushIntervalMs = 1000;

    /// <summary>SQLite database file; created with its schema when missing. Its directory must exist.</summary>
    public string DatabasePath { get; set; } = "telemetry.sqlite";

    /// <summary>How often queued records are committed in one transaction (0 &lt; value ≤ 1000 ms).</summary>
    public double FlushIntervalMs { get; set; } = 500;

    /// <summary>
    /// Records of each kind the queue holds between flushes; beyond it records are dropped and counted. The default
    /// holds 16 s of 1 kHz samples, so even one skipped flush (a slow SD card) loses nothing.
    /// </summary>
    public int QueueCapacity { get; set; } = 16_384;

    /// <summary>How long a commit waits for another connection's lock before the batch is given up as lost.</summary>
    public double BusyTimeoutMs { get; set; } = 5_000;

    public TimeSpan FlushInterval => TimeSpan.FromMilliseconds(FlushIntervalMs);

    /// <summary>Every problem with these options, each naming the option, its value and what was expected.</summary>
    public IReadOnlyList<string> Validate(string sectionName)
    {
        var problems = new List<string>();
        void Require(bool ok, string name, object? value, string expected)
        {
            if (!ok)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{sectionName}.{name} is '{value}'; expected {expected}"));
            }
        }

        Require(!string.IsNullOrWhiteSpace(DatabasePath), nameof(DatabasePath), DatabasePath, "a file path");
        if (!string.IsNullOrWhiteSpace(DatabasePath))
        {
            Require(DatabasePath.IndexOfAny(Path.GetInvalidPathChars()) < 0, nameof(DatabasePath), DatabasePath, "a path without invalid characters");
            string? directory = Path.GetDirectoryName(Path.GetFullPath(DatabasePath));
            Require(directory is null || Directory.Exists(directory), nameof(DatabasePath), DatabasePath, $"a file in an existing directory ('{directory}' does not exist)");
            Require(!Directory.Exists(DatabasePath), nameof(DatabasePath), DatabasePath, "a file, not a directory");
        }

        Require(FlushIntervalMs is > 0 and <= MaxFlushIntervalMs, nameof(FlushIntervalMs), FlushIntervalMs, "0 < value ≤ 1000 (durable within 1 s)");
        Require(QueueCapacity is >= 16 and <= 10_000_000, nameof(QueueCapacity), QueueCapacity, "16–10000000 records per kind");
        Require(BusyTimeoutMs is >= 0 and <= 600_000, nameof(BusyTimeoutMs), BusyTimeoutMs, "0–600000");
        return problems;
    }
}

using System.Globalization;

namespace Station.Firmware.Interfaces.Indi;

/// <summary>
/// The INDI server's own settings, section <c>Station:Interfaces:Indi</c> (the same section also binds the
/// <see cref="InterfaceListenerOptions"/>: <c>Enabled</c>, <c>Bind</c>, <c>Port</c>, <c>AllowedClients</c>,
/// <c>OperatorClients</c>, <c>AllowLaserArming</c>).
/// </summary>
public sealed class IndiOptions
{
    public const string SectionName = "Station:Interfaces:Indi";

    /// <summary>The INDI port by convention.</summary>
    public const int DefaultPort = 7624;

    /// <summary>Serve one client on stdin/stdout instead of TCP: the firmware as a driver under <c>indiserver</c>
    /// (the <c>--indi-driver</c> flag sets it; logging then goes to stderr).</summary>
    public bool Driver { get; set; }

    /// <summary>Largest INDI element accepted from a client, bytes; a larger one is answered with an error and the client is disconnected.</summary>
    public int MaxElementBytes { get; set; } = 64 * 1024;

    /// <summary>Seconds an element may take to arrive once its first byte came (a byte-a-second client is cut after this).</summary>
    public double ElementTimeoutSeconds { get; set; } = 10;

    /// <summary>Messages queued for one client; a client that lets its queue fill is too slow and is disconnected.</summary>
    public int ClientQueueCapacity { get; set; } = 4096;

    /// <summary>Clients served at once; more are refused.</summary>
    public int MaxClients { get; set; } = 128;

    /// <summary>How often, in station time, commands are run and the properties are sampled and published, milliseconds.</summary>
    public double PublishIntervalMs { get; set; } = 100;

    /// <summary>Problems, each naming the option; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var c = CultureInfo.InvariantCulture;
        var problems = new List<string>();
        if (MaxElementBytes is < 1024 or > 16 * 1024 * 1024)
        {
            problems.Add(string.Create(c, $"{SectionName}:MaxElementBytes is {MaxElementBytes}; expected 1024 to 16777216"));
        }

        if (!(ElementTimeoutSeconds > 0 && ElementTimeoutSeconds <= 3600))
        {
            problems.Add(string.Create(c, $"{SectionName}:ElementTimeoutSeconds is {ElementTimeoutSeconds}; expected more than 0 and at most 3600"));
        }

        if (ClientQueueCapacity is < 16 or > 1_000_000)
        {
            problems.Add(string.Create(c, $"{SectionName}:ClientQueueCapacity is {ClientQueueCapacity}; expected 16 to 1000000"));
        }

        if (MaxClients is < 1 or > 10_000)
        {
            problems.Add(string.Create(c, $"{SectionName}:MaxClients is {MaxClients}; expected 1 to 10000"));
        }

        if (!(PublishIntervalMs >= 10 && PublishIntervalMs <= 5000))
        {
            problems.Add(string.Create(c, $"{SectionName}:PublishIntervalMs is {PublishIntervalMs}; expected 10 to 5000"));
        }

        return problems;
    }
}

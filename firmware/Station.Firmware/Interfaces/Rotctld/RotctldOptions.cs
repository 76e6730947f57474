using System.Globalization;

namespace Station.Firmware.Interfaces.Rotctld;

/// <summary>
/// Limits of the rotctld server (section <c>Station:Interfaces:Rotctld</c>, beside the listener's
/// <see cref="InterfaceListenerOptions"/>: <c>Enabled</c>, <c>Bind</c>, <c>Port</c>, <c>AllowedClients</c>).
/// </summary>
public sealed class RotctldOptions
{
    public const string SectionName = "Station:Interfaces:Rotctld";

    /// <summary>The conventional rotctld port.</summary>
    public const int DefaultPort = 4533;

    /// <summary>Clients connected at once; one more is told <c>RPRT -9</c> and disconnected.</summary>
    public int MaxClients { get; set; } = 128;

    /// <summary>Longest command line in bytes; a longer one is answered <c>RPRT -8</c> and the client disconnected
    /// (rotctl's longest command is well under 100 bytes).</summary>
    public int MaxLineBytes { get; set; } = 1024;

    /// <summary>How often the mount position that <c>p</c> reports is sampled on the control loop, in milliseconds.</summary>
    public double PositionSampleIntervalMs { get; set; } = 100;

    /// <summary>Every problem, each naming the option.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (MaxClients is < 1 or > 10_000)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{SectionName}:MaxClients is {MaxClients}; expected 1 to 10000"));
        }

        if (MaxLineBytes is < 64 or > 65_536)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{SectionName}:MaxLineBytes is {MaxLineBytes}; expected 64 to 65536"));
        }

        if (PositionSampleIntervalMs is < 10 or > 1000 || double.IsNaN(PositionSampleIntervalMs))
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{SectionName}:PositionSampleIntervalMs is {PositionSampleIntervalMs}; expected 10 to 1000"));
        }

        return problems;
    }
}

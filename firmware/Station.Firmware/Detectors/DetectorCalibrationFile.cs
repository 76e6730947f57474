using System.Globalization;
using System.Text.Json.Nodes;
using Station.Core.Calibration;
using Station.Core.Detectors;
using Station.Firmware.Calibration;
using UnitsNet;

namespace Station.Firmware.Detectors;

/// <summary>One detector channel's characterization.</summary>
/// <param name="Channel">Board channel 0–3.</param>
/// <param name="DarkCountRateHz">Dark counts per second of open gate (afterpulses of dark counts removed).</param>
/// <param name="DeadTimeNs">Non-paralysable dead time from the count-rate saturation curve.</param>
/// <param name="AfterpulseProbability">Probability that a detection is followed by an afterpulse (including those lost in the dead time).</param>
/// <param name="AfterpulseTimeConstantNs">Exponential release time of the afterpulses.</param>
public sealed record DetectorChannelCalibration(int Channel, double DarkCountRateHz, double DeadTimeNs, double AfterpulseProbability, double AfterpulseTimeConstantNs);

/// <summary>
/// The detector characterization (<c>qkd-station/detectors</c>, version 1), written by
/// <c>host-tools/calibration/detector-characterization.cs</c> and loaded at start-up from <c>Station:Calibration:DetectorsPath</c>.
/// The safety loop's count monitor takes from it each channel's expected dark counts through the configured gates and
/// the dead time of its saturation ceiling. It must list one entry for every channel the count monitor watches.
/// </summary>
public sealed record DetectorCalibrationFile(CalibrationHeader Header, IReadOnlyList<DetectorChannelCalibration> Channels)
{
    public const string FormatName = "qkd-station/detectors";
    public const int FormatVersion = 1;

    /// <exception cref="CalibrationFileException">Anything malformed or from another station, named with its field.</exception>
    public static DetectorCalibrationFile Parse(string json, string source, string? expectedStation)
    {
        var root = CalibrationJson.ParseRoot(json, source);
        var header = CalibrationHeader.Read(root, FormatName, FormatVersion, expectedStation, source);
        var channels = new List<DetectorChannelCalibration>();
        var array = CalibrationJson.Array(root, "channels", "", source);
        for (int i = 0; i < array.Count; i++)
        {
            string path = string.Create(CultureInfo.InvariantCulture, $"channels[{i}].");
            var item = CalibrationJson.Object(array[i], path.TrimEnd('.'), source);
            int channel = CalibrationJson.Integer(item, "channel", path, source, 0, 3);
            if (channels.Any(c => c.Channel == channel))
            {
                throw new CalibrationFileException(string.Create(CultureInfo.InvariantCulture, $"{source}: '{path}channel' {channel} is listed twice"));
            }

            channels.Add(new DetectorChannelCalibration(
                channel,
                CalibrationJson.Number(item, "dark_count_rate_hz", path, source, 0, 1e7),
                CalibrationJson.Number(item, "dead_time_ns", path, source, 0.1, 1e6),
                CalibrationJson.Number(item, "afterpulse_probability", path, source, 0, 1),
                CalibrationJson.Number(item, "afterpulse_time_constant_ns", path, source, 0, 1e6)));
        }

        return new DetectorCalibrationFile(header, [.. channels.OrderBy(c => c.Channel)]);
    }

    public string Serialize(CalibrationHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var root = header.WriteTo([]);
        root["channels"] = new JsonArray([.. Channels.Select(c => (JsonNode)new JsonObject
        {
            ["channel"] = c.Channel,
            ["dark_count_rate_hz"] = Math.Round(c.DarkCountRateHz, 2),
            ["dead_time_ns"] = Math.Round(c.DeadTimeNs, 3),
            ["afterpulse_probability"] = Math.Round(c.AfterpulseProbability, 5),
            ["afterpulse_time_constant_ns"] = Math.Round(c.AfterpulseTimeConstantNs, 2),
        })]);
        return root.ToJsonString(CalibrationJson.Indented);
    }

    /// <summary>Why this file does not fit a count monitor of <paramref name="channelCount"/> channels 0 … n−1 (empty when it does).</summary>
    public IReadOnlyList<string> Mismatches(int channelCount, string source)
    {
        var listed = Channels.Select(c => c.Channel).ToList();
        return listed.SequenceEqual(Enumerable.Range(0, channelCount)) ? [] :
            [string.Create(CultureInfo.InvariantCulture, $"{source}: lists {listed.Count} channels ({string.Join(", ", listed)}); the count monitor watches {channelCount} (0 … {channelCount - 1})")];
    }

    /// <summary>
    /// The count monitor with this file's detectors: each channel's dark rate as the board counts it through its gate
    /// (× the gate's duty, width/period, 1 for free-running gates) and the longest dead time (the lowest true ceiling).
    /// </summary>
    public CountMonitorOptions ApplyTo(CountMonitorOptions monitor, IReadOnlyList<double> gateDuty)
    {
        ArgumentNullException.ThrowIfNull(monitor);
        ArgumentNullException.ThrowIfNull(gateDuty);
        return monitor with
        {
            DarkCountRates = [.. Channels.Select(c => Frequency.FromHertz(c.DarkCountRateHz * (c.Channel < gateDuty.Count ? gateDuty[c.Channel] : 1)))],
            DeadTime = Duration.FromNanoseconds(Channels.Max(c => c.DeadTimeNs)),
        };
    }
}

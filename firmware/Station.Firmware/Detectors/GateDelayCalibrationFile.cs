using System.Globalization;
using System.Text.Json.Nodes;
using Station.Core.Calibration;
using Station.Firmware.Calibration;

namespace Station.Firmware.Detectors;

/// <summary>One channel's result of the gate-delay scan.</summary>
/// <param name="Channel">Board channel 0–3.</param>
/// <param name="InstrumentDelayNs">Gate-period start (pulse tick) to the photons' arrival at the board: what the gate-delay service adds to the light time.</param>
/// <param name="JitterPs">RMS arrival jitter the fit found.</param>
/// <param name="UncertaintyPs">1σ uncertainty of the delay from the fit.</param>
public sealed record GateDelayCalibrationChannel(int Channel, double InstrumentDelayNs, double JitterPs, double UncertaintyPs);

/// <summary>
/// The gate-delay calibration file (<c>qkd-station/gate-delays</c>, version 1), written by
/// <c>host-tools/calibration/gate-delay-scan.cs</c> and loaded at start-up from <c>Station:Calibration:GateDelaysPath</c>:
/// its instrument delays replace the configured <c>Station:GateDelays:Channels:n:InstrumentDelayNs</c>. It must list
/// exactly the configured channels.
/// </summary>
public sealed record GateDelayCalibrationFile(CalibrationHeader Header, double ScanPeriodNs, double GateWidthNs, IReadOnlyList<GateDelayCalibrationChannel> Channels)
{
    public const string FormatName = "qkd-station/gate-delays";
    public const int FormatVersion = 1;

    /// <summary>Parses and checks a file (header, every channel); <paramref name="source"/> names it in messages.</summary>
    /// <exception cref="CalibrationFileException">Anything malformed or from another station, named with its field.</exception>
    public static GateDelayCalibrationFile Parse(string json, string source, string? expectedStation)
    {
        var root = CalibrationJson.ParseRoot(json, source);
        var header = CalibrationHeader.Read(root, FormatName, FormatVersion, expectedStation, source);
        double period = CalibrationJson.Number(root, "scan_period_ns", "", source, 2, 1_000_000);
        double width = CalibrationJson.Number(root, "gate_width_ns", "", source, 0.1, 1_000_000);
        var channels = new List<GateDelayCalibrationChannel>();
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

            channels.Add(new GateDelayCalibrationChannel(
                channel,
                CalibrationJson.Number(item, "instrument_delay_ns", path, source, -1e6, 1e6),
                CalibrationJson.Number(item, "jitter_ps", path, source, 0, 1e6),
                CalibrationJson.Number(item, "uncertainty_ps", path, source, 0, 1e6)));
        }

        if (channels.Count is < 1 or > 4)
        {
            throw new CalibrationFileException(string.Create(CultureInfo.InvariantCulture, $"{source}: 'channels' lists {channels.Count} channels; expected 1 … 4"));
        }

        return new GateDelayCalibrationFile(header, period, width, channels);
    }

    /// <summary>The file's text with <paramref name="header"/> (the calibration script's output).</summary>
    public string Serialize(CalibrationHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var root = header.WriteTo([]);
        root["scan_period_ns"] = ScanPeriodNs;
        root["gate_width_ns"] = GateWidthNs;
        root["channels"] = new JsonArray([.. Channels.Select(c => (JsonNode)new JsonObject
        {
            ["channel"] = c.Channel,
            ["instrument_delay_ns"] = Math.Round(c.InstrumentDelayNs, 4),
            ["jitter_ps"] = Math.Round(c.JitterPs, 1),
            ["uncertainty_ps"] = Math.Round(c.UncertaintyPs, 1),
        })]);
        return root.ToJsonString(CalibrationJson.Indented);
    }

    /// <summary>Why this file does not fit the configured channels (empty when it does), naming both lists.</summary>
    public IReadOnlyList<string> Mismatches(GateDelayServiceOptions options, string source)
    {
        ArgumentNullException.ThrowIfNull(options);
        var configured = options.Channels.Where(c => c is not null).Select(c => c.Channel).Order().ToList();
        var listed = Channels.Select(c => c.Channel).Order().ToList();
        return configured.SequenceEqual(listed) ? [] :
            [$"{source}: lists {listed.Count} channels ({string.Join(", ", listed)}); {GateDelayServiceOptions.SectionName} configures {configured.Count} ({string.Join(", ", configured)})"];
    }

    /// <summary>Replaces each configured channel's instrument delay with the file's.</summary>
    public void ApplyTo(GateDelayServiceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var channel in options.Channels.Where(c => c is not null))
        {
            if (Channels.FirstOrDefault(c => c.Channel == channel.Channel) is { } calibrated)
            {
                channel.InstrumentDelayNs = calibrated.InstrumentDelayNs;
            }
        }
    }
}

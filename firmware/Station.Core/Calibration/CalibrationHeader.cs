using System.Globalization;
using System.Text.Json.Nodes;

namespace Station.Core.Calibration;

/// <summary>
/// What every calibration file starts with: its format and version, the station it belongs to, when it was made and
/// the inputs that made it (the script's arguments, the source, the counts). The firmware checks the format, the version
/// and the station before it uses a file, so a file from another station or an unknown version is refused by name.
/// </summary>
public sealed record CalibrationHeader(string Format, int Version, string Station, DateTimeOffset CreatedUtc, JsonObject Inputs)
{
    /// <summary>Writes the header's fields into <paramref name="root"/> (the body follows them).</summary>
    public JsonObject WriteTo(JsonObject root)
    {
        ArgumentNullException.ThrowIfNull(root);
        root["format"] = Format;
        root["version"] = Version;
        root["station"] = Station;
        root["created_utc"] = CreatedUtc.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        root["inputs"] = Inputs.DeepClone();
        return root;
    }

    /// <summary>
    /// Reads and checks the header of <paramref name="root"/>: the format must be <paramref name="expectedFormat"/>, the version
    /// <paramref name="expectedVersion"/>, and the station <paramref name="expectedStation"/> when one is given.
    /// <paramref name="source"/> names the file in error messages.
    /// </summary>
    public static CalibrationHeader Read(JsonObject root, string expectedFormat, int expectedVersion, string? expectedStation, string source)
    {
        ArgumentNullException.ThrowIfNull(root);
        string format = root["format"]?.GetValueKind() == System.Text.Json.JsonValueKind.String ? root["format"]!.GetValue<string>()
            : throw new CalibrationFileException($"{source}: 'format' is missing; expected \"{expectedFormat}\"");
        if (format != expectedFormat)
        {
            throw new CalibrationFileException($"{source}: 'format' is \"{format}\"; expected \"{expectedFormat}\"");
        }

        int version = root["version"]?.GetValueKind() == System.Text.Json.JsonValueKind.Number ? root["version"]!.GetValue<int>()
            : throw new CalibrationFileException($"{source}: 'version' is missing; expected {expectedVersion}");
        if (version != expectedVersion)
        {
            throw new CalibrationFileException($"{source}: 'version' is {version}; this firmware reads version {expectedVersion}");
        }

        string station = root["station"]?.GetValueKind() == System.Text.Json.JsonValueKind.String ? root["station"]!.GetValue<string>()
            : throw new CalibrationFileException($"{source}: 'station' is missing; expected the station's name");
        if (expectedStation is not null && !string.Equals(station, expectedStation, StringComparison.OrdinalIgnoreCase))
        {
            throw new CalibrationFileException($"{source}: made for station '{station}', but this is '{expectedStation}'");
        }

        string created = root["created_utc"]?.GetValueKind() == System.Text.Json.JsonValueKind.String ? root["created_utc"]!.GetValue<string>()
            : throw new CalibrationFileException($"{source}: 'created_utc' is missing; expected an ISO 8601 UTC time");
        if (!DateTimeOffset.TryParse(created, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var createdUtc))
        {
            throw new CalibrationFileException($"{source}: 'created_utc' is '{created}'; expected an ISO 8601 UTC time such as 2026-11-28T20:00:00Z");
        }

        var inputs = root["inputs"] as JsonObject ?? [];
        return new CalibrationHeader(format, version, station, createdUtc, (JsonObject)inputs.DeepClone());
    }
}

/// <summary>A calibration file that cannot be used; the message names the file, the field and what was expected.</summary>
public sealed class CalibrationFileException(string message) : Exception(message)
{
    public CalibrationFileException() : this("calibration file rejected")
    {
    }

    public CalibrationFileException(string message, Exception inner) : this(message + ": " + inner.Message)
    {
    }
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Station.Core.Calibration;

namespace Station.Firmware.Calibration;

/// <summary>Reading a calibration file's body: every missing or malformed field is named with its path and what was expected.</summary>
internal static class CalibrationJson
{
    public static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The file's root object; malformed JSON is named with its position.</summary>
    public static JsonObject ParseRoot(string json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return JsonNode.Parse(json) as JsonObject ?? throw new CalibrationFileException($"{source}: expected a JSON object");
        }
        catch (JsonException ex)
        {
            throw new CalibrationFileException($"{source}: not valid JSON ({ex.Message})");
        }
    }

    public static JsonArray Array(JsonObject parent, string name, string path, string source) =>
        parent[name] as JsonArray ?? throw new CalibrationFileException($"{source}: '{path}{name}' is missing or not an array");

    public static JsonObject Object(JsonNode? node, string path, string source) =>
        node as JsonObject ?? throw new CalibrationFileException($"{source}: '{path}' is not an object");

    public static double Number(JsonObject parent, string name, string path, string source, double min, double max)
    {
        var node = parent[name];
        if (node?.GetValueKind() != JsonValueKind.Number)
        {
            throw new CalibrationFileException($"{source}: '{path}{name}' is missing or not a number; expected {Range(min, max)}");
        }

        double value = node.GetValue<double>();
        return double.IsFinite(value) && value >= min && value <= max
            ? value
            : throw new CalibrationFileException(string.Create(CultureInfo.InvariantCulture, $"{source}: '{path}{name}' is {value}; expected {Range(min, max)}"));
    }

    public static int Integer(JsonObject parent, string name, string path, string source, int min, int max)
    {
        double value = Number(parent, name, path, source, min, max);
        return value == Math.Round(value)
            ? (int)value
            : throw new CalibrationFileException(string.Create(CultureInfo.InvariantCulture, $"{source}: '{path}{name}' is {value}; expected a whole number"));
    }

    public static string Text(JsonObject parent, string name, string path, string source)
    {
        var node = parent[name];
        return node?.GetValueKind() == JsonValueKind.String && node.GetValue<string>() is { Length: > 0 } text
            ? text
            : throw new CalibrationFileException($"{source}: '{path}{name}' is missing or not a non-empty string");
    }

    public static bool Flag(JsonObject parent, string name, string path, string source, bool fallback)
    {
        var node = parent[name];
        return node is null ? fallback
            : node.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? node.GetValue<bool>()
            : throw new CalibrationFileException($"{source}: '{path}{name}' is not true or false");
    }

    private static string Range(double min, double max) => string.Create(CultureInfo.InvariantCulture, $"{min} … {max}");
}

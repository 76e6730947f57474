using System.Globalization;
using System.Text.Json;

namespace Station.Emulator.Scenarios;

/// <summary>
/// Reads one JSON object of a scenario key by key, adding a problem for every unknown, repeated, missing or
/// ill-typed key: <c>$.path: got …; expected …</c>. Getters return null after reporting, so reading goes on and one
/// pass finds every problem.
/// </summary>
internal sealed class JsonObjectReader
{
    private readonly Dictionary<string, JsonElement> _values = new(StringComparer.Ordinal);
    private readonly List<string> _problems;

    public JsonObjectReader(JsonElement element, string path, IReadOnlyList<string> keys, List<string> problems)
    {
        Path = path;
        _problems = problems;
        foreach (var property in element.EnumerateObject())
        {
            string keyPath = Child(path, property.Name);
            if (!keys.Contains(property.Name, StringComparer.Ordinal))
            {
                problems.Add($"{keyPath}: unknown key; expected one of: {string.Join(", ", keys)}");
            }
            else if (!_values.TryAdd(property.Name, property.Value))
            {
                problems.Add($"{keyPath}: given more than once; expected each key once");
            }
        }
    }

    public string Path { get; }

    public static string Child(string path, string key) => path + "." + key;

    public static string Index(string path, int index) => string.Create(CultureInfo.InvariantCulture, $"{path}[{index}]");

    /// <summary>What a JSON value is, for "got …" (strings quoted, numbers as written, containers by kind).</summary>
    public static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => JsonSerializer.Serialize(value.GetString()),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "null",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => string.Create(CultureInfo.InvariantCulture, $"an array of {value.GetArrayLength()}"),
        _ => value.ValueKind.ToString(),
    };

    public void Problem(string key, JsonElement given, string expected) => _problems.Add($"{Child(Path, key)}: got {Describe(given)}; expected {expected}");

    /// <summary>The value of <paramref name="key"/>; when missing, a problem if <paramref name="required"/>, else null.</summary>
    public JsonElement? Value(string key, string expected, bool required = true)
    {
        if (_values.TryGetValue(key, out var value))
        {
            return value;
        }

        if (required)
        {
            _problems.Add($"{Child(Path, key)}: missing; expected {expected}");
        }

        return null;
    }

    public bool Has(string key) => _values.ContainsKey(key);

    /// <summary>A number in [<paramref name="min"/>, <paramref name="max"/>] (or (min, max] when <paramref name="minExclusive"/>).</summary>
    public double? Number(string key, double min, double max, string unit, bool required = true, bool minExclusive = false)
    {
        string lower = minExclusive ? "more than" : "from";
        string expected = string.Create(CultureInfo.InvariantCulture, $"a number {lower} {min} to {max}{(unit.Length > 0 ? " " + unit : "")}");
        if (Value(key, expected, required) is not { } value)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out double number) || !double.IsFinite(number)
            || number > max || (minExclusive ? number <= min : number < min))
        {
            Problem(key, value, expected);
            return null;
        }

        return number;
    }

    /// <summary>A whole number in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public long? Integer(string key, long min, long max, bool required = true)
    {
        string expected = string.Create(CultureInfo.InvariantCulture, $"a whole number from {min} to {max}");
        if (Value(key, expected, required) is not { } value)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out long number) || number < min || number > max)
        {
            Problem(key, value, expected);
            return null;
        }

        return number;
    }

    /// <summary>A string; <paramref name="accept"/> returns null when it is fine, else what was expected.</summary>
    public string? String(string key, string expected, Func<string, string?>? accept = null, bool required = true)
    {
        if (Value(key, expected, required) is not { } value)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            Problem(key, value, expected);
            return null;
        }

        string text = value.GetString()!;
        if (accept?.Invoke(text) is { } refusal)
        {
            Problem(key, value, refusal);
            return null;
        }

        return text;
    }

    /// <summary>A nested object, or null (with a problem when it has the wrong type or is required and missing).</summary>
    public JsonObjectReader? Object(string key, IReadOnlyList<string> keys, bool required = true)
    {
        string expected = $"an object with {string.Join(", ", keys)}";
        if (Value(key, expected, required) is not { } value)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            Problem(key, value, expected);
            return null;
        }

        return new JsonObjectReader(value, Child(Path, key), keys, _problems);
    }

    /// <summary>The elements of an array, or null (with a problem when it is not one).</summary>
    public IReadOnlyList<JsonElement>? Array(string key, string expected, bool required = true)
    {
        if (Value(key, expected, required) is not { } value)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            Problem(key, value, expected);
            return null;
        }

        return [.. value.EnumerateArray()];
    }
}

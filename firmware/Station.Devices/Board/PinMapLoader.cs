using System.Text.Json;

namespace Station.Devices.Board;

/// <summary>Reads and checks the pin map; any problem throws a <see cref="PinMapException"/> listing all of them.</summary>
public static class PinMapLoader
{
    /// <summary>Where the pin map lives, relative to the repository root.</summary>
    public const string DefaultRelativePath = "schematics/station.pins.json";

    /// <summary>Source name of the copy built into Station.Devices, used when no file is found.</summary>
    public const string EmbeddedSourceName = "embedded copy of schematics/station.pins.json";

    private const string EmbeddedResourceName = "Station.Devices.Board.station.pins.json";

    public static PinMap Load(string path)
    {
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new PinMapException(path, [$"{path}: cannot read the pin map: {exception.Message}"], exception);
        }

        return Parse(json, path);
    }

    /// <param name="json">The pin map text.</param>
    /// <param name="sourceName">Names the text in error messages, normally its file path.</param>
    public static PinMap Parse(string json, string sourceName)
    {
        PinMapDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(json, PinMapJsonContext.Default.PinMapDocument);
        }
        catch (JsonException exception)
        {
            throw new PinMapException(sourceName, [DescribeMalformedJson(sourceName, exception)], exception);
        }

        if (document is null)
        {
            throw new PinMapException(sourceName, [$"{sourceName}: the pin map is JSON null; expected an object with 'board' and 'devices'"]);
        }

        var problems = new List<string>();
        var map = PinMapDocumentReader.Read(document, sourceName, problems);
        problems.AddRange(PinMapValidator.FindProblems(map));
        return problems.Count == 0 ? map : throw new PinMapException(sourceName, problems);
    }

    /// <summary>
    /// The nearest <c>schematics/station.pins.json</c> above the current directory, then above the application
    /// directory; null when neither has one (a published firmware folder), in which case use the embedded copy.
    /// The current directory wins so that an operator can point the firmware at a checkout by starting it there.
    /// </summary>
    public static string? FindDefault() => FindDefault(Directory.GetCurrentDirectory(), AppContext.BaseDirectory);

    public static string? FindDefault(params IEnumerable<string> startDirectories)
    {
        foreach (var start in startDirectories)
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                var candidate = Path.Combine(directory.FullName, "schematics", "station.pins.json");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    /// <summary>The file found by <see cref="FindDefault()"/>, else the copy embedded at build time.</summary>
    public static PinMap LoadDefault() => FindDefault() is { } path ? Load(path) : LoadEmbedded();

    public static PinMap LoadEmbedded() => Parse(ReadEmbeddedJson(), EmbeddedSourceName);

    public static string ReadEmbeddedJson()
    {
        using var stream = typeof(PinMapLoader).Assembly.GetManifestResourceStream(EmbeddedResourceName)
            ?? throw new InvalidOperationException($"Station.Devices was built without the resource {EmbeddedResourceName}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static string DescribeMalformedJson(string sourceName, JsonException exception)
    {
        // System.Text.Json counts lines and bytes from zero and appends them to its message; report them from one.
        var reason = exception.Message;
        var cut = reason.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut < 0)
        {
            cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
        }

        if (cut >= 0)
        {
            reason = reason[..cut];
        }

        // The serializer's wording names internal .NET types; say what is wrong in the file's terms instead.
        if (reason.Contains("could not be mapped", StringComparison.Ordinal))
        {
            reason = "unknown key (keys are camelCase, see schematics/README.md)";
        }
        else if (reason.Contains("could not be converted", StringComparison.Ordinal))
        {
            reason = "value has the wrong JSON type (see schematics/README.md for the schema)";
        }
        else if (reason.StartsWith("Duplicate propert", StringComparison.Ordinal))
        {
            reason = "duplicate key";
        }

        var position = exception.LineNumber is { } line
            ? $" at line {line + 1}, byte {exception.BytePositionInLine + 1}"
            : "";
        var path = string.IsNullOrEmpty(exception.Path) || exception.Path == "$" ? "" : $" ({exception.Path})";
        return $"{sourceName}: malformed JSON{position}{path}: {reason}";
    }
}

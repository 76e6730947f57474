using System.Text.Json;
using System.Xml;
using System.Xml.Linq;

namespace Station.Core.Orbits;

/// <summary>
/// Reads CCSDS Orbit Mean-elements Messages as CelesTrak serves them: the JSON array form
/// (<c>FORMAT=json</c>) and the XML NDM form (<c>FORMAT=xml</c>). Malformed objects are skipped and
/// reported; parsing never throws for bad content.
/// </summary>
public static class OmmParser
{
    /// <summary>Reads JSON or XML, deciding by the first non-blank character ('&lt;' means XML).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public static OmmParseResult Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.AsSpan().TrimStart().StartsWith("<") ? ParseXml(text) : ParseJson(text);
    }

    /// <summary>Reads a JSON array of OMM objects (a single object is accepted too). Numbers may be JSON numbers or strings.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    public static OmmParseResult ParseJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var sets = new List<ElementSet>();
        var errors = new List<OmmDiagnostic>();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException)
        {
            // ArgumentException: text with lone surrogates cannot even be transcoded to UTF-8.
            errors.Add(new OmmDiagnostic(-1, null, null, $"JSON is malformed: {ex.Message}"));
            return new OmmParseResult(sets, errors);
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                AddJsonObject(0, root, sets, errors);
            }
            else if (root.ValueKind == JsonValueKind.Array)
            {
                int index = 0;
                foreach (JsonElement item in root.EnumerateArray())
                {
                    AddJsonObject(index++, item, sets, errors);
                }
            }
            else
            {
                errors.Add(new OmmDiagnostic(-1, null, null, $"JSON {root.ValueKind} found, expected an array of OMM objects"));
            }
        }

        return new OmmParseResult(sets, errors);
    }

    /// <summary>
    /// Reads OMM XML: every <c>omm</c> element (usually inside <c>ndm</c>), its fields found by local name under
    /// <c>metadata</c>, <c>meanElements</c> and <c>tleParameters</c>, whatever the namespace. DTDs are refused.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="xml"/> is null.</exception>
    public static OmmParseResult ParseXml(string xml)
    {
        ArgumentNullException.ThrowIfNull(xml);
        var sets = new List<ElementSet>();
        var errors = new List<OmmDiagnostic>();
        XDocument document;
        try
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
            using var stringReader = new StringReader(xml);
            using var reader = XmlReader.Create(stringReader, settings);
            document = XDocument.Load(reader);
        }
        catch (XmlException ex)
        {
            errors.Add(new OmmDiagnostic(-1, null, null, $"XML is malformed: {ex.Message}"));
            return new OmmParseResult(sets, errors);
        }

        var omms = document.Descendants().Where(e => e.Name.LocalName == "omm").ToList();
        if (omms.Count == 0)
        {
            errors.Add(new OmmDiagnostic(-1, null, null, "no <omm> element found, expected <ndm><omm>…</omm></ndm>"));
        }

        for (int index = 0; index < omms.Count; index++)
        {
            // Leaf elements carry the keywords; header fields (CREATION_DATE, ORIGINATOR) are harmless extras.
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (XElement leaf in omms[index].Descendants().Where(e => !e.HasElements))
            {
                fields[leaf.Name.LocalName] = leaf.Value;
            }

            Add(OmmFields.ToElementSet(index, fields, errors), sets);
        }

        return new OmmParseResult(sets, errors);
    }

    private static void AddJsonObject(int index, JsonElement item, List<ElementSet> sets, List<OmmDiagnostic> errors)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new OmmDiagnostic(index, null, null, $"JSON {item.ValueKind} found, expected an OMM object"));
            return;
        }

        // Numbers arrive as JSON numbers (CelesTrak) or strings (Space-Track); anything else keeps its raw
        // JSON text so the field check reports it as "not a number".
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (JsonProperty property in item.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.String)
            {
                fields[property.Name] = property.Value.GetString() ?? "";
            }
            else if (property.Value.ValueKind != JsonValueKind.Null)
            {
                fields[property.Name] = property.Value.GetRawText();
            }
        }

        Add(OmmFields.ToElementSet(index, fields, errors), sets);
    }

    private static void Add(ElementSet? set, List<ElementSet> sets)
    {
        if (set is not null)
        {
            sets.Add(set);
        }
    }
}

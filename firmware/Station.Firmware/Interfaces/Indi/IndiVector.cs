using System.Globalization;
using System.Text;
using System.Xml;

namespace Station.Firmware.Interfaces.Indi;

/// <summary>INDI property states (protocol 1.7): Idle, Ok, Busy (a command in progress), Alert (it failed or was refused).</summary>
public enum IndiState
{
    Idle,
    Ok,
    Busy,
    Alert,
}

/// <summary>The four kinds of INDI vector.</summary>
public enum IndiKind
{
    Number,
    Switch,
    Text,
    Light,
}

/// <summary>Who may write a vector: <c>ro</c>, <c>wo</c>, <c>rw</c>.</summary>
public enum IndiAccessMode
{
    ReadOnly,
    WriteOnly,
    ReadWrite,
}

/// <summary>Switch rules: <c>OneOfMany</c>, <c>AtMostOne</c>, <c>AnyOfMany</c>.</summary>
public enum IndiSwitchRule
{
    OneOfMany,
    AtMostOne,
    AnyOfMany,
}

/// <summary>One member of a vector. Which value fields matter depends on the vector's <see cref="IndiKind"/>.</summary>
public sealed class IndiElement(string name, string label)
{
    public string Name { get; } = name;

    public string Label { get; } = label;

    /// <summary>Number value (Number vectors).</summary>
    public double Number { get; set; }

    /// <summary>printf-style format the client displays numbers with (<c>%g</c>, <c>%010.6m</c> for sexagesimal).</summary>
    public string Format { get; init; } = "%g";

    public double Min { get; init; }

    public double Max { get; init; }

    public double Step { get; init; }

    /// <summary>Text value (Text vectors).</summary>
    public string Text { get; set; } = "";

    /// <summary>Switch value (Switch vectors).</summary>
    public bool On { get; set; }

    /// <summary>Light value (Light vectors).</summary>
    public IndiState Light { get; set; }
}

/// <summary>
/// One INDI property: device, name, kind, state and its elements. Mutated only on the station clock's thread (the hub
/// runs every command and every update there), so it needs no lock; it renders its own <c>def…</c>/<c>set…</c> XML.
/// </summary>
public sealed class IndiVector
{
    public IndiVector(string device, string name, string label, string group, IndiKind kind, IndiAccessMode permission, IReadOnlyList<IndiElement> elements,
        IndiSwitchRule rule = IndiSwitchRule.OneOfMany)
    {
        Device = device;
        Name = name;
        Label = label;
        Group = group;
        Kind = kind;
        Permission = permission;
        Elements = elements;
        Rule = rule;
    }

    public string Device { get; }

    public string Name { get; }

    public string Label { get; }

    public string Group { get; }

    public IndiKind Kind { get; }

    public IndiAccessMode Permission { get; }

    public IndiSwitchRule Rule { get; }

    public IReadOnlyList<IndiElement> Elements { get; }

    public IndiState State { get; set; } = IndiState.Idle;

    /// <summary>Worst-case seconds a command on this vector takes (a hint to clients).</summary>
    public double TimeoutSeconds { get; set; }

    public IndiElement? Find(string element)
    {
        foreach (var e in Elements)
        {
            if (e.Name == element)
            {
                return e;
            }
        }

        return null;
    }

    public IndiElement this[string element] => Find(element) ?? throw new KeyNotFoundException($"{Device}.{Name} has no element {element}");

    /// <summary>The <c>def…Vector</c> that describes this property to a client.</summary>
    public string RenderDefinition(DateTimeOffset now, string? message = null) => Render(definition: true, now, message);

    /// <summary>The <c>set…Vector</c> that tells clients its new state and values.</summary>
    public string RenderUpdate(DateTimeOffset now, string? message = null) => Render(definition: false, now, message);

    private string Render(bool definition, DateTimeOffset now, string? message)
    {
        var text = new StringBuilder(256);
        using (var xml = XmlWriter.Create(text, WriterSettings))
        {
            xml.WriteStartElement((definition ? "def" : "set") + Kind + "Vector");
            xml.WriteAttributeString("device", Device);
            xml.WriteAttributeString("name", Name);
            if (definition)
            {
                xml.WriteAttributeString("label", Label);
                xml.WriteAttributeString("group", Group);
            }

            xml.WriteAttributeString("state", State.ToString());
            if (definition && Kind != IndiKind.Light)
            {
                xml.WriteAttributeString("perm", Permission switch { IndiAccessMode.ReadOnly => "ro", IndiAccessMode.WriteOnly => "wo", _ => "rw" });
            }

            if (definition && Kind == IndiKind.Switch)
            {
                xml.WriteAttributeString("rule", Rule.ToString());
            }

            if (Kind != IndiKind.Light)
            {
                xml.WriteAttributeString("timeout", Number(TimeoutSeconds));
            }

            xml.WriteAttributeString("timestamp", Timestamp(now));
            if (!string.IsNullOrEmpty(message))
            {
                xml.WriteAttributeString("message", Clean(message));
            }

            foreach (var e in Elements)
            {
                xml.WriteStartElement((definition ? "def" : "one") + Kind);
                xml.WriteAttributeString("name", e.Name);
                if (definition)
                {
                    xml.WriteAttributeString("label", e.Label);
                }

                if (definition && Kind == IndiKind.Number)
                {
                    xml.WriteAttributeString("format", e.Format);
                    xml.WriteAttributeString("min", Number(e.Min));
                    xml.WriteAttributeString("max", Number(e.Max));
                    xml.WriteAttributeString("step", Number(e.Step));
                }

                xml.WriteString(Kind switch
                {
                    IndiKind.Number => Number(e.Number),
                    IndiKind.Switch => e.On ? "On" : "Off",
                    IndiKind.Light => e.Light.ToString(),
                    _ => Clean(e.Text),
                });
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
        }

        return text.Append('\n').ToString();
    }

    /// <summary>A <c>message</c> element from <paramref name="device"/> (or the server, when null).</summary>
    public static string RenderMessage(string? device, DateTimeOffset now, string message)
    {
        var text = new StringBuilder(128);
        using (var xml = XmlWriter.Create(text, WriterSettings))
        {
            xml.WriteStartElement("message");
            if (device is not null)
            {
                xml.WriteAttributeString("device", device);
            }

            xml.WriteAttributeString("timestamp", Timestamp(now));
            xml.WriteAttributeString("message", Clean(message));
            xml.WriteEndElement();
        }

        return text.Append('\n').ToString();
    }

    public static string Timestamp(DateTimeOffset now) => now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture);

    /// <summary>Text with the characters XML cannot carry replaced, so no reason or TLE can break a client's stream.</summary>
    public static string Clean(string text)
    {
        foreach (char c in text)
        {
            if (!XmlConvert.IsXmlChar(c) || (c < ' ' && c is not ('\n' or '\t')))
            {
                return string.Concat(text.Select(ch => XmlConvert.IsXmlChar(ch) && (ch >= ' ' || ch is '\n' or '\t') ? ch : '?'));
            }
        }

        return text;
    }

    private static string Number(double value) =>
        double.IsFinite(value) ? value.ToString("R", CultureInfo.InvariantCulture) : "nan";

    private static readonly XmlWriterSettings WriterSettings = new()
    {
        OmitXmlDeclaration = true,
        ConformanceLevel = ConformanceLevel.Fragment,
        Indent = false,
        NewLineHandling = NewLineHandling.Entitize,
    };
}

using System.Globalization;
using System.Xml.Linq;

namespace Station.Firmware.Interfaces.Indi;

/// <summary>
/// A client's <c>new…Vector</c>, checked against the property before any device sees it: every element named exists,
/// every number is a finite number (decimal or sexagesimal <c>d:m:s</c>), every switch is On or Off. Values not sent
/// keep the property's present value.
/// </summary>
public sealed class IndiCommand
{
    private readonly Dictionary<string, string> _values;

    private IndiCommand(IndiClient client, IndiVector vector, Dictionary<string, string> values)
    {
        Client = client;
        Vector = vector;
        _values = values;
    }

    public IndiClient Client { get; }

    public IndiVector Vector { get; }

    /// <summary>Names of the elements the client sent.</summary>
    public IEnumerable<string> ElementNames => _values.Keys;

    public bool Has(string element) => _values.ContainsKey(element);

    /// <summary>The number sent for <paramref name="element"/>, or its present value.</summary>
    public double Number(string element) => _values.TryGetValue(element, out var text) ? ParseNumber(text)!.Value : Vector[element].Number;

    /// <summary>The text sent for <paramref name="element"/>, or its present value.</summary>
    public string Text(string element) => _values.TryGetValue(element, out var text) ? text : Vector[element].Text;

    /// <summary>The switch state sent for <paramref name="element"/>, or its present state.</summary>
    public bool On(string element) => _values.TryGetValue(element, out var text) ? text == "On" : Vector[element].On;

    /// <summary>
    /// The switches that will be On after this command: for OneOfMany/AtMostOne a switch sent On turns the others off.
    /// </summary>
    public IReadOnlyList<string> SwitchesOn()
    {
        var sentOn = _values.Where(v => v.Value == "On").Select(v => v.Key).ToList();
        if (Vector.Rule != IndiSwitchRule.AnyOfMany && sentOn.Count > 0)
        {
            return sentOn;
        }

        return [.. Vector.Elements.Where(e => On(e.Name)).Select(e => e.Name)];
    }

    /// <summary>Checks <paramref name="message"/> against <paramref name="vector"/>; null and a reason when it is not acceptable.</summary>
    public static IndiCommand? TryCreate(IndiClient client, IndiVector vector, XElement message, out string refusal)
    {
        ArgumentNullException.ThrowIfNull(vector);
        ArgumentNullException.ThrowIfNull(message);
        string expected = "new" + vector.Kind + "Vector";
        if (message.Name.LocalName != expected)
        {
            refusal = $"{vector.Name} is a {vector.Kind} property; {message.Name.LocalName} does not apply to it";
            return null;
        }

        if (vector.Permission == IndiAccessMode.ReadOnly)
        {
            refusal = $"{vector.Name} is read-only";
            return null;
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        string one = "one" + vector.Kind;
        foreach (var child in message.Elements())
        {
            string? name = (string?)child.Attribute("name");
            if (child.Name.LocalName != one || name is null || vector.Find(name) is null)
            {
                refusal = $"{vector.Name} has no element '{name ?? child.Name.LocalName}'; elements: {string.Join(", ", vector.Elements.Select(e => e.Name))}";
                return null;
            }

            string value = child.Value.Trim();
            if (vector.Kind == IndiKind.Number && ParseNumber(value) is null)
            {
                refusal = $"{vector.Name}.{name} is '{Shorten(value)}'; expected a number";
                return null;
            }

            if (vector.Kind == IndiKind.Switch && value is not ("On" or "Off"))
            {
                refusal = $"{vector.Name}.{name} is '{Shorten(value)}'; expected On or Off";
                return null;
            }

            if (!values.TryAdd(name, vector.Kind == IndiKind.Text ? child.Value : value))
            {
                refusal = $"{vector.Name}.{name} is given twice";
                return null;
            }
        }

        if (values.Count == 0)
        {
            refusal = $"{vector.Name}: no elements were given";
            return null;
        }

        if (vector.Kind == IndiKind.Switch && vector.Rule != IndiSwitchRule.AnyOfMany && values.Count(v => v.Value == "On") > 1)
        {
            refusal = $"{vector.Name} is {vector.Rule}: only one switch may be On";
            return null;
        }

        refusal = "";
        return new IndiCommand(client, vector, values);
    }

    /// <summary>An INDI number: decimal, or sexagesimal with ':' or ' ' separators (<c>-12:30:36</c>); null unless finite.</summary>
    public static double? ParseNumber(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = text.Trim();
        if (text.Length is 0 or > 64)
        {
            return null;
        }

        var parts = text.Split([':', ' '], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is < 1 or > 3)
        {
            return null;
        }

        double value = 0, scale = 1;
        bool negative = parts[0].StartsWith('-');
        for (int i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out double part) || !double.IsFinite(part) || (i > 0 && part < 0))
            {
                return null;
            }

            value += Math.Abs(part) / scale;
            scale *= 60;
        }

        value = negative ? -value : value;
        return double.IsFinite(value) ? value : null;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}

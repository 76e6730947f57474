using System.Globalization;
using System.Text;

namespace Station.Core.Orbits;

/// <summary>A problem in an OMM document: which object (index and name), which field, and what was expected.</summary>
/// <param name="ObjectIndex">0-based index of the object in the document, or -1 for a problem with the whole document.</param>
/// <param name="ObjectName">OBJECT_NAME of the object when it has one.</param>
/// <param name="Field">The OMM keyword (e.g. <c>ECCENTRICITY</c>), or null for the whole object or document.</param>
/// <param name="Problem">What is wrong and what was expected.</param>
public sealed record OmmDiagnostic(int ObjectIndex, string? ObjectName, string? Field, string Problem)
{
    /// <summary>The full message, e.g. <c>object [3] 'ISS (ZARYA)', field ECCENTRICITY: 1.2 is out of range, expected 0 &lt;= e &lt; 1</c>.</summary>
    public string Message
    {
        get
        {
            var sb = new StringBuilder();
            if (ObjectIndex >= 0)
            {
                sb.Append(CultureInfo.InvariantCulture, $"object [{ObjectIndex}]");
                if (!string.IsNullOrEmpty(ObjectName))
                {
                    sb.Append(CultureInfo.InvariantCulture, $" '{ObjectName}'");
                }
            }
            else
            {
                sb.Append("document");
            }

            if (Field is not null)
            {
                sb.Append(CultureInfo.InvariantCulture, $", field {Field}");
            }

            return sb.Append(": ").Append(Problem).ToString();
        }
    }

    /// <inheritdoc />
    public override string ToString() => Message;
}

/// <summary>Outcome of reading an OMM document: the good element sets and a problem list for the rest.</summary>
public sealed record OmmParseResult(IReadOnlyList<ElementSet> ElementSets, IReadOnlyList<OmmDiagnostic> Errors);

using System.Globalization;

namespace Station.Firmware.Interfaces.Rotctld;

/// <summary>The rotctld commands this station knows.</summary>
public enum RotctldVerb
{
    GetPosition,
    SetPosition,
    Stop,
    Park,
    GetInfo,
    DumpState,
    Quit,

    /// <summary>A hamlib rotator command this station does not offer (answered with RIG_ENAVAIL).</summary>
    Unsupported,

    /// <summary>Not a rotctld command at all (answered with RIG_EPROTO).</summary>
    Unknown,
}

/// <summary>
/// One command line of the rotctld protocol: a short command (<c>P 200 30</c>) or a long one (<c>\set_pos 200 30</c>),
/// optionally prefixed by an Extended Response Protocol separator (<c>+</c> answers record per line; <c>;</c>, <c>|</c>
/// or <c>,</c> answer on one line separated by that character).
/// </summary>
public sealed record RotctldRequest(RotctldVerb Verb, string LongName, char? ExtendedSeparator, IReadOnlyList<string> Arguments)
{
    private static readonly Dictionary<char, (RotctldVerb Verb, string LongName)> ShortCommands = new()
    {
        ['p'] = (RotctldVerb.GetPosition, "get_pos"),
        ['P'] = (RotctldVerb.SetPosition, "set_pos"),
        ['S'] = (RotctldVerb.Stop, "stop"),
        ['K'] = (RotctldVerb.Park, "park"),
        ['_'] = (RotctldVerb.GetInfo, "get_info"),
        ['q'] = (RotctldVerb.Quit, "quit"),
        ['Q'] = (RotctldVerb.Quit, "quit"),
        ['M'] = (RotctldVerb.Unsupported, "move"),
        ['R'] = (RotctldVerb.Unsupported, "reset"),
        ['C'] = (RotctldVerb.Unsupported, "set_conf"),
        ['w'] = (RotctldVerb.Unsupported, "send_cmd"),
        ['1'] = (RotctldVerb.Unsupported, "dump_caps"),
    };

    private static readonly Dictionary<string, RotctldVerb> LongCommands = new(StringComparer.Ordinal)
    {
        ["get_pos"] = RotctldVerb.GetPosition,
        ["set_pos"] = RotctldVerb.SetPosition,
        ["stop"] = RotctldVerb.Stop,
        ["park"] = RotctldVerb.Park,
        ["get_info"] = RotctldVerb.GetInfo,
        ["dump_state"] = RotctldVerb.DumpState,
        ["quit"] = RotctldVerb.Quit,
        ["move"] = RotctldVerb.Unsupported,
        ["reset"] = RotctldVerb.Unsupported,
        ["set_conf"] = RotctldVerb.Unsupported,
        ["get_conf"] = RotctldVerb.Unsupported,
        ["send_cmd"] = RotctldVerb.Unsupported,
        ["dump_caps"] = RotctldVerb.Unsupported,
        ["set_level"] = RotctldVerb.Unsupported,
        ["get_level"] = RotctldVerb.Unsupported,
        ["set_func"] = RotctldVerb.Unsupported,
        ["get_func"] = RotctldVerb.Unsupported,
        ["set_parm"] = RotctldVerb.Unsupported,
        ["get_parm"] = RotctldVerb.Unsupported,
        ["get_status"] = RotctldVerb.Unsupported,
    };

    /// <summary>Whether the answer uses the Extended Response Protocol.</summary>
    public bool IsExtended => ExtendedSeparator is not null;

    /// <summary>Parses one line (without its newline); null for a blank line, which rotctld ignores.</summary>
    public static RotctldRequest? Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var text = line.AsSpan().Trim();
        if (text.IsEmpty)
        {
            return null;
        }

        char? separator = null;
        if (text[0] is '+' or ';' or '|' or ',')
        {
            separator = text[0] == '+' ? '\n' : text[0];
            text = text[1..].TrimStart();
            if (text.IsEmpty)
            {
                return new RotctldRequest(RotctldVerb.Unknown, "", separator, []);
            }
        }

        string name;
        RotctldVerb verb;
        if (text[0] == '\\')
        {
            int end = text.IndexOfAny(' ', '\t');
            name = (end < 0 ? text[1..] : text[1..end]).ToString();
            text = end < 0 ? [] : text[end..];
            verb = LongCommands.TryGetValue(name, out var known) ? known : RotctldVerb.Unknown;
        }
        else
        {
            (verb, name) = ShortCommands.TryGetValue(text[0], out var known) ? known : (RotctldVerb.Unknown, text[0].ToString());
            text = text[1..];
        }

        var arguments = text.ToString().Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        return new RotctldRequest(verb, name, separator, arguments);
    }

    /// <summary>
    /// Reads argument <paramref name="index"/> as a finite number of degrees. A decimal comma is accepted (a client whose
    /// C locale prints one); NaN and infinities are not numbers here.
    /// </summary>
    public bool TryGetDegrees(int index, out double degrees)
    {
        degrees = double.NaN;
        if (index >= Arguments.Count)
        {
            return false;
        }

        string text = Arguments[index];
        if (text.Contains(',', StringComparison.Ordinal) && !text.Contains('.', StringComparison.Ordinal))
        {
            text = text.Replace(',', '.');
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out degrees) && double.IsFinite(degrees);
    }
}

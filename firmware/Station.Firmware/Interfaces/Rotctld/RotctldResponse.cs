using System.Globalization;
using System.Text;

namespace Station.Firmware.Interfaces.Rotctld;

/// <summary>
/// Formats answers as rotctld does. Default protocol: a get answers its values one per line (or <c>RPRT -n</c> on
/// error), a set answers <c>RPRT n</c>. Extended Response Protocol: the command's long name and arguments as a header,
/// each value as <c>Key: value</c>, then <c>RPRT n</c>, each record ended by the separator (the last by a newline).
/// </summary>
public static class RotctldResponse
{
    /// <summary>rotctld's dump_state protocol version: 1 is the key=value form ended by <c>done</c>.</summary>
    public const int DumpStateProtocolVersion = 1;

    /// <summary>The model number dump_state reports (NET rotctl: the rotator is reached over the network).</summary>
    public const int DumpStateModel = 2;

    /// <summary>The answer to a request whose command produced <paramref name="values"/> (key, value) and <paramref name="error"/>.</summary>
    public static string Format(RotctldRequest request, HamlibError error, IReadOnlyList<(string Key, string Value)> values, bool returnsValues)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(values);
        var text = new StringBuilder(64);
        if (request.ExtendedSeparator is not { } separator || request.LongName.Length == 0)
        {
            if (error == HamlibError.Ok && returnsValues)
            {
                foreach (var (_, value) in values)
                {
                    text.Append(value).Append('\n');
                }

                return text.ToString();
            }

            return Report(error);
        }

        text.Append(request.LongName).Append(':');
        if (request.Arguments.Count > 0)
        {
            text.Append(' ').AppendJoin(' ', request.Arguments);
        }

        text.Append(separator);
        if (error == HamlibError.Ok)
        {
            foreach (var (key, value) in values)
            {
                (key.Length > 0 ? text.Append(key).Append(": ") : text).Append(value).Append(separator);
            }
        }

        return text.Append(Report(error)).ToString();
    }

    /// <summary>The end-of-answer record: <c>RPRT 0</c>, or the negated hamlib error code.</summary>
    public static string Report(HamlibError error) => string.Create(CultureInfo.InvariantCulture, $"RPRT {-(int)error}\n");

    /// <summary>Degrees as rotctld prints them (six decimals, invariant culture).</summary>
    public static string Degrees(UnitsNet.Angle angle) => angle.Degrees.ToString("F6", CultureInfo.InvariantCulture);

    /// <summary>The dump_state records (protocol 1): version, model, then key=value lines ended by <c>done</c>.</summary>
    public static IReadOnlyList<(string Key, string Value)> DumpState(RotatorRange range) =>
    [
        ("", DumpStateProtocolVersion.ToString(CultureInfo.InvariantCulture)),
        ("", DumpStateModel.ToString(CultureInfo.InvariantCulture)),
        ("", "min_az=" + Degrees(range.MinAzimuth)),
        ("", "max_az=" + Degrees(range.MaxAzimuth)),
        ("", "min_el=" + Degrees(range.MinElevation)),
        ("", "max_el=" + Degrees(range.MaxElevation)),
        ("", "south_zero=0"),
        ("", "rot_type=AzEl"),
        ("", "done"),
    ];
}

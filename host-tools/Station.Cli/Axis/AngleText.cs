using System.Globalization;
using UnitsNet;

namespace Station.Cli.Axis;

/// <summary>Parses angles as operators type them: <c>123.456deg</c>, <c>45°</c>, <c>0.5rad</c>, <c>-10</c> (degrees).</summary>
public static class AngleText
{
    private static readonly (string Suffix, Func<double, Angle> Make)[] Units =
    [
        ("arcmin", v => Angle.FromArcminutes(v)),
        ("arcsec", v => Angle.FromArcseconds(v)),
        ("mrad", v => Angle.FromMilliradians(v)),
        ("urad", v => Angle.FromMicroradians(v)),
        ("µrad", v => Angle.FromMicroradians(v)),
        ("deg", v => Angle.FromDegrees(v)),
        ("°", v => Angle.FromDegrees(v)),
        ("rad", v => Angle.FromRadians(v)),
    ];

    /// <summary>Parses <paramref name="text"/>; the error names <paramref name="what"/> and the accepted forms.</summary>
    public static Angle Parse(string text, string what)
    {
        ArgumentNullException.ThrowIfNull(text);
        string trimmed = text.Trim();
        foreach (var (suffix, make) in Units)
        {
            if (trimmed.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                return make(ParseNumber(trimmed[..^suffix.Length], text, what));
            }
        }

        return Angle.FromDegrees(ParseNumber(trimmed, text, what));
    }

    private static double ParseNumber(string number, string original, string what)
    {
        if (double.TryParse(number.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value))
        {
            return value;
        }

        throw new FormatException($"{what} '{original}' is not an angle; expected a number with an optional unit (deg, °, rad, mrad, urad, arcmin, arcsec), e.g. 123.456deg.");
    }
}

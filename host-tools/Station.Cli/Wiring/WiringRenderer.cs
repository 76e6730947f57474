using Station.Devices.Board;

namespace Station.Cli.Wiring;

/// <summary>
/// Renders the pin map as a wiring diagram and a pin table. Output depends only on the map (no timestamps, no paths,
/// invariant culture, '\n' line ends), so the committed files can be checked against a fresh render in tests.
/// </summary>
public static class WiringRenderer
{
    public const string SvgFileName = "wiring.svg";
    public const string MarkdownFileName = "PINS.md";

    public static string RenderSvg(PinMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        return SvgWiringDiagram.Render(map);
    }

    public static string RenderMarkdown(PinMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        return MarkdownPinTable.Render(map);
    }
}

using System.Text;
using Station.Devices.Board;
using static Station.Cli.Wiring.WiringText;

namespace Station.Cli.Wiring;

/// <summary>Draws a <see cref="WiringLayout"/> as SVG: title, header in two columns, boxes, wires, legend.</summary>
internal sealed class SvgWiringDiagram
{
    private const double Margin = 20;
    private const double PinRadius = 10;
    private const double ColumnOffset = 17;
    private const double LabelGap = 6;
    private const double LabelWidth = 48;
    private const double LaneMargin = 16;
    private const double LaneSpacing = 8;
    private const double LegendHeight = 74;
    private const string Font = "DejaVu Sans Mono, Menlo, Consolas, monospace";

    private const string SpiColour = "#1f77b4";
    private const string I2cColour = "#2ca02c";
    private const string OutputColour = "#d95f02";
    private const string InputColour = "#7b3fb5";
    private const string Power3V3Colour = "#f2b705";
    private const string Power5VColour = "#d62728";
    private const string GroundColour = "#111111";
    private const string UnusedColour = "#c8c8c8";

    private readonly WiringLayout layout;
    private readonly StringBuilder svg = new();
    private readonly double centreX;
    private readonly double width;
    private readonly double height;

    private SvgWiringDiagram(WiringLayout layout)
    {
        this.layout = layout;
        var leftLanes = Math.Max(layout.LeftLaneCount - 1, 0) * LaneSpacing;
        centreX = Margin + DiagramBox.Width + (2 * LaneMargin) + leftLanes + LabelWidth + LabelGap + PinRadius + ColumnOffset;
        width = RightLaneX(Math.Max(layout.RightLaneCount - 1, 0)) + LaneMargin + DiagramBox.Width + Margin;
        height = layout.ContentBottom + 24 + LegendHeight;
    }

    public static string Render(PinMap map)
    {
        var diagram = new SvgWiringDiagram(new WiringLayout(map));
        diagram.Draw();
        return diagram.svg.ToString();
    }

    private double LeftLabelStart => centreX - ColumnOffset - PinRadius - LabelGap - LabelWidth;

    private double RightLabelEnd => centreX + ColumnOffset + PinRadius + LabelGap + LabelWidth;

    private double LeftLaneX(int lane) => LeftLabelStart - LaneMargin - (lane * LaneSpacing);

    private double RightLaneX(int lane) => RightLabelEnd + LaneMargin + (lane * LaneSpacing);

    private double LaneX(DiagramSide side, int lane) => side == DiagramSide.Left ? LeftLaneX(lane) : RightLaneX(lane);

    private double BoxX(DiagramBox box) =>
        box.Side == DiagramSide.Left ? Margin : RightLaneX(Math.Max(layout.RightLaneCount - 1, 0)) + LaneMargin;

    private double BoxPortX(DiagramBox box) => box.Side == DiagramSide.Left ? BoxX(box) + DiagramBox.Width : BoxX(box);

    private void Draw()
    {
        Line(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width:0}\" height=\"{height:0}\" viewBox=\"0 0 {width:0} {height:0}\" font-family=\"{Font}\">"));
        Line(Invariant($"<rect x=\"0\" y=\"0\" width=\"{width:0}\" height=\"{height:0}\" fill=\"#ffffff\"/>"));
        Text(Margin, 30, "Station wiring: Raspberry Pi 4 Model B 40-pin header", 20, "#000000", bold: true);
        Text(Margin, 52, layout.Map.Board, 12, "#333333");
        Text(Margin, 70, GeneratedNotice.Replace("`", "", StringComparison.Ordinal), 11, "#666666");
        Line("<g id=\"wires\" fill=\"none\" stroke-width=\"1.6\" stroke-linejoin=\"round\">");
        foreach (var wire in layout.Wires)
        {
            DrawWire(wire);
        }

        Line("</g>");
        DrawHeader();
        foreach (var box in layout.Boxes)
        {
            DrawBox(box);
        }

        DrawLegend(layout.ContentBottom + 24);
        Line("</svg>");
    }

    private void DrawWire(DiagramWire wire)
    {
        var pinSide = wire.Port.PinSide;
        var startX = pinSide == DiagramSide.Left ? LeftLabelStart : RightLabelEnd;
        var path = new StringBuilder(Invariant($"M {startX:0.#} {wire.PinY:0.#} H {LaneX(pinSide, wire.PinSideLane):0.#}"));
        if (wire.CrossesUnder)
        {
            path.Append(Invariant($" V {wire.ChannelY:0.#} H {LaneX(wire.Box.Side, wire.BoxSideLane):0.#}"));
        }

        path.Append(Invariant($" V {wire.PortY:0.#} H {BoxPortX(wire.Box):0.#}"));
        var colour = Colour(wire.Port.Use);
        Line(Invariant($"<path d=\"{path}\" stroke=\"{colour}\"><title>{Xml(wire.Box.Title)}: {Xml(wire.Port.Use.Signal)}</title></path>"));
        Line(Invariant($"<circle cx=\"{startX:0.#}\" cy=\"{wire.PinY:0.#}\" r=\"2.5\" fill=\"{colour}\"/>"));
    }

    private void DrawHeader()
    {
        var usesByLine = PinUse.Collect(layout.Map).GroupBy(use => use.Line).ToDictionary(group => group.Key, group => group.First());
        var housingX = centreX - ColumnOffset - PinRadius - 5;
        var housingWidth = 2 * (ColumnOffset + PinRadius + 5);
        Line(Invariant($"<rect x=\"{housingX:0.#}\" y=\"{WiringLayout.HeaderTop - 5:0.#}\" width=\"{housingWidth:0.#}\" height=\"{(20 * WiringLayout.RowHeight) + 10:0.#}\" rx=\"4\" fill=\"#263238\"/>"));
        foreach (var pin in RaspberryPiHeader.Pins)
        {
            var use = pin.Bcm is { } bcm && usesByLine.TryGetValue(bcm, out var found) ? found : null;
            var fill = use is not null ? Colour(use) : PinColour(pin);
            var x = pin.IsOddColumn ? centreX - ColumnOffset : centreX + ColumnOffset;
            var y = WiringLayout.RowY(pin);

            // Pin 1 has a square pad on the board; drawing it square helps orient the picture against the hardware.
            Line(pin.Physical == 1
                ? Invariant($"<rect x=\"{x - PinRadius:0.#}\" y=\"{y - PinRadius:0.#}\" width=\"{2 * PinRadius:0}\" height=\"{2 * PinRadius:0}\" fill=\"{fill}\" stroke=\"#ffffff\" stroke-width=\"1\"/>")
                : Invariant($"<circle cx=\"{x:0.#}\" cy=\"{y:0.#}\" r=\"{PinRadius:0}\" fill=\"{fill}\" stroke=\"#ffffff\" stroke-width=\"1\"/>"));
            var numberColour = fill is Power3V3Colour or UnusedColour ? "#000000" : "#ffffff";
            Text(x, y + 3.5, Invariant($"{pin.Physical}"), 10, numberColour, bold: true, anchor: "middle");

            var labelX = pin.IsOddColumn ? x - PinRadius - LabelGap : x + PinRadius + LabelGap;
            var labelColour = pin.Kind == HeaderPinKind.Gpio && use is null ? "#999999" : "#000000";
            Text(labelX, y + 4, pin.Label, 12, labelColour, bold: use is not null, anchor: pin.IsOddColumn ? "end" : "start");
        }
    }

    private void DrawBox(DiagramBox box)
    {
        var x = BoxX(box);
        Line(Invariant($"<rect x=\"{x:0.#}\" y=\"{box.Top:0.#}\" width=\"{DiagramBox.Width:0}\" height=\"{box.Height:0.#}\" rx=\"6\" fill=\"#f7f7f7\" stroke=\"#555555\"/>"));
        var textX = x + DiagramBox.Padding;
        var y = box.Top + DiagramBox.Padding + 13;
        Text(textX, y, box.Title, 13, "#000000", bold: true);
        y += DiagramBox.TitleLineHeight - 2;
        foreach (var text in box.Lines)
        {
            Text(textX, y, text, 11, "#333333");
            y += DiagramBox.TextLineHeight;
        }

        for (var index = 0; index < box.Ports.Count; index++)
        {
            var port = box.Ports[index];
            var portY = box.PortY(index);
            var label = Invariant($"{port.Use.Signal} · BCM {port.Use.Line} · pin {port.Pin.Physical}");
            var colour = Colour(port.Use);
            var anchorX = box.Side == DiagramSide.Left ? x + DiagramBox.Width - 10 : x + 10;
            Text(anchorX, portY + 4, label, 11, colour, bold: false, anchor: box.Side == DiagramSide.Left ? "end" : "start");
            Line(Invariant($"<circle cx=\"{BoxPortX(box):0.#}\" cy=\"{portY:0.#}\" r=\"3\" fill=\"{colour}\"/>"));
        }
    }

    private void DrawLegend(double top)
    {
        (string Colour, string Text)[] entries =
        [
            (SpiColour, "SPI"), (I2cColour, "I2C"), (OutputColour, "GPIO output"), (InputColour, "GPIO input"),
            (Power3V3Colour, "3.3 V"), (Power5VColour, "5 V"), (GroundColour, "ground"), (UnusedColour, "unused"),
        ];
        Text(Margin, top + 12, "Legend", 12, "#000000", bold: true);
        for (var index = 0; index < entries.Length; index++)
        {
            var x = Margin + (index * 130);
            Line(Invariant($"<rect x=\"{x:0.#}\" y=\"{top + 22:0.#}\" width=\"22\" height=\"12\" rx=\"2\" fill=\"{entries[index].Colour}\"/>"));
            Text(x + 28, top + 32, entries[index].Text, 11, "#000000");
        }

        Text(Margin, top + 56, "Left column: odd pins (inner row, pin 1 square). Right column: even pins. Wires from the other column run under the header.", 11, "#333333");
    }

    private static string Colour(PinUse use) => use switch
    {
        { IsSpi: true } => SpiColour,
        { IsI2c: true } => I2cColour,
        { Gpio.Direction: GpioDirection.Output } => OutputColour,
        _ => InputColour,
    };

    private static string PinColour(HeaderPin pin) => pin.Kind switch
    {
        HeaderPinKind.Power3V3 => Power3V3Colour,
        HeaderPinKind.Power5V => Power5VColour,
        HeaderPinKind.Ground => GroundColour,
        _ => UnusedColour,
    };

    private void Text(double x, double y, string text, double size, string colour, bool bold = false, string anchor = "start")
    {
        var weight = bold ? " font-weight=\"bold\"" : "";
        var anchorAttribute = anchor == "start" ? "" : $" text-anchor=\"{anchor}\"";
        Line(Invariant($"<text x=\"{x:0.#}\" y=\"{y:0.#}\" font-size=\"{size:0.#}\" fill=\"{colour}\"{weight}{anchorAttribute}>{Xml(text)}</text>"));
    }

    private void Line(string text) => svg.Append(text).Append('\n');
}

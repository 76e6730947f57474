using Station.Devices.Board;
using static Station.Cli.Wiring.WiringText;

namespace Station.Cli.Wiring;

internal enum DiagramSide
{
    Left,
    Right,
}

internal sealed record DiagramPort(PinUse Use, HeaderPin Pin)
{
    public DiagramSide PinSide => Pin.IsOddColumn ? DiagramSide.Left : DiagramSide.Right;
}

/// <summary>A box beside the header: one per device, plus one per shared bus so bus pins are drawn once.</summary>
internal sealed class DiagramBox(int order, string title, IReadOnlyList<string> lines, IReadOnlyList<DiagramPort> ports, string? busName)
{
    public const double Width = 330;
    public const double Padding = 8;
    public const double TitleLineHeight = 18;
    public const double TextLineHeight = 15;
    public const double PortRowHeight = 17;

    public int Order { get; } = order;
    public string Title { get; } = title;
    public IReadOnlyList<string> Lines { get; } = lines;

    /// <summary>Ports sorted top to bottom by header row, so wires into one box do not cross each other.</summary>
    public IReadOnlyList<DiagramPort> Ports { get; } =
        [.. ports.OrderBy(port => (port.Pin.Physical + 1) / 2).ThenBy(port => port.Pin.Physical)];

    /// <summary>The bus a port-less device sits on (the weather sensor on I2C1), to place it beside the bus box.</summary>
    public string? BusName { get; } = busName;

    public DiagramSide Side { get; set; }
    public double SortKey { get; set; }
    public double Top { get; set; }

    public double Height =>
        (2 * Padding) + TitleLineHeight + (Lines.Count * TextLineHeight) + (Ports.Count > 0 ? 4 + (Ports.Count * PortRowHeight) : 0);

    public double PortY(int index) =>
        Top + Padding + TitleLineHeight + (Lines.Count * TextLineHeight) + 4 + (index * PortRowHeight) + (PortRowHeight / 2);
}

/// <summary>One pin-to-box connection. Wires whose pin is on the other column cross under the header.</summary>
internal sealed class DiagramWire(DiagramPort port, DiagramBox box, double pinY, double portY)
{
    public DiagramPort Port { get; } = port;
    public DiagramBox Box { get; } = box;
    public double PinY { get; } = pinY;
    public double PortY { get; } = portY;
    public bool CrossesUnder => Port.PinSide != Box.Side;
    public double ChannelY { get; set; }
    public int PinSideLane { get; set; }
    public int BoxSideLane { get; set; }
}

/// <summary>
/// Places boxes beside the header and routes every wire as horizontal-vertical-horizontal segments in its own
/// vertical lane, choosing lane order to keep crossings few (the diagram is read by people wiring a harness).
/// </summary>
internal sealed class WiringLayout
{
    public const double TitleHeight = 84;
    public const double RowHeight = 26;
    public const double HeaderTop = TitleHeight + 16;
    public const double HeaderBottom = HeaderTop + (20 * RowHeight);
    private const double BoxGap = 12;
    private const double ChannelSpacing = 9;
    private const int BoxTextChars = 46;

    public WiringLayout(PinMap map)
    {
        Map = map;
        Boxes = CreateBoxes(map);
        AssignSidesAndStack();
        Wires = CreateWires();
        AssignChannels();
        LeftLaneCount = AssignLanes(DiagramSide.Left);
        RightLaneCount = AssignLanes(DiagramSide.Right);
    }

    public PinMap Map { get; }
    public IReadOnlyList<DiagramBox> Boxes { get; }
    public IReadOnlyList<DiagramWire> Wires { get; }
    public int LeftLaneCount { get; }
    public int RightLaneCount { get; }

    public double ContentBottom => Math.Max(
        HeaderBottom + 14 + (Wires.Count(wire => wire.CrossesUnder) * ChannelSpacing),
        Boxes.Select(box => box.Top + box.Height).DefaultIfEmpty(HeaderBottom).Max());

    public static double RowY(HeaderPin pin) => HeaderTop + (((pin.Physical - 1) / 2) * RowHeight) + (RowHeight / 2);

    private static List<DiagramBox> CreateBoxes(PinMap map)
    {
        var uses = PinUse.Collect(map);
        var boxes = new List<DiagramBox>();
        var busUses = uses.Where(use => use.Role is not (PinRole.Gpio or PinRole.SpiChipSelect)).ToList();
        foreach (var bus in busUses.GroupBy(use => BusOf(use)))
        {
            var lines = Wrap("shared by " + string.Join(", ", bus.First().DeviceIds), BoxTextChars);
            boxes.Add(new DiagramBox(boxes.Count, bus.Key + " bus", lines, [.. bus.Select(ToPort)], null));
        }

        foreach (var device in map.Devices)
        {
            var ports = uses.Where(use => use.Role is PinRole.Gpio or PinRole.SpiChipSelect && use.DeviceIds[0] == device.Id);
            boxes.Add(new DiagramBox(boxes.Count, device.Id, DeviceLines(device), [.. ports.Select(ToPort)], device.I2c?.BusName));
        }

        return boxes;
    }

    private static string BusOf(PinUse use) => use.Signal.Split(' ')[0];

    private static DiagramPort ToPort(PinUse use) => new(use, RaspberryPiHeader.PinForBcm(use.Line));

    private static List<string> DeviceLines(DeviceEntry device)
    {
        var facts = new List<string> { device.Part };
        if (device.Spi is { } spi)
        {
            facts.Add(SpiSummary(spi));
        }

        if (device.I2c is { } i2c)
        {
            facts.Add(I2cSummary(i2c));
        }

        if (device.Serial is { } serial)
        {
            facts.Add("serial " + SerialSummary(serial));
        }

        if (device.Camera is { } camera)
        {
            facts.Add("camera " + CameraSummary(camera));
        }

        if (device.ReferenceInputs.Count > 0)
        {
            facts.Add("on the TMC5160: " + ReferenceInputsSummary(device));
        }

        if (device.Expander is { } expander)
        {
            facts.Add(ExpanderSummary(device) + ":");
            facts.AddRange(expander.Pins.Select(ExpanderPinSummary));
        }

        return [.. facts.SelectMany(fact => Wrap(fact, BoxTextChars))];
    }

    private void AssignSidesAndStack()
    {
        foreach (var box in Boxes.Where(box => box.Ports.Count > 0))
        {
            var left = box.Ports.Count(port => port.PinSide == DiagramSide.Left);
            box.Side = left * 2 >= box.Ports.Count ? DiagramSide.Left : DiagramSide.Right;
            box.SortKey = box.Ports.Average(port => RowY(port.Pin));
        }

        // Devices with no header pins: a bus device goes right under its bus box, anything else at the bottom of the
        // shorter column.
        foreach (var box in Boxes.Where(box => box.Ports.Count == 0))
        {
            var bus = Boxes.FirstOrDefault(candidate => candidate.Title == box.BusName + " bus");
            if (bus is not null)
            {
                (box.Side, box.SortKey) = (bus.Side, bus.SortKey + 0.5);
                continue;
            }

            var leftHeight = Boxes.Where(other => other.Side == DiagramSide.Left && other.Ports.Count > 0).Sum(other => other.Height);
            var rightHeight = Boxes.Where(other => other.Side == DiagramSide.Right && other.Ports.Count > 0).Sum(other => other.Height);
            (box.Side, box.SortKey) = (leftHeight <= rightHeight ? DiagramSide.Left : DiagramSide.Right, 1e6 + box.Order);
        }

        foreach (var side in new[] { DiagramSide.Left, DiagramSide.Right })
        {
            var nextFreeTop = HeaderTop - 8;
            foreach (var box in Boxes.Where(box => box.Side == side).OrderBy(box => box.SortKey).ThenBy(box => box.Order))
            {
                var centredTop = box.SortKey < 1e6 ? box.SortKey - (box.Height / 2) : nextFreeTop;
                box.Top = Math.Max(centredTop, nextFreeTop);
                nextFreeTop = box.Top + box.Height + BoxGap;
            }
        }
    }

    private List<DiagramWire> CreateWires() =>
        [.. Boxes.SelectMany(box => box.Ports.Select((port, index) => new DiagramWire(port, box, RowY(port.Pin), box.PortY(index))))];

    private void AssignChannels()
    {
        // The lowest pins get the channels nearest the header, which keeps their vertical runs short.
        var crossing = Wires.Where(wire => wire.CrossesUnder).OrderByDescending(wire => wire.PinY).ThenBy(wire => wire.Port.Pin.Physical);
        var index = 0;
        foreach (var wire in crossing)
        {
            wire.ChannelY = HeaderBottom + 14 + (index++ * ChannelSpacing);
        }
    }

    /// <summary>A wire's part on one side: in from the header at EntryY, down or up its lane, out at ExitY.</summary>
    private sealed record LaneRun(DiagramWire Wire, bool OnPinSide, double EntryY, double ExitY, bool ExitsOutward)
    {
        public bool SpansStrictly(double y) => y > Math.Min(EntryY, ExitY) && y < Math.Max(EntryY, ExitY);
    }

    private int AssignLanes(DiagramSide side)
    {
        var runs = new List<LaneRun>();
        foreach (var wire in Wires)
        {
            if (!wire.CrossesUnder && wire.Box.Side == side)
            {
                runs.Add(new LaneRun(wire, true, wire.PinY, wire.PortY, true));
            }
            else if (wire.CrossesUnder && wire.Port.PinSide == side)
            {
                runs.Add(new LaneRun(wire, true, wire.PinY, wire.ChannelY, false));
            }
            else if (wire.CrossesUnder && wire.Box.Side == side)
            {
                runs.Add(new LaneRun(wire, false, wire.ChannelY, wire.PortY, true));
            }
        }

        // Greedy insertion (each run where it adds the fewest crossings) from a few starting orders; keep the best.
        // Index 0 is the lane nearest the header.
        var byLength = runs.OrderBy(run => Math.Abs(run.ExitY - run.EntryY)).ThenBy(run => run.EntryY).ThenBy(run => run.ExitY).ToList();
        List<LaneRun>[] candidates =
        [
            InsertGreedily(byLength),
            InsertGreedily(Enumerable.Reverse(byLength)),
            InsertGreedily(byLength.OrderBy(run => run.EntryY)),
            InsertGreedily(byLength.OrderByDescending(run => run.EntryY)),
        ];
        var lanes = candidates.MinBy(CountCrossings)!;

        for (var lane = 0; lane < lanes.Count; lane++)
        {
            if (lanes[lane].OnPinSide)
            {
                lanes[lane].Wire.PinSideLane = lane;
            }
            else
            {
                lanes[lane].Wire.BoxSideLane = lane;
            }

            if (!lanes[lane].Wire.CrossesUnder)
            {
                lanes[lane].Wire.BoxSideLane = lane;
            }
        }

        return lanes.Count;
    }

    private static List<LaneRun> InsertGreedily(IEnumerable<LaneRun> runs)
    {
        var lanes = new List<LaneRun>();
        foreach (var run in runs)
        {
            var best = 0;
            var fewest = int.MaxValue;
            for (var position = 0; position <= lanes.Count; position++)
            {
                lanes.Insert(position, run);
                var crossings = CountCrossings(lanes);
                lanes.RemoveAt(position);
                if (crossings < fewest)
                {
                    (best, fewest) = (position, crossings);
                }
            }

            lanes.Insert(best, run);
        }

        return lanes;
    }

    private static int CountCrossings(List<LaneRun> lanes)
    {
        var count = 0;
        for (var inner = 0; inner < lanes.Count; inner++)
        {
            for (var outer = inner + 1; outer < lanes.Count; outer++)
            {
                // The outer run's entry passes over every inner lane; exits go outward (over outer lanes) or inward.
                count += lanes[inner].SpansStrictly(lanes[outer].EntryY) ? 1 : 0;
                count += !lanes[outer].ExitsOutward && lanes[inner].SpansStrictly(lanes[outer].ExitY) ? 1 : 0;
                count += lanes[inner].ExitsOutward && lanes[outer].SpansStrictly(lanes[inner].ExitY) ? 1 : 0;
            }
        }

        return count;
    }
}

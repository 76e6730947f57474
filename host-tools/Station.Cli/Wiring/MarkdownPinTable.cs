using System.Text;
using Station.Devices.Board;
using static Station.Cli.Wiring.WiringText;

namespace Station.Cli.Wiring;

/// <summary>Writes PINS.md: every header pin with its use, every device's bus settings, and the wiring notes.</summary>
internal static class MarkdownPinTable
{
    public static string Render(PinMap map)
    {
        var markdown = new StringBuilder();
        void Line(string text = "") => markdown.Append(text).Append('\n');

        var usesByLine = PinUse.Collect(map).GroupBy(use => use.Line).ToDictionary(group => group.Key, group => group.First());

        Line("# Station wiring: Raspberry Pi 4 Model B header");
        Line();
        Line($"> {GeneratedNotice}");
        Line();
        Line($"Board: {map.Board}. Diagram: [wiring.svg](wiring.svg). Pin map: [station.pins.json](station.pins.json).");
        Line();
        Line("## Header pins");
        Line();
        Line("| Pin | BCM | Header function | Device | Signal | Direction | Pull | Active |");
        Line("|---:|---:|---|---|---|---|---|---|");
        foreach (var pin in RaspberryPiHeader.Pins)
        {
            var bcm = pin.Bcm is { } line ? Invariant($"{line}") : "";
            var function = pin.Kind == HeaderPinKind.Gpio ? $"{pin.Label} ({pin.DefaultFunction})" : pin.DefaultFunction;
            var use = pin.Bcm is { } key && usesByLine.TryGetValue(key, out var found) ? found : null;
            var cells = use is null
                ? ["", pin.Kind == HeaderPinKind.Gpio ? "unused" : "", "", "", ""]
                : new[] { string.Join(", ", use.DeviceIds), use.Signal, Direction(use), Pull(use), ActiveLevel(use) };
            Line(Invariant($"| {pin.Physical} | {bcm} | {MarkdownCell(function)} | ") + string.Join(" | ", cells.Select(MarkdownCell)) + " |");
        }

        Line();
        Line("## Devices");
        Line();
        Line("| Device | Part | Connection | Reference inputs |");
        Line("|---|---|---|---|");
        foreach (var device in map.Devices)
        {
            Line($"| {device.Id} | {MarkdownCell(device.Part)} | {MarkdownCell(Connection(device))} | {MarkdownCell(ReferenceInputsSummary(device))} |");
        }

        Line();
        Line("## SPI buses");
        Line();
        Line("| Bus | MOSI | MISO | SCLK | Chip select | BCM | Device | Mode | Clock |");
        Line("|---|---:|---:|---:|---:|---:|---|---:|---:|");
        foreach (var device in map.Devices.Where(device => device.Spi is not null).OrderBy(device => device.Spi!.Bus).ThenBy(device => device.Spi!.ChipSelect))
        {
            var spi = device.Spi!;
            var bus = RaspberryPiHeader.FindSpiBus(spi.Bus);
            Line(Invariant($"| {spi.BusName} | {bus?.Mosi} | {bus?.Miso} | {bus?.Sclk} | {spi.ChipSelect} | {spi.ChipSelectLine} | {device.Id} | {spi.Mode} | {Frequency(spi.ClockHz)} |"));
        }

        foreach (var device in map.Devices.Where(device => device.Expander is not null))
        {
            Line();
            Line($"## GPIO expander of {device.Id}");
            Line();
            Line($"{ExpanderSummary(device)}. Pins not listed are unconnected.");
            Line();
            Line("| Pin | Signal | Direction | Pull | Active | Note |");
            Line("|---|---|---|---|---|---|");
            foreach (var pin in device.Expander!.Pins.OrderBy(pin => pin.PinNumber ?? int.MaxValue))
            {
                Line($"| {pin.Pin} | {pin.Name} | {Lower(pin.Direction)} | {Lower(pin.Pull)} | {Lower(pin.ActiveLevel)} | {MarkdownCell(pin.Note ?? "")} |");
            }
        }

        Line();
        Line("## Notes");
        Line();
        foreach (var device in map.Devices)
        {
            var notes = device.Notes is null ? "" : " " + device.Notes;
            Line($"- **{device.Id}**: {device.Description}{notes}");
            foreach (var gpio in device.Gpio.Where(gpio => gpio.Note is not null))
            {
                Line(Invariant($"  - `{gpio.Name}` (BCM {gpio.Line}, pin {RaspberryPiHeader.PinForBcm(gpio.Line).Physical}): {gpio.Note}"));
            }
        }

        return markdown.ToString();
    }

    private static string Connection(DeviceEntry device)
    {
        var parts = new List<string>();
        if (device.Spi is { } spi)
        {
            parts.Add(SpiSummary(spi));
        }

        if (device.I2c is { } i2c)
        {
            parts.Add(I2cSummary(i2c));
        }

        if (device.Serial is { } serial)
        {
            parts.Add("serial " + SerialSummary(serial));
        }

        if (device.Camera is { } camera)
        {
            parts.Add("camera " + CameraSummary(camera));
        }

        if (device.Gpio.Count > 0)
        {
            parts.Add("GPIO " + string.Join(", ", device.Gpio.Select(gpio => Invariant($"{gpio.Name} (BCM {gpio.Line})"))));
        }

        if (device.Expander is { } expander)
        {
            parts.Add(ExpanderSummary(device) + " " + string.Join(", ", expander.Pins.Select(pin => $"{pin.Name} ({pin.Pin})")));
        }

        return string.Join("; ", parts);
    }
}

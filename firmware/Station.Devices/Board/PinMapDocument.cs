using System.Globalization;
using System.Text.Json.Serialization;

namespace Station.Devices.Board;

// The JSON shape of schematics/station.pins.json. Every value is nullable and enum-like values stay strings so that a
// missing key or a misspelt "direction" becomes one listed problem instead of an exception at the first mistake.

internal sealed class PinMapDocument
{
    public string? Board { get; init; }
    public OrderedDictionary<string, DeviceDocument?>? Devices { get; init; }
}

internal sealed class DeviceDocument
{
    public string? Part { get; init; }
    public string? Description { get; init; }
    public string? Notes { get; init; }
    public SpiDocument? Spi { get; init; }
    public I2cDocument? I2c { get; init; }
    public List<GpioDocument?>? Gpio { get; init; }
    public SerialDocument? Serial { get; init; }
    public CameraDocument? Camera { get; init; }
    public OrderedDictionary<string, string?>? ReferenceInputs { get; init; }
    public ExpanderDocument? Expander { get; init; }
}

internal sealed class ExpanderDocument
{
    public string? Part { get; init; }
    public List<ExpanderPinDocument?>? Pins { get; init; }
}

internal sealed class ExpanderPinDocument
{
    public string? Name { get; init; }
    public string? Pin { get; init; }
    public string? Direction { get; init; }
    public string? Pull { get; init; }
    public string? ActiveLevel { get; init; }
    public string? Note { get; init; }
}

internal sealed class SpiDocument
{
    public int? Bus { get; init; }
    public int? ChipSelect { get; init; }
    public int? ChipSelectLine { get; init; }
    public int? Mode { get; init; }
    public int? ClockHz { get; init; }
}

internal sealed class I2cDocument
{
    public int? Bus { get; init; }

    /// <summary>Hex text ("0x76") because datasheets give I2C addresses in hex and JSON has no hex numbers.</summary>
    public string? Address { get; init; }

    public int? ClockHz { get; init; }
}

internal sealed class GpioDocument
{
    public string? Name { get; init; }
    public int? Line { get; init; }
    public string? Direction { get; init; }
    public string? Pull { get; init; }
    public string? ActiveLevel { get; init; }
    public string? Note { get; init; }
}

internal sealed class SerialDocument
{
    public string? Port { get; init; }
    public int? BaudRate { get; init; }
    public string? Protocol { get; init; }
}

internal sealed class CameraDocument
{
    public string? Device { get; init; }
    public string? Interface { get; init; }
    public int? RoiWidth { get; init; }
    public int? RoiHeight { get; init; }
    public string? PixelFormat { get; init; }
}

// Unknown keys and duplicate keys are rejected: a misspelt "chipselect" or a device listed twice must not be ignored.
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    AllowDuplicateProperties = false,
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(PinMapDocument))]
internal sealed partial class PinMapJsonContext : JsonSerializerContext;

/// <summary>Turns the JSON document into the model, collecting shape problems (missing keys, bad strings).</summary>
internal static class PinMapDocumentReader
{
    public static PinMap Read(PinMapDocument document, string sourceName, List<string> problems)
    {
        void Report(string text) => problems.Add($"{sourceName}: {text}");

        if (string.IsNullOrWhiteSpace(document.Board))
        {
            Report("'board' is missing");
        }

        if (document.Devices is null)
        {
            Report("'devices' is missing");
        }

        var devices = new List<DeviceEntry>();
        foreach (var (id, device) in document.Devices ?? new OrderedDictionary<string, DeviceDocument?>())
        {
            devices.Add(ReadDevice(id, device, Report));
        }

        return new PinMap(sourceName, document.Board ?? "", devices);
    }

    private static DeviceEntry ReadDevice(string id, DeviceDocument? device, Action<string> report)
    {
        device ??= new DeviceDocument();
        if (string.IsNullOrWhiteSpace(device.Part))
        {
            report($"{id}: 'part' is missing");
        }

        if (string.IsNullOrWhiteSpace(device.Description))
        {
            report($"{id}: 'description' is missing");
        }

        return new DeviceEntry(
            id,
            device.Part ?? "",
            device.Description ?? "",
            device.Spi is null ? null : ReadSpi(id, device.Spi, report),
            device.I2c is null ? null : ReadI2c(id, device.I2c, report),
            ReadGpio(id, device.Gpio ?? [], report),
            device.Serial is null ? null : ReadSerial(id, device.Serial, report),
            device.Camera is null ? null : ReadCamera(id, device.Camera, report),
            ReadReferenceInputs(device.ReferenceInputs),
            device.Notes,
            device.Expander is null ? null : ReadExpander(id, device.Expander, report));
    }

    private static SpiAssignment? ReadSpi(string id, SpiDocument spi, Action<string> report)
    {
        var present = Require(id, "spi.bus", spi.Bus, report)
            & Require(id, "spi.chipSelect", spi.ChipSelect, report)
            & Require(id, "spi.chipSelectLine", spi.ChipSelectLine, report)
            & Require(id, "spi.mode", spi.Mode, report)
            & Require(id, "spi.clockHz", spi.ClockHz, report);
        return present
            ? new SpiAssignment(spi.Bus!.Value, spi.ChipSelect!.Value, spi.ChipSelectLine!.Value, spi.Mode!.Value, spi.ClockHz!.Value)
            : null;
    }

    private static I2cAssignment? ReadI2c(string id, I2cDocument i2c, Action<string> report)
    {
        var present = Require(id, "i2c.bus", i2c.Bus, report)
            & Require(id, "i2c.address", i2c.Address, report)
            & Require(id, "i2c.clockHz", i2c.ClockHz, report);
        if (!present)
        {
            return null;
        }

        var text = i2c.Address!;
        if (!text.StartsWith("0x", StringComparison.Ordinal)
            || !int.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var address))
        {
            report($"{id} (I2C{i2c.Bus}): address '{text}' is not hexadecimal like \"0x76\"");
            return null;
        }

        return new I2cAssignment(i2c.Bus!.Value, address, i2c.ClockHz!.Value);
    }

    private static List<GpioLineAssignment> ReadGpio(string id, List<GpioDocument?> lines, Action<string> report)
    {
        var result = new List<GpioLineAssignment>();
        for (var index = 0; index < lines.Count; index++)
        {
            var line = lines[index] ?? new GpioDocument();
            var where = string.Create(CultureInfo.InvariantCulture, $"gpio[{index}]");
            if (!(Require(id, where + ".name", line.Name, report) & Require(id, where + ".line", line.Line, report)))
            {
                continue;
            }

            var context = string.Create(CultureInfo.InvariantCulture, $"{id} (GPIO {line.Name}, BCM {line.Line})");
            result.Add(new GpioLineAssignment(
                line.Name!,
                line.Line!.Value,
                ParseChoice(context, "direction", line.Direction, DirectionNames, report),
                ParseChoice(context, "pull", line.Pull, PullNames, report),
                ParseChoice(context, "activeLevel", line.ActiveLevel, ActiveLevelNames, report),
                line.Note));
        }

        return result;
    }

    private static ExpanderAssignment? ReadExpander(string id, ExpanderDocument expander, Action<string> report)
    {
        var pins = new List<ExpanderPinAssignment>();
        var lines = expander.Pins ?? [];
        for (var index = 0; index < lines.Count; index++)
        {
            var pin = lines[index] ?? new ExpanderPinDocument();
            var where = string.Create(CultureInfo.InvariantCulture, $"expander.pins[{index}]");
            if (!(Require(id, where + ".name", pin.Name, report) & Require(id, where + ".pin", pin.Pin, report)))
            {
                continue;
            }

            var context = $"{id} (expander {pin.Name}, {pin.Pin})";
            pins.Add(new ExpanderPinAssignment(
                pin.Name!,
                pin.Pin!,
                ParseChoice(context, "direction", pin.Direction, DirectionNames, report),
                ParseChoice(context, "pull", pin.Pull, PullNames, report),
                ParseChoice(context, "activeLevel", pin.ActiveLevel, ActiveLevelNames, report),
                pin.Note));
        }

        return Require(id, "expander.part", expander.Part, report) & Require(id, "expander.pins", expander.Pins, report)
            ? new ExpanderAssignment(expander.Part!, pins)
            : null;
    }

    // A null signal name is kept as "" so the validator reports it with the other reference-input rules.
    private static OrderedDictionary<string, string> ReadReferenceInputs(OrderedDictionary<string, string?>? inputs) =>
        new((inputs ?? []).Select(input => KeyValuePair.Create(input.Key, input.Value ?? "")));

    private static SerialPortAssignment? ReadSerial(string id, SerialDocument serial, Action<string> report) =>
        Require(id, "serial.port", serial.Port, report) & Require(id, "serial.baudRate", serial.BaudRate, report)
            ? new SerialPortAssignment(serial.Port!, serial.BaudRate!.Value, serial.Protocol ?? "")
            : null;

    private static CameraAssignment? ReadCamera(string id, CameraDocument camera, Action<string> report) =>
        Require(id, "camera.device", camera.Device, report)
        & Require(id, "camera.roiWidth", camera.RoiWidth, report)
        & Require(id, "camera.roiHeight", camera.RoiHeight, report)
        & Require(id, "camera.pixelFormat", camera.PixelFormat, report)
            ? new CameraAssignment(camera.Device!, camera.Interface ?? "", camera.RoiWidth!.Value, camera.RoiHeight!.Value, camera.PixelFormat!)
            : null;

    // The file spells these in lower case only, so that it has one canonical form and diffs stay small.
    private static readonly (string Name, GpioDirection Value)[] DirectionNames =
        [("input", GpioDirection.Input), ("output", GpioDirection.Output)];

    private static readonly (string Name, GpioPull Value)[] PullNames =
        [("none", GpioPull.None), ("up", GpioPull.Up), ("down", GpioPull.Down)];

    private static readonly (string Name, ActiveLevel Value)[] ActiveLevelNames =
        [("high", ActiveLevel.High), ("low", ActiveLevel.Low)];

    private static T ParseChoice<T>(string context, string key, string? text, (string Name, T Value)[] choices, Action<string> report)
        where T : struct, Enum
    {
        foreach (var (name, value) in choices)
        {
            if (string.Equals(name, text, StringComparison.Ordinal))
            {
                return value;
            }
        }

        var expected = string.Join(" or ", choices.Select(choice => choice.Name));
        report(text is null
            ? $"{context}: '{key}' is missing (expected {expected})"
            : $"{context}: {key} '{text}' is invalid (expected {expected})");
        return default;
    }

    private static bool Require<T>(string id, string key, T? value, Action<string> report)
    {
        var present = value is not null && (value is not string text || !string.IsNullOrWhiteSpace(text));
        if (!present)
        {
            report($"{id}: '{key}' is missing");
        }

        return present;
    }
}

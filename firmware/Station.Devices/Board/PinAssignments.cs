using System.Device.Gpio;
using System.Device.I2c;
using System.Device.Spi;
using System.Globalization;
using Iot.Device.Media;

namespace Station.Devices.Board;

public enum GpioDirection
{
    Input,
    Output,
}

public enum GpioPull
{
    None,
    Up,
    Down,
}

public enum ActiveLevel
{
    High,
    Low,
}

/// <summary>One device of the pin map and every connection it has to the Pi.</summary>
public sealed record DeviceEntry(
    string Id,
    string Part,
    string Description,
    SpiAssignment? Spi,
    I2cAssignment? I2c,
    IReadOnlyList<GpioLineAssignment> Gpio,
    SerialPortAssignment? Serial,
    CameraAssignment? Camera,
    IReadOnlyDictionary<string, string> ReferenceInputs,
    string? Notes = null,
    ExpanderAssignment? Expander = null);

/// <summary>
/// A device on a SPI bus. <see cref="ChipSelect"/> is the kernel's chip-select index (<c>/dev/spidevB.C</c>);
/// <see cref="ChipSelectLine"/> is the BCM line that the device tree's cs-gpios list gives that index.
/// </summary>
public sealed record SpiAssignment(int Bus, int ChipSelect, int ChipSelectLine, int Mode, int ClockHz)
{
    public string BusName => string.Create(CultureInfo.InvariantCulture, $"SPI{Bus}");

    public SpiConnectionSettings ToConnectionSettings() => new(Bus, ChipSelect)
    {
        // SpiMode 0-3 share their numeric values with the CPOL/CPHA mode number; the validator keeps Mode in 0-3.
        Mode = (SpiMode)Mode,
        ClockFrequency = ClockHz,
        DataBitLength = 8,
    };
}

/// <summary>A device on an I2C bus. The bus clock is a device-tree setting, recorded here for the wiring docs.</summary>
public sealed record I2cAssignment(int Bus, int Address, int ClockHz)
{
    public string BusName => string.Create(CultureInfo.InvariantCulture, $"I2C{Bus}");

    public string AddressText => string.Create(CultureInfo.InvariantCulture, $"0x{Address:x2}");

    public I2cConnectionSettings ToConnectionSettings() => new(Bus, Address);
}

/// <summary>One GPIO line of a device, with what the firmware needs to drive or read it.</summary>
public sealed record GpioLineAssignment(
    string Name,
    int Line,
    GpioDirection Direction,
    GpioPull Pull,
    ActiveLevel ActiveLevel,
    string? Note = null)
{
    public PinMode PinMode => (Direction, Pull) switch
    {
        (GpioDirection.Output, _) => PinMode.Output,
        (GpioDirection.Input, GpioPull.Up) => PinMode.InputPullUp,
        (GpioDirection.Input, GpioPull.Down) => PinMode.InputPullDown,
        _ => PinMode.Input,
    };

    /// <summary>The raw level that means "asserted" (enabled, OK, open...).</summary>
    public PinValue ActiveValue => ActiveLevel == ActiveLevel.High ? PinValue.High : PinValue.Low;

    public PinValue InactiveValue => ActiveLevel == ActiveLevel.High ? PinValue.Low : PinValue.High;

    public bool IsActive(PinValue raw) => raw == ActiveValue;

    public PinValue ValueFor(bool active) => active ? ActiveValue : InactiveValue;
}

/// <summary>
/// An I2C GPIO expander owned by a device (at the device's <see cref="DeviceEntry.I2c"/> address), for slow status
/// inputs when the header has no free line. Pins are named like the part's datasheet: GPA0–GPA7, GPB0–GPB7.
/// </summary>
public sealed record ExpanderAssignment(string Part, IReadOnlyList<ExpanderPinAssignment> Pins)
{
    /// <summary>The part the station uses; the only one the validator accepts.</summary>
    public const string Mcp23017 = "MCP23017";

    public ExpanderPinAssignment? FindPin(string name) =>
        Pins.FirstOrDefault(pin => string.Equals(pin.Name, name, StringComparison.Ordinal));
}

/// <summary>One pin of a GPIO expander, with the same settings as a header line.</summary>
/// <param name="Name">Signal name, unique within the device (header lines included).</param>
/// <param name="Pin">Datasheet pin name, GPA0–GPA7 or GPB0–GPB7.</param>
public sealed record ExpanderPinAssignment(
    string Name,
    string Pin,
    GpioDirection Direction,
    GpioPull Pull,
    ActiveLevel ActiveLevel,
    string? Note = null)
{
    /// <summary>The expander's pin number 0–15 (GPA0 = 0 … GPB7 = 15), or null when <see cref="Pin"/> is malformed.</summary>
    public int? PinNumber => ParsePinNumber(Pin);

    /// <summary>The raw level that means "asserted" (OK, on...), as a bit value.</summary>
    public bool ActiveHigh => ActiveLevel == ActiveLevel.High;

    /// <summary>Whether a raw level means "asserted".</summary>
    public bool IsActive(bool rawHigh) => rawHigh == ActiveHigh;

    /// <summary>"GPA0" → 0, "GPB7" → 15; null for anything else.</summary>
    public static int? ParsePinNumber(string pin) =>
        pin is { Length: 4 } && pin.StartsWith("GP", StringComparison.Ordinal) && pin[2] is 'A' or 'B' && pin[3] is >= '0' and <= '7'
            ? ((pin[2] == 'B' ? 8 : 0) + (pin[3] - '0'))
            : null;
}

/// <summary>A serial port; the GNSS receiver is USB CDC-ACM, where the baud rate is nominal but harmless.</summary>
public sealed record SerialPortAssignment(string Port, int BaudRate, string Protocol);

/// <summary>A V4L2 camera: <see cref="Device"/> is <c>/dev/videoN</c>, the ROI is the readout window size.</summary>
public sealed record CameraAssignment(string Device, string Interface, int RoiWidth, int RoiHeight, string PixelFormat)
{
    public const string VideoDevicePrefix = "/dev/video";

    /// <summary>The N of <c>/dev/videoN</c>, or null when <see cref="Device"/> is not of that form.</summary>
    public int? VideoIndex =>
        Device.StartsWith(VideoDevicePrefix, StringComparison.Ordinal)
        && int.TryParse(Device.AsSpan(VideoDevicePrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            ? index
            : null;

    /// <summary>The V4L2 pixel format, or null when <see cref="PixelFormat"/> is not a V4L2 format name.</summary>
    public VideoPixelFormat? ParsedPixelFormat =>
        Enum.TryParse<VideoPixelFormat>(PixelFormat, ignoreCase: false, out var format)
        && Enum.IsDefined(format) && !int.TryParse(PixelFormat, CultureInfo.InvariantCulture, out _)
            ? format
            : null;

    public VideoConnectionSettings ToConnectionSettings() =>
        new(
            VideoIndex ?? throw new InvalidOperationException($"'{Device}' is not a {VideoDevicePrefix}N device."),
            ((uint)RoiWidth, (uint)RoiHeight),
            ParsedPixelFormat ?? throw new InvalidOperationException($"'{PixelFormat}' is not a V4L2 pixel format."));
}

using System.Device.I2c;
using System.Device.Spi;
using Iot.Device.Media;

namespace Station.Devices.Board;

/// <summary>
/// Every device's connection to the Pi, read from <c>schematics/station.pins.json</c>. The firmware asks it for bus
/// settings instead of hard-coding pins, so the file stays the single source of truth for drivers, emulator and docs.
/// </summary>
/// <param name="SourceName">Where the map came from; every error message starts with it.</param>
/// <param name="Board">The board the allocation was made for.</param>
/// <param name="Devices">The devices in file order (generated docs keep this order).</param>
public sealed record PinMap(string SourceName, string Board, IReadOnlyList<DeviceEntry> Devices)
{
    public DeviceEntry? FindDevice(string deviceId) =>
        Devices.FirstOrDefault(device => string.Equals(device.Id, deviceId, StringComparison.Ordinal));

    public DeviceEntry GetDevice(string deviceId) =>
        FindDevice(deviceId) ?? throw Problem($"device '{deviceId}' is not in the pin map");

    public SpiAssignment GetSpi(string deviceId) =>
        GetDevice(deviceId).Spi ?? throw Problem($"{deviceId} has no 'spi' section");

    public SpiConnectionSettings GetSpiConnectionSettings(string deviceId) => GetSpi(deviceId).ToConnectionSettings();

    public I2cAssignment GetI2c(string deviceId) =>
        GetDevice(deviceId).I2c ?? throw Problem($"{deviceId} has no 'i2c' section");

    public I2cConnectionSettings GetI2cConnectionSettings(string deviceId) => GetI2c(deviceId).ToConnectionSettings();

    public GpioLineAssignment GetGpioLine(string deviceId, string lineName)
    {
        var device = GetDevice(deviceId);
        return device.Gpio.FirstOrDefault(line => string.Equals(line.Name, lineName, StringComparison.Ordinal))
            ?? throw Problem(
                $"{deviceId} has no GPIO line '{lineName}' (it has: {NamesOrNone(device.Gpio.Select(line => line.Name))})");
    }

    public ExpanderAssignment GetExpander(string deviceId) =>
        GetDevice(deviceId).Expander ?? throw Problem($"{deviceId} has no 'expander' section");

    public ExpanderPinAssignment GetExpanderPin(string deviceId, string pinName)
    {
        var expander = GetExpander(deviceId);
        return expander.FindPin(pinName)
            ?? throw Problem($"{deviceId} has no expander pin '{pinName}' (it has: {NamesOrNone(expander.Pins.Select(pin => pin.Name))})");
    }

    public SerialPortAssignment GetSerialPort(string deviceId) =>
        GetDevice(deviceId).Serial ?? throw Problem($"{deviceId} has no 'serial' section");

    public CameraAssignment GetCamera(string deviceId) =>
        GetDevice(deviceId).Camera ?? throw Problem($"{deviceId} has no 'camera' section");

    public VideoConnectionSettings GetVideoConnectionSettings(string deviceId) =>
        GetCamera(deviceId).ToConnectionSettings();

    private PinMapException Problem(string text) => new(SourceName, [$"{SourceName}: {text}"]);

    private static string NamesOrNone(IEnumerable<string> names)
    {
        var joined = string.Join(", ", names);
        return joined.Length == 0 ? "none" : joined;
    }
}

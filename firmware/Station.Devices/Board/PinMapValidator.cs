using System.Globalization;

namespace Station.Devices.Board;

/// <summary>
/// The wiring rules: no BCM line used twice in any role, no SPI chip select or I2C address used twice, every value in
/// the range the Pi 4 and the buses allow, and exactly the station's device set. Works on maps built in code too
/// (emulator scenarios, tests), which is why it checks the model rather than the JSON.
/// </summary>
public static class PinMapValidator
{
    private static readonly string[] ReferenceInputNames = ["REFL", "REFR"];

    /// <summary>Every problem, each starting with the map's source name; empty when the map is valid.</summary>
    public static IReadOnlyList<string> FindProblems(PinMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var problems = new List<string>();
        void Report(string text) => problems.Add($"{map.SourceName}: {text}");

        CheckDeviceSet(map, Report);
        foreach (var device in map.Devices)
        {
            CheckSpi(device, Report);
            CheckI2c(device, Report);
            CheckGpio(device, Report);
            CheckExpander(device, Report);
            CheckOtherConnections(device, Report);
        }

        CheckLineConflicts(map, Report);
        CheckChipSelectConflicts(map, Report);
        CheckI2cAddressConflicts(map, Report);
        return problems;
    }

    public static void Validate(PinMap map)
    {
        var problems = FindProblems(map);
        if (problems.Count > 0)
        {
            throw new PinMapException(map.SourceName, problems);
        }
    }

    private static void CheckDeviceSet(PinMap map, Action<string> report)
    {
        foreach (var device in map.Devices.Where(device => !DeviceId.IsKnown(device.Id)))
        {
            report($"unknown device id '{device.Id}' (known ids: {string.Join(", ", DeviceId.All)})");
        }

        foreach (var id in DeviceId.All.Where(id => map.FindDevice(id) is null))
        {
            report($"required device '{id}' is missing");
        }
    }

    private static void CheckSpi(DeviceEntry device, Action<string> report)
    {
        if (device.Spi is not { } spi)
        {
            return;
        }

        var context = Invariant($"{device.Id} ({spi.BusName} chip select {spi.ChipSelect})");
        if (RaspberryPiHeader.FindSpiBus(spi.Bus) is null)
        {
            var known = string.Join(", ", RaspberryPiHeader.SpiBuses.Select(bus => bus.Bus));
            report(Invariant($"{context}: SPI bus {spi.Bus} is not a Raspberry Pi 4 SPI bus (known: {known})"));
        }

        if (spi.ChipSelect < 0)
        {
            report(Invariant($"{context}: chip select {spi.ChipSelect} is negative"));
        }

        if (spi.Mode is < 0 or > 3)
        {
            report(Invariant($"{context}: SPI mode {spi.Mode} is outside 0-3"));
        }

        if (spi.ClockHz <= 0)
        {
            report(Invariant($"{context}: clockHz {spi.ClockHz} must be positive"));
        }

        CheckLineRange($"{context}: chip select line", spi.ChipSelectLine, report);
    }

    private static void CheckI2c(DeviceEntry device, Action<string> report)
    {
        if (device.I2c is not { } i2c)
        {
            return;
        }

        var context = Invariant($"{device.Id} ({i2c.BusName} address {i2c.AddressText})");
        if (RaspberryPiHeader.FindI2cBus(i2c.Bus) is null)
        {
            var known = string.Join(", ", RaspberryPiHeader.I2cBuses.Select(bus => bus.Bus));
            report(Invariant($"{context}: I2C bus {i2c.Bus} is not a Raspberry Pi 4 I2C bus the station enables (known: {known})"));
        }

        // 0x00-0x07 and 0x78-0x7F are reserved by the I2C specification (general call, 10-bit addressing, ...).
        if (i2c.Address is < 0x08 or > 0x77)
        {
            report($"{context}: address {i2c.AddressText} is outside 0x08-0x77");
        }

        if (i2c.ClockHz <= 0)
        {
            report(Invariant($"{context}: clockHz {i2c.ClockHz} must be positive"));
        }
    }

    private static void CheckGpio(DeviceEntry device, Action<string> report)
    {
        foreach (var line in device.Gpio)
        {
            var context = Invariant($"{device.Id} (GPIO {line.Name})");
            CheckLineRange($"{context}: line", line.Line, report);

            // A pull on an output does nothing while the Pi drives it; saying so in the map would mislead the reader.
            if (line.Direction == GpioDirection.Output && line.Pull != GpioPull.None)
            {
                report(Invariant($"{context}: pull '{line.Pull.ToString().ToLowerInvariant()}' has no effect on an output; use none"));
            }
        }

        foreach (var name in device.Gpio.GroupBy(line => line.Name, StringComparer.Ordinal).Where(group => group.Count() > 1))
        {
            var lines = string.Join(" and ", name.Select(line => Invariant($"BCM {line.Line}")));
            report($"{device.Id}: GPIO name '{name.Key}' is used twice ({lines})");
        }
    }

    private static void CheckExpander(DeviceEntry device, Action<string> report)
    {
        if (device.Expander is not { } expander)
        {
            return;
        }

        if (!string.Equals(expander.Part, ExpanderAssignment.Mcp23017, StringComparison.Ordinal))
        {
            report($"{device.Id} (expander): part '{expander.Part}' is not supported (expected {ExpanderAssignment.Mcp23017})");
        }

        if (device.I2c is not { } i2c)
        {
            report($"{device.Id} (expander): an expander needs the device's 'i2c' section (its bus and address)");
        }
        else if (i2c.Address is < 0x20 or > 0x27)
        {
            report($"{device.Id} (expander at {i2c.BusName} {i2c.AddressText}): address is outside the MCP23017's 0x20-0x27 (set by A2-A0)");
        }

        foreach (var pin in expander.Pins)
        {
            var context = $"{device.Id} (expander {pin.Name}, {pin.Pin})";
            if (pin.PinNumber is null)
            {
                report($"{context}: pin '{pin.Pin}' is not an MCP23017 pin (GPA0-GPA7, GPB0-GPB7)");
            }

            if (pin.Pull == GpioPull.Down)
            {
                report($"{context}: pull 'down' is not available; the MCP23017 has pull-ups only (use up or none)");
            }
            else if (pin.Direction == GpioDirection.Output && pin.Pull != GpioPull.None)
            {
                report($"{context}: pull '{pin.Pull.ToString().ToLowerInvariant()}' has no effect on an output; use none");
            }
        }

        foreach (var group in expander.Pins.GroupBy(pin => pin.Pin, StringComparer.Ordinal).Where(group => group.Count() > 1))
        {
            report($"{device.Id}: expander pin {group.Key} is used by {string.Join(" and by ", group.Select(pin => pin.Name))}");
        }

        var names = device.Gpio.Select(line => (line.Name, Where: Invariant($"GPIO BCM {line.Line}")))
            .Concat(expander.Pins.Select(pin => (pin.Name, Where: $"expander {pin.Pin}")));
        foreach (var group in names.GroupBy(name => name.Name, StringComparer.Ordinal).Where(group => group.Count() > 1))
        {
            if (group.All(name => name.Where.StartsWith("GPIO", StringComparison.Ordinal)))
            {
                continue; // reported by CheckGpio
            }

            report($"{device.Id}: signal name '{group.Key}' is used twice ({string.Join(" and ", group.Select(name => name.Where))})");
        }
    }

    private static void CheckOtherConnections(DeviceEntry device, Action<string> report)
    {
        foreach (var (input, signal) in device.ReferenceInputs)
        {
            if (!ReferenceInputNames.Contains(input, StringComparer.Ordinal))
            {
                report($"{device.Id}: reference input '{input}' is not a TMC5160 reference input (REFL, REFR)");
            }
            else if (string.IsNullOrWhiteSpace(signal))
            {
                report($"{device.Id}: reference input {input} has no signal name");
            }
        }

        if (device.Serial is { } serial && serial.BaudRate <= 0)
        {
            report(Invariant($"{device.Id} (serial {serial.Port}): baudRate {serial.BaudRate} must be positive"));
        }

        if (device.Camera is { } camera)
        {
            var context = $"{device.Id} (camera {camera.Device})";
            if (camera.VideoIndex is null)
            {
                report($"{context}: device must be {CameraAssignment.VideoDevicePrefix}N");
            }

            if (camera.RoiWidth <= 0 || camera.RoiHeight <= 0)
            {
                report(Invariant($"{context}: ROI {camera.RoiWidth}x{camera.RoiHeight} must be positive"));
            }

            if (camera.ParsedPixelFormat is null)
            {
                report($"{context}: pixelFormat '{camera.PixelFormat}' is not a V4L2 pixel format name (e.g. Y16, GREY)");
            }
        }
    }

    private static void CheckLineRange(string context, int line, Action<string> report)
    {
        if (!RaspberryPiHeader.IsHeaderLine(line))
        {
            report(Invariant(
                $"{context} BCM {line} is outside BCM {RaspberryPiHeader.LowestBcmLine}-{RaspberryPiHeader.HighestBcmLine}"));
        }
    }

    private static void CheckLineConflicts(PinMap map, Action<string> report)
    {
        var usesByLine = PinUse.Collect(map)
            .Where(use => RaspberryPiHeader.IsHeaderLine(use.Line))
            .GroupBy(use => use.Line)
            .Where(group => group.Count() > 1)
            .OrderBy(group => group.Key);
        foreach (var uses in usesByLine)
        {
            report(Invariant($"BCM {uses.Key} is used by ") + string.Join(" and by ", uses.Select(use => use.Describe())));
        }
    }

    private static void CheckChipSelectConflicts(PinMap map, Action<string> report)
    {
        var duplicates = map.Devices
            .Where(device => device.Spi is not null)
            .GroupBy(device => (device.Spi!.Bus, device.Spi.ChipSelect))
            .Where(group => group.Count() > 1);
        foreach (var group in duplicates)
        {
            var users = string.Join(" and by ", group.Select(device => device.Id));
            report(Invariant($"SPI{group.Key.Bus} chip select {group.Key.ChipSelect} is used by {users}"));
        }
    }

    private static void CheckI2cAddressConflicts(PinMap map, Action<string> report)
    {
        var duplicates = map.Devices
            .Where(device => device.I2c is not null)
            .GroupBy(device => (device.I2c!.Bus, device.I2c.Address))
            .Where(group => group.Count() > 1);
        foreach (var group in duplicates)
        {
            var users = string.Join(" and by ", group.Select(device => device.Id));
            report($"{group.First().I2c!.BusName} address {group.First().I2c!.AddressText} is used by {users}");
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

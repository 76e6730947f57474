using System.Globalization;
using Station.Core.Timing;
using Station.Devices.Board;
using Station.Emulator;

namespace Station.Cli.Devices;

/// <summary>The outcome of one device check.</summary>
public sealed record DeviceCheckResult(string DeviceId, string Bus, bool Passed, string Detail);

/// <summary>Runs every <see cref="IDeviceCheck"/> in this assembly, each on its own fresh emulated station.</summary>
public static class DeviceCheckRunner
{
    /// <summary>Every check, ordered as the pin map lists the devices.</summary>
    public static IReadOnlyList<IDeviceCheck> DiscoverChecks() =>
        [.. typeof(IDeviceCheck).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IDeviceCheck).IsAssignableFrom(t))
            .Select(t => (IDeviceCheck)Activator.CreateInstance(t)!)
            .OrderBy(c => IndexOf(c.DeviceId))
            .ThenBy(c => c.GetType().Name, StringComparer.Ordinal)];

    public static IReadOnlyList<DeviceCheckResult> RunAll(PinMap pinMap, DateTimeOffset start)
    {
        ArgumentNullException.ThrowIfNull(pinMap);
        var results = new List<DeviceCheckResult>();
        foreach (var check in DiscoverChecks())
        {
            string bus = DescribeBus(pinMap, check.DeviceId);
            var time = new SimulatedTimeProvider(start);
            try
            {
                using var station = EmulatedStation.FromPinMap(time, pinMap);
                results.Add(new DeviceCheckResult(check.DeviceId, bus, true, check.Run(station, time)));
            }
#pragma warning disable CA1031 // A failing check is reported as a line, whatever it threw.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                results.Add(new DeviceCheckResult(check.DeviceId, bus, false, $"{ex.GetType().Name}: {ex.Message}"));
            }
        }

        return results;
    }

    /// <summary>"SPI0 CS0", "I2C1 0x76", "/dev/ttyACM0", "GPIO" … for the report.</summary>
    public static string DescribeBus(PinMap pinMap, string deviceId)
    {
        ArgumentNullException.ThrowIfNull(pinMap);
        var device = pinMap.FindDevice(deviceId);
        if (device is null)
        {
            return "?";
        }

        var c = CultureInfo.InvariantCulture;
        if (device.Spi is { } spi)
        {
            return string.Create(c, $"SPI{spi.Bus} CS{spi.ChipSelect}");
        }

        if (device.I2c is { } i2c)
        {
            return string.Create(c, $"I2C{i2c.Bus} 0x{i2c.Address:X2}");
        }

        if (device.Serial is { } serial)
        {
            return serial.Port;
        }

        if (device.Camera is { } camera)
        {
            return camera.Device;
        }

        return device.Gpio.Count > 0 ? "GPIO " + string.Join(",", device.Gpio.Select(g => g.Line.ToString(c))) : "-";
    }

    private static int IndexOf(string deviceId)
    {
        int index = DeviceId.All.ToList().IndexOf(deviceId);
        return index < 0 ? int.MaxValue : index;
    }
}

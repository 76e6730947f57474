using System.Globalization;

namespace Station.Devices.Board;

public enum PinRole
{
    SpiMosi,
    SpiMiso,
    SpiSclk,
    SpiChipSelect,
    I2cSda,
    I2cScl,
    Gpio,
}

/// <summary>
/// One use of a BCM line: a shared bus pin (used by every device on that bus), a chip select, or a device's GPIO line.
/// Conflict checks and the wiring docs both read this list, so they cannot disagree about who owns a pin.
/// </summary>
/// <param name="Signal">"SPI0 MOSI", "SPI0 chip select 2", "I2C1 SDA", or the GPIO line's name.</param>
/// <param name="DeviceIds">The devices using the line; several only for shared bus pins.</param>
/// <param name="Gpio">The GPIO line settings when <paramref name="Role"/> is <see cref="PinRole.Gpio"/>.</param>
public sealed record PinUse(int Line, PinRole Role, string Signal, IReadOnlyList<string> DeviceIds, GpioLineAssignment? Gpio = null)
{
    public bool IsSpi => Role is PinRole.SpiMosi or PinRole.SpiMiso or PinRole.SpiSclk or PinRole.SpiChipSelect;

    public bool IsI2c => Role is PinRole.I2cSda or PinRole.I2cScl;

    /// <summary>"az_motor (SPI0 chip select 0)", "gate_counter (GPIO enable_ch0)", "az_motor, el_motor (SPI0 MOSI)".</summary>
    public string Describe() => Role == PinRole.Gpio
        ? $"{string.Join(", ", DeviceIds)} (GPIO {Signal})"
        : $"{string.Join(", ", DeviceIds)} ({Signal})";

    /// <summary>
    /// Every line use in a stable order: SPI bus pins by bus, I2C bus pins, then each device in file order (chip
    /// select, then GPIO lines). Unknown buses contribute no bus pins; the validator reports them separately.
    /// </summary>
    public static IReadOnlyList<PinUse> Collect(PinMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var uses = new List<PinUse>();

        foreach (var bus in map.Devices.Where(d => d.Spi is not null).Select(d => d.Spi!.Bus).Distinct().Order())
        {
            if (RaspberryPiHeader.FindSpiBus(bus) is not { } pins)
            {
                continue;
            }

            var users = map.Devices.Where(d => d.Spi?.Bus == bus).Select(d => d.Id).ToList();
            var name = string.Create(CultureInfo.InvariantCulture, $"SPI{bus}");
            uses.Add(new PinUse(pins.Mosi, PinRole.SpiMosi, $"{name} MOSI", users));
            uses.Add(new PinUse(pins.Miso, PinRole.SpiMiso, $"{name} MISO", users));
            uses.Add(new PinUse(pins.Sclk, PinRole.SpiSclk, $"{name} SCLK", users));
        }

        foreach (var bus in map.Devices.Where(d => d.I2c is not null).Select(d => d.I2c!.Bus).Distinct().Order())
        {
            if (RaspberryPiHeader.FindI2cBus(bus) is not { } pins)
            {
                continue;
            }

            var users = map.Devices.Where(d => d.I2c?.Bus == bus).Select(d => d.Id).ToList();
            var name = string.Create(CultureInfo.InvariantCulture, $"I2C{bus}");
            uses.Add(new PinUse(pins.Sda, PinRole.I2cSda, $"{name} SDA", users));
            uses.Add(new PinUse(pins.Scl, PinRole.I2cScl, $"{name} SCL", users));
        }

        foreach (var device in map.Devices)
        {
            if (device.Spi is { } spi)
            {
                var signal = string.Create(CultureInfo.InvariantCulture, $"{spi.BusName} chip select {spi.ChipSelect}");
                uses.Add(new PinUse(spi.ChipSelectLine, PinRole.SpiChipSelect, signal, [device.Id]));
            }

            uses.AddRange(device.Gpio.Select(line => new PinUse(line.Line, PinRole.Gpio, line.Name, [device.Id], line)));
        }

        return uses;
    }
}

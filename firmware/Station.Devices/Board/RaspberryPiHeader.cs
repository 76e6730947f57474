using System.Globalization;

namespace Station.Devices.Board;

public enum HeaderPinKind
{
    Power3V3,
    Power5V,
    Ground,
    Gpio,
}

/// <summary>One physical pin of the 40-pin header. <see cref="DefaultFunction"/> names the pin's usual alternate role.</summary>
public sealed record HeaderPin(int Physical, HeaderPinKind Kind, int? Bcm, string DefaultFunction)
{
    /// <summary>Short label as printed on pinout cards: "3V3", "5V", "GND", "GPIO8".</summary>
    public string Label => Kind switch
    {
        HeaderPinKind.Power3V3 => "3V3",
        HeaderPinKind.Power5V => "5V",
        HeaderPinKind.Ground => "GND",
        _ => string.Create(CultureInfo.InvariantCulture, $"GPIO{Bcm}"),
    };

    /// <summary>Odd pins form the header's inner row (pin 1 side); drawings put them in the left column.</summary>
    public bool IsOddColumn => Physical % 2 == 1;
}

/// <summary>SPI controller pins on the Pi 4 (BCM2711). Chip selects are not listed: the station uses cs-gpios.</summary>
public sealed record SpiBusPins(int Bus, int Mosi, int Miso, int Sclk);

public sealed record I2cBusPins(int Bus, int Sda, int Scl);

/// <summary>The Raspberry Pi 4 Model B 40-pin header and the buses the pin map may use.</summary>
public static class RaspberryPiHeader
{
    public const int LowestBcmLine = 0;
    public const int HighestBcmLine = 27;

    public static IReadOnlyList<HeaderPin> Pins { get; } =
    [
        new(1, HeaderPinKind.Power3V3, null, "3.3 V power"),
        new(2, HeaderPinKind.Power5V, null, "5 V power"),
        new(3, HeaderPinKind.Gpio, 2, "SDA1"),
        new(4, HeaderPinKind.Power5V, null, "5 V power"),
        new(5, HeaderPinKind.Gpio, 3, "SCL1"),
        new(6, HeaderPinKind.Ground, null, "ground"),
        new(7, HeaderPinKind.Gpio, 4, "GPCLK0"),
        new(8, HeaderPinKind.Gpio, 14, "TXD0"),
        new(9, HeaderPinKind.Ground, null, "ground"),
        new(10, HeaderPinKind.Gpio, 15, "RXD0"),
        new(11, HeaderPinKind.Gpio, 17, "SPI1 CE1"),
        new(12, HeaderPinKind.Gpio, 18, "SPI1 CE0 / PCM CLK"),
        new(13, HeaderPinKind.Gpio, 27, "general purpose"),
        new(14, HeaderPinKind.Ground, null, "ground"),
        new(15, HeaderPinKind.Gpio, 22, "general purpose"),
        new(16, HeaderPinKind.Gpio, 23, "general purpose"),
        new(17, HeaderPinKind.Power3V3, null, "3.3 V power"),
        new(18, HeaderPinKind.Gpio, 24, "general purpose"),
        new(19, HeaderPinKind.Gpio, 10, "SPI0 MOSI"),
        new(20, HeaderPinKind.Ground, null, "ground"),
        new(21, HeaderPinKind.Gpio, 9, "SPI0 MISO"),
        new(22, HeaderPinKind.Gpio, 25, "general purpose"),
        new(23, HeaderPinKind.Gpio, 11, "SPI0 SCLK"),
        new(24, HeaderPinKind.Gpio, 8, "SPI0 CE0"),
        new(25, HeaderPinKind.Ground, null, "ground"),
        new(26, HeaderPinKind.Gpio, 7, "SPI0 CE1"),
        new(27, HeaderPinKind.Gpio, 0, "ID_SD, HAT EEPROM"),
        new(28, HeaderPinKind.Gpio, 1, "ID_SC, HAT EEPROM"),
        new(29, HeaderPinKind.Gpio, 5, "general purpose"),
        new(30, HeaderPinKind.Ground, null, "ground"),
        new(31, HeaderPinKind.Gpio, 6, "general purpose"),
        new(32, HeaderPinKind.Gpio, 12, "PWM0"),
        new(33, HeaderPinKind.Gpio, 13, "PWM1"),
        new(34, HeaderPinKind.Ground, null, "ground"),
        new(35, HeaderPinKind.Gpio, 19, "SPI1 MISO / PCM FS"),
        new(36, HeaderPinKind.Gpio, 16, "SPI1 CE2"),
        new(37, HeaderPinKind.Gpio, 26, "general purpose"),
        new(38, HeaderPinKind.Gpio, 20, "SPI1 MOSI / PCM DIN"),
        new(39, HeaderPinKind.Ground, null, "ground"),
        new(40, HeaderPinKind.Gpio, 21, "SPI1 SCLK / PCM DOUT"),
    ];

    /// <summary>
    /// SPI controllers with their BCM2711 pins. SPI1 is the auxiliary (mini) SPI; SPI3-6 are full controllers
    /// enabled by dtoverlay=spiN-*cs and overlap lines the station already uses (listed so conflicts are caught).
    /// </summary>
    public static IReadOnlyList<SpiBusPins> SpiBuses { get; } =
    [
        new(0, Mosi: 10, Miso: 9, Sclk: 11),
        new(1, Mosi: 20, Miso: 19, Sclk: 21),
        new(3, Mosi: 2, Miso: 1, Sclk: 3),
        new(4, Mosi: 6, Miso: 5, Sclk: 7),
        new(5, Mosi: 14, Miso: 13, Sclk: 15),
        new(6, Mosi: 20, Miso: 19, Sclk: 21),
    ];

    /// <summary>Only I2C1 is offered: I2C0 (BCM0/1) belongs to the HAT ID EEPROM probe, I2C3-6 overlap lines in use.</summary>
    public static IReadOnlyList<I2cBusPins> I2cBuses { get; } =
    [
        new(1, Sda: 2, Scl: 3),
    ];

    public static HeaderPin PinForBcm(int bcm) =>
        Pins.FirstOrDefault(pin => pin.Bcm == bcm)
        ?? throw new ArgumentOutOfRangeException(nameof(bcm), bcm, "No header pin carries this BCM line.");

    public static SpiBusPins? FindSpiBus(int bus) => SpiBuses.FirstOrDefault(candidate => candidate.Bus == bus);

    public static I2cBusPins? FindI2cBus(int bus) => I2cBuses.FirstOrDefault(candidate => candidate.Bus == bus);

    public static bool IsHeaderLine(int bcm) => bcm is >= LowestBcmLine and <= HighestBcmLine;
}

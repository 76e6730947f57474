using System.Device.Spi;

namespace Station.Emulator.Buses;

/// <summary>An emulated chip on an SPI bus: it sees exactly the bytes the firmware clocks out.</summary>
public interface IEmulatedSpiPeripheral
{
    /// <summary>Part name for error messages.</summary>
    string PartName { get; }

    /// <summary>The SPI mode the chip samples in.</summary>
    SpiMode Mode { get; }

    /// <summary>The highest SPI clock the chip accepts.</summary>
    int MaxClockHz { get; }

    /// <summary>One chip-select-framed transfer: MOSI bytes in, MISO bytes out (same length).</summary>
    void Transfer(ReadOnlySpan<byte> mosi, Span<byte> miso);
}

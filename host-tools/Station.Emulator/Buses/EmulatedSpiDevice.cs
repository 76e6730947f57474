using System.Device.Spi;

namespace Station.Emulator.Buses;

/// <summary>
/// An <see cref="SpiDevice"/> whose transfers go to an emulated chip. Like a real bus, a chip select with
/// nothing behind it reads 0xFF (MISO pulled up), and a mode or clock the chip cannot follow is refused
/// when the device is opened, naming both sides.
/// </summary>
public sealed class EmulatedSpiDevice : SpiDevice
{
    private readonly IEmulatedSpiPeripheral _peripheral;
    private readonly SpiConnectionSettings _settings;
    private bool _disposed;

    internal EmulatedSpiDevice(SpiConnectionSettings settings, IEmulatedSpiPeripheral peripheral)
    {
        _settings = settings;
        _peripheral = peripheral;
    }

    /// <summary>Number of transfers performed (bus-load accounting).</summary>
    public long TransferCount { get; private set; }

    public override SpiConnectionSettings ConnectionSettings => _settings;

    public override void TransferFullDuplex(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (writeBuffer.Length != readBuffer.Length)
        {
            throw new ArgumentException($"Full-duplex SPI needs equal buffers; write is {writeBuffer.Length} bytes, read is {readBuffer.Length}.");
        }

        TransferCount++;
        _peripheral.Transfer(writeBuffer, readBuffer);
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Span<byte> discard = buffer.Length <= 256 ? stackalloc byte[buffer.Length] : new byte[buffer.Length];
        TransferFullDuplex(buffer, discard);
    }

    public override void Read(Span<byte> buffer)
    {
        Span<byte> zeros = buffer.Length <= 256 ? stackalloc byte[buffer.Length] : new byte[buffer.Length];
        zeros.Clear();
        TransferFullDuplex(zeros, buffer);
    }

    protected override void Dispose(bool disposing)
    {
        _disposed = true;
        base.Dispose(disposing);
    }
}

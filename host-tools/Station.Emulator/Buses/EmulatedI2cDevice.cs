using System.Device.I2c;

namespace Station.Emulator.Buses;

/// <summary>An <see cref="I2cDevice"/> whose transactions go to an emulated chip.</summary>
public sealed class EmulatedI2cDevice : I2cDevice
{
    private readonly IEmulatedI2cPeripheral _peripheral;
    private readonly I2cConnectionSettings _settings;

    internal EmulatedI2cDevice(I2cConnectionSettings settings, IEmulatedI2cPeripheral peripheral)
    {
        _settings = settings;
        _peripheral = peripheral;
    }

    public override I2cConnectionSettings ConnectionSettings => _settings;

    public override void Read(Span<byte> buffer) => _peripheral.Read(buffer);

    public override void Write(ReadOnlySpan<byte> buffer) => _peripheral.Write(buffer);

    public override void WriteRead(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer)
    {
        _peripheral.Write(writeBuffer);
        _peripheral.Read(readBuffer);
    }
}

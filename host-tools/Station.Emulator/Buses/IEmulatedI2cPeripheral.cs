namespace Station.Emulator.Buses;

/// <summary>An emulated chip on an I2C bus.</summary>
public interface IEmulatedI2cPeripheral
{
    /// <summary>Part name for error messages.</summary>
    string PartName { get; }

    /// <summary>A write transaction (START, address+W, bytes, STOP).</summary>
    void Write(ReadOnlySpan<byte> data);

    /// <summary>A read transaction (START, address+R, bytes, STOP).</summary>
    void Read(Span<byte> data);
}

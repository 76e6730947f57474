using System.Device.Spi;

namespace Station.Devices.Tests.Sensors;

/// <summary>A scripted SPI device that records every frame, whether written or exchanged; reads return zeros.</summary>
internal sealed class ScriptedSpiDevice(SpiMode mode, int clockHz = 1_000_000) : SpiDevice
{
    private readonly SpiConnectionSettings _settings = new(1, 3) { Mode = mode, ClockFrequency = clockHz };

    public List<byte[]> Sent { get; } = [];

    public override SpiConnectionSettings ConnectionSettings => _settings;

    public override void TransferFullDuplex(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer)
    {
        Sent.Add(writeBuffer.ToArray());
        readBuffer.Clear();
    }

    public override void Write(ReadOnlySpan<byte> buffer) => Sent.Add(buffer.ToArray());

    public override void Read(Span<byte> buffer) => buffer.Clear();
}

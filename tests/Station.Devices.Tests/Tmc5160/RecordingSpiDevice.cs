using System.Device.Spi;

namespace Station.Devices.Tests.Tmc5160;

/// <summary>A scripted SPI device: records what the driver clocks out and answers with queued replies.</summary>
internal sealed class RecordingSpiDevice(SpiMode mode = SpiMode.Mode3) : SpiDevice
{
    private readonly SpiConnectionSettings _settings = new(0, 0) { Mode = mode, ClockFrequency = 4_000_000 };

    public List<byte[]> Sent { get; } = [];

    public Queue<byte[]> Replies { get; } = new();

    public override SpiConnectionSettings ConnectionSettings => _settings;

    public override void TransferFullDuplex(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer)
    {
        Sent.Add(writeBuffer.ToArray());
        if (Replies.TryDequeue(out var reply))
        {
            reply.CopyTo(readBuffer);
        }
        else
        {
            readBuffer.Clear();
        }
    }

    public override void Read(Span<byte> buffer) => throw new NotSupportedException("The TMC5160 binding only uses full-duplex transfers.");

    public override void Write(ReadOnlySpan<byte> buffer) => throw new NotSupportedException("The TMC5160 binding only uses full-duplex transfers.");
}

using System.Buffers.Binary;
using System.Device.Gpio;
using System.Device.Spi;
using Station.Devices.GateCounter;

namespace Station.Devices.Tests.GateCounter;

/// <summary>
/// A scripted board: a register dictionary answering well-formed frames, plus a queue of "damage" actions applied
/// to the next replies (bad CRC, idle bus, a NAK). Records every MOSI frame.
/// </summary>
internal sealed class ScriptedGateCounterSpi(SpiMode mode = SpiMode.Mode0) : SpiDevice
{
    private readonly SpiConnectionSettings _settings = new(0, 4) { Mode = mode, ClockFrequency = 10_000_000 };

    public Dictionary<byte, uint> Registers { get; } = new() { [0x00] = 0x4743_0100, [0x07] = 10_000, [0x08] = 100_000 };

    public Queue<Action<byte[]>> Damage { get; } = new();

    public List<byte[]> Sent { get; } = [];

    public override SpiConnectionSettings ConnectionSettings => _settings;

    public static void CorruptCrc(byte[] reply) => reply[5] ^= 0x01;

    public static void Idle(byte[] reply) => Array.Fill(reply, (byte)0xFF);

    public static Action<byte[]> Nak(byte code) => reply => reply[6] = code;

    public override void TransferFullDuplex(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer)
    {
        Sent.Add(writeBuffer.ToArray());
        var reply = new byte[GateCounterFrame.Length];
        byte address = (byte)(writeBuffer[0] & 0x7F);
        uint old = Registers.GetValueOrDefault(address);
        reply[0] = 0x01;
        BinaryPrimitives.WriteUInt32BigEndian(reply.AsSpan(1, 4), old);
        reply[5] = GateCounterFrame.Crc8(reply.AsSpan(0, 5));
        reply[6] = GateCounterRegisters.Ack;
        if (Damage.TryDequeue(out var damage))
        {
            damage(reply);
        }
        else if ((writeBuffer[0] & 0x80) != 0)
        {
            Registers[address] = BinaryPrimitives.ReadUInt32BigEndian(writeBuffer.Slice(1, 4));
        }

        reply.CopyTo(readBuffer);
    }

    public override void Read(Span<byte> buffer) => throw new NotSupportedException("The binding only uses full-duplex frames.");

    public override void Write(ReadOnlySpan<byte> buffer) => throw new NotSupportedException("The binding only uses full-duplex frames.");
}

/// <summary>A GPIO driver that remembers levels and modes (for bindings that drive lines).</summary>
internal sealed class RecordingGpioDriver : GpioDriver
{
    public Dictionary<int, PinValue> Levels { get; } = [];

    public Dictionary<int, PinMode> Modes { get; } = [];

    protected override int PinCount => 28;

    protected override void OpenPin(int pinNumber) => Levels.TryAdd(pinNumber, PinValue.Low);

    protected override void ClosePin(int pinNumber) => Modes.Remove(pinNumber);

    protected override void SetPinMode(int pinNumber, PinMode mode) => Modes[pinNumber] = mode;

    protected override PinMode GetPinMode(int pinNumber) => Modes.GetValueOrDefault(pinNumber, PinMode.Input);

    protected override bool IsPinModeSupported(int pinNumber, PinMode mode) => true;

    protected override PinValue Read(int pinNumber) => Levels.GetValueOrDefault(pinNumber, PinValue.Low);

    protected override void Write(int pinNumber, PinValue value) => Levels[pinNumber] = value;

    protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback)
    {
    }

    protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback)
    {
    }
}

using System.Buffers.Binary;

namespace Station.Devices.GateCounter;

/// <summary>
/// The board's 7-byte SPI frame: command (R/W bit + 7-bit address), 32-bit big-endian data, CRC-8, and an
/// acknowledge slot. The CRC is CRC-8/I-432-1 (polynomial 0x07, initial 0x00, no reflection, final XOR 0x55;
/// check value 0xA1), table driven.
/// </summary>
public static class GateCounterFrame
{
    /// <summary>Bytes per frame in each direction.</summary>
    public const int Length = 7;

    /// <summary>Bit 7 of the command byte: 1 for a write.</summary>
    public const byte WriteBit = 0x80;

    /// <summary>Bits 7 and 6 of a genuine status byte are always 0.</summary>
    public const byte StatusReservedMask = 0xC0;

    private const byte Polynomial = 0x07;
    private const byte FinalXor = 0x55;
    private static readonly byte[] Table = BuildTable();

    /// <summary>CRC-8/I-432-1 of <paramref name="data"/>.</summary>
    public static byte Crc8(ReadOnlySpan<byte> data)
    {
        byte crc = 0;
        foreach (byte value in data)
        {
            crc = Table[crc ^ value];
        }

        return (byte)(crc ^ FinalXor);
    }

    /// <summary>Encodes a command frame into <paramref name="frame"/> (7 bytes).</summary>
    public static void EncodeCommand(GateCounterRegister register, bool write, uint data, Span<byte> frame)
    {
        if (frame.Length != Length)
        {
            throw new ArgumentException($"A gate/counter frame is {Length} bytes; got {frame.Length}.", nameof(frame));
        }

        if ((byte)register > 0x7F)
        {
            throw new ArgumentOutOfRangeException(nameof(register), register, "Register addresses are 7 bits (0x00-0x7F).");
        }

        frame[0] = (byte)((byte)register | (write ? WriteBit : 0));
        BinaryPrimitives.WriteUInt32BigEndian(frame[1..5], write ? data : 0);
        frame[5] = Crc8(frame[..5]);
        frame[6] = 0;
    }

    /// <summary>What a reply frame says, before the driver decides whether to trust it.</summary>
    public static GateCounterReply DecodeReply(ReadOnlySpan<byte> reply)
    {
        if (reply.Length != Length)
        {
            throw new ArgumentException($"A gate/counter reply is {Length} bytes; got {reply.Length}.", nameof(reply));
        }

        bool allOnes = true;
        bool allZeros = true;
        foreach (byte value in reply)
        {
            allOnes &= value == 0xFF;
            allZeros &= value == 0x00;
        }

        if (allOnes || allZeros)
        {
            return new GateCounterReply(GateCounterReplyKind.NoResponse, 0, 0, reply[6]);
        }

        uint data = BinaryPrimitives.ReadUInt32BigEndian(reply[1..5]);
        if (Crc8(reply[..5]) != reply[5] || (reply[0] & StatusReservedMask) != 0)
        {
            return new GateCounterReply(GateCounterReplyKind.CrcError, reply[0], data, reply[6]);
        }

        var kind = reply[6] switch
        {
            GateCounterRegisters.Ack => GateCounterReplyKind.Ack,
            GateCounterRegisters.NakCrc => GateCounterReplyKind.CommandCorrupted,
            GateCounterRegisters.NakAddress => GateCounterReplyKind.AddressRejected,
            GateCounterRegisters.NakValue => GateCounterReplyKind.ValueRejected,
            _ => GateCounterReplyKind.CrcError, // a damaged acknowledge byte: the frame cannot be trusted
        };
        return new GateCounterReply(kind, reply[0], data, reply[6]);
    }

    private static byte[] BuildTable()
    {
        var table = new byte[256];
        for (int i = 0; i < 256; i++)
        {
            byte crc = (byte)i;
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x80) != 0 ? (byte)((crc << 1) ^ Polynomial) : (byte)(crc << 1);
            }

            table[i] = crc;
        }

        return table;
    }
}

/// <summary>How a reply frame was judged.</summary>
public enum GateCounterReplyKind
{
    /// <summary>CRC good, acknowledge ACK: the data can be used.</summary>
    Ack,

    /// <summary>All bytes 0xFF or 0x00: nobody drove MISO.</summary>
    NoResponse,

    /// <summary>The reply's CRC, status byte or acknowledge byte is damaged.</summary>
    CrcError,

    /// <summary>The board saw a bad CRC on the command (NAK_CRC).</summary>
    CommandCorrupted,

    /// <summary>Unknown address or read-only register (NAK_ADDRESS).</summary>
    AddressRejected,

    /// <summary>Value out of range or inconsistent (NAK_VALUE).</summary>
    ValueRejected,
}

/// <summary>A decoded reply frame.</summary>
public readonly record struct GateCounterReply(GateCounterReplyKind Kind, byte Status, uint Data, byte Acknowledge);

using UnitsNet;

namespace Station.Devices.AbsoluteEncoder;

/// <summary>How a frame decoded.</summary>
public enum AbsoluteEncoderFrameStatus
{
    /// <summary>Start bit found and the CRC matches.</summary>
    Ok,

    /// <summary>The CRC does not match: a corrupted frame.</summary>
    CrcMismatch,

    /// <summary>All ones: SLO never acknowledged (encoder unpowered, unplugged, receiver idle).</summary>
    NoResponse,

    /// <summary>Acknowledge but no start bit: SLO stuck low.</summary>
    NoStartBit,

    /// <summary>The start bit came so late that the frame did not fit the clocked bytes.</summary>
    Truncated,
}

/// <summary>One decoded encoder frame.</summary>
/// <param name="Status">Whether the frame is usable.</param>
/// <param name="Counts">Position, 0 … 2^26 − 1.</param>
/// <param name="Error">nE was low: the encoder says the position is not valid.</param>
/// <param name="Warning">nW was low: the encoder needs attention (e.g. scale contamination) but the position is valid.</param>
/// <param name="ReceivedCrc">CRC bits as received.</param>
/// <param name="ComputedCrc">CRC computed over the received position, nE and nW.</param>
/// <param name="AckBits">Acknowledge bits before the start bit (grows with cable delay).</param>
public readonly record struct AbsoluteEncoderReading(
    AbsoluteEncoderFrameStatus Status, int Counts, bool Error, bool Warning, byte ReceivedCrc, byte ComputedCrc, int AckBits)
{
    /// <summary>Whether the CRC matched.</summary>
    public bool CrcOk => Status == AbsoluteEncoderFrameStatus.Ok;

    /// <summary>The position as an angle in [0, 360°).</summary>
    public Angle Angle => Angle.FromRadians(Counts * AbsoluteEncoder.RadiansPerCount);
}

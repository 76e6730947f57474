using System.Device.Spi;
using System.Globalization;

namespace Station.Devices.GateCounter;

/// <summary>
/// One verified register access per call: encodes the frame, checks the reply (CRC, status byte, acknowledge) and
/// repeats a failed frame up to <see cref="Retries"/> times. Preallocated buffers: nothing is allocated per frame.
/// Serialised: the safety loop and the gate-delay service use one board from different timer threads, and the
/// shared buffers must carry one frame at a time (else a reply could be taken for another register's).
/// </summary>
internal sealed class GateCounterLink(SpiDevice spi, string deviceName, int retries)
{
    private readonly byte[] _tx = new byte[GateCounterFrame.Length];
    private readonly byte[] _rx = new byte[GateCounterFrame.Length];
    private readonly Lock _exchange = new();

    public string DeviceName { get; } = deviceName;

    public int Retries { get; } = retries;

    public long FrameCount { get; private set; }

    public long RetryCount { get; private set; }

    public long CrcErrorCount { get; private set; }

    public long NoResponseCount { get; private set; }

    public GateCounterFrameStatus LastFrameStatus { get; private set; }

    public uint Exchange(GateCounterRegister register, bool write, uint data)
    {
        lock (_exchange)
        {
            return ExchangeLocked(register, write, data);
        }
    }

    private uint ExchangeLocked(GateCounterRegister register, bool write, uint data)
    {
        GateCounterFrame.EncodeCommand(register, write, data, _tx);
        var failure = GateCounterFailure.NoResponse;
        int attempts = 0;
        while (attempts <= Retries)
        {
            if (attempts > 0)
            {
                RetryCount++;
            }

            attempts++;
            FrameCount++;
            spi.TransferFullDuplex(_tx, _rx);
            var reply = GateCounterFrame.DecodeReply(_rx);
            switch (reply.Kind)
            {
                case GateCounterReplyKind.Ack:
                    LastFrameStatus = (GateCounterFrameStatus)reply.Status;
                    return reply.Data;
                case GateCounterReplyKind.AddressRejected:
                    throw new GateCounterException(DeviceName, GateCounterFailure.AddressRejected, register, attempts,
                        write ? "the register is unknown or read-only." : "the register is unknown.");
                case GateCounterReplyKind.ValueRejected:
                    throw new GateCounterException(DeviceName, GateCounterFailure.ValueRejected, register, attempts,
                        string.Create(CultureInfo.InvariantCulture, $"the board refused 0x{data:X8} (out of range, reserved bits, or gate wider than the period)."));
                case GateCounterReplyKind.NoResponse:
                    NoResponseCount++;
                    failure = GateCounterFailure.NoResponse;
                    break;
                case GateCounterReplyKind.CrcError:
                    CrcErrorCount++;
                    failure = GateCounterFailure.CrcError;
                    break;
                default:
                    failure = GateCounterFailure.CommandCorrupted;
                    break;
            }
        }

        throw new GateCounterException(DeviceName, failure, register, attempts,
            failure == GateCounterFailure.NoResponse ? "MISO stayed idle; check power, chip select and cabling." : "no verified reply.");
    }
}

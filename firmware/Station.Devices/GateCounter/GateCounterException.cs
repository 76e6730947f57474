namespace Station.Devices.GateCounter;

/// <summary>Why a gate/counter board operation failed.</summary>
public enum GateCounterFailure
{
    /// <summary>Every attempt read MISO idle (all 0xFF or 0x00): the board does not answer.</summary>
    NoResponse,

    /// <summary>Every attempt's reply failed its CRC (or had a damaged status/acknowledge byte).</summary>
    CrcError,

    /// <summary>The board kept rejecting the command's CRC (NAK_CRC): the line to the board corrupts frames.</summary>
    CommandCorrupted,

    /// <summary>The board rejected the address (NAK_ADDRESS); not retried.</summary>
    AddressRejected,

    /// <summary>The board rejected the value (NAK_VALUE); not retried.</summary>
    ValueRejected,

    /// <summary>The identity register does not hold the expected magic or major version.</summary>
    WrongIdentity,

    /// <summary>The window sequence number went backwards: the board was reset behind the driver's back.</summary>
    SequenceReset,
}

/// <summary>A gate/counter board fault, naming the device, the register and how many frames were tried.</summary>
public sealed class GateCounterException : IOException
{
    public GateCounterException(string deviceName, GateCounterFailure failure, GateCounterRegister register, int attempts, string detail)
        : base($"{deviceName}: {Describe(failure)} on {register} (0x{(byte)register:X2}) after {attempts} attempt{(attempts == 1 ? "" : "s")}: {detail}")
    {
        DeviceName = deviceName;
        Failure = failure;
        Register = register;
        Attempts = attempts;
    }

    public GateCounterException()
        : this("gate_counter", GateCounterFailure.NoResponse, GateCounterRegister.Id, 0, "unspecified")
    {
    }

    public GateCounterException(string message)
        : base(message)
    {
        DeviceName = "gate_counter";
    }

    public GateCounterException(string message, Exception innerException)
        : base(message, innerException)
    {
        DeviceName = "gate_counter";
    }

    /// <summary>The pin-map device id of the board (<c>gate_counter</c>).</summary>
    public string DeviceName { get; }

    public GateCounterFailure Failure { get; }

    /// <summary>The register the failing frame addressed.</summary>
    public GateCounterRegister Register { get; }

    /// <summary>Frames sent for the operation (1 + retries when it gave up).</summary>
    public int Attempts { get; }

    private static string Describe(GateCounterFailure failure) => failure switch
    {
        GateCounterFailure.NoResponse => "no response",
        GateCounterFailure.CrcError => "reply CRC error",
        GateCounterFailure.CommandCorrupted => "command rejected for a bad CRC",
        GateCounterFailure.AddressRejected => "address rejected",
        GateCounterFailure.ValueRejected => "value rejected",
        GateCounterFailure.WrongIdentity => "wrong identity",
        GateCounterFailure.SequenceReset => "window sequence went backwards",
        _ => failure.ToString(),
    };
}

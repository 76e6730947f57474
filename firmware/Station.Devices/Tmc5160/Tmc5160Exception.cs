namespace Station.Devices.Tmc5160;

/// <summary>A TMC5160 could not be talked to reliably; names the device, the register and the attempts made.</summary>
public class Tmc5160Exception : IOException
{
    public Tmc5160Exception()
    {
        DeviceName = "TMC5160";
    }

    public Tmc5160Exception(string message)
        : base(message)
    {
        DeviceName = "TMC5160";
    }

    public Tmc5160Exception(string message, Exception innerException)
        : base(message, innerException)
    {
        DeviceName = "TMC5160";
    }

    public Tmc5160Exception(string deviceName, Tmc5160Register register, int attempts, string message)
        : base(message)
    {
        DeviceName = deviceName;
        Register = register;
        Attempts = attempts;
    }

    /// <summary>The device (pin-map id or "TMC5160 on SPIb.c").</summary>
    public string DeviceName { get; }

    /// <summary>The register being accessed.</summary>
    public Tmc5160Register? Register { get; }

    /// <summary>How many times the access was tried (1 + retries).</summary>
    public int Attempts { get; }
}

/// <summary>Every reply was all ones: the chip does not answer (unpowered, unplugged, chip select broken).</summary>
public sealed class Tmc5160NoResponseException : Tmc5160Exception
{
    public Tmc5160NoResponseException()
    {
    }

    public Tmc5160NoResponseException(string message)
        : base(message)
    {
    }

    public Tmc5160NoResponseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public Tmc5160NoResponseException(string deviceName, Tmc5160Register register, int attempts, string message)
        : base(deviceName, register, attempts, message)
    {
    }
}

/// <summary>Replies kept failing the plausibility checks (garbled SPI: noise, a bad ground, a long cable).</summary>
public sealed class Tmc5160CommunicationException : Tmc5160Exception
{
    public Tmc5160CommunicationException()
    {
    }

    public Tmc5160CommunicationException(string message)
        : base(message)
    {
    }

    public Tmc5160CommunicationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public Tmc5160CommunicationException(string deviceName, Tmc5160Register register, int attempts, string message)
        : base(deviceName, register, attempts, message)
    {
    }
}

namespace Station.Devices.AbsoluteEncoder;

/// <summary>An absolute encoder gave no usable position; names the device and the attempts made.</summary>
public class AbsoluteEncoderException : IOException
{
    public AbsoluteEncoderException()
    {
        DeviceName = "encoder";
    }

    public AbsoluteEncoderException(string message)
        : base(message)
    {
        DeviceName = "encoder";
    }

    public AbsoluteEncoderException(string message, Exception innerException)
        : base(message, innerException)
    {
        DeviceName = "encoder";
    }

    public AbsoluteEncoderException(string deviceName, int attempts, string message)
        : base(message)
    {
        DeviceName = deviceName;
        Attempts = attempts;
    }

    /// <summary>The device (pin-map id or "encoder on SPIb.c").</summary>
    public string DeviceName { get; }

    /// <summary>Frames read for this call (1 + retries).</summary>
    public int Attempts { get; }
}

/// <summary>Every frame read all ones: the encoder does not answer.</summary>
public sealed class AbsoluteEncoderNoResponseException : AbsoluteEncoderException
{
    public AbsoluteEncoderNoResponseException()
    {
    }

    public AbsoluteEncoderNoResponseException(string message)
        : base(message)
    {
    }

    public AbsoluteEncoderNoResponseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public AbsoluteEncoderNoResponseException(string deviceName, int attempts, string message)
        : base(deviceName, attempts, message)
    {
    }
}

/// <summary>Every frame was corrupt (CRC mismatch, no start bit, cut off).</summary>
public sealed class AbsoluteEncoderCrcException : AbsoluteEncoderException
{
    public AbsoluteEncoderCrcException()
    {
    }

    public AbsoluteEncoderCrcException(string message)
        : base(message)
    {
    }

    public AbsoluteEncoderCrcException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public AbsoluteEncoderCrcException(string deviceName, int attempts, AbsoluteEncoderFrameStatus lastStatus, string message)
        : base(deviceName, attempts, message)
    {
        LastStatus = lastStatus;
    }

    /// <summary>How the last frame failed.</summary>
    public AbsoluteEncoderFrameStatus LastStatus { get; }
}

/// <summary>The position has stopped changing, to the last bit: the encoder is stuck.</summary>
public sealed class AbsoluteEncoderFrozenException : AbsoluteEncoderException
{
    public AbsoluteEncoderFrozenException()
    {
    }

    public AbsoluteEncoderFrozenException(string message)
        : base(message)
    {
    }

    public AbsoluteEncoderFrozenException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public AbsoluteEncoderFrozenException(string deviceName, int counts, string message)
        : base(deviceName, 1, message)
    {
        Counts = counts;
    }

    /// <summary>The position it is stuck at.</summary>
    public int Counts { get; }
}

/// <summary>The encoder's own error bit (nE) is set: the position is not valid.</summary>
public sealed class AbsoluteEncoderErrorException : AbsoluteEncoderException
{
    public AbsoluteEncoderErrorException()
    {
    }

    public AbsoluteEncoderErrorException(string message)
        : base(message)
    {
    }

    public AbsoluteEncoderErrorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public AbsoluteEncoderErrorException(string deviceName, int counts, string message)
        : base(deviceName, 1, message)
    {
        Counts = counts;
    }

    /// <summary>The position reported with the error.</summary>
    public int Counts { get; }
}

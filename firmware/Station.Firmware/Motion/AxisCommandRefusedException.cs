namespace Station.Firmware.Motion;

/// <summary>A motion command refused before anything was sent to the hardware; the message says why.</summary>
public sealed class AxisCommandRefusedException : InvalidOperationException
{
    public AxisCommandRefusedException()
    {
    }

    public AxisCommandRefusedException(string message)
        : base(message)
    {
    }

    public AxisCommandRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

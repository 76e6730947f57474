namespace Station.Devices.FilterWheel;

/// <summary>A filter wheel operation failed; names the wheel.</summary>
public class FilterWheelException : Exception
{
    public FilterWheelException()
    {
        WheelName = "filter wheel";
    }

    public FilterWheelException(string message)
        : base(message)
    {
        WheelName = "filter wheel";
    }

    public FilterWheelException(string message, Exception innerException)
        : base(message, innerException)
    {
        WheelName = "filter wheel";
    }

    public FilterWheelException(string wheelName, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        WheelName = wheelName;
    }

    /// <summary>The wheel (pin-map id).</summary>
    public string WheelName { get; }
}

/// <summary>StallGuard2 stopped the motor: the wheel is jammed or overloaded. The position is lost until the wheel is homed again.</summary>
public sealed class FilterWheelStallException : FilterWheelException
{
    public FilterWheelStallException()
    {
    }

    public FilterWheelStallException(string message)
        : base(message)
    {
    }

    public FilterWheelStallException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public FilterWheelStallException(string wheelName, long positionMicrosteps, string message)
        : base(wheelName, message)
    {
        PositionMicrosteps = positionMicrosteps;
    }

    /// <summary>XACTUAL where the motor was stopped.</summary>
    public long PositionMicrosteps { get; }
}

/// <summary>The operation did not finish in time (index never seen, target never reached). The position is lost until the wheel is homed again.</summary>
public sealed class FilterWheelTimeoutException : FilterWheelException
{
    public FilterWheelTimeoutException()
    {
    }

    public FilterWheelTimeoutException(string message)
        : base(message)
    {
    }

    public FilterWheelTimeoutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public FilterWheelTimeoutException(string wheelName, TimeSpan elapsed, string message)
        : base(wheelName, message)
    {
        Elapsed = elapsed;
    }

    /// <summary>How long the operation ran.</summary>
    public TimeSpan Elapsed { get; }
}

/// <summary>The index did not latch where the step count says it should: the wheel slipped or lost steps. The position is lost until the wheel is homed again.</summary>
public sealed class FilterWheelIndexException : FilterWheelException
{
    public FilterWheelIndexException()
    {
    }

    public FilterWheelIndexException(string message)
        : base(message)
    {
    }

    public FilterWheelIndexException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public FilterWheelIndexException(string wheelName, long? latchedMicrosteps, string message)
        : base(wheelName, message)
    {
        LatchedMicrosteps = latchedMicrosteps;
    }

    /// <summary>Where the index latched (null when it did not).</summary>
    public long? LatchedMicrosteps { get; }
}

/// <summary>The motor driver reported a reset or a driver error during the operation.</summary>
public sealed class FilterWheelDriverException : FilterWheelException
{
    public FilterWheelDriverException()
    {
    }

    public FilterWheelDriverException(string message)
        : base(message)
    {
    }

    public FilterWheelDriverException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public FilterWheelDriverException(string wheelName, string health, string message)
        : base(wheelName, message)
    {
        Health = health;
    }

    /// <summary>GSTAT/DRV_STATUS as read, e.g. "reset" or "drv_err, ot".</summary>
    public string Health { get; } = string.Empty;
}

namespace Station.Calibration.Common;

/// <summary>A calibration that ran but whose result must not be used; the message is the reason the script prints.</summary>
public sealed class CalibrationRefusedException : Exception
{
    public CalibrationRefusedException() : this("the calibration was refused")
    {
    }

    public CalibrationRefusedException(string reason) : base(reason)
    {
    }

    public CalibrationRefusedException(string reason, Exception inner) : base(reason, inner)
    {
    }
}

/// <summary>A command line a calibration script cannot run; the message names the option and what was expected.</summary>
public sealed class CalibrationArgumentException : Exception
{
    public CalibrationArgumentException() : this("bad arguments")
    {
    }

    public CalibrationArgumentException(string message) : base(message)
    {
    }

    public CalibrationArgumentException(string message, Exception inner) : base(message, inner)
    {
    }
}

/// <summary><c>--hardware</c> on a machine where the station's buses are not there; the message says what is missing.</summary>
public sealed class HardwareUnavailableException : Exception
{
    public HardwareUnavailableException() : this("the station hardware is not available")
    {
    }

    public HardwareUnavailableException(string message) : base(message)
    {
    }

    public HardwareUnavailableException(string message, Exception inner) : base(message, inner)
    {
    }
}

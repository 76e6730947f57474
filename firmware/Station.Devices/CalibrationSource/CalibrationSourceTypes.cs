namespace Station.Devices.CalibrationSource;

/// <summary>What the bench calibration source emits (<c>SOUR:MODE OFF|CW|PULS</c>).</summary>
public enum CalibrationLightMode
{
    /// <summary>Dark.</summary>
    Off,

    /// <summary>The fibre-coupled LED: Poisson photons at a constant rate.</summary>
    Continuous,

    /// <summary>The laser diode, one pulse per gate period on the gate/counter board's period sync.</summary>
    Pulsed,
}

/// <summary>Where the calibration light enters the receive path (the fibre switch, <c>ROUT:PATH BEH|THR</c>).</summary>
public enum CalibrationInjection
{
    /// <summary>Behind the filter wheels, straight onto the detectors (detector calibrations).</summary>
    BehindFilterWheels,

    /// <summary>In front of the filter wheels, as a reference beam through both (slot-centre calibration).</summary>
    ThroughFilterWheels,
}

/// <summary>The four fields of the source's <c>*IDN?</c> reply.</summary>
public sealed record BenchCalibrationSourceIdentity(string Manufacturer, string Model, string SerialNumber, string FirmwareVersion)
{
    public override string ToString() => $"{Manufacturer},{Model},{SerialNumber},{FirmwareVersion}";
}

/// <summary>The source's state as it reports it (<c>SOUR:MODE?</c>, <c>SOUR:POW?</c>, <c>ROUT:PATH?</c>).</summary>
public sealed record BenchCalibrationSourceState(CalibrationLightMode Mode, double Power, CalibrationInjection Injection);

/// <summary>The source refused a command (a SCPI error), answered something unexpected, or did not answer in time.</summary>
public sealed class BenchCalibrationSourceException : IOException
{
    public BenchCalibrationSourceException(string message)
        : base(message)
    {
    }

    public BenchCalibrationSourceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public BenchCalibrationSourceException()
    {
    }
}

namespace Station.Calibration.Common;

/// <summary>What a calibration script's process exit code means (bench scripts and CI read these).</summary>
public enum CalibrationExitCode
{
    /// <summary>The calibration succeeded and its files were written.</summary>
    Ok = 0,

    /// <summary>The command line was wrong (unknown or malformed option); nothing was run.</summary>
    BadArguments = 2,

    /// <summary>The procedure ran but refused its result (too few stars, poor sky coverage, no source…); nothing was written.</summary>
    Refused = 3,

    /// <summary><c>--hardware</c> was asked for on a machine without the station hardware.</summary>
    HardwareUnavailable = 4,
}

namespace Station.Devices.Tmc5160;

/// <summary>TMC5160 register addresses used by the binding (datasheet, register map).</summary>
#pragma warning disable CA1028 // The register address is a 7-bit wire value; byte is its natural type.
public enum Tmc5160Register : byte
#pragma warning restore CA1028
{
    /// <summary>Global configuration flags.</summary>
    GConf = 0x00,

    /// <summary>Global status: reset, driver error, charge-pump undervoltage (write 1 to clear).</summary>
    GStat = 0x01,

    /// <summary>Inputs and the silicon version in bits 31..24 (0x30).</summary>
    IoIn = 0x04,

    /// <summary>Hold current, run current, hold delay.</summary>
    IHoldIRun = 0x10,

    /// <summary>Delay from standstill to current reduction.</summary>
    TPowerDown = 0x11,

    /// <summary>Measured time between two 1/256 microsteps in clock periods (20 bits, read only).</summary>
    TStep = 0x12,

    /// <summary>Lower velocity threshold (as TSTEP) for CoolStep and StallGuard2 stall detection (write only).</summary>
    TCoolThrs = 0x14,

    /// <summary>Upper velocity threshold (as TSTEP) above which StallGuard2 is off (write only).</summary>
    THigh = 0x15,

    /// <summary>Ramp mode: positioning, velocity positive/negative, hold.</summary>
    RampMode = 0x20,

    /// <summary>Actual motor position in microsteps (signed 32-bit).</summary>
    XActual = 0x21,

    /// <summary>Actual velocity from the ramp generator (signed 24-bit, read only).</summary>
    VActual = 0x22,

    /// <summary>Start velocity.</summary>
    VStart = 0x23,

    /// <summary>Acceleration between VSTART and V1.</summary>
    A1 = 0x24,

    /// <summary>Threshold velocity between the A1/D1 and AMAX/DMAX phases (0 disables them).</summary>
    V1 = 0x25,

    /// <summary>Acceleration between V1 and VMAX.</summary>
    AMax = 0x26,

    /// <summary>Target velocity in velocity mode; maximum velocity in positioning mode.</summary>
    VMax = 0x27,

    /// <summary>Deceleration between VMAX and V1.</summary>
    DMax = 0x28,

    /// <summary>Deceleration between V1 and VSTOP.</summary>
    D1 = 0x2A,

    /// <summary>Stop velocity.</summary>
    VStop = 0x2B,

    /// <summary>Wait time at standstill before a reversal (write only).</summary>
    TZeroWait = 0x2C,

    /// <summary>Target position in positioning mode (signed 32-bit).</summary>
    XTarget = 0x2D,

    /// <summary>Reference switch and StallGuard stop configuration.</summary>
    SwMode = 0x34,

    /// <summary>Ramp and reference switch status (event bits write-1-to-clear).</summary>
    RampStat = 0x35,

    /// <summary>XACTUAL latched on a switch event.</summary>
    XLatch = 0x36,

    /// <summary>Chopper configuration; TOFF = 0 disables the driver, MRES sets the microstep resolution.</summary>
    ChopConf = 0x6C,

    /// <summary>CoolStep and StallGuard2 configuration.</summary>
    CoolConf = 0x6D,

    /// <summary>Driver status: StallGuard result, overtemperature, short and open-load flags, standstill.</summary>
    DrvStatus = 0x6F,
}

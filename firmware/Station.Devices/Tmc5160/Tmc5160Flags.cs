namespace Station.Devices.Tmc5160;

/// <summary>The status byte the TMC5160 returns first in every SPI datagram (SPI_STATUS).</summary>
[Flags]
#pragma warning disable CA1028 // An 8-bit wire value.
public enum Tmc5160SpiStatus : byte
#pragma warning restore CA1028
{
    None = 0,

    /// <summary>GSTAT.reset: the chip was reset since GSTAT was last cleared.</summary>
    ResetFlag = 1 << 0,

    /// <summary>GSTAT.drv_err: the driver shut down (overtemperature or short).</summary>
    DriverError = 1 << 1,

    /// <summary>DRV_STATUS.stallGuard.</summary>
    StallGuard = 1 << 2,

    /// <summary>DRV_STATUS.stst: the motor stands still.</summary>
    Standstill = 1 << 3,

    /// <summary>RAMP_STAT.velocity_reached.</summary>
    VelocityReached = 1 << 4,

    /// <summary>RAMP_STAT.position_reached.</summary>
    PositionReached = 1 << 5,

    /// <summary>RAMP_STAT.status_stop_l: the left reference switch stops the motor.</summary>
    StopLeft = 1 << 6,

    /// <summary>RAMP_STAT.status_stop_r: the right reference switch stops the motor.</summary>
    StopRight = 1 << 7,
}

/// <summary>GSTAT bits; each is cleared by writing 1 to it.</summary>
[Flags]
public enum Tmc5160GlobalStatus
{
    None = 0,

    /// <summary>The chip has been reset (power-up or undervoltage on VCC_IO).</summary>
    Reset = 1 << 0,

    /// <summary>The driver was shut down by overtemperature or a short; cleared only after the cause is gone.</summary>
    DriverError = 1 << 1,

    /// <summary>Charge-pump undervoltage: the driver is disabled while it lasts.</summary>
    ChargePumpUndervoltage = 1 << 2,
}

/// <summary>RAMP_STAT bits (event_* and status_sg are cleared by writing 1).</summary>
[Flags]
public enum Tmc5160RampStatus
{
    None = 0,
    StatusStopLeft = 1 << 0,
    StatusStopRight = 1 << 1,
    StatusLatchLeft = 1 << 2,
    StatusLatchRight = 1 << 3,
    EventStopLeft = 1 << 4,
    EventStopRight = 1 << 5,
    EventStopStallGuard = 1 << 6,
    EventPositionReached = 1 << 7,
    VelocityReached = 1 << 8,
    PositionReached = 1 << 9,
    VelocityZero = 1 << 10,
    ZeroWaitActive = 1 << 11,
    SecondMove = 1 << 12,
    StatusStallGuard = 1 << 13,
}

/// <summary>RAMPMODE values.</summary>
public enum Tmc5160RampMode
{
    /// <summary>Move to XTARGET using the full A1/V1/AMAX/VMAX/DMAX/D1 profile.</summary>
    Positioning = 0,

    /// <summary>Accelerate with AMAX to +VMAX and hold it.</summary>
    VelocityPositive = 1,

    /// <summary>Accelerate with AMAX to −VMAX and hold it.</summary>
    VelocityNegative = 2,

    /// <summary>Keep the present velocity.</summary>
    Hold = 3,
}

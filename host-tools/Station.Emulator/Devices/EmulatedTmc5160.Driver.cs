namespace Station.Emulator.Devices;

/// <summary>Conditions of the emulated driver stage, as the world or a test imposes them.</summary>
[Flags]
public enum EmulatedDriverConditions
{
    None = 0,

    /// <summary>The chip is above its shutdown temperature (DRV_STATUS.ot; the driver is off while it lasts).</summary>
    Overtemperature = 1 << 0,

    /// <summary>The chip is above its pre-warning temperature (DRV_STATUS.otpw).</summary>
    OvertemperatureWarning = 1 << 1,

    /// <summary>Phase A shorted to ground (s2ga: latched until TOFF = 0, driver off).</summary>
    ShortToGroundA = 1 << 2,

    /// <summary>Phase B shorted to ground (s2gb).</summary>
    ShortToGroundB = 1 << 3,

    /// <summary>Phase A shorted to the supply (s2vsa).</summary>
    ShortToSupplyA = 1 << 4,

    /// <summary>Phase B shorted to the supply (s2vsb).</summary>
    ShortToSupplyB = 1 << 5,

    /// <summary>Phase A open (ola; a diagnostic, the driver keeps running).</summary>
    OpenLoadA = 1 << 6,

    /// <summary>Phase B open (olb).</summary>
    OpenLoadB = 1 << 7,
}

/// <summary>The driver stage: GSTAT (reset, drv_err, uv_cp), DRV_STATUS, shutdown and recovery rules.</summary>
public sealed partial class EmulatedTmc5160
{
    private const EmulatedDriverConditions Shorts =
        EmulatedDriverConditions.ShortToGroundA | EmulatedDriverConditions.ShortToGroundB
        | EmulatedDriverConditions.ShortToSupplyA | EmulatedDriverConditions.ShortToSupplyB;

    private bool _resetFlag = true; // GSTAT.reset is set at power-up
    private bool _driverErrorFlag;
    private bool _chargePumpFlag;
    private bool _chargePumpLow;
    private EmulatedDriverConditions _conditions;
    private EmulatedDriverConditions _latchedShorts;

    /// <summary>Whether the driver stage energises the motor (TOFF ≠ 0, no driver error, no shutdown cause, charge pump fine).</summary>
    public bool DriverEnabled =>
        (Register(0x6C) & 0xF) != 0 && !_driverErrorFlag && !_chargePumpLow
        && (_conditions & EmulatedDriverConditions.Overtemperature) == 0 && _latchedShorts == 0;

    /// <summary>The conditions the driver stage presently suffers.</summary>
    public EmulatedDriverConditions DriverConditions
    {
        get
        {
            lock (_gate)
            {
                return _conditions;
            }
        }
    }

    /// <summary>
    /// The charge pump is under voltage (low VS): GSTAT.uv_cp is set and stays set until cleared after the
    /// cause is gone; the driver is off while it lasts.
    /// </summary>
    public bool ChargePumpUndervoltage
    {
        get
        {
            lock (_gate)
            {
                return _chargePumpLow;
            }
        }

        set
        {
            lock (_gate)
            {
                Synchronize();
                _chargePumpLow = value;
                _chargePumpFlag |= value;
            }
        }
    }

    /// <summary>
    /// Imposes driver-stage conditions from now on (replacing the previous ones). Overtemperature and shorts
    /// shut the driver down and set GSTAT.drv_err; shorts stay latched until the firmware writes TOFF = 0 with
    /// the short gone; drv_err clears (write 1) only when no shutdown cause remains. The ramp keeps running.
    /// </summary>
    public void SetDriverConditions(EmulatedDriverConditions conditions)
    {
        lock (_gate)
        {
            Synchronize();
            _conditions = conditions;
            _latchedShorts |= conditions & Shorts;
            if ((conditions & (EmulatedDriverConditions.Overtemperature | Shorts)) != 0)
            {
                _driverErrorFlag = true;
            }
        }
    }

    /// <summary>Fault injection: an overtemperature shutdown (GSTAT.drv_err, DRV_STATUS.ot) that also stops the ramp.</summary>
    public void InjectDriverError()
    {
        lock (_gate)
        {
            SetDriverConditions(_conditions | EmulatedDriverConditions.Overtemperature);
            Ramp.HardStop();
        }
    }

    /// <summary>
    /// A power cycle or VCC_IO brown-out: every register back to its reset value, the ramp at rest at 0,
    /// GSTAT.reset set. The rotor stays where it is (XACTUAL no longer refers to it).
    /// </summary>
    public void PowerCycle()
    {
        lock (_gate)
        {
            Synchronize();
            Array.Clear(_registers);
            _registers[0x6C] = ChopConfReset;
            Ramp.Reset();
            _resetFlag = true;
            _driverErrorFlag = (_conditions & (EmulatedDriverConditions.Overtemperature | Shorts)) != 0;
            _latchedShorts = _conditions & Shorts;
            _chargePumpFlag = _chargePumpLow;
            _rampEvents = 0;
            _stopEvents = 0;
            _xlatch = 0;
            _pendingReply = 0;
            _sgResult = 0;
            _stallFlag = false;
            _wasAtPosition = true;
        }
    }

    private uint GlobalStatus() => (_resetFlag ? 1u : 0) | (_driverErrorFlag ? 2u : 0) | (_chargePumpFlag ? 4u : 0);

    private void ClearGlobalStatus(uint data)
    {
        if ((data & 1) != 0)
        {
            _resetFlag = false;
        }

        if ((data & 2) != 0 && (_conditions & EmulatedDriverConditions.Overtemperature) == 0 && _latchedShorts == 0)
        {
            _driverErrorFlag = false;
        }

        if ((data & 4) != 0 && !_chargePumpLow)
        {
            _chargePumpFlag = false;
        }
    }

    private void ReleaseShortLatches() => _latchedShorts &= _conditions;

    private uint DriverStatus()
    {
        uint value = (uint)_sgResult & 0x3FF;
        uint iHoldIRun = Register(0x10);
        bool standstill = Ramp.Velocity == 0;
        uint current = standstill ? iHoldIRun & 0x1F : (iHoldIRun >> 8) & 0x1F;
        value |= current << 16;
        var shown = _conditions | _latchedShorts;
        if ((Register(0x00) & (1u << 2)) != 0)
        {
            value |= 1u << 14; // stealth
        }

        if (_stallFlag)
        {
            value |= 1u << 24;
        }

        if ((shown & EmulatedDriverConditions.Overtemperature) != 0)
        {
            value |= (1u << 25) | (1u << 26); // ot implies otpw
        }

        value |= (shown & EmulatedDriverConditions.OvertemperatureWarning) != 0 ? 1u << 26 : 0;
        value |= (shown & EmulatedDriverConditions.ShortToGroundA) != 0 ? 1u << 27 : 0;
        value |= (shown & EmulatedDriverConditions.ShortToGroundB) != 0 ? 1u << 28 : 0;
        value |= (shown & EmulatedDriverConditions.OpenLoadA) != 0 ? 1u << 29 : 0;
        value |= (shown & EmulatedDriverConditions.OpenLoadB) != 0 ? 1u << 30 : 0;
        value |= (shown & EmulatedDriverConditions.ShortToSupplyA) != 0 ? 1u << 12 : 0;
        value |= (shown & EmulatedDriverConditions.ShortToSupplyB) != 0 ? 1u << 13 : 0;
        if (standstill)
        {
            value |= 1u << 31;
        }

        return value;
    }
}

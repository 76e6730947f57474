namespace Station.Devices.Tmc5160;

/// <summary>
/// SW_MODE (0x34): what the reference inputs REFL/REFR and StallGuard2 do to the ramp generator.
/// REFL stops motion towards negative XACTUAL, REFR towards positive. An input is <em>active</em> when high,
/// or when low if its polarity is inverted (<see cref="LeftActiveLow"/>, e.g. an open-drain hall switch).
/// On each enabled edge the chip copies XACTUAL into XLATCH in hardware and sets RAMP_STAT.status_latch_l/r.
/// </summary>
public readonly record struct Tmc5160SwitchConfiguration
{
    /// <summary>stop_l_enable: an active REFL stops motion in the negative direction.</summary>
    public bool StopLeftEnabled { get; init; }

    /// <summary>stop_r_enable: an active REFR stops motion in the positive direction.</summary>
    public bool StopRightEnabled { get; init; }

    /// <summary>pol_stop_l: REFL is active low.</summary>
    public bool LeftActiveLow { get; init; }

    /// <summary>pol_stop_r: REFR is active low.</summary>
    public bool RightActiveLow { get; init; }

    /// <summary>swap_LR: REFL and REFR exchange roles.</summary>
    public bool SwapLeftRight { get; init; }

    /// <summary>latch_l_active: latch XACTUAL when REFL becomes active.</summary>
    public bool LatchLeftOnActive { get; init; }

    /// <summary>latch_l_inactive: latch XACTUAL when REFL becomes inactive.</summary>
    public bool LatchLeftOnInactive { get; init; }

    /// <summary>latch_r_active: latch XACTUAL when REFR becomes active.</summary>
    public bool LatchRightOnActive { get; init; }

    /// <summary>latch_r_inactive: latch XACTUAL when REFR becomes inactive.</summary>
    public bool LatchRightOnInactive { get; init; }

    /// <summary>sg_stop: a StallGuard2 stall (above TCOOLTHRS speed) stops the ramp until event_stop_sg is cleared.</summary>
    public bool StopOnStall { get; init; }

    /// <summary>en_softstop: a switch stop decelerates with the DMAX/D1 ramp instead of stopping hard.</summary>
    public bool SoftStop { get; init; }

    /// <summary>The SW_MODE register value (en_latch_encoder stays 0: no ABN encoder on the chip).</summary>
    public uint ToRegister() =>
        (StopLeftEnabled ? 1u << 0 : 0) | (StopRightEnabled ? 1u << 1 : 0)
        | (LeftActiveLow ? 1u << 2 : 0) | (RightActiveLow ? 1u << 3 : 0) | (SwapLeftRight ? 1u << 4 : 0)
        | (LatchLeftOnActive ? 1u << 5 : 0) | (LatchLeftOnInactive ? 1u << 6 : 0)
        | (LatchRightOnActive ? 1u << 7 : 0) | (LatchRightOnInactive ? 1u << 8 : 0)
        | (StopOnStall ? 1u << 10 : 0) | (SoftStop ? 1u << 11 : 0);

    /// <summary>Decodes a SW_MODE value.</summary>
    public static Tmc5160SwitchConfiguration FromRegister(uint value) => new()
    {
        StopLeftEnabled = (value & (1u << 0)) != 0,
        StopRightEnabled = (value & (1u << 1)) != 0,
        LeftActiveLow = (value & (1u << 2)) != 0,
        RightActiveLow = (value & (1u << 3)) != 0,
        SwapLeftRight = (value & (1u << 4)) != 0,
        LatchLeftOnActive = (value & (1u << 5)) != 0,
        LatchLeftOnInactive = (value & (1u << 6)) != 0,
        LatchRightOnActive = (value & (1u << 7)) != 0,
        LatchRightOnInactive = (value & (1u << 8)) != 0,
        StopOnStall = (value & (1u << 10)) != 0,
        SoftStop = (value & (1u << 11)) != 0,
    };
}

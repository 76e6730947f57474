namespace Station.Devices.Tmc5160;

/// <summary>Plausibility checks on TMC5160 replies (the SPI interface has no CRC).</summary>
public sealed partial class Tmc5160
{
    /// <summary>
    /// Longest time assumed between the two datagrams of a confirmed read; registers that change while
    /// the motor turns (XACTUAL, VACTUAL, TSTEP) may differ by what the ramp can do in this time.
    /// </summary>
    public static readonly TimeSpan ConfirmWindow = TimeSpan.FromMilliseconds(2);

    private const uint DriverStatusFlagMask = 0xFF00_3000; // stst, ol, s2g, otpw, ot, stallGuard, s2vs
    private uint _vmaxLast = Tmc5160Ramp.MaxVelocityRegister;
    private uint _vmaxPrevious = Tmc5160Ramp.MaxVelocityRegister;
    private uint _a1 = Tmc5160Ramp.MaxAccelerationRegister;
    private uint _amax = Tmc5160Ramp.MaxAccelerationRegister;
    private uint _dmax = Tmc5160Ramp.MaxAccelerationRegister;
    private uint _d1 = Tmc5160Ramp.MaxAccelerationRegister;

    private enum ReplyCheck
    {
        None,
        NoResponse,
        ReservedBits,
        StatusMismatch,
        ReadsDisagree,
        EchoMismatch,
    }

    /// <summary>
    /// Bits above a readable register's width, which read 0 on a healthy chip; a 1 there means the reply was
    /// garbled. Bits the datasheet marks "reserved, ignore" inside a register (DRV_STATUS 10–11 and 21–23,
    /// IOIN 8–23) are not relied on.
    /// </summary>
    public static uint ReservedBitsOf(Tmc5160Register register) => register switch
    {
        Tmc5160Register.GConf => 0xFFFC_0000,
        Tmc5160Register.GStat => 0xFFFF_FFF8,
        Tmc5160Register.TStep => 0xFFF0_0000,
        Tmc5160Register.RampMode => 0xFFFF_FFFC,
        Tmc5160Register.VActual => 0xFF00_0000,
        Tmc5160Register.SwMode => 0xFFFF_F000,
        Tmc5160Register.RampStat => 0xFFFF_C000,
        _ => 0,
    };

    /// <summary>
    /// An all-ones reply: MISO stayed at its pulled-up idle level. A status byte of 0xFF cannot occur in
    /// operation (reset and driver error while stalled, standing still, at velocity and position, with both
    /// stop switches active), so this means no chip answered.
    /// </summary>
    private static bool IsAllOnes(Tmc5160SpiStatus status, uint data) => (byte)status == 0xFF && data == 0xFFFF_FFFF;

    /// <summary>Records the new VMAX/acceleration bounds used to compare confirmed reads of moving registers.</summary>
    private void NoteWrite(Tmc5160Register register, uint value)
    {
        switch (register)
        {
            case Tmc5160Register.VMax:
                _vmaxPrevious = _vmaxLast;
                _vmaxLast = value;
                break;
            case Tmc5160Register.A1:
                _a1 = value;
                break;
            case Tmc5160Register.AMax:
                _amax = value;
                break;
            case Tmc5160Register.DMax:
                _dmax = value;
                break;
            case Tmc5160Register.D1:
                _d1 = value;
                break;
            default:
                break;
        }
    }

    private bool IsPlausible(Tmc5160Register register, Tmc5160SpiStatus status, uint data)
    {
        if (IsAllOnes(status, data))
        {
            _lastProblem = ReplyCheck.NoResponse;
            return false;
        }

        if ((byte)status == 0xFF)
        {
            (_lastProblem, _problemFirst, _problemSecond) = (ReplyCheck.StatusMismatch, data, 0xFF);
            return false;
        }

        if ((data & ReservedBitsOf(register)) != 0)
        {
            (_lastProblem, _problemFirst, _problemSecond) = (ReplyCheck.ReservedBits, data, (byte)status);
            return false;
        }

        if (!StatusAgrees(register, (byte)status, data))
        {
            (_lastProblem, _problemFirst, _problemSecond) = (ReplyCheck.StatusMismatch, data, (byte)status);
            return false;
        }

        return true;
    }

    /// <summary>The status byte mirrors bits of RAMP_STAT, DRV_STATUS and GSTAT; a read of those must agree.</summary>
    private static bool StatusAgrees(Tmc5160Register register, byte status, uint data) => register switch
    {
        Tmc5160Register.RampStat =>
            Bit(status, 6) == Bit(data, 0) && Bit(status, 7) == Bit(data, 1)
            && Bit(status, 4) == Bit(data, 8) && Bit(status, 5) == Bit(data, 9),
        Tmc5160Register.DrvStatus => Bit(status, 2) == Bit(data, 24) && Bit(status, 3) == Bit(data, 31),
        Tmc5160Register.GStat => (status & 0x3) == (data & 0x3),
        _ => true,
    };

    /// <summary>Whether two confirmed reads agree: exactly, or for registers the ramp moves, within what it can move.</summary>
    private bool Agree(Tmc5160Register register, uint first, uint second, Tmc5160SpiStatus status1, Tmc5160SpiStatus status2)
    {
        bool standstill = (status1 & status2 & Tmc5160SpiStatus.Standstill) != 0;
        switch (register)
        {
            case Tmc5160Register.DrvStatus:
                return (first & DriverStatusFlagMask) == (second & DriverStatusFlagMask);
            case Tmc5160Register.XActual when !standstill:
                return Math.Abs((long)unchecked((int)first) - unchecked((int)second)) <= PositionTolerance();
            case Tmc5160Register.VActual when !standstill:
                return Math.Abs(SignExtend24(first) - SignExtend24(second)) <= VelocityTolerance();
            case Tmc5160Register.TStep when !standstill:
                return Math.Abs((long)first - second) <= (Math.Max(first, second) / 4) + 1;
            default:
                return first == second;
        }
    }

    /// <summary>Microsteps XACTUAL can advance within <see cref="ConfirmWindow"/> at the larger of the last two VMAX.</summary>
    private long PositionTolerance()
    {
        double speed = VelocityFromRegister(Math.Max(_vmaxLast, _vmaxPrevious));
        return Math.Max(16, (long)Math.Ceiling(speed * ConfirmWindow.TotalSeconds));
    }

    /// <summary>VACTUAL register units the ramp can change within <see cref="ConfirmWindow"/>.</summary>
    private long VelocityTolerance()
    {
        uint acceleration = Math.Max(Math.Max(_a1, _amax), Math.Max(_dmax, _d1));
        double change = AccelerationFromRegister(acceleration) * ConfirmWindow.TotalSeconds;
        return Math.Max(16, (long)Math.Ceiling(change * (1 << 24) / _clockHz));
    }

    private static int SignExtend24(uint raw) => (int)((raw & 0xFF_FFFF) << 8) >> 8;

    private static bool Bit(uint value, int bit) => ((value >> bit) & 1) != 0;
}

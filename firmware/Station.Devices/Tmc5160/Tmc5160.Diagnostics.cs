using System.Globalization;
using UnitsNet;

namespace Station.Devices.Tmc5160;

/// <summary>Reference switches, StallGuard2, and the status registers (GSTAT, RAMP_STAT, DRV_STATUS, IOIN).</summary>
public sealed partial class Tmc5160
{
    /// <summary>Largest TCOOLTHRS/TSTEP value (20 bits).</summary>
    public const uint MaxTStep = (1u << 20) - 1;

    /// <summary>Writes SW_MODE: reference switch stops, polarities, XLATCH triggers, stop on stall, soft stop.</summary>
    public void ConfigureSwitches(Tmc5160SwitchConfiguration configuration) =>
        WriteRegister(Tmc5160Register.SwMode, configuration.ToRegister());

    /// <summary>Reads SW_MODE back.</summary>
    public Tmc5160SwitchConfiguration ReadSwitchConfiguration() =>
        Tmc5160SwitchConfiguration.FromRegister(ReadRegister(Tmc5160Register.SwMode));

    /// <summary>XLATCH: XACTUAL as the chip latched it on the last switch edge enabled in SW_MODE.</summary>
    public int ReadLatchedPosition() => unchecked((int)ReadRegister(Tmc5160Register.XLatch));

    /// <summary>IOIN: the levels on REFL/REFR and DRV_ENN, and the silicon version.</summary>
    public Tmc5160Inputs ReadInputs() => new(ReadRegister(Tmc5160Register.IoIn));

    /// <summary>TSTEP: time between two 1/256 microsteps in clock periods (2^20 − 1 at standstill).</summary>
    public uint ReadTStep() => ReadRegister(Tmc5160Register.TStep);

    /// <summary>
    /// Configures StallGuard2: COOLCONF.SGT (threshold) and .sfilt, and TCOOLTHRS from the lowest motor speed at
    /// which stall detection (and stop on stall, when enabled in SW_MODE) is armed. CoolStep stays off (SEMIN = 0).
    /// </summary>
    public void ConfigureStallGuard(Tmc5160StallGuardSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        uint coolConf = ((uint)(settings.Threshold & 0x7F) << 16) | (settings.Filter ? 1u << 24 : 0);
        uint tcoolthrs = TStepFor(settings.MinimumSpeed);
        WriteRegister(Tmc5160Register.CoolConf, coolConf);
        WriteRegister(Tmc5160Register.TCoolThrs, tcoolthrs);
    }

    /// <summary>
    /// The TSTEP value at a motor speed: fCLK / (microsteps/s · 256 / MRES), clamped to 20 bits. StallGuard2
    /// is armed while TSTEP ≤ TCOOLTHRS, i.e. while the motor turns at least this fast.
    /// </summary>
    public uint TStepFor(RotationalSpeed speed)
    {
        double microstepsPerSecond = Math.Abs(speed.RevolutionsPerSecond) * MicrostepsPerRevolution;
        if (!double.IsFinite(microstepsPerSecond))
        {
            throw new ArgumentOutOfRangeException(nameof(speed), speed, $"{Name}: the speed must be finite.");
        }

        if (microstepsPerSecond == 0)
        {
            return MaxTStep;
        }

        double tstep = _clockHz * MicrostepsPerFullStep / (256.0 * microstepsPerSecond);
        return tstep >= MaxTStep ? MaxTStep : (uint)Math.Floor(tstep);
    }

    /// <summary>Reads RAMP_STAT. Event bits stay set until <see cref="ClearRampEvents"/>.</summary>
    public Tmc5160RampStatus ReadRampStatus() => (Tmc5160RampStatus)ReadRegister(Tmc5160Register.RampStat);

    /// <summary>
    /// Clears the given RAMP_STAT bits (write 1 to clear: status_latch_l/r, event_stop_sg, event_pos_reached,
    /// second_move). Clearing event_stop_sg releases a motor stopped by StallGuard.
    /// </summary>
    public void ClearRampEvents(Tmc5160RampStatus events) => WriteRegister(Tmc5160Register.RampStat, (uint)events);

    /// <summary>Reads GSTAT.</summary>
    public Tmc5160GlobalStatus ReadGlobalStatus() => (Tmc5160GlobalStatus)(ReadRegister(Tmc5160Register.GStat) & 0x7);

    /// <summary>Clears the given GSTAT bits (write 1 to clear; drv_err and uv_cp only clear once their cause is gone).</summary>
    public void ClearGlobalStatus(Tmc5160GlobalStatus flags) => WriteRegister(Tmc5160Register.GStat, (uint)flags);

    /// <summary>Reads DRV_STATUS.</summary>
    public Tmc5160DriverStatus ReadDriverStatus() => new(ReadRegister(Tmc5160Register.DrvStatus));

    /// <summary>GSTAT and DRV_STATUS together: what a supervisor checks.</summary>
    public Tmc5160Health ReadHealth() => new(ReadGlobalStatus(), ReadDriverStatus());
}

/// <summary>Decoded IOIN (0x04).</summary>
public readonly record struct Tmc5160Inputs(uint Raw)
{
    /// <summary>Electrical level on REFL (true = high).</summary>
    public bool ReferenceLeftHigh => (Raw & 1) != 0;

    /// <summary>Electrical level on REFR (true = high).</summary>
    public bool ReferenceRightHigh => (Raw & 2) != 0;

    /// <summary>DRV_ENN is high: the driver stage is disabled by the enable pin.</summary>
    public bool DriverDisabledByPin => (Raw & (1u << 4)) != 0;

    /// <summary>Silicon version (0x30).</summary>
    public byte Version => (byte)(Raw >> 24);
}

/// <summary>StallGuard2 settings for <see cref="Tmc5160.ConfigureStallGuard"/>.</summary>
/// <param name="Threshold">COOLCONF.SGT, −64…63: higher is less sensitive (needs more load to signal a stall); 0 suits most motors.</param>
/// <param name="MinimumSpeed">Lowest motor speed at which stall detection is armed (sets TCOOLTHRS); StallGuard2 is unreliable slower.</param>
/// <param name="Filter">COOLCONF.sfilt: average over four full steps (smoother, slower).</param>
public sealed record Tmc5160StallGuardSettings(int Threshold, RotationalSpeed MinimumSpeed, bool Filter = false)
{
    /// <summary>Throws <see cref="ArgumentException"/> naming the field out of range.</summary>
    public void Validate()
    {
        if (Threshold is < -64 or > 63)
        {
            throw new ArgumentException($"StallGuard threshold (SGT) is {Threshold}; expected −64…63.");
        }

        if (!double.IsFinite(MinimumSpeed.RevolutionsPerSecond) || MinimumSpeed.RevolutionsPerSecond <= 0)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"StallGuard minimum speed is {MinimumSpeed.RevolutionsPerSecond} rev/s; expected a finite positive speed."));
        }
    }
}

/// <summary>GSTAT and DRV_STATUS read together.</summary>
public readonly record struct Tmc5160Health(Tmc5160GlobalStatus Global, Tmc5160DriverStatus Driver)
{
    /// <summary>The chip was reset since GSTAT was cleared: every register is back at its default.</summary>
    public bool WasReset => (Global & Tmc5160GlobalStatus.Reset) != 0;

    /// <summary>The driver stage is (or was) shut down or starved: drv_err, uv_cp, or a shutdown condition in DRV_STATUS.</summary>
    public bool IsFaulted =>
        (Global & (Tmc5160GlobalStatus.DriverError | Tmc5160GlobalStatus.ChargePumpUndervoltage)) != 0 || Driver.HasError;

    /// <summary>A one-line description such as "reset, drv_err (ot, s2ga)".</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        if (WasReset)
        {
            parts.Add("reset");
        }

        if ((Global & Tmc5160GlobalStatus.DriverError) != 0)
        {
            parts.Add("drv_err");
        }

        if ((Global & Tmc5160GlobalStatus.ChargePumpUndervoltage) != 0)
        {
            parts.Add("uv_cp");
        }

        if (Driver.Errors != Tmc5160DriverErrors.None)
        {
            parts.Add(Driver.DescribeErrors());
        }

        if (Driver.Stalled)
        {
            parts.Add("stallGuard");
        }

        return parts.Count == 0 ? "ok" : string.Join(", ", parts);
    }
}

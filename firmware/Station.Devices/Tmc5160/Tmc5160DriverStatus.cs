namespace Station.Devices.Tmc5160;

/// <summary>Driver-stage error and warning flags of DRV_STATUS.</summary>
[Flags]
public enum Tmc5160DriverErrors
{
    None = 0,

    /// <summary>ot: overtemperature shutdown (the driver is off until it cools below the pre-warning level).</summary>
    Overtemperature = 1 << 0,

    /// <summary>otpw: overtemperature pre-warning (no shutdown yet).</summary>
    OvertemperatureWarning = 1 << 1,

    /// <summary>s2ga: short to ground on phase A (driver off until disabled and re-enabled).</summary>
    ShortToGroundA = 1 << 2,

    /// <summary>s2gb: short to ground on phase B.</summary>
    ShortToGroundB = 1 << 3,

    /// <summary>s2vsa: short to supply (low-side short) on phase A.</summary>
    ShortToSupplyA = 1 << 4,

    /// <summary>s2vsb: short to supply on phase B.</summary>
    ShortToSupplyB = 1 << 5,

    /// <summary>ola: open load on phase A (diagnostic while moving; no shutdown).</summary>
    OpenLoadA = 1 << 6,

    /// <summary>olb: open load on phase B.</summary>
    OpenLoadB = 1 << 7,
}

/// <summary>Decoded DRV_STATUS (0x6F).</summary>
public readonly record struct Tmc5160DriverStatus(uint Raw)
{
    /// <summary>Errors that shut the driver stage down.</summary>
    public const Tmc5160DriverErrors ShutdownErrors =
        Tmc5160DriverErrors.Overtemperature | Tmc5160DriverErrors.ShortToGroundA | Tmc5160DriverErrors.ShortToGroundB
        | Tmc5160DriverErrors.ShortToSupplyA | Tmc5160DriverErrors.ShortToSupplyB;

    /// <summary>StallGuard2 load measurement (0 = highest load); meaningful only while moving in SpreadCycle.</summary>
    public int StallGuardResult => (int)(Raw & 0x3FF);

    /// <summary>Actual current scale (0–31).</summary>
    public int ActualCurrentScale => (int)((Raw >> 16) & 0x1F);

    /// <summary>StallGuard2 reports a stall (SG_RESULT reached 0 above the TCOOLTHRS speed).</summary>
    public bool Stalled => (Raw & (1u << 24)) != 0;

    /// <summary>Overtemperature shutdown.</summary>
    public bool Overtemperature => (Raw & (1u << 25)) != 0;

    /// <summary>Overtemperature pre-warning.</summary>
    public bool OvertemperatureWarning => (Raw & (1u << 26)) != 0;

    /// <summary>Short to ground on phase A or B.</summary>
    public bool ShortToGround => (Raw & (3u << 27)) != 0;

    /// <summary>Open load on phase A or B.</summary>
    public bool OpenLoad => (Raw & (3u << 29)) != 0;

    /// <summary>Short to supply on phase A or B.</summary>
    public bool ShortToSupply => (Raw & (3u << 12)) != 0;

    /// <summary>The driver runs in StealthChop (StallGuard2 is then not available).</summary>
    public bool StealthChop => (Raw & (1u << 14)) != 0;

    /// <summary>The motor stands still.</summary>
    public bool Standstill => (Raw & (1u << 31)) != 0;

    /// <summary>Every error and warning flag, per phase.</summary>
    public Tmc5160DriverErrors Errors =>
        (Overtemperature ? Tmc5160DriverErrors.Overtemperature : 0)
        | (OvertemperatureWarning ? Tmc5160DriverErrors.OvertemperatureWarning : 0)
        | ((Raw & (1u << 27)) != 0 ? Tmc5160DriverErrors.ShortToGroundA : 0)
        | ((Raw & (1u << 28)) != 0 ? Tmc5160DriverErrors.ShortToGroundB : 0)
        | ((Raw & (1u << 12)) != 0 ? Tmc5160DriverErrors.ShortToSupplyA : 0)
        | ((Raw & (1u << 13)) != 0 ? Tmc5160DriverErrors.ShortToSupplyB : 0)
        | ((Raw & (1u << 29)) != 0 ? Tmc5160DriverErrors.OpenLoadA : 0)
        | ((Raw & (1u << 30)) != 0 ? Tmc5160DriverErrors.OpenLoadB : 0);

    /// <summary>Any condition that stops the driver.</summary>
    public bool HasError => (Errors & ShutdownErrors) != 0;

    /// <summary>The datasheet names of the set error flags, e.g. "ot, s2ga" ("none" when clear).</summary>
    public string DescribeErrors()
    {
        var errors = Errors;
        if (errors == Tmc5160DriverErrors.None)
        {
            return "none";
        }

        var names = new List<string>(8);
        void Add(Tmc5160DriverErrors flag, string name)
        {
            if ((errors & flag) != 0)
            {
                names.Add(name);
            }
        }

        Add(Tmc5160DriverErrors.Overtemperature, "ot");
        Add(Tmc5160DriverErrors.OvertemperatureWarning, "otpw");
        Add(Tmc5160DriverErrors.ShortToGroundA, "s2ga");
        Add(Tmc5160DriverErrors.ShortToGroundB, "s2gb");
        Add(Tmc5160DriverErrors.ShortToSupplyA, "s2vsa");
        Add(Tmc5160DriverErrors.ShortToSupplyB, "s2vsb");
        Add(Tmc5160DriverErrors.OpenLoadA, "ola");
        Add(Tmc5160DriverErrors.OpenLoadB, "olb");
        return string.Join(", ", names);
    }
}

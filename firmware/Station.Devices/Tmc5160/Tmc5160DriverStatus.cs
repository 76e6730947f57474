namespace Station.Devices.Tmc5160;

/// <summary>Decoded DRV_STATUS (0x6F).</summary>
public readonly record struct Tmc5160DriverStatus(uint Raw)
{
    /// <summary>StallGuard2 load measurement (0 = highest load); meaningful only while moving.</summary>
    public int StallGuardResult => (int)(Raw & 0x3FF);

    /// <summary>Actual current scale (0–31).</summary>
    public int ActualCurrentScale => (int)((Raw >> 16) & 0x1F);

    /// <summary>StallGuard2 reports a stall (load above the SGT threshold).</summary>
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

    /// <summary>The motor stands still.</summary>
    public bool Standstill => (Raw & (1u << 31)) != 0;

    /// <summary>Any condition that stops the driver.</summary>
    public bool HasError => Overtemperature || ShortToGround || ShortToSupply;
}

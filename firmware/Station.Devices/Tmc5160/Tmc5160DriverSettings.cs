namespace Station.Devices.Tmc5160;

/// <summary>Driver-stage settings for <see cref="Tmc5160.ConfigureDriver"/>.</summary>
/// <param name="RunCurrent">IRUN, 0–31 (fraction (IRUN+1)/32 of the sense-resistor full scale).</param>
/// <param name="HoldCurrent">IHOLD, 0–31.</param>
/// <param name="HoldDelay">IHOLDDELAY, 0–15.</param>
/// <param name="MicrostepsPerFullStep">Microstep resolution: a power of two from 1 to 256.</param>
/// <param name="StealthChop">Use StealthChop (quiet, weaker at speed) instead of SpreadCycle.</param>
public sealed record Tmc5160DriverSettings(int RunCurrent = 20, int HoldCurrent = 8, int HoldDelay = 6, int MicrostepsPerFullStep = 256, bool StealthChop = false)
{
    /// <summary>Throws <see cref="ArgumentException"/> naming the first field out of range.</summary>
    public void Validate()
    {
        if (RunCurrent is < 0 or > 31)
        {
            throw new ArgumentException($"RunCurrent (IRUN) is {RunCurrent}; expected 0–31.");
        }

        if (HoldCurrent is < 0 or > 31)
        {
            throw new ArgumentException($"HoldCurrent (IHOLD) is {HoldCurrent}; expected 0–31.");
        }

        if (HoldDelay is < 0 or > 15)
        {
            throw new ArgumentException($"HoldDelay (IHOLDDELAY) is {HoldDelay}; expected 0–15.");
        }

        if (MicrostepsPerFullStep is < 1 or > 256 || !System.Numerics.BitOperations.IsPow2(MicrostepsPerFullStep))
        {
            throw new ArgumentException($"MicrostepsPerFullStep is {MicrostepsPerFullStep}; expected a power of two from 1 to 256.");
        }
    }
}

using Station.Emulator;
using Station.Core.Pointing;
using Station.Emulator.World;
using UnitsNet;

namespace Station.Emulator.Truth;

/// <summary>
/// The mechanical truth of the emulated mount a pass is flown on, drawn from a seed: every basic TPOINT term
/// gets tens of arcseconds (15–60″, random sign), and both drive trains have backlash and a torsional
/// resonance. The firmware never sees these values; it has to find the pointing errors by calibration.
/// </summary>
public static class EmulatedMountTruth
{
    /// <summary>Backlash of each drive train, arcsec.</summary>
    public const double BacklashArcsec = 8;

    /// <summary>Torsional resonance of each drive train, Hz.</summary>
    public const double ResonanceHz = 12;

    public static EmulatedMountGeometry FromSeed(int seed)
    {
        var random = new Random(seed);
        var errors = new Dictionary<PointingTerm, Angle>();
        foreach (var term in PointingTerms.Basic)
        {
            double magnitude = 15 + (45 * random.NextDouble());
            errors[term] = Angle.FromArcseconds(random.Next(2) == 0 ? -magnitude : magnitude);
        }

        var mechanics = new AxisMechanics(BacklashArcsec, ResonanceHz, DampingRatio: 0.3);
        return new EmulatedMountGeometry(Azimuth: mechanics, Elevation: mechanics, PointingErrors: errors);
    }
}

using System.Globalization;
using UnitsNet;

namespace Station.Core.Orbits;

/// <summary>Air temperature and pressure for refraction (skyfield's Bennett form, see <see cref="Refraction"/>).</summary>
/// <param name="TemperatureC">Air temperature, °C.</param>
/// <param name="PressureMbar">Air pressure, mbar (hPa).</param>
public readonly record struct AtmosphereConditions(double TemperatureC, double PressureMbar);

/// <summary>How a pass search is run.</summary>
public sealed record PassSearchOptions
{
    /// <summary>Elevation mask, degrees: geometric, or apparent (seen through the air) when <see cref="Refraction"/> is set.</summary>
    public double MinElevationDeg { get; init; } = 10.0;

    /// <summary>
    /// Air for refraction, or null for geometric elevations. With refraction the mask and the reported maximum
    /// elevation are apparent; AOS/LOS are where the geometric elevation equals mask − R(mask), as skyfield does.
    /// </summary>
    public AtmosphereConditions? Refraction { get; init; }

    /// <summary>The station counts as dark while the Sun's geometric elevation is below this, degrees (−12: nautical dusk).</summary>
    public double DarkSunElevationDeg { get; init; } = -12.0;

    /// <summary>
    /// Every pass whose peak reaches mask + this margin (degrees) is found, by construction of the scan step
    /// (see <see cref="PassFinder"/>); lower, grazing passes are found when the coarse samples come within 1.5 margins
    /// of the mask. Smaller margins mean smaller steps and a slower search.
    /// </summary>
    public double DetectionMarginDeg { get; init; } = 0.5;

    /// <summary>AOS, TCA and LOS are refined until known to this many seconds.</summary>
    public double TimeToleranceSeconds { get; init; } = 0.005;

    /// <summary>Earth orientation held constant over the window (UT1 − UTC, polar motion); zero means UT1 = UTC.</summary>
    /// <remarks>UT1 − UTC drifts by ~2 ms a day, which moves AOS/LOS by about as much; a leap second inside the window is not followed.</remarks>
    public EarthOrientationParameters EarthOrientation { get; init; }

    /// <summary>Threads for a catalogue search: 1 runs on the caller's thread, -1 uses every core.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    /// <summary>Checks every value; the message says which one is wrong and what is allowed.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        Check(MinElevationDeg, -10.0, 89.0, nameof(MinElevationDeg));
        Check(DarkSunElevationDeg, -90.0, 90.0, nameof(DarkSunElevationDeg));
        Check(DetectionMarginDeg, 0.01, 5.0, nameof(DetectionMarginDeg));
        Check(TimeToleranceSeconds, 1e-5, 10.0, nameof(TimeToleranceSeconds));
        if (Refraction is { } air)
        {
            Check(air.TemperatureC, -80.0, 60.0, "Refraction.TemperatureC");
            Check(air.PressureMbar, 0.0, 1200.0, "Refraction.PressureMbar");
        }

        if (MaxDegreeOfParallelism is 0 or < -1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism), MaxDegreeOfParallelism,
                "MaxDegreeOfParallelism must be -1 (every core) or at least 1.");
        }
    }

    /// <summary>The geometric elevation (deg) that AOS/LOS are found at: the mask, less the refraction at the mask when refraction is on.</summary>
    public double GeometricThresholdDeg => Refraction is { } air
        ? MinElevationDeg - Orbits.Refraction.BennettDeg(MinElevationDeg, air.TemperatureC, air.PressureMbar)
        : MinElevationDeg;

    private static void Check(double value, double min, double max, string name)
    {
        if (!double.IsFinite(value) || value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(name, value,
                string.Create(CultureInfo.InvariantCulture, $"{name} must be within {min}..{max}."));
        }
    }
}

/// <summary>What is special about a pass.</summary>
[Flags]
public enum PassStatus
{
    /// <summary>An ordinary pass: AOS and LOS inside the window.</summary>
    None = 0,

    /// <summary>Already above the mask at the window start: no AOS.</summary>
    InProgressAtStart = 1,

    /// <summary>Still above the mask at the window end (or when SGP4 failed): no LOS.</summary>
    InProgressAtEnd = 2,

    /// <summary>The highest elevation in the window is at a window edge, not a culmination.</summary>
    MaxAtWindowEdge = 4,

    /// <summary>The search ended early because SGP4 failed (see <see cref="SatellitePasses.Error"/>).</summary>
    EndedBySgp4Error = 8,
}

/// <summary>One pass of a satellite over a station.</summary>
/// <remarks>
/// Darkness and sunlight are judged at TCA: the highest point is where a link is best and the pass is most
/// likely to be used; for an hours-long deep-space pass they describe that instant only.
/// </remarks>
public sealed record SatellitePass
{
    public required int CatalogNumber { get; init; }

    public required string Name { get; init; }

    /// <summary>Acquisition of signal (rising through the mask), or null when the pass is in progress at the window start.</summary>
    public DateTime? AosUtc { get; init; }

    /// <summary>Time of the highest elevation in the pass (within the window).</summary>
    public required DateTime TcaUtc { get; init; }

    /// <summary>Loss of signal (setting through the mask), or null when the pass is still in progress at the window end.</summary>
    public DateTime? LosUtc { get; init; }

    /// <summary>Look angles at AOS (geometric elevation), or null without AOS.</summary>
    public LookAngles? Aos { get; init; }

    /// <summary>Look angles at TCA (geometric elevation).</summary>
    public required LookAngles Tca { get; init; }

    /// <summary>Look angles at LOS (geometric elevation), or null without LOS.</summary>
    public LookAngles? Los { get; init; }

    /// <summary>Highest elevation, degrees: apparent when the search used refraction, else geometric.</summary>
    public required double MaxElevationDeg { get; init; }

    /// <summary><see cref="MaxElevationDeg"/> as an angle.</summary>
    public Angle MaxElevation => Angle.FromDegrees(MaxElevationDeg);

    /// <summary>Every culmination (local maximum of elevation) found inside the pass, in time order.</summary>
    public IReadOnlyList<DateTime> CulminationsUtc { get; init; } = [];

    /// <summary>Geometric elevation of the Sun at the station at TCA, degrees.</summary>
    public required double SunElevationAtTcaDeg { get; init; }

    /// <summary>True when the Sun is below the search's dark limit at TCA.</summary>
    public required bool StationDark { get; init; }

    /// <summary>True when the satellite is in sunlight at TCA (Sun centre above the Earth's limb, as skyfield's is_sunlit).</summary>
    public required bool SatelliteSunlit { get; init; }

    public PassStatus Status { get; init; }

    /// <summary>Start of the pass clipped to the window: AOS, or the window start.</summary>
    public required DateTime StartUtc { get; init; }

    /// <summary>End of the pass clipped to the window: LOS, or the window end (or the last good SGP4 instant).</summary>
    public required DateTime EndUtc { get; init; }

    /// <summary>Time above the mask inside the window.</summary>
    public TimeSpan Duration => EndUtc - StartUtc;
}

/// <summary>Why a satellite was not searched at all.</summary>
public enum PassSkipReason
{
    /// <summary>Searched.</summary>
    None,

    /// <summary>The orbit never comes far enough north or south: the station's latitude exceeds the inclination plus the visibility cone.</summary>
    InclinationTooLow,

    /// <summary>Even the apogee is too low to clear the mask anywhere.</summary>
    OrbitTooLow,

    /// <summary>SGP4 already fails at the window start.</summary>
    Sgp4ErrorAtStart,
}

/// <summary>The passes of one satellite over one station in one window, and how the search ended.</summary>
public sealed record SatellitePasses
{
    public required int CatalogNumber { get; init; }

    public required string Name { get; init; }

    public required IReadOnlyList<SatellitePass> Passes { get; init; }

    /// <summary>The SGP4 error that ended the search early, or <see cref="Sgp4Error.None"/>.</summary>
    public Sgp4Error Error { get; init; }

    /// <summary>When <see cref="Error"/> is set: the last instant (to the time tolerance) SGP4 still propagated.</summary>
    public DateTime? LastGoodUtc { get; init; }

    public PassSkipReason Skipped { get; init; }

    /// <summary>Elevation evaluations the search made (for tuning and benchmarks).</summary>
    public int Evaluations { get; init; }
}

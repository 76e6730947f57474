using Station.Core.Pointing;
using UnitsNet;

namespace Station.Core.Safety;

/// <summary>A configured az/el box the uplink laser must never fire into (e.g. an airport approach, a building).</summary>
/// <param name="Name">For refusals and the log.</param>
/// <param name="AzimuthFrom">Sky azimuth where the zone starts, 0°…360°.</param>
/// <param name="AzimuthWidth">Clockwise extent from <paramref name="AzimuthFrom"/>, over 0° up to 360° (may cross north).</param>
/// <param name="ElevationMin">Lowest elevation of the zone (inclusive).</param>
/// <param name="ElevationMax">Highest elevation of the zone (inclusive).</param>
public sealed record NoFireZone(string Name, Angle AzimuthFrom, Angle AzimuthWidth, Angle ElevationMin, Angle ElevationMax);

/// <summary>The slots of one filter wheel, by name in slot order, and those approved for daylight work.</summary>
/// <param name="Name">The wheel's name, e.g. "spectral" or "nd".</param>
/// <param name="Slots">Slot names in index order (the wheel service reports the index).</param>
/// <param name="DaylightApprovedSlots">
/// Slots that attenuate daylight enough for the detectors (e.g. "810/10nm", "ND4"); in daylight mode the detectors may
/// be gated on only while at least one wheel has one of these in the beam.
/// </param>
public sealed record FilterWheelSafety(string Name, IReadOnlyList<string> Slots, IReadOnlyList<string> DaylightApprovedSlots);

/// <summary>
/// How old each input may be before the supervisor treats it as lost. The control loop runs at 100 Hz, so inputs read
/// every tick get a few ticks of slack; the trip state arrives once per integration window (100 ms by default).
/// </summary>
public sealed record InputMaxAges
{
    public Duration MountPosition { get; init; } = Duration.FromMilliseconds(50);

    /// <summary>The sun moves 0.004°/s: a computed position may be a second old.</summary>
    public Duration Sun { get; init; } = Duration.FromSeconds(1);

    /// <summary>E-stop, hardware key and aircraft detector.</summary>
    public Duration Interlocks { get; init; } = Duration.FromMilliseconds(50);

    public Duration Watchdog { get; init; } = Duration.FromMilliseconds(100);

    public Duration Tracker { get; init; } = Duration.FromMilliseconds(100);

    public Duration FilterWheels { get; init; } = Duration.FromMilliseconds(100);

    /// <summary>Must exceed one integration window, or every channel would be forbidden between windows.</summary>
    public Duration TripState { get; init; } = Duration.FromMilliseconds(250);

    public Duration BrightLight { get; init; } = Duration.FromMilliseconds(50);

    public Duration CommandedTarget { get; init; } = Duration.FromMilliseconds(50);
}

/// <summary>The safety configuration as an operator writes it (UnitsNet quantities). Compile it with <see cref="SafetyConfiguration.Create"/>.</summary>
public sealed record SafetyOptions
{
    /// <summary>Detector channels in use (the gate/counter board has four).</summary>
    public int ChannelCount { get; init; } = 4;

    /// <summary>Travel limits and the sun-exclusion angle; the same cone guards the detectors and mount targets.</summary>
    public MountLimits MountLimits { get; init; } = new();

    /// <summary>
    /// Detectors are gated on at night only while the sun is below this elevation (unless daylight mode). −12°
    /// (nautical twilight) is a conservative choice, not a sourced number: sky background is still high at −6°.
    /// </summary>
    public Angle NightSunElevationMax { get; init; } = Angle.FromDegrees(-12);

    /// <summary>The uplink laser fires only at or above this elevation (low beams cross more airspace and ground).</summary>
    public Angle LaserElevationMask { get; init; } = Angle.FromDegrees(15);

    public IReadOnlyList<NoFireZone> NoFireZones { get; init; } = [];

    public IReadOnlyList<FilterWheelSafety> FilterWheels { get; init; } = [];

    public InputMaxAges MaxAges { get; init; } = new();

    /// <summary>How far into the future a sample's timestamp may lie (clocks of different readers) before it is refused.</summary>
    public Duration MaxClockSkew { get; init; } = Duration.FromMilliseconds(5);
}

using Station.Core.Orbits;
using Station.Core.Safety;
using Station.Emulator;
using Station.Emulator.World;
using UnitsNet;

namespace Station.Hil.Tests.Safety;

/// <summary>
/// A coarse light model for the daylight tests: the background each detector sees follows the true sun (elevation,
/// and its angle from the mount's true line of sight) and the spectral wheel's true slot. Daylight through any slot
/// but the narrow 810/10nm filter or "dark" (or between slots) is far above the SPADs' damage threshold, and so is
/// sunlight within <see cref="GlareConeDeg"/> of the optical axis whatever the filter; at night the sky is dark.
/// </summary>
internal sealed class DaylightOptics(EmulatedStation station, GroundStation site, IReadOnlyList<string> slotNames) : IWorldComponent
{
    /// <summary>Inside the supervisor's 30° cone, so the loop must have gated off before the glare arrives.</summary>
    public const double GlareConeDeg = 25;

    public static readonly Frequency NightSky = Frequency.FromHertz(100);
    public static readonly Frequency FilteredDaylight = Frequency.FromKilohertz(100);
    public static readonly Frequency OpenDaylight = Frequency.FromHertz(1e11);
    public static readonly Frequency SunGlare = Frequency.FromHertz(1e12);

    private DateTimeOffset _sunAt = DateTimeOffset.MinValue;
    private AzEl _sun;
    private double _lastRateHz = double.NaN;

    /// <summary>The sun as this model last computed it.</summary>
    public AzEl Sun => _sun;

    /// <summary>The background this model last set.</summary>
    public Frequency Background => Frequency.FromHertz(_lastRateHz);

    public void Advance(DateTimeOffset now)
    {
        if (now - _sunAt >= TimeSpan.FromSeconds(1))
        {
            var sun = Core.Orbits.Sun.Apparent(now.UtcDateTime, site);
            _sun = new AzEl(sun.AzimuthDeg, sun.ElevationDeg);
            _sunAt = now;
        }

        double rate = RateHz();
        if (rate != _lastRateHz)
        {
            _lastRateHz = rate;
            foreach (var channel in station.GateCounter.Channels)
            {
                channel.BackgroundRate = Frequency.FromHertz(rate);
            }
        }
    }

    private double RateHz()
    {
        if (_sun.ElevationDeg < -12)
        {
            return NightSky.Hertz;
        }

        var (az, el) = station.TrueLineOfSight();
        if (SafetySupervisor.CosSeparation(new AzEl(az, el), _sun) > Math.Cos(GlareConeDeg * Math.PI / 180))
        {
            return SunGlare.Hertz;
        }

        int? slot = station.SpectralFilterWheel.SlotInBeam;
        return slot is { } s && slotNames[s] == "dark" ? 0
            : slot is { } f && slotNames[f] == "810/10nm" ? FilteredDaylight.Hertz
            : OpenDaylight.Hertz;
    }
}

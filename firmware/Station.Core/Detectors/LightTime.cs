using Station.Core.Orbits;

namespace Station.Core.Detectors;

/// <summary>
/// One-way downlink light time from an SGP4 satellite to a ground station, solved in SGP4's TEME frame (inertial to
/// far better than a picosecond over the few milliseconds of flight): the satellite where it was at emission, the
/// station where the Earth's rotation has carried it at reception. Using the topocentric range at one instant instead
/// errs by up to ṙ·τ (≈ 100 ns for a LEO pass) plus the Sagnac term (a few ns). Vacuum only: the atmosphere's group
/// delay (metres at zenith) and the instrument delays belong to calibration.
/// </summary>
public static class LightTime
{
    public const double SpeedOfLightMPerS = 299_792_458.0;

    private const double SpeedOfLightKmPerS = SpeedOfLightMPerS / 1000;

    /// <summary>
    /// Light time (s) of a photon the satellite emits at <paramref name="emissionUtc"/>; false when SGP4 fails.
    /// The gate planner wants this form: the source's pulse clock counts emission times.
    /// </summary>
    public static bool TryForEmission(Sgp4Propagator satellite, GroundStation station, JulianDate emissionUtc, in EarthOrientationParameters eop, out double seconds)
    {
        ArgumentNullException.ThrowIfNull(satellite);
        ArgumentNullException.ThrowIfNull(station);
        seconds = double.NaN;
        Sgp4Result s = satellite.PropagateToJulianDate(emissionUtc.Whole, emissionUtc.Fraction);
        if (!s.IsSuccess)
        {
            return false;
        }

        var sat = new Vec3(s.XKm, s.YKm, s.ZKm);
        double tau = 0;
        for (int i = 0; i < 6; i++)
        {
            // Each pass shrinks the error by about the station's speed over c (~1.5e-6): three suffice, six are cheap.
            double next = (sat - StationTeme(station, emissionUtc.AddSeconds(tau), eop)).Norm / SpeedOfLightKmPerS;
            bool converged = Math.Abs(next - tau) < 1e-15;
            tau = next;
            if (converged)
            {
                break;
            }
        }

        seconds = tau;
        return true;
    }

    /// <summary>Light time (s) of a photon the station receives at <paramref name="receptionUtc"/>; false when SGP4 fails.</summary>
    public static bool TryForReception(Sgp4Propagator satellite, GroundStation station, JulianDate receptionUtc, in EarthOrientationParameters eop, out double seconds)
    {
        ArgumentNullException.ThrowIfNull(satellite);
        ArgumentNullException.ThrowIfNull(station);
        seconds = double.NaN;
        Vec3 ground = StationTeme(station, receptionUtc, eop);
        double tau = 0;
        for (int i = 0; i < 6; i++)
        {
            JulianDate emission = receptionUtc.AddSeconds(-tau);
            Sgp4Result s = satellite.PropagateToJulianDate(emission.Whole, emission.Fraction);
            if (!s.IsSuccess)
            {
                return false;
            }

            // Each pass shrinks the error by the satellite's speed over c (~2.5e-5).
            double next = (new Vec3(s.XKm, s.YKm, s.ZKm) - ground).Norm / SpeedOfLightKmPerS;
            bool converged = Math.Abs(next - tau) < 1e-15;
            tau = next;
            if (converged)
            {
                break;
            }
        }

        seconds = tau;
        return true;
    }

    /// <summary>The station's position in TEME at a UTC instant (km): ITRF → PEF (polar motion) → rotate by −GMST.</summary>
    public static Vec3 StationTeme(GroundStation station, JulianDate utc, in EarthOrientationParameters eop)
    {
        ArgumentNullException.ThrowIfNull(station);
        double gmst = SiderealTime.Gmst82(utc.AddSeconds(eop.Ut1MinusUtcSeconds));
        return TemeToItrf.RotateZ(TemeToItrf.ItrfToPef(station.PositionItrfKm, eop), -gmst);
    }
}

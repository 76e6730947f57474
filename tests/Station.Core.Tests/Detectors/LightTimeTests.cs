using Station.Core.Detectors;
using Station.Core.Orbits;

namespace Station.Core.Tests.Detectors;

public sealed class LightTimeTests
{
    private static readonly IssPass Pass = IssPass.Instance;

    [Fact]
    public void The_pass_goes_nearly_overhead()
    {
        var s = Pass.Satellite.PropagateToUtc(Pass.Culmination);
        var look = Topocentric.Look(new Vec3(s.XKm, s.YKm, s.ZKm), new Vec3(s.VxKmPerS, s.VyKmPerS, s.VzKmPerS), Pass.Culmination, Pass.Station);
        Assert.True(look.ElevationDeg > 89, $"{look.ElevationDeg}°");
        Assert.InRange(look.RangeKm, 380, 440);
    }

    [Fact]
    public void Emission_and_reception_forms_describe_the_same_photons()
    {
        for (double t = 0; t <= 2 * IssPass.HalfSpanS; t += 7.3)
        {
            double tauE = Pass.LightTimeForEmission(t);
            Assert.True(LightTime.TryForReception(Pass.Satellite, Pass.Station, Pass.Start.AddSeconds(t + tauE), EarthOrientationParameters.Zero, out double tauR));
            Assert.True(Math.Abs(tauR - tauE) < 1e-12, $"t = {t} s: emission form {tauE:R} s, reception form {tauR:R} s");
        }
    }

    [Fact]
    public void The_light_time_is_the_range_over_c_corrected_for_the_satellites_motion_during_the_flight()
    {
        double worstNaive = 0, worstCorrected = 0;
        for (double t = 0; t <= 2 * IssPass.HalfSpanS; t += 3.1)
        {
            JulianDate reception = Pass.Start.AddSeconds(t);
            Assert.True(LightTime.TryForReception(Pass.Satellite, Pass.Station, reception, EarthOrientationParameters.Zero, out double tau));
            DateTime utc = reception.ToDateTime();
            var s = Pass.Satellite.PropagateToUtc(utc);
            var look = Topocentric.Look(new Vec3(s.XKm, s.YKm, s.ZKm), new Vec3(s.VxKmPerS, s.VyKmPerS, s.VzKmPerS), utc, Pass.Station);
            double rangeS = look.RangeKm * 1000 / LightTime.SpeedOfLightMPerS;
            // The photon left where the satellite was τ earlier: range − ṙ·τ to first order.
            double corrected = (look.RangeKm - (look.RangeRateKmPerS * tau)) * 1000 / LightTime.SpeedOfLightMPerS;
            worstNaive = Math.Max(worstNaive, Math.Abs(tau - rangeS));
            worstCorrected = Math.Max(worstCorrected, Math.Abs(tau - corrected));
        }

        Assert.True(worstNaive > 50e-9, $"range/c alone errs by {worstNaive * 1e9:0.#} ns");
        Assert.True(worstCorrected < 10e-9, $"the rest (Sagnac, second order) is {worstCorrected * 1e9:0.##} ns"); // ≈ ωR·d/c² for a few-hundred-km chord
    }
}

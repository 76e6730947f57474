using Station.Core.Pointing;
using UnitsNet;

namespace Station.Core.Tests.Pointing;

public sealed class PointingModelTests
{
    private const double ArcsecRad = Math.PI / 180 / 3600;

    private static readonly Dictionary<PointingTerm, Angle> Truth = new()
    {
        [PointingTerm.IA] = Angle.FromArcseconds(-45),
        [PointingTerm.IE] = Angle.FromArcseconds(30),
        [PointingTerm.CA] = Angle.FromArcseconds(20),
        [PointingTerm.NPAE] = Angle.FromArcseconds(-15),
        [PointingTerm.AN] = Angle.FromArcseconds(25),
        [PointingTerm.AW] = Angle.FromArcseconds(-35),
        [PointingTerm.TF] = Angle.FromArcseconds(12),
    };

    [Fact]
    public void A_fit_recovers_every_injected_term_within_three_sigma_and_the_noise_floor()
    {
        var truth = new PointingModel(Truth);
        var observations = Observe(truth, count: 60, noiseArcsec: 1.0, seed: 7);

        var fit = PointingModelFit.Fit(observations);

        Assert.Empty(fit.DegenerateTerms);
        foreach (var term in fit.Terms)
        {
            double error = Math.Abs(term.Value.Arcseconds - Truth[term.Term].Arcseconds);
            Assert.True(error <= 3 * term.Uncertainty!.Value.Arcseconds, $"{term.Term}: fitted {term.Value.Arcseconds:0.00}\" ± {term.Uncertainty.Value.Arcseconds:0.00}\", truth {Truth[term.Term].Arcseconds}\"");
            Assert.InRange(term.Uncertainty!.Value.Arcseconds, 0.05, 5); // IA, CA and NPAE correlate strongly
        }

        Assert.True(fit.RmsBefore.Arcseconds > 30, $"before {fit.RmsBefore.Arcseconds}");
        Assert.InRange(fit.RmsAfter.Arcseconds, 0.8, 1.6); // radial RMS of 1″-per-axis noise ≈ √2″
    }

    [Fact]
    public void Sky_to_mount_and_back_round_trips_to_a_microarcsecond()
    {
        var model = new PointingModel(Truth);
        var random = new Random(3);
        for (int i = 0; i < 1000; i++)
        {
            double az = random.NextDouble() * 2 * Math.PI, el = random.NextDouble() * 1.5;
            var (mountAz, mountEl) = model.SkyToMount(az, el);
            var (skyAz, skyEl) = model.MountToSky(mountAz, mountEl);
            Assert.InRange(Math.Abs(skyAz - az) / ArcsecRad, 0, 1e-6);
            Assert.InRange(Math.Abs(skyEl - el) / ArcsecRad, 0, 1e-6);
        }
    }

    [Fact]
    public void The_corrections_follow_the_TPOINT_formulas()
    {
        var model = new PointingModel(new Dictionary<PointingTerm, Angle> { [PointingTerm.AN] = Angle.FromArcseconds(10) });
        double az = 30 * Math.PI / 180, el = 45 * Math.PI / 180;
        var (dA, dE) = model.Correction(az, el);
        Assert.Equal(-10 * Math.Sin(az) * Math.Tan(el), dA / ArcsecRad, 9);
        Assert.Equal(-10 * Math.Cos(az), dE / ArcsecRad, 9);
        Assert.Equal(Angle.Zero, model[PointingTerm.TF]);
    }

    [Fact]
    public void Terms_the_sky_coverage_cannot_separate_are_reported_degenerate()
    {
        var truth = new PointingModel(Truth);
        // Every star at the same elevation: IA, CA and NPAE all shift azimuth by the same constant.
        var observations = Enumerable.Range(0, 20)
            .Select(i => Observe(truth, i * 18 * Math.PI / 180, 40 * Math.PI / 180))
            .ToList();

        var fit = PointingModelFit.Fit(observations);

        Assert.NotEmpty(fit.DegenerateTerms);
        Assert.All(fit.DegenerateTerms, t => Assert.Contains(t, new[] { PointingTerm.CA, PointingTerm.NPAE, PointingTerm.TF }));
        Assert.InRange(fit.RmsAfter.Arcseconds, 0, 1e-6); // the combination is still fitted exactly
    }

    [Fact]
    public void Too_few_observations_are_refused_with_the_count_needed()
    {
        var truth = new PointingModel(Truth);
        var observations = Observe(truth, count: 3, noiseArcsec: 0, seed: 1);
        var error = Assert.Throws<ArgumentException>(() => PointingModelFit.Fit(observations));
        Assert.Contains("3 observations give 6 residuals; fitting 7 terms needs at least 4 observations", error.Message, StringComparison.Ordinal);
    }

    private static List<PointingObservation> Observe(PointingModel truth, int count, double noiseArcsec, int seed)
    {
        var random = new Random(seed);
        var list = new List<PointingObservation>();
        for (int i = 0; i < count; i++)
        {
            double az = random.NextDouble() * 2 * Math.PI;
            double el = Math.Asin(Math.Sin(15 * Math.PI / 180) + (random.NextDouble() * (Math.Sin(85 * Math.PI / 180) - Math.Sin(15 * Math.PI / 180))));
            var o = Observe(truth, az, el);
            list.Add(o with
            {
                MountAzimuthRad = o.MountAzimuthRad + (Gaussian(random) * noiseArcsec * ArcsecRad / Math.Cos(el)),
                MountElevationRad = o.MountElevationRad + (Gaussian(random) * noiseArcsec * ArcsecRad),
            });
        }

        return list;
    }

    private static PointingObservation Observe(PointingModel truth, double az, double el)
    {
        var (mountAz, mountEl) = truth.SkyToMount(az, el);
        return new PointingObservation(az, el, mountAz, mountEl);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}

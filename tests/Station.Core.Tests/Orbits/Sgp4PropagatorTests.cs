using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Station.Core.Orbits;
using Station.Tests.Shared;

namespace Station.Core.Tests.Orbits;

public sealed class Sgp4PropagatorTests
{
    private static readonly ElementSet Iss = TleParser.Parse(
        "1 25544U 98067A   26078.12958500  .00009105  00000+0  17698-3 0  9991",
        "2 25544  51.6344  25.6919 0006229 207.4819 152.5840 15.48370465557798");

    private static readonly ElementSet Vanguard = TleParser.Parse(
        "1 00005U 58002B   00179.78495062  .00000023  00000-0  28098-4 0  4753",
        "2 00005  34.2682 348.7242 1859667 331.7664  19.3264 10.82419157413667");

    [Fact]
    public void Propagating_to_a_utc_time_equals_propagating_by_minutes()
    {
        var p = new Sgp4Propagator(Vanguard);
        // python-sgp4's documented example: Vanguard 1 at 2000-06-29 12:50:19 UTC. Its legacy API subtracts
        // single-double Julian dates (~40 µs resolution), so agreement is to centimetres, not micrometres.
        Sgp4Result r = p.PropagateToUtc(new DateTime(2000, 6, 29, 12, 50, 19, DateTimeKind.Utc));
        Assert.Equal(Sgp4Error.None, r.Error);
        Assert.Equal(5576.056952, r.XKm, 1e-4);
        Assert.Equal(-3999.371134, r.YKm, 1e-4);
        Assert.Equal(-1521.957159, r.ZKm, 1e-4);
        Assert.Equal(4.772627, r.VxKmPerS, 1e-6);

        (double whole, double fraction) = JulianDate.FromUtc(new DateTime(2000, 6, 29, 12, 50, 19, DateTimeKind.Utc));
        Sgp4Result viaMinutes = p.Propagate(p.MinutesSinceEpoch(whole, fraction));
        Assert.Equal(r, viaMinutes);
        Assert.Equal(r, p.PropagateToJulianDate(whole, fraction));
    }

    [Fact]
    public void Epoch_propagation_reports_the_near_earth_state()
    {
        var p = new Sgp4Propagator(Iss);
        Assert.False(p.IsDeepSpace);
        Assert.Equal(Sgp4Error.None, p.InitializationError);
        Sgp4Result r = p.Propagate(0.0);
        double radius = Math.Sqrt((r.XKm * r.XKm) + (r.YKm * r.YKm) + (r.ZKm * r.ZKm));
        double speed = Math.Sqrt((r.VxKmPerS * r.VxKmPerS) + (r.VyKmPerS * r.VyKmPerS) + (r.VzKmPerS * r.VzKmPerS));
        Assert.InRange(radius, 6378.0 + 400.0, 6378.0 + 440.0);
        Assert.InRange(speed, 7.6, 7.7);
    }

    [Fact]
    public void Gravity_models_and_afspc_mode_are_selectable_and_differ_slightly()
    {
        Sgp4Result wgs72 = new Sgp4Propagator(Vanguard).Propagate(1440.0);
        Sgp4Result wgs84 = new Sgp4Propagator(Vanguard, Sgp4GravityModel.Wgs84).Propagate(1440.0);
        Sgp4Result wgs72Old = new Sgp4Propagator(Vanguard, Sgp4GravityModel.Wgs72Old).Propagate(1440.0);
        Sgp4Result afspc = new Sgp4Propagator(Vanguard, operationMode: Sgp4OperationMode.Afspc).Propagate(1440.0);

        Assert.InRange(Math.Abs(wgs84.XKm - wgs72.XKm), 1e-4, 10.0);
        Assert.InRange(Math.Abs(wgs72Old.XKm - wgs72.XKm), 1e-7, 10.0);
        // Near-earth orbits do not use sidereal time, so AFSPC mode changes nothing for Vanguard.
        Assert.Equal(wgs72, afspc);
    }

    [Fact]
    public void Afspc_mode_changes_a_resonant_deep_space_orbit_only_slightly()
    {
        ElementSet geo = TleParser.Parse(
            "1 28626U 05008A   06176.46683397 -.00000205  00000-0  10000-3 0  2190",
            "2 28626   0.0019 286.9433 0000335  13.7918  55.6504  1.00270176  4891");
        Sgp4Result improved = new Sgp4Propagator(geo).Propagate(1440.0);
        Sgp4Result afspc = new Sgp4Propagator(geo, operationMode: Sgp4OperationMode.Afspc).Propagate(1440.0);
        Assert.True(new Sgp4Propagator(geo).IsDeepSpace);
        Assert.InRange(Math.Abs(improved.XKm - afspc.XKm) + Math.Abs(improved.YKm - afspc.YKm), 0.0, 1.0);
    }

    [Fact]
    public void Invalid_elements_and_local_times_are_refused()
    {
        Assert.Throws<ArgumentNullException>(() => new Sgp4Propagator(null!));
        Assert.Throws<ArgumentException>(() => new Sgp4Propagator(Iss with { MeanMotionRevPerDay = 0.0 }));
        Assert.Throws<ArgumentException>(() => new Sgp4Propagator(Iss with { Eccentricity = 1.0 }));
        Assert.Throws<ArgumentException>(() => new Sgp4Propagator(Iss with { InclinationDeg = double.NaN }));
        Assert.Throws<ArgumentException>(() => new Sgp4Propagator(Iss).PropagateToUtc(new DateTime(2026, 3, 19, 0, 0, 0, DateTimeKind.Local)));
    }

    [Fact]
    public void Non_finite_time_is_an_error_not_nan()
    {
        Sgp4Result r = new Sgp4Propagator(Iss).Propagate(double.NaN);
        Assert.Equal(Sgp4Error.MeanElements, r.Error);
        Assert.Equal(0.0, r.XKm);
    }

    [Fact]
    public void Every_test_set_satellite_propagates_a_week_around_epoch_with_finite_results()
    {
        TleCatalog catalog = TleCatalog.Parse(File.ReadAllText(TestDataFiles.TestSet));
        foreach (ElementSet e in catalog.ElementSets)
        {
            var p = new Sgp4Propagator(e);
            for (double t = -5040.0; t <= 5040.0; t += 90.0)
            {
                Sgp4Result r = p.Propagate(t);
                Assert.True(AllFinite(r), $"{e.CatalogNumber} t={t}: {r}");
            }
        }
    }

    [Fact]
    public void Zero_allocations_per_propagation()
    {
        var near = new Sgp4Propagator(Iss);
        var deep = new Sgp4Propagator(TleParser.Parse(
            "1 08195U 75081A   06176.33215444  .00000099  00000-0  11873-3 0   813",
            "2 08195  64.1586 279.0717 6877146 264.7651  20.2257  2.00491383225656"));
        double sink = 0;
        for (int i = 0; i < 1000; i++)
        {
            sink += near.Propagate(i).XKm + deep.Propagate(i * 10.0).XKm; // the same calls once before measuring: steady state only
        }

        long allocated = Allocations.Fewest(() =>
        {
            for (int i = 0; i < 1000; i++)
            {
                sink += near.Propagate(i).XKm + deep.Propagate(i * 10.0).XKm;
            }
        });

        Assert.Equal(0, allocated);
        Assert.True(double.IsFinite(sink));
    }

    private static Gen<double> Uniform(double min, double max) =>
        Gen.Choose(0, 1_000_000).Select(k => min + ((max - min) * k / 1_000_000.0));

    // Valid-ish elements: any orbit a TLE can describe from LEO to beyond GEO, any angle, drag of either sign,
    // epochs over 80 years, ±70 days from epoch. Exact 0° and 180° inclination and zero eccentricity included.
    private static Arbitrary<(ElementSet Elements, double Minutes)> ValidishCases() =>
        (from meanMotion in Uniform(0.05, 17.0)
         from ecc in Gen.Frequency((1, Gen.Constant(0.0)), (8, Uniform(0.0, 0.99)))
         from incl in Gen.Frequency((1, Gen.Elements(0.0, 180.0, 63.4)), (8, Uniform(0.0, 180.0)))
         from raan in Uniform(0.0, 360.0)
         from argp in Uniform(0.0, 360.0)
         from m in Uniform(0.0, 360.0)
         from bstar in Uniform(-0.01, 0.01)
         from day in Gen.Choose(2436000, 2466000)
         from fraction in Uniform(0.0, 0.999999)
         from minutes in Uniform(-100_000.0, 100_000.0)
         select (new ElementSet
         {
             CatalogNumber = 99999,
             CatalogNumberText = "99999",
             EpochUtc = JulianDate.ToUtc(day + 0.5, fraction),
             EpochJulianDateWhole = day + 0.5,
             EpochJulianDateFraction = fraction,
             MeanMotionRevPerDay = meanMotion,
             Eccentricity = ecc,
             InclinationDeg = incl,
             RightAscensionOfAscendingNodeDeg = raan,
             ArgumentOfPerigeeDeg = argp,
             MeanAnomalyDeg = m,
             BStar = bstar,
         }, minutes)).ToArbitrary();

    [Property(MaxTest = 5000)]
    public Property Never_returns_nan_or_infinity_and_never_with_error_none() =>
        Prop.ForAll(ValidishCases(), c =>
        {
            var p = new Sgp4Propagator(c.Elements);
            Sgp4Result r = p.Propagate(c.Minutes);
            Sgp4Result epoch = p.Propagate(0.0);
            return AllFinite(r) && AllFinite(epoch);
        });

    private static bool AllFinite(Sgp4Result r) =>
        double.IsFinite(r.XKm) && double.IsFinite(r.YKm) && double.IsFinite(r.ZKm)
        && double.IsFinite(r.VxKmPerS) && double.IsFinite(r.VyKmPerS) && double.IsFinite(r.VzKmPerS);
}

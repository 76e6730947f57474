using Station.Core.Orbits;

namespace Station.Core.Tests.Orbits;

public class TimeAndFrameTests
{
    [Fact]
    public void JulianDate_of_J2000_and_round_trip()
    {
        var j2000 = JulianDate.FromDateTime(new DateTime(2000, 1, 1, 12, 0, 0, DateTimeKind.Utc));
        Assert.Equal(2451545.0, j2000.Value, 12);
        Assert.Equal(0.0, j2000.DaysSinceJ2000, 15);
        var t = new DateTime(2026, 3, 19, 23, 59, 59, 999, DateTimeKind.Utc).AddTicks(7);
        Assert.Equal(t, JulianDate.FromDateTime(t).ToDateTime());
        Assert.Equal(61118.0, JulianDate.FromDateTime(new DateTime(2026, 3, 19, 0, 0, 0, DateTimeKind.Utc)).Mjd, 12);
    }

    [Fact]
    public void AddSeconds_keeps_fraction_normalised()
    {
        var jd = JulianDate.FromDateTime(new DateTime(2026, 1, 1, 23, 59, 30, DateTimeKind.Utc)).AddSeconds(45.0);
        Assert.InRange(jd.Fraction, 0.0, 1.0);
        Assert.Equal(new DateTime(2026, 1, 2, 0, 0, 15, DateTimeKind.Utc), jd.ToDateTime());
    }

    [Theory]
    [InlineData(1971, 12, 31, 10.0)]
    [InlineData(1972, 1, 1, 10.0)]
    [InlineData(2016, 12, 31, 36.0)]
    [InlineData(2017, 1, 1, 37.0)]
    [InlineData(2026, 6, 1, 37.0)]
    public void Leap_second_table(int y, int m, int d, double taiMinusUtc) =>
        Assert.Equal(taiMinusUtc, TimeScales.TaiMinusUtcSeconds(new DateTime(y, m, d, 0, 0, 0, DateTimeKind.Utc)));

    [Fact]
    public void Gmst82_matches_Vallado_example_3_5()
    {
        // Vallado, Fundamentals of Astrodynamics and Applications (4th ed.), Example 3-5: 1992-08-20 12:14 UT1.
        var ut1 = JulianDate.FromDateTime(new DateTime(1992, 8, 20, 12, 14, 0, DateTimeKind.Utc));
        double gmstDeg = SiderealTime.Gmst82(ut1) * 180.0 / Math.PI;
        // The book's 152.578787886° differs from the exact double evaluation by 3.4e-8° (0.12 mas).
        Assert.Equal(152.578787886, gmstDeg, 7);
        // skyfield 1.45 theta_GMST1982(2448855.0, 0.009722222222222222) = 152.5787878516575°.
        Assert.Equal(152.5787878516575, gmstDeg, 10);
    }

    [Fact]
    public void Gmst82_rate_is_sidereal()
    {
        var ut1 = JulianDate.FromDateTime(new DateTime(2026, 3, 19, 0, 0, 0, DateTimeKind.Utc));
        Assert.Equal(7.2921158553e-5, SiderealTime.Gmst82RateRadPerSecond(ut1), 14);
        double a = SiderealTime.Gmst82(ut1);
        double b = SiderealTime.Gmst82(ut1.AddSeconds(1.0));
        Assert.Equal(SiderealTime.Gmst82RateRadPerSecond(ut1), b - a, 12);
    }

    [Fact]
    public void Polar_motion_moves_the_pole_to_xp_minus_yp()
    {
        var eop = new EarthOrientationParameters(0.0, 0.2, 0.3, 0.0);
        Vec3 pole = TemeToItrf.PefToItrf(new Vec3(0, 0, 1), eop);
        double asec = Math.PI / 180.0 / 3600.0;
        Assert.Equal(0.2 * asec, pole.X, 15);
        Assert.Equal(-0.3 * asec, pole.Y, 15);
        Vec3 back = TemeToItrf.ItrfToPef(TemeToItrf.PefToItrf(new Vec3(6000, -2000, 3000), eop), eop);
        Assert.Equal(6000, back.X, 6);
        Assert.Equal(-2000, back.Y, 6);
        Assert.Equal(3000, back.Z, 6);
    }

    [Fact]
    public void Teme_velocity_includes_earth_rotation_and_lod()
    {
        // A point fixed in TEME at the equator appears to move west at ω·r in the Earth-fixed frame.
        var utc = new DateTime(2026, 3, 19, 0, 0, 0, DateTimeKind.Utc);
        double gmst = SiderealTime.Gmst82(JulianDate.FromDateTime(utc));
        Vec3 r = TemeToItrf.RotateZ(new Vec3(7000, 0, 0), -gmst);   // lies on ITRF +x
        TemeToItrf.Transform(r, Vec3.Zero, utc, EarthOrientationParameters.Zero, out Vec3 rI, out Vec3 vI);
        Assert.Equal(7000, rI.X, 9);
        Assert.Equal(-7000 * 7.292115e-5, vI.Y, 12);
        TemeToItrf.Transform(r, Vec3.Zero, utc, new EarthOrientationParameters(0, 0, 0, 0.002), out _, out Vec3 vLod);
        Assert.Equal(-7000 * 7.292115e-5 * (1 - (0.002 / 86400)), vLod.Y, 15);
    }

    [Fact]
    public void Ut1_offset_rotates_by_earth_rate()
    {
        var utc = new DateTime(2026, 3, 19, 6, 0, 0, DateTimeKind.Utc);
        var r = new Vec3(7000, 100, 200);
        Vec3 a = TemeToItrf.Position(r, utc, EarthOrientationParameters.Zero);
        Vec3 b = TemeToItrf.Position(r, utc, new EarthOrientationParameters(0.5, 0, 0, 0));
        double angle = Math.Atan2(a.Y, a.X) - Math.Atan2(b.Y, b.X);
        Assert.Equal(0.5 * 7.2921158553e-5, angle, 12);
    }
}

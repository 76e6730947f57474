using Station.Core.Orbits;
using Xunit.Abstractions;

namespace Station.Core.Tests.Orbits;

/// <summary>UT1 − UTC and polar motion against skyfield (TestData/skyfield/look_delingha_eop.csv).</summary>
public class EopLookFixtureTests(ITestOutputHelper output)
{
    [Fact]
    public void Ut1_and_polar_motion_match_skyfield()
    {
        var eop = new EarthOrientationParameters(0.25, 0.2, 0.35, 0.0);
        GroundStation station = StationCatalog.Delingha;
        FixtureCsv csv = FixtureCsv.Load("skyfield", "look_delingha_eop.csv");
        var ecef = new MaxError("ITRF position, m");
        var ecefNoEop = new MaxError("ITRF position if EOP were ignored, m");
        var az = new MaxError("azimuth, deg");
        var el = new MaxError("elevation, deg");
        var rng = new MaxError("range, m");
        var rr = new MaxError("range-rate, mm/s");
        var rrItrsAxis = new MaxError("range-rate with Earth rotation about the ITRS z-axis (skyfield's convention), mm/s");
        foreach (string[] row in csv.Rows)
        {
            DateTime utc = csv.Utc(row, "utc");
            string where = $"{csv.Text(row, "satnum")} {csv.Text(row, "utc")}";
            var r = new Vec3(csv.Num(row, "teme_x_km"), csv.Num(row, "teme_y_km"), csv.Num(row, "teme_z_km"));
            var v = new Vec3(csv.Num(row, "teme_vx_kms"), csv.Num(row, "teme_vy_kms"), csv.Num(row, "teme_vz_kms"));
            var refR = new Vec3(csv.Num(row, "ecef_x_km"), csv.Num(row, "ecef_y_km"), csv.Num(row, "ecef_z_km"));
            ecef.Add((TemeToItrf.Position(r, utc, eop) - refR).Norm * 1000, where);
            ecefNoEop.Add((TemeToItrf.Position(r, utc, EarthOrientationParameters.Zero) - refR).Norm * 1000, where);
            LookAngles look = Topocentric.Look(r, v, utc, station, eop);
            az.Add(Math.IEEERemainder(look.AzimuthDeg - csv.Num(row, "az_deg"), 360), where);
            el.Add(look.ElevationDeg - csv.Num(row, "el_deg"), where);
            rng.Add((look.RangeKm - csv.Num(row, "range_km")) * 1000, where);
            rr.Add((look.RangeRateKmPerS - csv.Num(row, "range_rate_kms")) * 1e6, where);

            // skyfield spins the station about the ITRS z-axis rather than the CIP (PEF z), which differs by the polar
            // motion angle; reproduce that to show it explains the sub-mm/s range-rate difference.
            double gmst = SiderealTime.Gmst82(TimeScales.Ut1FromUtc(utc, eop.Ut1MinusUtcSeconds));
            Vec3 rI = TemeToItrf.Position(r, utc, eop);
            Vec3 vRot = TemeToItrf.PefToItrf(TemeToItrf.RotateZ(v, gmst), eop);
            double w = TemeToItrf.EarthRotationRadPerSecond;
            var vAlt = new Vec3(vRot.X + (w * rI.Y), vRot.Y - (w * rI.X), vRot.Z);
            Vec3 rho = rI - station.PositionItrfKm;
            rrItrsAxis.Add(((Vec3.Dot(rho, vAlt) / rho.Norm) - csv.Num(row, "range_rate_kms")) * 1e6, where);
        }

        foreach (MaxError e in new[] { ecef, ecefNoEop, az, el, rng, rr, rrItrsAxis })
        {
            output.WriteLine(e.ToString());
        }

        Assert.Equal(75, ecef.Count);
        Assert.True(ecefNoEop.Value > 100.0, ecefNoEop.ToString());   // the EOP matter at this size
        // skyfield also applies s′ (~12 µas here, ≤ 2.4 mm at GEO-like ranges); we neglect it.
        Assert.True(ecef.Value < 0.01, ecef.ToString());
        Assert.True(az.Value < 1e-5 && el.Value < 1e-5, $"{az} {el}");
        Assert.True(rng.Value < 0.01, rng.ToString());
        Assert.True(rr.Value < 1.0, rr.ToString());
        Assert.True(rrItrsAxis.Value < 0.1, rrItrsAxis.ToString());
    }

    [Fact]
    public void Look_with_an_eop_table_uses_its_interpolated_values()
    {
        var table = new EarthOrientation([61118.0, 61119.0], [0.25, 0.25], [0.2, 0.2], [0.35, 0.35], [0.0, 0.0]);
        var utc = new DateTime(2026, 3, 19, 9, 27, 0, DateTimeKind.Utc);
        var r = new Vec3(4207.297445413883, 4462.749217030931, 2938.1242372598263);
        var v = new Vec3(-5.485079510645138, 1.862391849168759, 5.00716477895523);
        LookAngles a = Topocentric.Look(r, v, utc, StationCatalog.Delingha, table);
        LookAngles b = Topocentric.Look(r, v, utc, StationCatalog.Delingha, new EarthOrientationParameters(0.25, 0.2, 0.35, 0));
        Assert.Equal(b, a);
        Assert.Equal(218.2706697, a.AzimuthDeg, 6);   // skyfield, first row of look_delingha_eop.csv
    }
}

using Station.Core.Orbits;

namespace Station.Core.Tests.Orbits;

public class EarthOrientationTests
{
    private static EarthOrientation LeapExcerpt() =>
        Finals2000A.Load(FixtureCsv.PathOf("iers", "finals2000A_2016-12-28_leap.txt"));

    private static EarthOrientation PredictedExcerpt() =>
        Finals2000A.Load(FixtureCsv.PathOf("iers", "finals2000A_2017-11-10_predicted.txt"));

    private static DateTime Utc(int y, int mo, int d, int h = 0) => new(y, mo, d, h, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Bulletin_B_values_are_preferred_when_present()
    {
        EarthOrientation eop = LeapExcerpt();
        Assert.Equal(10, eop.Count);
        EarthOrientationParameters p = eop.At(Utc(2016, 12, 28));
        Assert.Equal(0.086807, p.XpArcsec, 9);          // Bulletin B (A says 0.086816)
        Assert.Equal(0.264711, p.YpArcsec, 9);
        Assert.Equal(-0.4052870, p.Ut1MinusUtcSeconds, 9);
        Assert.Equal(0.0008062, p.LodSeconds, 12);      // LOD only in Bulletin A, ms → s
    }

    [Fact]
    public void Bulletin_A_is_used_where_B_is_blank_and_predictions_parse()
    {
        EarthOrientation eop = PredictedExcerpt();
        Assert.Equal(10, eop.Count);
        EarthOrientationParameters i = eop.At(Utc(2017, 11, 10));
        Assert.Equal(0.167656, i.XpArcsec, 9);
        Assert.Equal(0.2717438, i.Ut1MinusUtcSeconds, 9);
        EarthOrientationParameters pred = eop.At(Utc(2017, 11, 19));
        Assert.Equal(0.152735, pred.XpArcsec, 9);
        Assert.Equal(0.2599986, pred.Ut1MinusUtcSeconds, 9);
        Assert.Equal(0.0, pred.LodSeconds);              // LOD blank in predictions
    }

    [Fact]
    public void Interpolates_linearly_in_utc()
    {
        EarthOrientationParameters p = LeapExcerpt().At(Utc(2016, 12, 29, 6));
        Assert.Equal(-0.4060935 + (0.25 * (-0.4069106 + 0.4060935)), p.Ut1MinusUtcSeconds, 12);
        Assert.Equal(0.084589 + (0.25 * (0.082924 - 0.084589)), p.XpArcsec, 12);
    }

    [Fact]
    public void Leap_second_step_is_not_smeared_over_the_day()
    {
        EarthOrientation eop = LeapExcerpt();
        // 2016-12-31 12:00: UT1 − UTC continues the -0.40777 → (0.59130 − 1) trend; it jumps by +1 s only at 2017-01-01 0h.
        double noon = eop.At(Utc(2016, 12, 31, 12)).Ut1MinusUtcSeconds;
        Assert.Equal(-0.4077600 + (0.5 * (0.5912975 - 1.0 + 0.4077600)), noon, 12);
        Assert.Equal(0.5912975, eop.At(Utc(2017, 1, 1)).Ut1MinusUtcSeconds, 12);
    }

    [Fact]
    public void Outside_the_table_end_values_are_held_and_covers_says_so()
    {
        EarthOrientation eop = LeapExcerpt();
        Assert.False(eop.Covers(Utc(2016, 12, 1)));
        Assert.True(eop.Covers(Utc(2017, 1, 3, 5)));
        Assert.Equal(-0.4052870, eop.At(Utc(2016, 12, 1)).Ut1MinusUtcSeconds, 12);
        Assert.Equal(Utc(2016, 12, 28), eop.FirstUtc);
        Assert.Equal(Utc(2017, 1, 6), eop.LastUtc);
    }

    [Fact]
    public void No_data_means_ut1_equals_utc_and_no_polar_motion()
    {
        Assert.Equal(EarthOrientationParameters.Zero, EarthOrientation.None.At(Utc(2026, 3, 19)));
        Assert.False(EarthOrientation.None.Covers(Utc(2026, 3, 19)));
    }

    [Fact]
    public void Reserved_rows_without_values_are_skipped()
    {
        string text = File.ReadAllText(FixtureCsv.PathOf("iers", "finals2000A_2017-11-10_predicted.txt"))
            + "171120 58077.00".PadRight(187) + "\n" + "171121 58078.00".PadRight(187) + "\n";
        Assert.Equal(10, Finals2000A.Parse(text).Count);
    }

    [Fact]
    public void Bad_number_names_line_and_column()
    {
        string[] lines = File.ReadAllLines(FixtureCsv.PathOf("iers", "finals2000A_2016-12-28_leap.txt"));
        char[] third = lines[2].ToCharArray();
        third[62] = 'x';                                 // inside UT1-UTC, columns 59-68
        lines[2] = new string(third);
        var ex = Assert.Throws<EarthOrientationFormatException>(() => Finals2000A.Parse(string.Join('\n', lines)));
        Assert.Equal(3, ex.Line);
        Assert.Equal(59, ex.Column);
        Assert.Contains("line 3, column 59", ex.Message, StringComparison.Ordinal);
        Assert.Contains("UT1-UTC", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Out_of_order_dates_and_missing_fields_are_rejected()
    {
        string[] lines = File.ReadAllLines(FixtureCsv.PathOf("iers", "finals2000A_2016-12-28_leap.txt"));
        var swapped = Assert.Throws<EarthOrientationFormatException>(
            () => Finals2000A.Parse(string.Join('\n', lines[1], lines[0])));
        Assert.Equal((2, 8), (swapped.Line, swapped.Column));

        string noY = lines[0][..37] + new string(' ', 9) + lines[0][46..];
        var missing = Assert.Throws<EarthOrientationFormatException>(() => Finals2000A.Parse(noY));
        Assert.Equal((1, 38), (missing.Line, missing.Column));
    }
}

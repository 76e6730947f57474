using Station.Core.Orbits;

namespace Station.Core.Tests.Orbits;

public sealed class TleParserTests
{
    // Vanguard 1, the first case of Vallado's verification file.
    private const string Good1 = "1 00005U 58002B   00179.78495062  .00000023  00000-0  28098-4 0  4753";
    private const string Good2 = "2 00005  34.2682 348.7242 1859667 331.7664  19.3264 10.82419157413667";

    [Fact]
    public void Parses_every_field_of_a_good_set()
    {
        ElementSet e = TleParser.Parse(Good1, Good2, "0 VANGUARD 1");

        Assert.Equal(5, e.CatalogNumber);
        Assert.Equal("00005", e.CatalogNumberText);
        Assert.Equal("VANGUARD 1", e.Name);
        Assert.Equal('U', e.Classification);
        Assert.Equal("58002B", e.InternationalDesignator);
        Assert.Equal(2451722.5, e.EpochJulianDateWhole);
        Assert.Equal(0.78495062, e.EpochJulianDateFraction, 1e-12);
        Assert.Equal(new DateTime(2000, 6, 27, 18, 50, 19, 733, DateTimeKind.Utc), e.EpochUtc, TimeSpan.FromMilliseconds(1));
        Assert.Equal(0.00000023, e.MeanMotionDotOver2RevPerDay2);
        Assert.Equal(0.0, e.MeanMotionDdotOver6RevPerDay3);
        Assert.Equal(0.28098e-4, e.BStar, 1e-18);
        Assert.Equal(0, e.EphemerisType);
        Assert.Equal(475, e.ElementSetNumber);
        Assert.Equal(34.2682, e.InclinationDeg);
        Assert.Equal(348.7242, e.RightAscensionOfAscendingNodeDeg);
        Assert.Equal(0.1859667, e.Eccentricity);
        Assert.Equal(331.7664, e.ArgumentOfPerigeeDeg);
        Assert.Equal(19.3264, e.MeanAnomalyDeg);
        Assert.Equal(10.82419157, e.MeanMotionRevPerDay);
        Assert.Equal(41366, e.RevolutionNumberAtEpoch);
    }

    [Fact]
    public void Reads_negative_exponent_fields_and_years_before_2000()
    {
        ElementSet e = TleParser.Parse(
            "1 16925U 86065D   06151.67415771  .02550794 -30915-6  18784-3 0  4486",
            "2 16925  62.0906 295.0239 5596327 245.1593  47.9690  4.88511875148616");
        Assert.Equal(-0.30915e-6, e.MeanMotionDdotOver6RevPerDay3, 1e-20);
        Assert.Equal(0.18784e-3, e.BStar, 1e-18);
        Assert.Equal(2006, e.EpochUtc.Year);

        ElementSet old = TleParser.Parse(
            "1 11801U          80230.29629788  .01431103  00000-0  14311-1      13",
            "2 11801  46.7916 230.4354 7318036  47.4722  10.4117  2.28537848    13");
        Assert.Equal(1980, old.EpochUtc.Year);
        Assert.Equal("", old.InternationalDesignator);
        Assert.Equal(1, old.ElementSetNumber);
    }

    [Fact]
    public void Decodes_alpha5_catalogue_numbers()
    {
        ElementSet e = TleParser.Parse(WithChecksum(Good1[..2] + "A0001" + Good1[7..68]), WithChecksum(Good2[..2] + "A0001" + Good2[7..68]));
        Assert.Equal(100001, e.CatalogNumber);
        Assert.Equal("A0001", e.CatalogNumberText);
        Assert.True(Alpha5.TryDecode("Z9999", out int z) && z == 339999);
        Assert.True(Alpha5.TryDecode("J0000", out int j) && j == 180000);
        Assert.False(Alpha5.TryDecode("I0000", out _));
        Assert.False(Alpha5.TryDecode("O0000", out _));
        Assert.Equal("A0001", Alpha5.Encode(100001));
        Assert.Equal("00005", Alpha5.Encode(5));
    }

    [Fact]
    public void Exposes_vallado_start_stop_step_columns()
    {
        TleParseResult r = TleParser.ParseSet(null, Good1, Good2 + "     0.00      4320.0        360.00");
        Assert.True(r.Success);
        Assert.Equal(new ValladoTimeRange(0.0, 4320.0, 360.0), r.Entry!.TimeRange);
        Assert.Null(TleParser.ParseSet(null, Good1, Good2).Entry!.TimeRange);
    }

    public static TheoryData<string, string, string> MalformedSets() => new()
    {
        { Good1, Good2[..68] + "8", "line 2, columns 69: checksum is 8, expected 7" },
        { Good1[..68] + "4", Good2, "line 1, columns 69: checksum is 4, expected 3" },
        { Good1[..68] + "X", Good2, "line 1, columns 69: checksum 'X' is not a digit, expected 3" },
        { Good1[..68], Good2, "line 1: line is 68 characters long, expected 69" },
        { Good1 + "0", Good2, "line 1, columns 70: line is 70 characters long, expected 69" },
        { Good1 + " 1.0 2.0 3.0", Good2, "line 1, columns 70-81: line is 81 characters long, expected 69" },
        { Good1, Good2 + "   abc", "line 2, columns 70-75: text after column 69 'abc' is not three numbers, expected start, stop and step minutes" },
        { Good1, Good2 + "   0.0 1440.0", "line 2, columns 70-82: text after column 69 '0.0 1440.0' is not three numbers, expected start, stop and step minutes" },
        { Good1, "3" + Good2[1..], "line 2, columns 1: line number is '3', expected '2'" },
        { "2" + Good1[1..], Good2, "line 1, columns 1: line number is '2', expected '1'" },
        { Good1, WithChecksum(Good2[..2] + "00007" + Good2[7..68]), "line 2, columns 3-7: catalogue number 00007 does not match line 1's 00005" },
        { WithChecksum(Good1[..2] + "0O005" + Good1[7..68]), Good2, "line 1, columns 3-7: catalogue number '0O005' is not valid, expected 5 digits or a letter and 4 digits (Alpha-5)" },
        { WithChecksum(Good1[..7] + "X" + Good1[8..68]), Good2, "line 1, columns 8: classification is 'X', expected U, C or S" },
        { WithChecksum(Good1[..18] + "0x179.78495062" + Good1[32..68]), Good2, "line 1, columns 19-20: epoch year '0x' is not a number, expected 2 digits" },
        { WithChecksum(Good1[..18] + "00000.78495062" + Good1[32..68]), Good2, "line 1, columns 21-32: epoch day 0.78495062 is out of range, expected day of year DDD.DDDDDDDD" },
        { WithChecksum(Good1[..33] + " .0000x023" + Good1[43..68]), Good2, "line 1, columns 34-43: mean motion derivative / 2 ' .0000x023' is not a number, expected a number such as -.00001234" },
        { WithChecksum(Good1[..53] + " 2809x-4" + Good1[61..68]), Good2, "line 1, columns 54-61: B* ' 2809x-4' is not in TLE exponent form, expected ±NNNNN±N (e.g. ' 12345-4' for 0.12345e-4)" },
        { WithChecksum(Good1[..44] + " 00000*0" + Good1[52..68]), Good2, "line 1, columns 45-52: mean motion second derivative / 6 ' 00000*0' is not in TLE exponent form, expected ±NNNNN±N (e.g. ' 12345-4' for 0.12345e-4)" },
        { WithChecksum(Good1[..62] + "x" + Good1[63..68]), Good2, "line 1, columns 63: ephemeris type 'x' is not a number, expected a digit" },
        { WithChecksum(Good1[..8] + "X" + Good1[9..68]), Good2, "line 1, columns 9: expected a space, found 'X'" },
        { Good1, WithChecksum(Good2[..8] + " 34.2x82" + Good2[16..68]), "line 2, columns 9-16: inclination ' 34.2x82' is not a number, expected degrees 0 to 180" },
        { Good1, WithChecksum(Good2[..8] + "194.2682" + Good2[16..68]), "line 2, columns 9-16: inclination 194.2682 is out of range, expected degrees 0 to 180" },
        { Good1, WithChecksum(Good2[..17] + "        " + Good2[25..68]), "line 2, columns 18-25: right ascension of the node is blank, expected degrees 0 to 360" },
        { Good1, WithChecksum(Good2[..26] + "18596x7" + Good2[33..68]), "line 2, columns 27-33: eccentricity '18596x7' is not 7 digits, expected digits after an implied decimal point" },
        { Good1, WithChecksum(Good2[..34] + "361.7664" + Good2[42..68]), "line 2, columns 35-42: argument of perigee 361.7664 is out of range, expected degrees 0 to 360" },
        { Good1, WithChecksum(Good2[..52] + " 0.00000000" + Good2[63..68]), "line 2, columns 53-63: mean motion 0 is out of range, expected revolutions per day > 0" },
        { Good1, WithChecksum(Good2[..63] + "4136x"), "line 2, columns 64-68: revolution number '4136x' is not a number, expected up to 5 digits" },
    };

    [Theory]
    [MemberData(nameof(MalformedSets))]
    public void Reports_each_malformed_set_with_line_column_and_expectation(string line1, string line2, string message)
    {
        TleParseResult r = TleParser.ParseSet(null, line1, line2);
        Assert.False(r.Success);
        Assert.Equal([message], r.Errors.Select(e => e.Message));

        TleFormatException ex = Assert.Throws<TleFormatException>(() => TleParser.Parse(line1, line2));
        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public void Name_line_shifts_line_numbers()
    {
        TleParseResult r = TleParser.ParseSet("VANGUARD 1", Good1, Good2[..68] + "8");
        Assert.Equal("line 3, columns 69: checksum is 8, expected 7", Assert.Single(r.Errors).Message);
    }

    [Fact]
    public void Warn_policy_accepts_a_wrong_checksum_and_reports_it()
    {
        TleParseResult r = TleParser.ParseSet(null, Good1, Good2[..68] + "8", ChecksumPolicy.Warn);
        Assert.True(r.Success);
        Assert.Empty(r.Errors);
        Assert.Equal("line 2, columns 69: checksum is 8, expected 7", Assert.Single(r.Warnings).Message);
    }

    [Fact]
    public void Checksum_counts_minus_signs_as_one()
    {
        Assert.Equal(3, TleParser.ComputeChecksum(Good1));
        Assert.Equal(7, TleParser.ComputeChecksum(Good2));
        Assert.Equal(1, TleParser.ComputeChecksum("-"));
    }

    [Fact]
    public void Null_lines_throw()
    {
        Assert.Throws<ArgumentNullException>(() => TleParser.ParseSet(null, null!, Good2));
        Assert.Throws<ArgumentNullException>(() => TleParser.Parse(Good1, null!));
    }

    /// <summary>Appends a correct checksum to 68 columns (independent of the parser's own routine).</summary>
    internal static string WithChecksum(string first68)
    {
        Assert.Equal(68, first68.Length);
        int sum = first68.Sum(c => c == '-' ? 1 : char.IsAsciiDigit(c) ? c - '0' : 0);
        return first68 + (char)('0' + (sum % 10));
    }
}

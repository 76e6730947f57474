using System.IO.Pipelines;
using System.Text;
using Station.Core.Timing;
using Station.Firmware.Interfaces.Indi;

namespace Station.Interop.Tests.Indi;

/// <summary>The INDI framing and value parsing on their own, no sockets.</summary>
public sealed class IndiProtocolTests
{
    private static readonly SimulatedTimeProvider Clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Elements_are_framed_however_the_bytes_are_split_and_comments_and_declarations_between_them_are_dropped()
    {
        const string stream = "<?xml version='1.0'?>\n<getProperties version='1.7'/>\n<!-- a comment with <tags> -->" +
            "<newTextVector device='D' name='P'><oneText name='T'>a &gt; b / c</oneText></newTextVector>" +
            "<newNumberVector device='D' name=\"N>\"><oneNumber name='X'><![CDATA[1</x>]]></oneNumber></newNumberVector>";
        foreach (int chunk in new[] { 1, 3, 7, 4096 })
        {
            var pipe = new Pipe();
            var reader = new IndiMessageReader(pipe.Reader.AsStream(), 65536, TimeSpan.FromSeconds(10), Clock);
            byte[] bytes = Encoding.UTF8.GetBytes(stream);
            for (int i = 0; i < bytes.Length; i += chunk)
            {
                await pipe.Writer.WriteAsync(bytes.AsMemory(i, Math.Min(chunk, bytes.Length - i)));
            }

            await pipe.Writer.CompleteAsync();
            var first = await reader.ReadElementAsync(CancellationToken.None);
            var second = await reader.ReadElementAsync(CancellationToken.None);
            var third = await reader.ReadElementAsync(CancellationToken.None);

            Assert.Equal("getProperties", first!.Name.LocalName);
            Assert.Equal("a > b / c", second!.Value);
            Assert.Equal("N>", (string?)third!.Attribute("name"));
            Assert.Equal("1</x>", third.Value);
            Assert.Null(await reader.ReadElementAsync(CancellationToken.None));
            reader.Dispose();
        }
    }

    [Fact]
    public async Task A_repeated_element_is_parsed_once_and_any_other_afresh()
    {
        string poll = "<getProperties version='1.7' device='QKD Station Mount' name='HORIZONTAL_COORD'/>";
        string other = "<getProperties version='1.7' device='QKD Station Mount' name='EQUATORIAL_EOD_COORD'/>";
        string big = $"<newTextVector device='D' name='P'><oneText name='T'>{new string('x', 600)}</oneText></newTextVector>";
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes(poll + "\n" + poll + other + poll + big + big));
        await pipe.Writer.CompleteAsync();
        using var reader = new IndiMessageReader(pipe.Reader.AsStream(), 65536, TimeSpan.FromSeconds(10), Clock);

        var first = await reader.ReadElementAsync(CancellationToken.None);
        var again = await reader.ReadElementAsync(CancellationToken.None);
        var different = await reader.ReadElementAsync(CancellationToken.None);
        var back = await reader.ReadElementAsync(CancellationToken.None);
        var large = await reader.ReadElementAsync(CancellationToken.None);
        var largeAgain = await reader.ReadElementAsync(CancellationToken.None);

        Assert.Same(first, again);
        Assert.Equal("EQUATORIAL_EOD_COORD", (string?)different!.Attribute("name"));
        Assert.NotSame(first, back); // only the latest element is remembered
        Assert.Equal("HORIZONTAL_COORD", (string?)back!.Attribute("name"));
        Assert.NotSame(large, largeAgain); // past 512 bytes every element is parsed
        Assert.Equal(large!.Value, largeAgain!.Value);
    }

    [Theory]
    [InlineData("120", 120)]
    [InlineData(" -12.5 ", -12.5)]
    [InlineData("12:30:36", 12.51)]
    [InlineData("-0:30", -0.5)]
    [InlineData("45 30", 45.5)]
    [InlineData("1e2", 100)]
    public void Numbers_are_decimal_or_sexagesimal(string text, double expected) =>
        Assert.Equal(expected, IndiCommand.ParseNumber(text)!.Value, 9);

    [Theory]
    [InlineData("")]
    [InlineData("12x")]
    [InlineData("nan")]
    [InlineData("inf")]
    [InlineData("1e999")]
    [InlineData("10:-5")]
    [InlineData("1:2:3:4")]
    public void Anything_else_is_not_a_number(string text) => Assert.Null(IndiCommand.ParseNumber(text));
}

/// <summary>EQUATORIAL_EOD_COORD from az/alt, checked against the Sun: its az/el at the site back to RA/Dec of date.</summary>
public sealed class IndiEquatorialTests
{
    [Theory]
    [InlineData("2016-12-20T18:00:00Z")]
    [InlineData("2026-03-19T04:30:00Z")]
    [InlineData("2026-06-21T09:15:00Z")]
    [InlineData("2026-09-23T23:59:00Z")]
    public void The_sun_seen_at_the_site_converts_back_to_its_right_ascension_and_declination_of_date(string utcText)
    {
        var utc = DateTimeOffset.Parse(utcText, System.Globalization.CultureInfo.InvariantCulture);
        var site = Station.Core.Orbits.StationCatalog.Delingha;
        var horizontal = Station.Core.Orbits.Sun.Apparent(utc.UtcDateTime, site);
        var sun = Station.Core.Orbits.Sun.ApparentTrueOfDateKm(Station.Core.Orbits.TimeScales.TtFromUtc(utc.UtcDateTime));
        double expectedRaDeg = (Math.Atan2(sun.Y, sun.X) * 180 / Math.PI + 360) % 360;
        double expectedDecDeg = Math.Asin(sun.Z / Math.Sqrt((sun.X * sun.X) + (sun.Y * sun.Y) + (sun.Z * sun.Z))) * 180 / Math.PI;

        var (raHours, decDeg) = IndiMountDevice.HorizontalToEquatorialOfDate(utc, site, horizontal.AzimuthDeg, horizontal.ElevationDeg);

        // GMST for GAST, UTC for UT1 and the Sun's parallax: together well under 0.02°.
        double raErrorDeg = Math.Abs(((raHours * 15) - expectedRaDeg + 540) % 360 - 180) * Math.Cos(expectedDecDeg * Math.PI / 180);
        Assert.InRange(raErrorDeg, 0, 0.02);
        Assert.Equal(expectedDecDeg, decDeg, 0.02);
    }
}

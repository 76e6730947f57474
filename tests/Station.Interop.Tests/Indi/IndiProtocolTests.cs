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

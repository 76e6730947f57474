using Station.Core.Pointing;
using UnitsNet;

namespace Station.Core.Tests.Pointing;

public sealed class PointingModelFileTests
{
    private static readonly PointingModelFile Sample = new(
        "delingha",
        new DateTimeOffset(2026, 11, 28, 1, 0, 0, TimeSpan.Zero),
        40,
        [new FittedTerm(PointingTerm.IA, Angle.FromArcseconds(-44.8), Angle.FromArcseconds(0.6)), new FittedTerm(PointingTerm.TF, Angle.FromArcseconds(12.1), null)],
        61.3,
        1.4);

    [Fact]
    public void A_file_round_trips_and_yields_the_model()
    {
        var parsed = PointingModelFile.Parse(Sample.ToJson(), "test.json");
        Assert.Equal(Sample.Station, parsed.Station);
        Assert.Equal(Sample.CreatedUtc, parsed.CreatedUtc);
        Assert.Equal(-44.8, parsed.ToModel()[PointingTerm.IA].Arcseconds, 9);
        Assert.Null(parsed.Terms.Single(t => t.Term == PointingTerm.TF).Uncertainty);
        Assert.Equal(1.4, parsed.RmsAfterArcsec);
    }

    [Theory]
    [InlineData("\"version\": 1", "\"version\": 2", "test.json: 'version' is 2; this firmware reads version 1")]
    [InlineData("\"IA\"", "\"XX\"", "test.json: unknown pointing term 'XX'")]
    [InlineData("\"station\": \"delingha\"", "\"station\": 5", "test.json: 'station' is 5, expected a string.")]
    [InlineData("-44.8", "-4480", "test.json: terms.IA.value_arcsec -4480 is outside ±3600″")]
    [InlineData("\"format\": \"qkd-station/pointing-model\"", "\"format\": \"other\"", "test.json: 'format' is \"other\"; expected \"qkd-station/pointing-model\"")]
    [InlineData("\"created_utc\": \"2026-11-28T01:00:00Z\"", "\"created_utc\": \"yesterday\"", "test.json: 'created_utc' is 'yesterday'")]
    public void A_damaged_file_is_refused_naming_the_field(string find, string replace, string expected)
    {
        string json = Sample.ToJson().Replace(find, replace, StringComparison.Ordinal);
        var error = Assert.Throws<FormatException>(() => PointingModelFile.Parse(json, "test.json"));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_made_for_another_station_is_refused_naming_both()
    {
        var error = Assert.Throws<FormatException>(() => PointingModelFile.Parse(Sample.ToJson(), "test.json", expectedStation: "nanshan"));
        Assert.Equal("test.json: made for station 'delingha', but this is 'nanshan'", error.Message);
        Assert.Equal("delingha", PointingModelFile.Parse(Sample.ToJson(), "test.json", expectedStation: "Delingha").Station);
    }

    [Fact]
    public void The_header_inputs_round_trip()
    {
        var withInputs = Sample with { Inputs = new System.Text.Json.Nodes.JsonObject { ["stars"] = 40, ["seed"] = 7 } };
        var parsed = PointingModelFile.Parse(withInputs.ToJson(), "test.json");
        Assert.Equal(40, parsed.Inputs["stars"]!.GetValue<int>());
        Assert.Equal(7, parsed.Header.Inputs["seed"]!.GetValue<int>());
    }
}

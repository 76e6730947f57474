using System.Globalization;
using Station.Core.Orbits;

namespace Station.Interop.Tests.Indi;

/// <summary>
/// Planetarium clients push their location and clock to a mount on connecting: the station acknowledges values that
/// agree with its own (Ok) and answers others Alert with its own, changing neither (its site is configured, its
/// clock GNSS-disciplined).
/// </summary>
public sealed class IndiSiteAndTimeTests(EmulatedFirmwareFixture fixture) : IClassFixture<EmulatedFirmwareFixture>
{
    private const string Mount = "QKD Station Mount";
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);
    private static readonly GroundStation Delingha = StationCatalog.Delingha;

    [Fact]
    public async Task A_location_near_the_station_is_acknowledged_and_one_100_km_away_is_alert_with_the_station_site_kept()
    {
        using var client = await ConnectAsync();
        await client.SendAsync(Location(Delingha.LatitudeDeg + 0.001, Delingha.LongitudeDeg, Delingha.HeightM + 20)); // ~110 m north
        Assert.True(await client.ReadUntilAsync(r => r.Contains("the client's location agrees with the station's (111 m", StringComparison.Ordinal), Limit), client.Received);

        await client.SendAsync(Location(Delingha.LatitudeDeg + 0.9, Delingha.LongitudeDeg, Delingha.HeightM));
        Assert.True(await client.ReadUntilAsync(r => r.Contains("km from the station's (lat 37.", StringComparison.Ordinal), Limit), client.Received);
        Assert.Contains("the client's location is 100.", client.Received, StringComparison.Ordinal);
        Assert.Contains("state=\"Alert\"", client.Received, StringComparison.Ordinal);

        var (exit, output) = await IndiTools.GetPropAsync(fixture.Host.Port, $"{Mount}.GEOGRAPHIC_COORD.LAT");
        Assert.True(exit == 0, output);
        Assert.Contains("GEOGRAPHIC_COORD.LAT=37.379", output, StringComparison.Ordinal); // the station's own, unchanged
    }

    [Fact]
    public async Task A_clock_that_agrees_is_acknowledged_one_an_hour_off_is_alert_and_garbage_names_the_format()
    {
        using var client = await ConnectAsync();
        await client.SendAsync(Time(fixture.Host.Clock.GetUtcNow()));
        Assert.True(await client.ReadUntilAsync(r => r.Contains("the client's clock agrees with the station's within", StringComparison.Ordinal), Limit), client.Received);

        await client.SendAsync(Time(fixture.Host.Clock.GetUtcNow().AddHours(1)));
        Assert.True(await client.ReadUntilAsync(r => r.Contains("s off the station's", StringComparison.Ordinal), Limit), client.Received);
        Assert.Contains("the client's clock is +3", client.Received, StringComparison.Ordinal);

        await client.SendAsync($"<newTextVector device='{Mount}' name='TIME_UTC'><oneText name='UTC'>yesterday</oneText><oneText name='OFFSET'>0</oneText></newTextVector>\n");
        Assert.True(await client.ReadUntilAsync(r => r.Contains("TIME_UTC.UTC is &apos;yesterday&apos;; expected an ISO 8601 UTC time", StringComparison.Ordinal)
            || r.Contains("TIME_UTC.UTC is 'yesterday'; expected an ISO 8601 UTC time", StringComparison.Ordinal), Limit), client.Received);
    }

    private async Task<RawIndiClient> ConnectAsync()
    {
        var client = await RawIndiClient.ConnectAsync(fixture.Host.Port);
        await client.SendAsync("<getProperties version='1.7'/>\n");
        Assert.True(await client.ReadUntilAsync(r => r.Contains("name=\"TIME_UTC\"", StringComparison.Ordinal), Limit), client.Received);
        return client;
    }

    private static string Location(double latitudeDeg, double longitudeDeg, double heightM) => string.Create(CultureInfo.InvariantCulture,
        $"<newNumberVector device='{Mount}' name='GEOGRAPHIC_COORD'><oneNumber name='LAT'>{latitudeDeg}</oneNumber><oneNumber name='LONG'>{longitudeDeg}</oneNumber><oneNumber name='ELEV'>{heightM}</oneNumber></newNumberVector>\n");

    private static string Time(DateTimeOffset utc) =>
        $"<newTextVector device='{Mount}' name='TIME_UTC'><oneText name='UTC'>{utc.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)}</oneText><oneText name='OFFSET'>8.00</oneText></newTextVector>\n";
}

using Microsoft.Extensions.DependencyInjection;
using Station.Emulator.Scenarios;
using Station.Firmware.Sequencing;

namespace Station.Interop.Tests.Indi;

/// <summary>
/// SAT_TLE_TEXT is how an INDI client gives the station a satellite: Debian's indi_setprop sends a TLE and the pass
/// sequencer takes it as its target; a TLE that does not parse comes back Alert with the parser's reason and changes
/// nothing; an empty text hands the choice back to the schedule. Its own station: the target outlives the test.
/// </summary>
public sealed class IndiSatelliteTargetTests : IAsyncLifetime
{
    private const string Mount = "QKD Station Mount";
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);
    private IndiTestHost _host = null!;

    public async Task InitializeAsync() => _host = await IndiTestHost.StartDesktopAsync(speed: 5);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private StationSequencerService Sequencer => _host.Services.GetRequiredService<StationSequencerService>();

    [Fact]
    public async Task Indi_setprop_sends_a_tle_that_becomes_the_sequencer_target_and_an_empty_one_clears_it()
    {
        Assert.Null(Sequencer.Target);
        string tle = string.Join("\\n", Scenario.BuiltIn.Tle); // indi_setprop cuts a value at a real newline: the lines are joined by a literal \n

        var set = await IndiTools.SetPropAsync(_host.Port, $"{Mount}.SAT_TLE_TEXT.TLE={tle}");
        Assert.True(set.ExitCode == 0, $"indi_setprop exited {set.ExitCode}:\n{set.Output}");
        Assert.True(await Eventually(() => Sequencer.Target is not null), "the sequencer never took the target");
        Assert.Equal(41731, Sequencer.Target!.CatalogNumber);

        var get = await IndiTools.GetPropAsync(_host.Port, $"{Mount}.SAT_TLE_TEXT.TLE");
        Assert.Contains("1 41731U", get.Output, StringComparison.Ordinal);

        var clear = await IndiTools.SetPropAsync(_host.Port, $"{Mount}.SAT_TLE_TEXT.TLE= "); // blank: indi_setprop refuses an empty value
        Assert.True(clear.ExitCode == 0, $"indi_setprop exited {clear.ExitCode}:\n{clear.Output}");
        Assert.True(await Eventually(() => Sequencer.Target is null), "the target was not cleared");
    }

    [Fact]
    public async Task A_tle_with_a_bad_checksum_comes_back_alert_with_the_reason_and_changes_nothing()
    {
        var lines = Scenario.BuiltIn.Tle.ToArray();
        char last = lines[^1][^1];
        lines[^1] = lines[^1][..^1] + (char)('0' + ((last - '0' + 1) % 10)); // line 2's checksum off by one
        using var client = await RawIndiClient.ConnectAsync(_host.Port);
        await client.SendAsync("<getProperties version='1.7'/>\n");
        Assert.True(await client.ReadUntilAsync(r => r.Contains("name=\"SAT_TLE_TEXT\"", StringComparison.Ordinal), Limit), client.Received);
        await client.SendAsync($"<newTextVector device='{Mount}' name='SAT_TLE_TEXT'><oneText name='TLE'>{string.Join('\n', lines)}</oneText></newTextVector>\n");

        Assert.True(await client.ReadUntilAsync(r => r.Contains("the target was not changed", StringComparison.Ordinal), Limit), client.Received);
        Assert.Contains("checksum", client.Received, StringComparison.Ordinal);
        Assert.Contains("state=\"Alert\"", client.Received, StringComparison.Ordinal);
        Assert.Null(Sequencer.Target);
    }

    private static async Task<bool> Eventually(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System);
        }

        return true;
    }
}

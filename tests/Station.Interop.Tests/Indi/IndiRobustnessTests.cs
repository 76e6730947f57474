using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Station.Core.Timing;
using Station.Firmware.Interfaces.Indi;
using Station.Firmware.Motion;

namespace Station.Interop.Tests.Indi;

/// <summary>
/// Bad clients against the INDI server on the emulated bench station: malformed XML, entity bombs, external entities,
/// oversized and byte-a-second elements each get an error message and a disconnect, the mount never moves on any of
/// them, and the server goes on serving the other clients — a hundred of them at once.
/// </summary>
public sealed class IndiRobustnessTests(BenchStationFixture fixture) : IClassFixture<BenchStationFixture>
{
    private const string GetProperties = "<getProperties version='1.7'/>\n";
    private const string LastVector = "name=\"LASER_PERMISSION\"";
    private readonly SimulatedTimeProvider _networkClock = fixture.NetworkClock;
    private readonly IndiTestHost _host = fixture.Host;

    public static TheoryData<string, string> BadStreams => new()
    {
        { "<getProperties version='1.7'><oops></getProperties>", "malformed XML" },
        { "<newNumberVector device='QKD Station Mount' name='HORIZONTAL_COORD'><oneNumber name='AZ'>10</oneNumber>\n</newSwitchVector>", "malformed XML" },
        { "hello, are you an INDI server?\n", "text outside any element" },
        { "<newNumberVector device='QKD Station Mount' name='HORIZONTAL_COORD'><oneNumber name='AZ'>&lol9;</oneNumber></newNumberVector>", "malformed XML" },
        { BillionLaughs, "DTDs and entities are not accepted" },
        { ExternalEntity, "DTDs and entities are not accepted" },
        { "</getProperties>", "an end tag without a start tag" },
    };

    [Theory]
    [MemberData(nameof(BadStreams))]
    public async Task A_bad_stream_gets_an_error_and_a_disconnect_the_mount_does_not_move_and_others_are_served(string stream, string expected)
    {
        var mountBefore = TrueMountAngles();
        using var bad = await RawIndiClient.ConnectAsync(_host.Port);
        await bad.SendAsync(stream);

        Assert.True(await bad.ReadToCloseAsync(), "the server should disconnect the client");
        Assert.Contains(expected, bad.Received, StringComparison.Ordinal);
        Assert.DoesNotContain("root:", bad.Received, StringComparison.Ordinal); // no file was read into the stream
        await AssertServesAClientAsync();
        Assert.Equal(MountState.Idle, _host.Mount.State);
        Assert.Equal(mountBefore, TrueMountAngles());
    }

    [Fact]
    public async Task Bad_values_in_a_well_formed_command_come_back_alert_with_the_reason_and_the_mount_does_not_move()
    {
        var mountBefore = TrueMountAngles();
        using var client = await RawIndiClient.ConnectAsync(_host.Port);
        await client.SendAsync(GetProperties);
        Assert.True(await client.ReadUntilAsync(r => r.Contains(LastVector, StringComparison.Ordinal)));
        await client.SendAsync("<newNumberVector device='QKD Station Mount' name='HORIZONTAL_COORD'><oneNumber name='AZ'>12x</oneNumber><oneNumber name='ALT'>45</oneNumber></newNumberVector>");
        await client.SendAsync("<newNumberVector device='QKD Station Mount' name='HORIZONTAL_COORD'><oneNumber name='AZZ'>12</oneNumber></newNumberVector>");
        await client.SendAsync("<newNumberVector device='QKD Station Mount' name='HORIZONTAL_COORD'><oneNumber name='AZ'>nan</oneNumber></newNumberVector>");
        await client.SendAsync("<newSwitchVector device='QKD Station Mount' name='TELESCOPE_PARK'><oneSwitch name='PARK'>maybe</oneSwitch></newSwitchVector>");
        await client.SendAsync("<newNumberVector device='QKD Station Mount' name='EQUATORIAL_EOD_COORD'><oneNumber name='RA'>1</oneNumber></newNumberVector>");

        Assert.True(await client.ReadUntilAsync(r => r.Contains("EQUATORIAL_EOD_COORD is read-only", StringComparison.Ordinal)), client.Received);
        string received = client.Received;
        Assert.Contains("HORIZONTAL_COORD.AZ is &apos;12x&apos;; expected a number", received.Replace("'", "&apos;", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("HORIZONTAL_COORD has no element", received, StringComparison.Ordinal);
        Assert.Contains("TELESCOPE_PARK.PARK is", received, StringComparison.Ordinal);
        Assert.Contains("state=\"Alert\"", received, StringComparison.Ordinal);
        Assert.Equal(MountState.Idle, _host.Mount.State);
        Assert.Equal(mountBefore, TrueMountAngles());
    }

    [Fact]
    public async Task An_oversized_element_is_refused_at_64_KiB_and_the_client_disconnected()
    {
        using var big = await RawIndiClient.ConnectAsync(_host.Port);
        string payload = "<newTextVector device='QKD Station Mount' name='SAT_TLE_TEXT'><oneText name='TLE'>" + new string('A', 100 * 1024) + "</oneText></newTextVector>";

        try
        {
            await big.SendAsync(payload);
        }
        catch (IOException)
        {
            // the server may reset the connection while the rest is still being sent
        }

        Assert.True(await big.ReadToCloseAsync(), "the server should disconnect the client");
        Assert.Contains("exceeds the limit of 65536 bytes", big.Received, StringComparison.Ordinal);
        await AssertServesAClientAsync();
    }

    [Fact]
    public async Task A_client_sending_a_byte_a_second_is_cut_after_the_element_timeout_and_does_not_hold_up_others()
    {
        using var slow = await RawIndiClient.ConnectAsync(_host.Port);
        byte[] element = Encoding.ASCII.GetBytes("<getProperties version='1.7'/>");
        int secondsSent = 0;
        bool cut = false;
        for (; secondsSent < element.Length - 1 && !cut; secondsSent++)
        {
            try
            {
                await slow.SendAsync(element[secondsSent..(secondsSent + 1)]);
            }
            catch (IOException)
            {
                cut = true; // reset by the server
                break;
            }

            // Give the server the byte (a short read that also notices the disconnect), then let a second pass.
            cut = await slow.ReadToCloseAsync(TimeSpan.FromMilliseconds(50));
            _networkClock.Advance(TimeSpan.FromSeconds(1));
            if (secondsSent == 5)
            {
                await AssertServesAClientAsync(); // mid-element, the slow client holds up nobody
            }
        }

        if (!cut)
        {
            _networkClock.Advance(TimeSpan.FromSeconds(15)); // a server that read the bytes late still sees the deadline pass
        }

        cut = cut || await slow.ReadToCloseAsync();
        Assert.True(cut, "the slow client should be disconnected");
        Assert.InRange(secondsSent, 10, element.Length);
        Assert.Contains("did not complete within 10 s", slow.Received, StringComparison.Ordinal);
        await AssertServesAClientAsync();
    }

    [Fact]
    public async Task A_client_that_does_not_read_is_disconnected_when_its_send_queue_fills_and_nobody_waits_for_it()
    {
        using var deaf = await RawIndiClient.ConnectAsync(_host.Port);
        // 300 requests for every property, never read: far more than its queue of 4096 messages and the socket buffers.
        await deaf.SendAsync(string.Concat(Enumerable.Repeat(GetProperties, 300)));
        await AssertServesAClientAsync();

        Assert.True(await deaf.ReadToCloseAsync(TimeSpan.FromSeconds(30)), "the client that does not read should be disconnected");
        Assert.Equal(MountState.Idle, _host.Mount.State);
        await AssertServesAClientAsync();
    }

    [Fact]
    public async Task A_hundred_clients_at_once_each_get_every_property()
    {
        var clients = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => RawIndiClient.ConnectAsync(_host.Port)));
        try
        {
            await Task.WhenAll(clients.Select(c => c.SendAsync(GetProperties)));
            var served = await Task.WhenAll(clients.Select(c => c.ReadUntilAsync(r => r.Contains(LastVector, StringComparison.Ordinal), TimeSpan.FromSeconds(30))));

            Assert.All(served, Assert.True);
            Assert.All(clients, c => Assert.Contains("name=\"HORIZONTAL_COORD\"", c.Received, StringComparison.Ordinal));
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    private async Task AssertServesAClientAsync()
    {
        using var good = await RawIndiClient.ConnectAsync(_host.Port);
        await good.SendAsync(GetProperties);
        Assert.True(await good.ReadUntilAsync(r => r.Contains(LastVector, StringComparison.Ordinal)), "another client should be served: " + good.Received);
    }

    private (double Azimuth, double Elevation) TrueMountAngles() =>
        (Math.Round(_host.Bench!.Azimuth.AngleDegrees, 6), Math.Round(_host.Bench.Elevation.AngleDegrees, 6));

    private const string BillionLaughs = """
        <?xml version="1.0"?>
        <!DOCTYPE lolz [
         <!ENTITY lol "lol">
         <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
         <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
         <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
        ]>
        <newTextVector device="QKD Station Mount" name="SAT_TLE_TEXT"><oneText name="TLE">&lol9;</oneText></newTextVector>
        """;

    private const string ExternalEntity = """
        <?xml version="1.0"?>
        <!DOCTYPE foo [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
        <newTextVector device="QKD Station Mount" name="SAT_TLE_TEXT"><oneText name="TLE">&xxe;</oneText></newTextVector>
        """;
}

/// <summary>One bench station for the robustness tests, its network timeouts on a clock the tests advance.</summary>
public sealed class BenchStationFixture : IAsyncLifetime
{
    public SimulatedTimeProvider NetworkClock { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public IndiTestHost Host { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Host = await IndiTestHost.StartBenchAsync(speed: 1, services => services.AddSingleton(new IndiNetworkClock(NetworkClock)));

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

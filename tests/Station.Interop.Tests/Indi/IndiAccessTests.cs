using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Station.Firmware.Interfaces.Indi;
using Station.Firmware.Safety;

namespace Station.Interop.Tests.Indi;

/// <summary>
/// Who may do what over INDI. The tests run on loopback, so an address resolver (the server's seam) makes clients that
/// connect from 127.0.0.2 look like 192.0.2.7 (allowed, not an operator) and from 127.0.0.3 like 198.51.100.9 (not
/// allowed); 127.0.0.1 stays the local operator console.
/// </summary>
public sealed class IndiAccessTests
{
    private static readonly IPAddress FromAllowedNonOperator = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress FromStranger = IPAddress.Parse("127.0.0.3");
    private const string GetProperties = "<getProperties version='1.7'/>\n";
    private const string LastVector = "name=\"LASER_PERMISSION\"";

    [Fact]
    public async Task A_client_outside_the_allow_list_is_refused_with_the_reason()
    {
        await using var host = await StartAsync(allowLaserArming: false);
        using var stranger = await RawIndiClient.ConnectAsync(host.Port, FromStranger);
        await stranger.SendAsync(GetProperties);

        Assert.True(await stranger.ReadToCloseAsync(), "the stranger should be disconnected");
        Assert.Contains("connection refused: client 198.51.100.9 is not in the allow-list", stranger.Received, StringComparison.Ordinal);
        Assert.DoesNotContain("defNumberVector", stranger.Received, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_non_operator_cannot_ungate_detectors_reset_a_trip_or_arm_the_laser_and_gets_alert_with_the_reason()
    {
        await using var host = await StartAsync(allowLaserArming: true);
        using var client = await ConnectAndListAsync(host, FromAllowedNonOperator);

        await client.SendAsync(NewSwitch("QKD Station Detectors", "DETECTOR_GATES", "GATE_0"));
        await client.SendAsync(NewSwitch("QKD Station Detectors", "DETECTOR_TRIP_RESET", "RESET_1"));
        await client.SendAsync(NewSwitch("QKD Station Beacon", "LASER_ARM", "ARM"));

        Assert.True(await client.ReadUntilAsync(r => r.Contains("laser arming refused", StringComparison.Ordinal)), client.Received);
        Assert.True(await client.ReadUntilAsync(r => r.Contains("trip reset refused", StringComparison.Ordinal)), client.Received);
        string received = client.Received;
        Assert.Contains("client 192.0.2.7 is not an operator: detector gating refused", received, StringComparison.Ordinal);
        Assert.Contains("client 192.0.2.7 is not an operator: trip reset refused", received, StringComparison.Ordinal);
        Assert.Contains("client 192.0.2.7 is not an operator: laser arming refused", received, StringComparison.Ordinal);
        Assert.Contains("name=\"LASER_ARM\" state=\"Alert\"", received, StringComparison.Ordinal);
        var safety = host.Services.GetRequiredService<SafetyLoop>();
        Assert.False(safety.LaserArmed);
        Assert.Equal(0, (int)safety.AppliedGates);
        Assert.Equal(Station.Devices.GateCounter.GateChannels.All, safety.ChannelSelection); // the refused selection changed nothing

        // The operator console (loopback) passes the access check; the safety loop (not running on this bench) then decides.
        using var console = await ConnectAndListAsync(host, IPAddress.Loopback);
        await console.SendAsync(NewSwitch("QKD Station Beacon", "LASER_ARM", "ARM"));
        Assert.True(await console.ReadUntilAsync(r => r.Contains("the laser cannot be armed", StringComparison.Ordinal)), console.Received);
        Assert.DoesNotContain("not an operator", console.Received, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Laser_arming_over_the_network_is_refused_even_for_an_operator_unless_allowed()
    {
        await using var host = await StartAsync(allowLaserArming: false);
        using var console = await ConnectAndListAsync(host, IPAddress.Loopback);

        await console.SendAsync(NewSwitch("QKD Station Beacon", "LASER_ARM", "ARM"));

        Assert.True(await console.ReadUntilAsync(r => r.Contains("laser arming over the network is disabled (AllowLaserArming is false)", StringComparison.Ordinal)), console.Received);
        Assert.False(host.Services.GetRequiredService<SafetyLoop>().LaserArmed);
        // Disarming is always accepted: anyone may make the station safer.
        await console.SendAsync(NewSwitch("QKD Station Beacon", "LASER_ARM", "DISARM"));
        Assert.True(await console.ReadUntilAsync(r => r.Contains("name=\"LASER_ARM\" state=\"Ok\"", StringComparison.Ordinal)
            || r.Contains("the laser cannot be armed", StringComparison.Ordinal)), console.Received);
    }

    [Fact]
    public async Task An_operator_selects_the_channels_to_gate_and_the_selection_outlives_withdrawing_the_demand()
    {
        await using var host = await IndiTestHost.StartDesktopAsync(speed: 1); // the scenario world runs the safety loop
        using var console = await ConnectAndListAsync(host, IPAddress.Loopback);
        var safety = host.Services.GetRequiredService<SafetyLoop>();

        await console.SendAsync("<newSwitchVector device='QKD Station Detectors' name='DETECTOR_GATES'>"
            + "<oneSwitch name='GATE_0'>Off</oneSwitch><oneSwitch name='GATE_1'>On</oneSwitch>"
            + "<oneSwitch name='GATE_2'>Off</oneSwitch><oneSwitch name='GATE_3'>On</oneSwitch></newSwitchVector>\n");
        Assert.True(await console.ReadUntilAsync(r => r.Contains("gates asked for", StringComparison.Ordinal)), console.Received);
        Assert.Equal(Station.Devices.GateCounter.GateChannels.Channel1 | Station.Devices.GateCounter.GateChannels.Channel3, safety.ChannelSelection);
        Assert.True(safety.GatesDemanded);

        await console.SendAsync("<newSwitchVector device='QKD Station Detectors' name='DETECTOR_GATES'>"
            + "<oneSwitch name='GATE_0'>Off</oneSwitch><oneSwitch name='GATE_1'>Off</oneSwitch>"
            + "<oneSwitch name='GATE_2'>Off</oneSwitch><oneSwitch name='GATE_3'>Off</oneSwitch></newSwitchVector>\n");
        Assert.True(await console.ReadUntilAsync(r => r.Contains("gates no longer asked for", StringComparison.Ordinal)), console.Received);
        Assert.False(safety.GatesDemanded);
        Assert.Equal(Station.Devices.GateCounter.GateChannels.Channel1 | Station.Devices.GateCounter.GateChannels.Channel3, safety.ChannelSelection);
    }

    private static Task<IndiTestHost> StartAsync(bool allowLaserArming) =>
        IndiTestHost.StartBenchAsync(speed: 1, services => services.AddSingleton<IndiClientAddressResolver>(new TestAddresses()),
            "--Station:Interfaces:Indi:AllowedClients:0=192.0.2.0/24",
            "--Station:Interfaces:Indi:OperatorClients:0=127.0.0.1",
            "--Station:Interfaces:Indi:OperatorClients:1=192.0.2.1",
            $"--Station:Interfaces:Indi:AllowLaserArming={allowLaserArming}");

    private static async Task<RawIndiClient> ConnectAndListAsync(IndiTestHost host, IPAddress from)
    {
        var client = await RawIndiClient.ConnectAsync(host.Port, from);
        await client.SendAsync(GetProperties);
        Assert.True(await client.ReadUntilAsync(r => r.Contains(LastVector, StringComparison.Ordinal)), client.Received);
        return client;
    }

    private static string NewSwitch(string device, string property, string element) =>
        $"<newSwitchVector device='{device}' name='{property}'><oneSwitch name='{element}'>On</oneSwitch></newSwitchVector>\n";

    private sealed class TestAddresses : IndiClientAddressResolver
    {
        public override IPAddress Resolve(IPEndPoint remote)
        {
            var address = base.Resolve(remote);
            return address.Equals(FromAllowedNonOperator) ? IPAddress.Parse("192.0.2.7")
                : address.Equals(FromStranger) ? IPAddress.Parse("198.51.100.9")
                : address;
        }
    }
}

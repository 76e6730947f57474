using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Station.Core.Timing;
using Station.Devices.Board;
using Station.Devices.Buses;
using Station.Emulator;
using Station.Emulator.Buses;
using Station.Firmware.Hosting;
using Station.Firmware.Safety;

namespace Station.Hil.Tests.Safety;

/// <summary>The safety loop registered in the firmware's Generic Host, on the emulated station.</summary>
public sealed class SafetyHostHilTests
{
    private static readonly string[] Delingha =
    [
        "--Station:Safety:Enabled=true", "--Station:Safety:SiteLatitudeDeg=37.379", "--Station:Safety:SiteLongitudeDeg=97.727", "--Station:Safety:SiteHeightM=3153",
    ];

    [Fact]
    public async Task The_host_runs_the_safety_loop_which_opens_the_gates_at_night_when_asked_and_closes_everything_on_stop()
    {
        var time = new SimulatedTimeProvider(SafetyBench.Night);
        using var station = EmulatedStation.FromPinMap(time, PinMapLoader.LoadDefault());
        using var host = Build(Delingha, time, station);

        await host.StartAsync();
        var loop = host.Services.GetRequiredService<SafetyLoop>();
        Assert.Same(loop, host.Services.GetRequiredService<IDetectorGateGuard>());
        Assert.False(loop.GatesDemanded);                                    // the idle sequencer asks for nothing
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.All(Enumerable.Range(0, 4), ch => Assert.False(station.GateCounter.IsGateOpen(ch)));
        loop.SetDemands(detectorGates: true, uplink: false);                // as the sequencer does in fine lock
        // The filter wheels home at start-up with the gates held off; then the loop opens them.
        Assert.True(time.AdvanceUntil(() => Enumerable.Range(0, 4).All(station.GateCounter.IsGateOpen), TimeSpan.FromSeconds(30)),
            loop.Permissions.Explain(Core.Safety.PermissionKind.DetectorGate));
        Assert.False(station.Watchdog.IsCut);
        Assert.InRange(loop.LastSensed.Sun.Value.ElevationDeg, -90, -12);
        Assert.False(loop.Permissions.LaserOn); // no tracker in this host yet, so the laser stays off

        await host.StopAsync();
        Assert.All(Enumerable.Range(0, 4), ch => Assert.False(station.GateCounter.IsGateOpen(ch)));
        Assert.True(time.AdvanceUntil(() => station.Watchdog.IsCut, TimeSpan.FromMilliseconds(200)), "the heartbeat should stop with the loop");
    }

    [Fact]
    public async Task A_channel_the_operator_leaves_out_stays_gated_off_while_the_selected_ones_open()
    {
        var time = new SimulatedTimeProvider(SafetyBench.Night);
        using var station = EmulatedStation.FromPinMap(time, PinMapLoader.LoadDefault());
        using var host = Build(Delingha, time, station);

        await host.StartAsync();
        var loop = host.Services.GetRequiredService<SafetyLoop>();
        Assert.Equal(Devices.GateCounter.GateChannels.All, loop.ChannelSelection);
        loop.SelectChannels(Devices.GateCounter.GateChannels.Channel1 | Devices.GateCounter.GateChannels.Channel3);
        loop.SetDemands(detectorGates: true, uplink: false);
        Assert.True(time.AdvanceUntil(() => station.GateCounter.IsGateOpen(1) && station.GateCounter.IsGateOpen(3), TimeSpan.FromSeconds(30)),
            loop.Permissions.Explain(Core.Safety.PermissionKind.DetectorGate));
        time.Advance(TimeSpan.FromSeconds(2)); // past a gate refresh
        Assert.False(station.GateCounter.IsGateOpen(0));
        Assert.False(station.GateCounter.IsGateOpen(2));

        loop.SelectChannels(Devices.GateCounter.GateChannels.Channel0);
        time.Advance(TimeSpan.FromMilliseconds(50));
        Assert.True(station.GateCounter.IsGateOpen(0));
        Assert.False(station.GateCounter.IsGateOpen(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => loop.SelectChannels((Devices.GateCounter.GateChannels)0x10));
        Assert.Equal(Devices.GateCounter.GateChannels.Channel0, loop.ChannelSelection);
        await host.StopAsync();
    }

    [Fact]
    public async Task Enabling_the_loop_with_half_a_site_stops_start_up_naming_the_options()
    {
        var time = new SimulatedTimeProvider(SafetyBench.Night);
        using var station = EmulatedStation.FromPinMap(time, PinMapLoader.LoadDefault());
        using var host = Build(["--Station:Safety:Enabled=true", "--Station:Safety:SiteLatitudeDeg=37.4", "--Station:Safety:ControlTickMs=80"], time, station);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Station:Safety:SiteLongitudeDeg is missing; expected −180…360 with the latitude, or neither (the schedule's site)", error.Failures);
        Assert.Contains(error.Failures, f => f.StartsWith("Station:Safety: ControlTick is 80 ms", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Disabled_by_default_the_host_leaves_every_gate_and_the_laser_off()
    {
        var time = new SimulatedTimeProvider(SafetyBench.Night);
        using var station = EmulatedStation.FromPinMap(time, PinMapLoader.LoadDefault());
        using var host = Build([], time, station);

        await host.StartAsync();
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.All(Enumerable.Range(0, 4), ch => Assert.False(station.GateCounter.IsGateOpen(ch)));
        Assert.False(station.UplinkLaser.IsEmitting);
        await host.StopAsync();
    }

    private static IHost Build(string[] args, TimeProvider time, EmulatedStation station)
    {
        var builder = StationHost.CreateBuilder(args, new StationHostOverrides(_ => new LentBusProvider(station.Buses), time));
        builder.Configuration.AddInMemoryCollection([new("Station:Telemetry:DatabasePath", HostTestJournal.NewPath())]);
        return builder.Build();
    }
}

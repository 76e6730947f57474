using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Station.Core.Safety;
using Station.Core.Timing;
using Station.Devices.Board;
using Station.Devices.Buses;
using Station.Emulator;
using Station.Emulator.Buses;
using Station.Firmware.Detectors;
using Station.Firmware.Filters;
using Station.Firmware.Hosting;
using Station.Firmware.Safety;
using Xunit.Abstractions;

namespace Station.Hil.Tests.Filters;

/// <summary>The filter-wheel and gate-delay services as the firmware's Generic Host composes them, on emulated buses.</summary>
public sealed class FilterHostingHilTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Start = new(2026, 3, 19, 18, 0, 0, TimeSpan.Zero);

    private static IHost Build(string[] args, SimulatedTimeProvider time, EmulatedStation station, IDetectorGateGuard? guard)
    {
        var builder = StationHost.CreateBuilder(args, new StationHostOverrides(_ => new LentBusProvider(station.Buses), time));
        builder.Configuration.AddInMemoryCollection([new("Station:Telemetry:DatabasePath", HostTestJournal.NewPath())]);
        if (guard is not null)
        {
            builder.Services.AddSingleton(guard);
        }

        return builder.Build();
    }

    [Fact]
    public async Task The_host_homes_both_wheels_to_their_start_up_slots_behind_the_gate_guard_and_sets_the_gates()
    {
        var time = new SimulatedTimeProvider(Start);
        using var station = EmulatedStation.FromPinMap(time, PinMapLoader.LoadDefault());
        var guard = new RecordingGateGuard(time);
        using var host = Build([], time, station, guard);

        await host.StartAsync();
        var wheels = host.Services.GetRequiredService<FilterWheelService>();
        Assert.Same(wheels, host.Services.GetRequiredService<IFilterWheelSenseSource>());
        Assert.Equal(["spectral", "nd"], wheels.WheelNames);
        Assert.Equal(["810/10nm", "532 beacon", "open", "dark", "850/40nm", "671/10nm"], wheels.SlotNames("spectral"));
        Assert.True(time.AdvanceUntil(() => wheels.CurrentSlot("spectral") is not null && wheels.CurrentSlot("nd") is not null, TimeSpan.FromSeconds(60)));
        output.WriteLine($"both wheels homed and at their start-up slots {time.GetUtcNow() - Start:g} after start");
        await host.StopAsync();

        Assert.Equal("dark", wheels.CurrentSlot("spectral"));
        Assert.Equal("ND4", wheels.CurrentSlot("nd"));
        Assert.Equal(2, guard.Holds.Count);
        Assert.Equal(0, guard.OpenHolds);
        Assert.Equal((1_000u, 0u, 100u), station.GateCounter.GateRegisters(3)); // appsettings.json: 10 ns period, 1 ns gates
        Assert.True(host.Services.GetRequiredService<IOptions<GateDelayServiceOptions>>().Value.PulsedSource);
    }

    [Fact]
    public async Task With_the_safety_loop_disabled_the_wheels_still_home_behind_gates_that_stay_off()
    {
        var time = new SimulatedTimeProvider(Start);
        using var station = EmulatedStation.FromPinMap(time, PinMapLoader.LoadDefault());
        using var host = Build([], time, station, guard: null); // the host's own guard: the (disabled) safety loop
        bool gateEverOpen = false;

        await host.StartAsync();
        var wheels = host.Services.GetRequiredService<FilterWheelService>();
        Assert.Same(host.Services.GetRequiredService<SafetyLoop>(), host.Services.GetRequiredService<IDetectorGateGuard>());
        time.AdvanceUntil(() =>
        {
            gateEverOpen |= Enumerable.Range(0, 4).Any(station.GateCounter.IsGateOpen);
            return wheels.CurrentSlot("spectral") is not null && wheels.CurrentSlot("nd") is not null;
        }, TimeSpan.FromSeconds(30));
        await host.StopAsync();

        Assert.NotNull(wheels.CurrentSlot("spectral"));
        Assert.NotNull(wheels.CurrentSlot("nd"));
        Assert.False(gateEverOpen);
    }

    [Fact]
    public async Task Bad_wheel_and_gate_options_stop_start_up_naming_each_option()
    {
        var time = new SimulatedTimeProvider(Start);
        using var station = EmulatedStation.FromPinMap(time, PinMapLoader.LoadDefault());
        using var host = Build(["--Station:FilterWheels:Wheels:1:Slots:2:Name=ND1", "--Station:GateDelays:Channels:3:Channel=0"], time, station, new RecordingGateGuard(time));

        var error = await Assert.ThrowsAsync<AggregateException>(() => host.StartAsync()); // one per failing section
        var failures = error.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures).ToList();

        Assert.Equal(
            [
                "Station:FilterWheels:Wheels:1.slot 'ND1' appears more than once.",
                "Station:GateDelays.Channels:3.Channel 0 is already configured by Station:GateDelays.Channels:0",
            ],
            failures.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Safety_wheels_that_disagree_with_the_service_slot_tables_stop_start_up()
    {
        var time = new SimulatedTimeProvider(Start);
        using var station = EmulatedStation.FromPinMap(time, PinMapLoader.LoadDefault());
        string[] spectral = ["810/10nm", "532 beacon", "open", "dark", "850/40nm", "671/10nm"];
        string[] nd = ["open", "ND1", "ND2", "ND3", "dark", "ND4"]; // ND4 and dark swapped
        var args = new List<string> { "--Station:Safety:Enabled=true", "--Station:Safety:SiteLatitudeDeg=37.38", "--Station:Safety:SiteLongitudeDeg=97.73" };
        args.AddRange(SafetyWheelArgs(0, "spectral", spectral));
        args.AddRange(SafetyWheelArgs(1, "nd", nd));
        using var host = Build([.. args], time, station, guard: null);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal(
            "Station:Safety:FilterWheels:1 is 'nd' with slots (open, ND1, ND2, ND3, dark, ND4) but Station:FilterWheels:Wheels:1 is 'nd' with slots (open, ND1, ND2, ND3, ND4, dark); expected the same name and slot names in the same order (the supervisor judges the slot by its index)",
            Assert.Single(error.Failures));
    }

    [Fact]
    public void Safety_wheels_that_match_or_are_left_to_the_service_pass_and_a_disabled_safety_loop_is_not_checked()
    {
        var wheels = new FilterWheelServiceOptions
        {
            Wheels = [new FilterWheelConfiguration { Name = "nd", Slots = [new() { Name = "open" }, new() { Name = "ND1" }] }],
        };
        var matching = new SafetyHostOptions { Enabled = true, FilterWheels = [new SafetyWheelConfiguration { Name = "nd", Slots = ["open", "ND1"] }] };
        var extra = new SafetyHostOptions { Enabled = true, FilterWheels = [.. matching.FilterWheels, new SafetyWheelConfiguration { Name = "spectral", Slots = ["open"] }] };
        var derived = new SafetyHostOptions { Enabled = true }; // no list: the loop takes the service's table

        Assert.True(new FilterWheelSafetyConsistencyValidator(Options.Create(matching)).Validate(null, wheels).Succeeded);
        Assert.True(new FilterWheelSafetyConsistencyValidator(Options.Create(derived)).Validate(null, wheels).Succeeded);
        Assert.Equal(
            "Station:Safety:FilterWheels lists 2 wheels but Station:FilterWheels:Wheels has 1; expected the same wheels in the same order (or no list: the service's)",
            Assert.Single(new FilterWheelSafetyConsistencyValidator(Options.Create(extra)).Validate(null, wheels).Failures!));
        extra.Enabled = false;
        Assert.True(new FilterWheelSafetyConsistencyValidator(Options.Create(extra)).Validate(null, wheels).Succeeded);
    }

    private static IEnumerable<string> SafetyWheelArgs(int index, string name, string[] slots) =>
        slots.Select((slot, i) => $"--Station:Safety:FilterWheels:{index}:Slots:{i}={slot}").Prepend($"--Station:Safety:FilterWheels:{index}:Name={name}");
}

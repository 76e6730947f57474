using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Station.Core.Safety;
using Station.Core.Timing;
using Station.Devices.Board;
using Station.Devices.Buses;
using Station.Emulator;
using Station.Firmware.Detectors;
using Station.Firmware.Filters;
using Station.Firmware.Hosting;
using Station.Firmware.Safety;

namespace Station.Hil.Tests.Filters;

/// <summary>The filter-wheel and gate-delay services as the firmware's Generic Host composes them, on emulated buses.</summary>
public sealed class FilterHostingHilTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 19, 18, 0, 0, TimeSpan.Zero);

    private static IHost Build(string[] args, SimulatedTimeProvider time, EmulatedStation station, IDetectorGateGuard? guard)
    {
        var builder = StationHost.CreateBuilder(args, new StationHostOverrides(_ => new LentBuses(station.Buses), time));
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

    /// <summary>Lends the station's buses to the host without letting the host dispose them.</summary>
    private sealed class LentBuses(IBusProvider inner) : IBusProvider
    {
        public string Description => inner.Description;

        public System.Device.Gpio.GpioController Gpio => inner.Gpio;

        public System.Device.Spi.SpiDevice OpenSpi(System.Device.Spi.SpiConnectionSettings settings) => inner.OpenSpi(settings);

        public System.Device.I2c.I2cDevice OpenI2c(System.Device.I2c.I2cConnectionSettings settings) => inner.OpenI2c(settings);

        public Stream OpenSerial(SerialPortSettings settings) => inner.OpenSerial(settings);

        public ICameraFrameSource OpenCamera(CameraSettings settings) => inner.OpenCamera(settings);

        public void Dispose()
        {
        }
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Station.Core.Timing;
using Station.Devices.Board;
using Station.Devices.Buses;
using Station.Emulator;
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
    public async Task The_host_runs_the_safety_loop_which_opens_the_gates_at_night_and_closes_everything_on_stop()
    {
        var time = new SimulatedTimeProvider(SafetyBench.Night);
        using var station = EmulatedStation.FromPinMap(time, PinMapLoader.LoadDefault());
        using var host = Build(Delingha, time, station);

        await host.StartAsync();
        var loop = host.Services.GetRequiredService<SafetyLoop>();
        Assert.Same(loop, host.Services.GetRequiredService<IDetectorGateGuard>());
        Assert.True(time.AdvanceUntil(() => Enumerable.Range(0, 4).All(station.GateCounter.IsGateOpen), TimeSpan.FromSeconds(2)),
            loop.Permissions.Explain(Core.Safety.PermissionKind.DetectorGate));
        Assert.False(station.Watchdog.IsCut);
        Assert.InRange(loop.LastSensed.Sun.Value.ElevationDeg, -90, -12);
        Assert.False(loop.Permissions.LaserOn); // no tracker in this host yet, so the laser stays off

        await host.StopAsync();
        Assert.All(Enumerable.Range(0, 4), ch => Assert.False(station.GateCounter.IsGateOpen(ch)));
        Assert.True(time.AdvanceUntil(() => station.Watchdog.IsCut, TimeSpan.FromMilliseconds(200)), "the heartbeat should stop with the loop");
    }

    [Fact]
    public async Task Enabling_the_loop_without_a_site_stops_start_up_naming_the_options()
    {
        var time = new SimulatedTimeProvider(SafetyBench.Night);
        using var station = EmulatedStation.FromPinMap(time, PinMapLoader.LoadDefault());
        using var host = Build(["--Station:Safety:Enabled=true", "--Station:Safety:ControlTickMs=80"], time, station);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Station:Safety:SiteLatitudeDeg is missing; expected −90…90 (the sun is computed for the site)", error.Failures);
        Assert.Contains("Station:Safety:SiteLongitudeDeg is missing; expected −180…360", error.Failures);
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

    [Fact]
    public async Task A_wheel_service_that_takes_the_loop_as_its_gate_guard_is_the_loops_wheel_input()
    {
        var time = new SimulatedTimeProvider(SafetyBench.Night);
        using var station = EmulatedStation.FromPinMap(time, PinMapLoader.LoadDefault());
        string[] wheels =
        [
            "--Station:Safety:FilterWheels:0:Name=spectral", "--Station:Safety:FilterWheels:0:Slots:0=810/10nm",
            "--Station:Safety:FilterWheels:0:Slots:1=open", "--Station:Safety:FilterWheels:0:DaylightApprovedSlots:0=810/10nm",
        ];
        var builder = StationHost.CreateBuilder([.. Delingha, .. wheels], new StationHostOverrides(_ => new SharedBuses(station.Buses), time));
        builder.Services.AddSingleton<IFilterWheelSenseSource>(sp => new GuardedWheel(sp.GetRequiredService<IDetectorGateGuard>(), time));
        using var host = builder.Build();

        await host.StartAsync();
        var wheel = (GuardedWheel)host.Services.GetRequiredService<IFilterWheelSenseSource>();
        Assert.True(time.AdvanceUntil(() => station.GateCounter.IsGateOpen(0), TimeSpan.FromSeconds(2)));
        using (wheel.Guard.HoldGatesOff("wheel to open"))
        {
            Assert.False(station.GateCounter.IsGateOpen(0));
            wheel.Moving = true;
            time.Advance(TimeSpan.FromMilliseconds(50));
        }

        time.Advance(TimeSpan.FromMilliseconds(20));
        Assert.False(station.GateCounter.IsGateOpen(0)); // still moving: the hold's release opens nothing
        wheel.Moving = false;
        time.Advance(TimeSpan.FromMilliseconds(20));
        Assert.True(station.GateCounter.IsGateOpen(0));
        await host.StopAsync();
    }

    private static IHost Build(string[] args, TimeProvider time, EmulatedStation station) =>
        StationHost.CreateBuilder(args, new StationHostOverrides(_ => new SharedBuses(station.Buses), time)).Build();

    /// <summary>A stand-in for the filter-wheel service: one wheel on slot 0, which takes the gate guard in its constructor.</summary>
    private sealed class GuardedWheel(IDetectorGateGuard guard, TimeProvider time) : IFilterWheelSenseSource
    {
        public IDetectorGateGuard Guard { get; } = guard;

        public bool Moving { get; set; }

        public int WheelCount => 1;

        public Core.Safety.FilterWheelSense Sense(int index) =>
            new(Core.Safety.Sensed.Ok(Moving, time.GetUtcNow()), Core.Safety.Sensed.Ok(Moving ? -1 : 0, time.GetUtcNow()));
    }

    /// <summary>Lends the station's buses to the host without letting the host dispose them.</summary>
    private sealed class SharedBuses(IBusProvider inner) : IBusProvider
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

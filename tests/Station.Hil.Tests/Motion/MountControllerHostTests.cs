using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Station.Core.Timing;
using Station.Devices.Board;
using Station.Devices.Buses;
using Station.Emulator;
using Station.Firmware.Hosting;
using Station.Firmware.Motion;

namespace Station.Hil.Tests.Motion;

/// <summary>The mount controller as the firmware's Generic Host composes it (Station:Mount section), on emulated buses.</summary>
public sealed class MountControllerHostTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 19, 18, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_host_provides_a_mount_controller_that_homes_and_slews_the_emulated_mount()
    {
        var time = new SimulatedTimeProvider(Start);
        using var station = EmulatedStation.FromPinMap(time, PinMapLoader.LoadDefault(), new EmulatedMountGeometry(AzimuthStartDeg: 37, ElevationStartDeg: 20));
        using var host = Build(["--Station:Mount:AzimuthIndexDeg=-5", "--Station:Mount:SiteLatitudeDeg=37.38", "--Station:Mount:SiteLongitudeDeg=97.73"], time, station);
        await host.StartAsync();
        var controller = host.Services.GetRequiredService<MountController>();

        controller.Home();
        Assert.True(time.AdvanceUntil(() => controller.State == MountState.Idle, TimeSpan.FromMinutes(5)), $"{controller.State}: {controller.FaultReason}");
        Assert.Equal(station.Azimuth.AngleDegrees, controller.KnownPosition.AzimuthDeg, 3.0 / 3600);
        controller.Park();
        Assert.True(time.AdvanceUntil(() => controller.State == MountState.Parked, TimeSpan.FromMinutes(2)));
        await host.StopAsync();

        Assert.Equal(85, station.Elevation.AngleDegrees, 0.001);
        Assert.Equal(85, host.Services.GetRequiredService<IOptions<MountControllerOptions>>().Value.ParkElevationDeg);
    }

    [Fact]
    public async Task Invalid_mount_options_stop_start_up_with_each_option_named()
    {
        var time = new SimulatedTimeProvider(Start);
        using var station = EmulatedStation.FromPinMap(time, PinMapLoader.LoadDefault());
        using var host = Build(["--Station:Mount:ParkElevationDeg=95", "--Station:Mount:HomingCreepSpeedDegPerS=9", "--Station:Mount:Limits:SunExclusionDeg=120"], time, station);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Station:Mount.ParkElevationDeg is 95; expected an elevation within the travel 0…90", error.Failures);
        Assert.Contains("Station:Mount.HomingCreepSpeedDegPerS is 9; expected 0 < value < HomingSearchSpeedDegPerS (4)", error.Failures);
        Assert.Contains("Station:Mount.Limits: SunExclusionDeg is 120; expected 0 ≤ value < 90", error.Failures);
    }

    private static IHost Build(string[] args, TimeProvider time, EmulatedStation station) =>
        StationHost.CreateBuilder(args, new StationHostOverrides(_ => new SharedBuses(station.Buses), time)).Build();

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

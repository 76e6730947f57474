using Station.Cli.Devices;
using Station.Devices.Board;
using UnitsNet;
using Station.Tests.Shared;

namespace Station.Hil.Tests.Detectors;

/// <summary>`stationctl devices check` lines of the detector group, and the no-allocation rule on the count path.</summary>
public sealed class DetectorDeviceCheckTests
{
    [Fact]
    public void Devices_check_passes_gate_counter_uplink_laser_and_interlocks_with_their_bus_addresses()
    {
        var results = DeviceCheckRunner.RunAll(PinMapLoader.LoadDefault(), DetectorBench.Start);

        var byDevice = results.ToDictionary(result => result.DeviceId);
        Assert.All([DeviceId.GateCounter, DeviceId.UplinkLaser, DeviceId.Interlocks], id => Assert.True(byDevice[id].Passed, $"{id}: {byDevice[id].Detail}"));
        Assert.Equal("SPI0 CS4", byDevice[DeviceId.GateCounter].Bus);
        Assert.Equal("I2C1 0x20", byDevice[DeviceId.Interlocks].Bus);
        Assert.Equal("GPIO 26,27,14", byDevice[DeviceId.UplinkLaser].Bus);
        Assert.Contains("ch1 tripped at 1001", byDevice[DeviceId.GateCounter].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Reading_status_and_windows_through_binding_and_twin_allocates_nothing()
    {
        using var bench = new DetectorBench();
        var board = bench.OpenGateCounter(Duration.FromMilliseconds(1));
        bench.Station.GateCounter.Channels[0].SignalRate = Frequency.FromMegahertz(2);
        board.SetShutterOpen(true);
        for (int i = 0; i < 50; i++)
        {
            bench.Time.Advance(TimeSpan.FromMilliseconds(1));
            board.ReadStatus();
            board.TryReadWindow(out _);
        }

        // System.Device.Gpio 4.2.0's GpioController.Write allocates 40 bytes a call (any driver), so the heartbeat's
        // edges would show here: measure in the 100 ms the watchdog allows after the last edge.
        bench.Heartbeat.Stop();
        long counted = 0;
        long allocated = Allocations.Fewest(() => // up to three runs of 30 ms
        {
            for (int i = 0; i < 30; i++)
            {
                bench.Time.Advance(TimeSpan.FromMilliseconds(1));
                board.ReadStatus();
                if (board.TryReadWindow(out var window))
                {
                    counted += window[0];
                }
            }
        });

        Assert.Equal(0, allocated);
        Assert.True(counted > 3_000, $"only {counted} photons counted: the photon model did not run");
        Assert.False(bench.Station.Watchdog.IsCut);
    }
}

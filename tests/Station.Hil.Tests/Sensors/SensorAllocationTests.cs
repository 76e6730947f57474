using Iot.Device.Adc;
using Station.Devices.BeaconCamera;
using Station.Devices.Board;
using Station.Devices.Buses;
using Station.Devices.Dac8563;
using Station.Devices.QuadCell;
using Station.Devices.SteeringMirror;
using UnitsNet;
using Station.Tests.Shared;

namespace Station.Hil.Tests.Sensors;

/// <summary>The fine loop's hot paths allocate nothing in steady state, through the emulated bus.</summary>
public sealed class SensorAllocationTests : SensorTestStation
{
    [Fact]
    public void Quad_cell_reads_and_mirror_commands_allocate_nothing()
    {
        using var cell = new QuadCell(new Mcp3208(Station.Buses.OpenSpi(PinMap.GetSpiConnectionSettings(DeviceId.QuadCellAdc))), ElectricPotential.FromVolts(3.3), ElectricPotential.FromVolts(0.2));
        using var mirror = new SteeringMirror(new Dac8563(Station.Buses.OpenSpi(PinMap.GetSpiConnectionSettings(DeviceId.SteeringMirrorDac))), new SteeringMirrorOptions());
        mirror.Initialize();
        RunLoop(cell, mirror, 10); // warm up

        Assert.Equal(0, Allocations.Fewest(() => RunLoop(cell, mirror, 1000)));
    }

    [Fact]
    public void Capturing_a_64x64_frame_allocates_nothing()
    {
        using var camera = new BeaconCamera(Station.Buses.OpenCamera(new CameraSettings(PinMap.GetCamera(DeviceId.BeaconCamera).Device, 64, 64)));
        var pixels = new ushort[64 * 64];
        Time.Advance(TimeSpan.FromMilliseconds(10));
        camera.Capture(pixels);

        int spots = 0;
        long allocated = Allocations.Fewest(() => // runs of 50 frames
        {
            long bytes = 0;
            for (int i = 0; i < 50; i++)
            {
                Time.Advance(TimeSpan.FromMilliseconds(10)); // the simulation's own timers are not measured
                bytes += Allocations.Of(() => spots += camera.Capture(pixels).HasSpot ? 1 : 0);
            }

            return bytes;
        });

        Assert.Equal(0, allocated);
        Assert.Equal(0, spots % 50);
        Assert.True(spots > 0);
    }

    private static void RunLoop(QuadCell cell, SteeringMirror mirror, int count)
    {
        for (int i = 0; i < count; i++)
        {
            var reading = cell.Read();
            mirror.Point(reading.X * 10, reading.Y * 10);
        }
    }
}

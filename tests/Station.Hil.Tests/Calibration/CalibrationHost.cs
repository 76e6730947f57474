using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Station.Emulator;
using Station.Emulator.Buses;
using Station.Firmware.Hosting;

namespace Station.Hil.Tests.Calibration;

/// <summary>The firmware's Generic Host on an emulated station's buses and clock, for the calibration-file start-up tests.</summary>
internal static class CalibrationHost
{
    public static IHost Build(string[] args, TimeProvider time, EmulatedStation station)
    {
        var builder = StationHost.CreateBuilder(args, new StationHostOverrides(_ => new LentBusProvider(station.Buses), time));
        builder.Configuration.AddInMemoryCollection([new("Station:Telemetry:DatabasePath", HostTestJournal.NewPath())]);
        return builder.Build();
    }
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Station.Core.Orbits;
using Station.Core.Timing;
using Station.Devices.Board;
using Station.Emulator;
using Station.Emulator.Buses;
using Station.Firmware.Calibration;
using Station.Firmware.Detectors;
using Station.Firmware.Filters;
using Station.Firmware.Hosting;
using Station.Hil.Tests.Detectors;
using Xunit.Abstractions;

namespace Station.Hil.Tests.Calibration;

/// <summary>The firmware host loading the bench calibration files at start-up, on the emulated station.</summary>
public sealed class BenchCalibrationHostingHilTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("calib-hosting-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static IHost Build(SimulatedTimeProvider time, EmulatedStation station, params string[] args)
    {
        var builder = StationHost.CreateBuilder(args, new StationHostOverrides(_ => new LentBusProvider(station.Buses), time));
        builder.Configuration.AddInMemoryCollection([new("Station:Telemetry:DatabasePath", HostTestJournal.NewPath()), new("Station:FilterWheels:HomeAtStartup", "false")]);
        return builder.Build();
    }

    /// <summary>Starts a host at the Micius culmination, tracks the pass, and returns each channel's GATE_DELAY register.</summary>
    private static async Task<uint[]> TrackedDelays(params string[] args)
    {
        var time = new SimulatedTimeProvider(new DateTimeOffset(GateDelayBench.Pass.Value.Culmination, TimeSpan.Zero));
        using var station = EmulatedStation.FromPinMap(time, PinMapLoader.LoadDefault());
        using var host = Build(time, station, ["--Station:GateDelays:PulsePeriodNs=1000", .. args]);
        await host.StartAsync();
        host.Services.GetRequiredService<GateDelayService>().Track(GateDelayBench.Pass.Value.Satellite, StationCatalog.Delingha, EarthOrientationParameters.Zero);
        var delays = Enumerable.Range(0, 4).Select(c => station.GateCounter.GateRegisters(c).Delay).ToArray();
        await host.StopAsync();
        return delays;
    }

    [Fact]
    public async Task The_gate_delay_file_loaded_at_start_up_moves_every_channels_GATE_DELAY_register_by_its_instrument_delay()
    {
        string path = Path.Combine(_dir, "gate-delays.json");
        File.WriteAllText(path, BenchCalibrationFilesTests.GateDelays(0, 1, 2, 3)); // 100.5, 101.5, 102.5, 103.5 ns

        var without = await TrackedDelays();
        var with = await TrackedDelays($"--Station:Calibration:GateDelaysPath={path}");

        for (int c = 0; c < 4; c++)
        {
            long shift = ((long)with[c] - without[c] + 100_000) % 100_000; // 10 ps units modulo the 1 µs period
            output.WriteLine($"channel {c}: GATE_DELAY {without[c]} without the file, {with[c]} with it: +{shift * 10} ps");
            Assert.InRange(shift, 10_050 + (100 * c) - 1, 10_050 + (100 * c) + 1);
        }
    }

    [Fact]
    public async Task The_files_reach_the_services_options_and_the_count_monitor()
    {
        string gates = Path.Combine(_dir, "g.json"), detectors = Path.Combine(_dir, "d.json");
        File.WriteAllText(gates, BenchCalibrationFilesTests.GateDelays(0, 1, 2, 3));
        File.WriteAllText(detectors, BenchCalibrationFilesTests.Detectors(0, 1, 2, 3));
        var time = new SimulatedTimeProvider(new DateTimeOffset(2026, 3, 19, 18, 0, 0, TimeSpan.Zero));
        using var station = EmulatedStation.FromPinMap(time, PinMapLoader.LoadDefault());
        using var host = Build(time, station, $"--Station:Calibration:GateDelaysPath={gates}", $"--Station:Calibration:DetectorsPath={detectors}");

        await host.StartAsync();
        Assert.Equal([100.5, 101.5, 102.5, 103.5], host.Services.GetRequiredService<IOptions<GateDelayServiceOptions>>().Value.Channels.Select(c => c.InstrumentDelayNs));
        Assert.Equal(400, host.Services.GetRequiredService<BenchCalibrationFiles>().Detectors!.Channels[0].DarkCountRateHz);
        await host.StopAsync();
    }

    [Fact]
    public async Task A_file_for_another_station_stops_start_up_naming_the_option_the_file_and_the_station()
    {
        string path = Path.Combine(_dir, "wheels.json");
        File.WriteAllText(path, BenchCalibrationFilesTests.Wheels("spectral", "810/10nm", "532 beacon", "open", "dark", "850/40nm", "671/10nm")
            .Replace("\"delingha\"", "\"nanshan\"", StringComparison.Ordinal));
        var time = new SimulatedTimeProvider(new DateTimeOffset(2026, 3, 19, 18, 0, 0, TimeSpan.Zero));
        using var station = EmulatedStation.FromPinMap(time, PinMapLoader.LoadDefault());
        using var host = Build(time, station, $"--Station:Calibration:FilterWheelsPath={path}");

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());
        var failures = failure is AggregateException all ? all.InnerExceptions : [failure];
        string message = string.Join("; ", failures.OfType<OptionsValidationException>().SelectMany(f => f.Failures));
        output.WriteLine(message);
        Assert.Contains($"Station:Calibration:FilterWheelsPath: {path}: made for station 'nanshan', but this is 'delingha'", message, StringComparison.Ordinal);
        Assert.Equal(12_800, host.Services.GetRequiredService<IOptions<FilterWheelServiceOptions>>().Value.Wheels[0].Slots[0].OffsetMicrosteps); // unchanged
    }
}

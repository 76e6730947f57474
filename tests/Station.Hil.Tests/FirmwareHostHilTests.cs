using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Station.Core.Pointing;
using Station.Core.Timing;
using Station.Devices.Board;
using Station.Devices.Buses;
using Station.Emulator;
using Station.Emulator.Buses;
using Station.Firmware.Hosting;
using Station.Firmware.Motion;
using UnitsNet;

namespace Station.Hil.Tests;

/// <summary>The firmware's Generic Host composed with the emulator's buses and a simulated clock.</summary>
public sealed class FirmwareHostHilTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 19, 18, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_host_starts_on_emulated_buses_homes_the_mount_and_slews_the_emulated_axes()
    {
        var time = new SimulatedTimeProvider(Start);
        var map = PinMapLoader.LoadDefault();
        using var station = EmulatedStation.FromPinMap(time, map);
        using var host = Build([], time, station);

        await host.StartAsync();
        var mount = host.Services.GetRequiredService<MountController>();
        Assert.True(time.AdvanceUntil(() => mount.State == MountState.Idle, TimeSpan.FromMinutes(5)), $"homing ended {mount.State}: {mount.FaultReason}");
        mount.SlewTo(10, 45);
        Assert.True(time.AdvanceUntil(() => mount.State == MountState.Idle, TimeSpan.FromMinutes(1)), $"slew ended {mount.State}: {mount.FaultReason}");
        await host.StopAsync();

        Assert.Equal(45, station.Elevation.AngleDegrees, 0.001);
        Assert.Equal(10, station.Azimuth.AngleDegrees, 0.001);
        Assert.Equal("Emulated", host.Services.GetRequiredService<IOptions<StationOptions>>().Value.BusProvider);
    }

    [Fact]
    public async Task A_pin_map_with_a_conflict_stops_start_up_naming_the_file_devices_and_pin()
    {
        string json = PinMapLoader.ReadEmbeddedJson().Replace("\"chipSelectLine\": 23", "\"chipSelectLine\": 8", StringComparison.Ordinal);
        string path = Path.Combine(Directory.CreateTempSubdirectory("pinmap-").FullName, "station.pins.json");
        await File.WriteAllTextAsync(path, json);
        var time = new SimulatedTimeProvider(Start);
        using var station = EmulatedStation.FromPinMap(time, PinMapLoader.LoadDefault());
        using var host = Build([$"--Station:PinMapPath={path}"], time, station);

        var error = await Assert.ThrowsAsync<PinMapException>(() => host.StartAsync());

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("BCM 8", error.Message, StringComparison.Ordinal);
        Assert.Contains("az_motor", error.Message, StringComparison.Ordinal);
        Assert.Contains("gate_counter", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_axis_options_stop_start_up_with_the_option_named()
    {
        var time = new SimulatedTimeProvider(Start);
        using var station = EmulatedStation.FromPinMap(time, PinMapLoader.LoadDefault());
        using var host = Build(["--Station:Elevation:MaxSpeedDegPerSec=-3", "--Station:Azimuth:MicrostepsPerFullStep=100"], time, station);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Station:Elevation.MaxSpeedDegPerSec is -3; expected a positive number", error.Failures);
        Assert.Contains("Station:Azimuth.MicrostepsPerFullStep is 100; expected a power of two from 1 to 256", error.Failures);
    }

    [Fact]
    public async Task The_configured_pointing_model_is_loaded_at_start_up_and_corrects_the_mount_direction()
    {
        var truth = new Dictionary<PointingTerm, Angle> { [PointingTerm.IA] = Angle.FromArcseconds(40), [PointingTerm.TF] = Angle.FromArcseconds(-25) };
        var fit = PointingModelFit.Fit([.. Observations(new PointingModel(truth))], [PointingTerm.IA, PointingTerm.TF]);
        string path = Path.Combine(Directory.CreateTempSubdirectory("pointing-").FullName, "pointing-model.json");
        await File.WriteAllTextAsync(path, PointingModelFile.FromFit(fit, "delingha", Start).ToJson());
        var time = new SimulatedTimeProvider(Start);
        using var station = EmulatedStation.FromPinMap(time, PinMapLoader.LoadDefault());
        using var host = Build([$"--Station:PointingModelPath={path}"], time, station);

        await host.StartAsync();
        var model = host.Services.GetRequiredService<PointingModel>();
        await host.StopAsync();

        Assert.Equal(40, model[PointingTerm.IA].Arcseconds, 1e-6);
        Assert.Equal(-25, model[PointingTerm.TF].Arcseconds, 1e-6);
        var (az, el) = model.SkyToMount(1.0, 0.5);
        Assert.Equal(-40, (az - 1.0) * 180 / Math.PI * 3600, 1e-3);                       // ΔA = −IA
        Assert.Equal(25 * Math.Cos(0.5), (el - 0.5) * 180 / Math.PI * 3600, 0.01);  // ΔE = −TF cos E
    }

    [Theory]
    [InlineData("\"format\": \"qkd-station/pointing-model\"", "\"format\": \"tpoint\"", "'format' is \"tpoint\"; expected \"qkd-station/pointing-model\"")]
    [InlineData("{", "", "not valid JSON")]
    public async Task A_malformed_pointing_model_file_stops_start_up_naming_the_file_and_the_fault(string find, string replace, string expected)
    {
        var fit = PointingModelFit.Fit([.. Observations(PointingModel.Identity)], [PointingTerm.IA, PointingTerm.IE]);
        string json = PointingModelFile.FromFit(fit, "delingha", Start).ToJson();
        Assert.Contains(find, json, StringComparison.Ordinal);
        string path = Path.Combine(Directory.CreateTempSubdirectory("pointing-").FullName, "pointing-model.json");
        await File.WriteAllTextAsync(path, ReplaceFirst(json, find, replace));
        var time = new SimulatedTimeProvider(Start);
        using var station = EmulatedStation.FromPinMap(time, PinMapLoader.LoadDefault());
        using var host = Build([$"--Station:PointingModelPath={path}"], time, station);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        var failure = Assert.Single(error.Failures);
        Assert.StartsWith("Station:PointingModelPath: " + path, failure, StringComparison.Ordinal);
        Assert.Contains(expected, failure, StringComparison.Ordinal);
    }

    private static IEnumerable<PointingObservation> Observations(PointingModel truth)
    {
        for (int i = 0; i < 24; i++)
        {
            double az = i * 15 * Math.PI / 180, el = (20 + (i % 4 * 20)) * Math.PI / 180;
            var (skyAz, skyEl) = truth.MountToSky(az, el);
            yield return new PointingObservation(skyAz, skyEl, az, el);
        }
    }

    private static string ReplaceFirst(string text, string find, string replace)
    {
        int at = text.IndexOf(find, StringComparison.Ordinal);
        return string.Concat(text.AsSpan(0, at), replace, text.AsSpan(at + find.Length));
    }

    private static IHost Build(string[] args, TimeProvider time, EmulatedStation station)
    {
        var builder = StationHost.CreateBuilder(args, new StationHostOverrides(_ => new LentBusProvider(station.Buses), time));
        builder.Configuration.AddInMemoryCollection([new("Station:Telemetry:DatabasePath", HostTestJournal.NewPath())]);
        return builder.Build();
    }
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Station.Core.Timing;
using Station.Firmware.Telemetry;

namespace Station.Hil.Tests.Telemetry;

public sealed class TelemetryHostingTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2016, 12, 20, 18, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task The_host_opens_the_configured_journal_and_commits_the_queue_when_it_stops()
    {
        string path = _directory.File("hosted.sqlite");
        using var host = BuildHost(new() { ["Station:Telemetry:DatabasePath"] = path, ["Station:Telemetry:FlushIntervalMs"] = "250" });
        await host.StartAsync();
        Assert.True(File.Exists(path), "the journal is created at start-up");

        var sink = host.Services.GetRequiredService<ITelemetrySink>();
        Assert.True(sink.WriteEvent(new EventRecord(Start, "sequencer", "state_changed", "idle → pre-point")));
        await host.StopAsync();

        using var db = TelemetryDatabase.Open(path);
        Assert.Equal("state_changed", Assert.Single(db.ReadEvents()).Kind);
    }

    [Fact]
    public async Task Bad_telemetry_options_stop_start_up_naming_each_option()
    {
        using var host = BuildHost(new() { ["Station:Telemetry:DatabasePath"] = _directory.File("x.sqlite"), ["Station:Telemetry:FlushIntervalMs"] = "5000", ["Station:Telemetry:QueueCapacity"] = "0" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Equal(
            [
                "Station:Telemetry.FlushIntervalMs is '5000'; expected 0 < value ≤ 1000 (durable within 1 s)",
                "Station:Telemetry.QueueCapacity is '0'; expected 16–10000000 records per kind",
            ],
            error.Failures);
        Assert.False(File.Exists(_directory.File("x.sqlite")));
    }

    private static IHost BuildHost(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<TimeProvider>(new SimulatedTimeProvider(Start));
        builder.Services.AddStationTelemetry();
        return builder.Build();
    }
}

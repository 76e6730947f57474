using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Station.Core.Timing;
using Station.Emulator.Desktop;
using Station.Firmware.Hosting;
using Station.Firmware.Hosting.Emulation;
using Station.Firmware.Interfaces.Indi;
using Station.Firmware.Interfaces.Rotctld;
using Station.Firmware.Motion;

namespace Station.Interop.Tests.Rotctld;

/// <summary>
/// The firmware Generic Host, in process, on the emulated station of the built-in scenario (as <c>--emulate</c> composes
/// it) with rotctld enabled on a free loopback port. The test owns the station clock: it homes the mount as fast as the
/// emulator runs, then hands the clock to a <see cref="RealTimePacer"/> — the firmware's own control-loop thread — paced
/// to real time, or a multiple of it so mount motions take seconds. No pass is scheduled, so the mount is rotctld's.
/// </summary>
internal sealed class EmulatedFirmware : IAsyncDisposable
{
    private readonly IStationEmulator _emulator;
    private readonly IHost _host;
    private readonly string _directory;
    private RealTimePacer? _pacer;

    private EmulatedFirmware(IStationEmulator emulator, IHost host, string directory, ConcurrentQueue<string> warnings)
    {
        Warnings = warnings;
        _emulator = emulator;
        _host = host;
        _directory = directory;
    }

    /// <summary>The rotctld port: the server binds any free one (port 0), so parallel tests never collide.</summary>
    public int Port => Server.LocalEndpoint?.Port ?? throw new InvalidOperationException("rotctld is not listening: " + string.Join('\n', Warnings));

    /// <summary>The INDI port when a test enabled INDI (with port 0).</summary>
    public int IndiPort => _host.Services.GetServices<IHostedService>().OfType<IndiServer>().Single().LocalEndPoint?.Port
        ?? throw new InvalidOperationException("INDI is not listening: " + string.Join('\n', Warnings));

    public string Address => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{Port}");

    public SimulatedTimeProvider Clock => _emulator.Clock;

    public MountController Mount => _host.Services.GetRequiredService<MountController>();

    public RotctldServer Server => _host.Services.GetRequiredService<RotctldService>().Server!;

    /// <summary>The control-loop thread once <see cref="StartPacing"/> ran.</summary>
    public RealTimePacer Pacer => _pacer ?? throw new InvalidOperationException("The clock is not paced yet.");

    /// <summary>Warnings and errors the firmware logged.</summary>
    public ConcurrentQueue<string> Warnings { get; }

    /// <summary>The mount, the control loop and the last warnings, for a failure message.</summary>
    public string Diagnose() =>
        $"clock {Clock.GetUtcNow():O}, pacer steps {_pacer?.Statistics.Count}; mount {Mount.State} ({Mount.FaultReason}) at {Mount.KnownPosition}; control loop fault: {_pacer?.Fault?.ToString() ?? "none"}; warnings:\n{string.Join('\n', Warnings.TakeLast(10))}";

    public static async Task<EmulatedFirmware> StartAsync(params string[] settings)
    {
        string directory = Path.Combine(Path.GetTempPath(), "rotctld-interop-" + Guid.NewGuid().ToString("N"));
        var emulatorSection = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Out"] = directory }).Build();
        var emulator = new DesktopStationEmulatorFactory().Create(emulatorSection);
        string[] args =
        [
            .. emulator.Settings.Select(s => $"--{s.Key}={s.Value}"),
            "--Station:Interfaces:Rotctld:Enabled=true",
            "--Station:Interfaces:Rotctld:Port=0",
            "--Station:Acquisition:Enabled=false", // no beacon camera at 100 fps: no pass is flown
            "--Station:Schedule:MinMaxElevationDeg=90", // no pass qualifies: the sequencer stays idle
            .. settings,
        ];
        var builder = StationHost.CreateBuilder(args, new StationHostOverrides(_ => emulator.Buses, emulator.Clock));
        emulator.ConfigureServices(builder.Services);
        var warnings = new ConcurrentQueue<string>();
        builder.Logging.ClearProviders().AddProvider(new CollectingLoggerProvider(warnings)).SetMinimumLevel(LogLevel.Warning);
        var host = builder.Build();
        var firmware = new EmulatedFirmware(emulator, host, directory, warnings);
        await host.StartAsync();
        return firmware;
    }

    /// <summary>Runs the station clock as fast as it goes until the mount is homed and idle.</summary>
    public void HomeMount()
    {
        bool homed = Clock.AdvanceUntil(() => Mount.State == MountState.Idle, TimeSpan.FromMinutes(10));
        Assert.True(homed, $"the emulated mount did not home: {Mount.State} ({Mount.FaultReason})");
        Clock.Advance(TimeSpan.FromSeconds(0.5)); // rotctld samples the position every 100 ms: let it see the homed mount
    }

    /// <summary>From now on the firmware's control-loop thread advances the clock, <paramref name="speed"/> times real time.</summary>
    public void StartPacing(double speed = 1)
    {
        var reference = speed == 1 ? TimeProvider.System : new ScaledTimeProvider(TimeProvider.System, speed);
        _pacer = new RealTimePacer(Clock, reference, TimeSpan.FromMilliseconds(1));
        _pacer.Start();
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _host.StopAsync(timeout.Token);
        _pacer?.Stop();
        _host.Dispose();
        _emulator.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A journal still closing: the temporary directory is the system's to clean.
        }
    }

    /// <summary>Real time sped up: the pacer then steps the station clock <c>speed</c> times faster than the wall clock.</summary>
    private sealed class ScaledTimeProvider(TimeProvider inner, double speed) : TimeProvider
    {
        private readonly long _origin = inner.GetTimestamp();

        public override long TimestampFrequency => inner.TimestampFrequency;

        public override long GetTimestamp() => _origin + (long)((inner.GetTimestamp() - _origin) * speed);

        public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();
    }

    private sealed class CollectingLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Collector(categoryName, lines);

        public void Dispose()
        {
        }

        private sealed class Collector(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)}");
                }
            }
        }
    }
}

using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Station.Core.Timing;
using Station.Devices.Board;
using Station.Emulator;
using Station.Emulator.Buses;
using Station.Emulator.Desktop;
using Station.Firmware.Hosting;
using Station.Firmware.Hosting.Emulation;
using Station.Firmware.Interfaces.Indi;
using Station.Firmware.Motion;

namespace Station.Interop.Tests.Indi;

/// <summary>
/// The firmware's Generic Host in-process with the INDI server on a free loopback port. Two stations: the desktop
/// emulator's whole scenario world (what <c>--emulate</c> runs; for the real INDI tools) or the bare emulated bench
/// station (lighter; for the robustness and access tests). The station clock is advanced flat out until the mount has
/// homed, then paced at <c>speed</c> × real time by the firmware's own <see cref="RealTimePacer"/> on a scaled reference,
/// so the INDI tools, which wait in real time, see the mount move quickly.
/// </summary>
public sealed class IndiTestHost : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly RealTimePacer _pacer;
    private readonly IDisposable _station;
    private readonly string _directory;

    private IndiTestHost(IHost host, RealTimePacer pacer, IDisposable station, SimulatedTimeProvider clock, int port, string directory, EmulatedStation? bench)
    {
        _host = host;
        _pacer = pacer;
        _station = station;
        Clock = clock;
        Port = port;
        _directory = directory;
        Bench = bench;
    }

    public int Port { get; }

    public SimulatedTimeProvider Clock { get; }

    /// <summary>The bench station's emulated hardware (null for the desktop world).</summary>
    public EmulatedStation? Bench { get; }

    public IServiceProvider Services => _host.Services;

    public MountController Mount => _host.Services.GetRequiredService<MountController>();

    /// <summary>The desktop emulator's scenario world with no pass to fly (so the sequencer leaves the mount to the operator).</summary>
    public static Task<IndiTestHost> StartDesktopAsync(double speed, params string[] args)
    {
        string directory = Directory.CreateTempSubdirectory("indi-interop-").FullName;
        var emulatorSection = new ConfigurationBuilder().AddInMemoryCollection([new("Out", directory)]).Build();
        var emulator = new DesktopStationEmulatorFactory().Create(emulatorSection);
        string[] hostArgs = [.. emulator.Settings.Select(s => $"--{s.Key}={s.Value}"), "--Station:Schedule:MinMaxElevationDeg=89", .. args];
        return StartAsync(emulator, emulator.Clock, _ => emulator.Buses, hostArgs, speed, directory, null, emulator.ConfigureServices);
    }

    /// <summary>The bare emulated bench station (no scenario, safety loop as configured, no sequencer pass).</summary>
    public static Task<IndiTestHost> StartBenchAsync(double speed, Action<IServiceCollection>? configure = null, params string[] args)
    {
        string directory = Directory.CreateTempSubdirectory("indi-bench-").FullName;
        var clock = new SimulatedTimeProvider(new DateTimeOffset(2026, 3, 19, 18, 0, 0, TimeSpan.Zero));
        var station = EmulatedStation.FromPinMap(clock, PinMapLoader.LoadDefault());
        string[] hostArgs = [$"--Station:Telemetry:DatabasePath={Path.Combine(directory, "telemetry.sqlite")}", .. args];
        return StartAsync(station, clock, _ => new LentBusProvider(station.Buses), hostArgs, speed, directory, station, configure);
    }

    private static async Task<IndiTestHost> StartAsync(IDisposable owner, SimulatedTimeProvider clock, Func<IServiceProvider, Station.Devices.Buses.IBusProvider> buses,
        string[] args, double speed, string directory, EmulatedStation? bench, Action<IServiceCollection>? configure)
    {
        // Port 0: the server binds any free port (parallel tests never collide) and the host reads it back.
        string[] hostArgs = [.. args, "--Station:Interfaces:Indi:Enabled=true", "--Station:Interfaces:Indi:Port=0"];
        var builder = StationHost.CreateBuilder(hostArgs, new StationHostOverrides(buses, clock));
        configure?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        int port = host.Services.GetServices<IHostedService>().OfType<IndiServer>().Single().LocalEndPoint?.Port
            ?? throw new InvalidOperationException("the INDI server is not listening");
        var mount = host.Services.GetRequiredService<MountController>();
        if (!clock.AdvanceUntil(() => mount.State == MountState.Idle, TimeSpan.FromMinutes(5)))
        {
            throw new InvalidOperationException($"the emulated mount did not home: {mount.State} {mount.FaultReason}");
        }

        var pacer = new RealTimePacer(clock, new ScaledClock(speed), TimeSpan.FromMilliseconds(1));
        pacer.Start();
        return new IndiTestHost(host, pacer, owner, clock, port, directory, bench);
    }

    /// <summary>A port free a moment ago, for servers that cannot bind port 0 and report it (Debian's indiserver).</summary>
    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(TimeSpan.FromSeconds(5));
        _pacer.Dispose();
        if (_pacer.Fault is { } fault)
        {
            throw new InvalidOperationException("the station clock's timers failed: " + fault.Message, fault);
        }

        _host.Dispose();
        _station.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // a journal still closing: the temp directory is cleaned up later
        }
    }

    /// <summary>The system clock running <c>speed</c> times faster: the pacer's reference.</summary>
    private sealed class ScaledClock(double speed) : TimeProvider
    {
        private readonly long _origin = System.GetTimestamp();

        public override long TimestampFrequency => System.TimestampFrequency;

        public override long GetTimestamp() => _origin + (long)((System.GetTimestamp() - _origin) * speed);
    }
}

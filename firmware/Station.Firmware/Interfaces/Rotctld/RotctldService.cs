using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Station.Firmware.Interfaces.Rotctld;

/// <summary>
/// Runs the rotctld server when <c>Station:Interfaces:Rotctld:Enabled</c> is true (off by default): binds at start-up (a
/// port in use is logged as an error and the station runs on without rotctld), closes every client at shutdown. Registered after the station's services, so
/// it starts once the mount is up and stops before it.
/// </summary>
public sealed partial class RotctldService(
    InterfaceListenerOptions listener,
    RotctldOptions options,
    Func<MountRotatorLease> createRotator,
    ILoggerFactory loggerFactory) : IHostedService, IAsyncDisposable
{
    private readonly ILogger<RotctldService> _logger = loggerFactory.CreateLogger<RotctldService>();
    private MountRotatorLease? _rotator;

    /// <summary>The running server (null when disabled or not started).</summary>
    public RotctldServer? Server { get; private set; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!listener.Enabled)
        {
            LogDisabled(RotctldOptions.SectionName);
            return Task.CompletedTask;
        }

        _rotator = createRotator();
        var server = new RotctldServer(listener, options, _rotator.Rotator, loggerFactory.CreateLogger<RotctldServer>());
        try
        {
            server.Start();
        }
        catch (System.Net.Sockets.SocketException ex)
        {
            // An operator interface that cannot listen must not take the station down with it: the mount, the safety
            // loop and the passes run on; the error names the address.
            _rotator.Dispose();
            _rotator = null;
            LogCannotListen(listener.Bind, listener.Port, RotctldOptions.SectionName, ex.Message);
            return Task.CompletedTask;
        }

        Server = server;
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Server is { } server)
        {
            await server.StopAsync().ConfigureAwait(false);
        }

        _rotator?.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        if (Server is { } server)
        {
            await server.DisposeAsync().ConfigureAwait(false);
        }

        _rotator?.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "rotctld cannot listen on {Bind}:{Port} ({Section}): {Error}; the station runs without rotctld")]
    private partial void LogCannotListen(string bind, int port, string section, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "rotctld is off ({Section}:Enabled is false)")]
    private partial void LogDisabled(string section);
}

/// <summary>A rotator for the server and what to release with it (the position sampler's timer).</summary>
public sealed class MountRotatorLease(IRotator rotator, IDisposable? owned) : IDisposable
{
    public IRotator Rotator { get; } = rotator ?? throw new ArgumentNullException(nameof(rotator));

    public void Dispose() => owned?.Dispose();
}

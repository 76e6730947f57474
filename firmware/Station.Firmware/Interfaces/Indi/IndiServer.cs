using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Station.Firmware.Interfaces.Indi;

/// <summary>Maps a connection's remote end point to the address the access policy judges (a test seam: on a loopback-only
/// test machine it can make a client look like a remote one).</summary>
public class IndiClientAddressResolver
{
    public virtual IPAddress Resolve(IPEndPoint remote)
    {
        ArgumentNullException.ThrowIfNull(remote);
        return remote.Address.IsIPv4MappedToIPv6 ? remote.Address.MapToIPv4() : remote.Address;
    }
}

/// <summary>
/// Serves the station's INDI devices: on TCP (<c>Bind</c>:<c>Port</c>, loopback 7624 by default; clients checked
/// against the allow-list), or — in driver mode — to <c>indiserver</c> on stdin/stdout. A listener that cannot bind
/// logs an error and leaves the firmware running: an operator interface must never take the station down.
/// </summary>
public sealed partial class IndiServer : IHostedService, IDisposable
{
    private readonly IndiHub _hub;
    private readonly IndiOptions _options;
    private readonly InterfaceListenerOptions _listener;
    private readonly ClientAccessPolicy _policy;
    private readonly IndiClientAddressResolver _addresses;
    private readonly TimeProvider _networkTime;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _running = [];
    private TcpListener? _tcp;

    public IndiServer(IndiHub hub, IOptions<IndiOptions> options, IOptionsMonitor<InterfaceListenerOptions> listener, IndiAccessPolicy policy,
        IndiClientAddressResolver addresses, IHostApplicationLifetime lifetime, ILoggerFactory loggers, IndiNetworkClock? networkClock = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(listener);
        ArgumentNullException.ThrowIfNull(policy);
        _hub = hub ?? throw new ArgumentNullException(nameof(hub));
        _options = options.Value;
        _listener = listener.Get(IndiOptions.SectionName);
        _policy = policy.Policy;
        _addresses = addresses ?? throw new ArgumentNullException(nameof(addresses));
        _lifetime = lifetime ?? throw new ArgumentNullException(nameof(lifetime));
        _loggers = loggers ?? throw new ArgumentNullException(nameof(loggers));
        _logger = loggers.CreateLogger<IndiServer>();
        _networkTime = networkClock?.Time ?? TimeProvider.System;
    }

    /// <summary>The TCP end point listened on (null in driver mode or when binding failed).</summary>
    public IPEndPoint? LocalEndPoint => _tcp?.LocalEndpoint as IPEndPoint;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _hub.Start();
        if (_options.Driver)
        {
            LogDriverMode();
            _running.Add(Task.Run(ServeDriverAsync, CancellationToken.None));
            return Task.CompletedTask;
        }

        try
        {
            _tcp = new TcpListener(IPAddress.Parse(_listener.Bind), _listener.Port);
            _tcp.Start(backlog: 256);
            LogListening(_tcp.LocalEndpoint);
            _running.Add(Task.Run(AcceptLoopAsync, CancellationToken.None));
        }
        catch (SocketException ex)
        {
            LogBindFailed(_listener.Bind, _listener.Port, ex.Message);
            _tcp?.Dispose();
            _tcp = null;
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _tcp?.Stop();
        await Task.WhenAll(_running).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _tcp!.AcceptSocketAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            var task = Task.Run(() => ServeSocketAsync(socket), CancellationToken.None);
            lock (_running)
            {
                _running.RemoveAll(t => t.IsCompleted);
                _running.Add(task);
            }
        }
    }

    private async Task ServeSocketAsync(Socket socket)
    {
        using var owned = socket;
        socket.NoDelay = true;
        var endPoint = (IPEndPoint)socket.RemoteEndPoint!;
        var remote = _addresses.Resolve(endPoint);
        using var stream = new NetworkStream(socket, ownsSocket: false);
        if (!_policy.MayConnect(remote, out string reason) || _hub.ClientCount >= _options.MaxClients)
        {
            reason = reason.Length > 0 ? reason : $"the server already serves {_options.MaxClients} clients";
            LogRefusedClient(endPoint.ToString(), reason);
            await RefuseAsync(stream, "connection refused: " + reason).ConfigureAwait(false);
            await CloseGracefullyAsync(socket).ConfigureAwait(false);
            return;
        }

        using var client = new IndiClient(endPoint.ToString(), remote, stream, stream, _hub, _options, TimeSpan.FromSeconds(_options.ElementTimeoutSeconds), _networkTime, _loggers.CreateLogger<IndiClient>());
        bool isOperator = _policy.IsOperator(remote);
        LogConnected(client.Id, isOperator);
        _hub.Add(client);
        try
        {
            await client.RunAsync(_stopping.Token).ConfigureAwait(false);
        }
        finally
        {
            _hub.Remove(client);
            await CloseGracefullyAsync(socket).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Ends the connection with a FIN after what was sent, then discards what the client still sends (at most 1 MiB for
    /// 1 s): closing with unread input would reset the connection, and a reset can destroy the error message before
    /// the client reads it.
    /// </summary>
    private async Task CloseGracefullyAsync(Socket socket)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Send);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1), _networkTime);
            byte[] sink = new byte[4096];
            for (long drained = 0; drained < 1 << 20;)
            {
                int read = await socket.ReceiveAsync(sink, SocketFlags.None, timeout.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                drained += read;
            }
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Gone or too talkative: closed below either way.
        }

        socket.Close();
    }

    private async Task RefuseAsync(NetworkStream stream, string reason)
    {
        try
        {
            byte[] message = System.Text.Encoding.UTF8.GetBytes(IndiVector.RenderMessage(null, _networkTime.GetUtcNow(), reason));
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1), _networkTime);
            await stream.WriteAsync(message, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException)
        {
            // It is being turned away; whether it heard why does not matter.
        }
    }

    private async Task ServeDriverAsync()
    {
        // indiserver is the one client: it runs on this machine and forwards its own clients' commands, so it is judged
        // as a local console (loopback). Who may reach indiserver is indiserver's business (bind it to loopback).
        using var input = Console.OpenStandardInput();
        using var output = Console.OpenStandardOutput();
        using var client = new IndiClient("indiserver", IPAddress.Loopback, input, output, _hub, _options, Timeout.InfiniteTimeSpan, _networkTime, _loggers.CreateLogger<IndiClient>());
        _hub.Add(client);
        await client.RunAsync(_stopping.Token).ConfigureAwait(false);
        _hub.Remove(client);
        if (!_stopping.IsCancellationRequested)
        {
            LogDriverInputClosed(client.CloseReason ?? "");
            _lifetime.StopApplication(); // a driver whose indiserver is gone has nothing left to do
        }
    }

    public void Dispose()
    {
        _stopping.Dispose();
        _tcp?.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "INDI server listening on {EndPoint}")]
    private partial void LogListening(EndPoint endPoint);

    [LoggerMessage(Level = LogLevel.Information, Message = "INDI driver mode: serving indiserver on stdin/stdout")]
    private partial void LogDriverMode();

    [LoggerMessage(Level = LogLevel.Information, Message = "INDI driver: stdin closed ({Reason}); stopping")]
    private partial void LogDriverInputClosed(string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "INDI server could not listen on {Bind}:{Port}: {Reason}; the station runs on without it")]
    private partial void LogBindFailed(string bind, int port, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "INDI client {Client} refused: {Reason}")]
    private partial void LogRefusedClient(string client, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "INDI client {Client} connected (operator: {Operator})")]
    private partial void LogConnected(string client, bool @operator);
}

/// <summary>The clock network timeouts run on; registered only by tests that drive them in simulated time.</summary>
public sealed record IndiNetworkClock(TimeProvider Time);

/// <summary>The INDI interface's access policy (from the <see cref="InterfaceListenerOptions"/> of its section), for the
/// server (who may connect) and the devices (who may ungate detectors or arm the laser).</summary>
public sealed record IndiAccessPolicy(ClientAccessPolicy Policy);

using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Station.Firmware.Interfaces.Rotctld;

/// <summary>
/// The hamlib rotctld TCP server: accepts clients on the configured address, checks each remote address against the
/// <see cref="ClientAccessPolicy"/>, and runs one <see cref="RotctldSession"/> per client on the thread pool (never on
/// the control-loop thread). At most <see cref="RotctldOptions.MaxClients"/> at once.
/// </summary>
public sealed partial class RotctldServer : IAsyncDisposable
{
    private readonly InterfaceListenerOptions _listener;
    private readonly RotctldOptions _options;
    private readonly ClientAccessPolicy _policy;
    private readonly IRotator _rotator;
    private readonly ILogger<RotctldServer> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly HashSet<Task> _sessions = [];
    private readonly Lock _gate = new();
    private TcpListener? _tcp;
    private Task? _acceptLoop;
    private long _sessionsServed;

    public RotctldServer(InterfaceListenerOptions listener, RotctldOptions options, IRotator rotator, ILogger<RotctldServer> logger)
    {
        _listener = listener ?? throw new ArgumentNullException(nameof(listener));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _rotator = rotator ?? throw new ArgumentNullException(nameof(rotator));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _policy = new ClientAccessPolicy(listener);
    }

    /// <summary>Where the server listens once started (the port the OS chose when configured 0).</summary>
    public IPEndPoint? LocalEndpoint => _tcp?.LocalEndpoint as IPEndPoint;

    /// <summary>Clients connected now.</summary>
    public int ConnectedClients
    {
        get
        {
            lock (_gate)
            {
                return _sessions.Count;
            }
        }
    }

    /// <summary>Sessions accepted since start (refused clients not counted).</summary>
    public long SessionsServed => Interlocked.Read(ref _sessionsServed);

    /// <summary>Binds and starts accepting (a port in use throws here, at start-up).</summary>
    public void Start()
    {
        if (_tcp is not null)
        {
            throw new InvalidOperationException("The rotctld server is already started.");
        }

        var tcp = new TcpListener(IPAddress.Parse(_listener.Bind), _listener.Port);
        tcp.Start(backlog: 256);
        _tcp = tcp;
        LogListening(LocalEndpoint!);
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>
    /// Serves one client on <paramref name="stream"/> as if it connected from <paramref name="remote"/>: the access policy
    /// first (a refused client is told <c>RPRT -9</c> and closed), then the session. The accept loop calls this; tests call
    /// it with any remote address.
    /// </summary>
    public async Task ServeAsync(Stream stream, IPAddress remote, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(remote);
        if (!_policy.MayConnect(remote, out string reason))
        {
            LogClientRefused(remote, reason);
            await stream.WriteAsync("RPRT -9\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
            return;
        }

        Interlocked.Increment(ref _sessionsServed);
        LogClientConnected(remote);
        try
        {
            await new RotctldSession(stream, remote, _rotator, _options, _logger).RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away or the server is stopping: nothing to answer.
        }

        LogClientDisconnected(remote);
    }

    /// <summary>Stops accepting and closes every session.</summary>
    public async Task StopAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        _tcp?.Stop();
        if (_acceptLoop is not null)
        {
            await _acceptLoop.ConfigureAwait(false);
        }

        Task[] sessions;
        lock (_gate)
        {
            sessions = [.. _sessions];
        }

        await Task.WhenAll(sessions).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stopping.Dispose();
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
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException && _stopping.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException ex)
            {
                LogAcceptFailed(ex.SocketErrorCode);
                continue;
            }

            socket.NoDelay = true; // answers are one short line: send each at once
            lock (_gate)
            {
                if (_sessions.Count >= _options.MaxClients)
                {
                    LogTooManyClients(socket.RemoteEndPoint, _options.MaxClients);
                    _ = RefuseAsync(socket);
                    continue;
                }

                var session = RunSocketAsync(socket);
                _sessions.Add(session);
                _ = session.ContinueWith(done => Forget(done), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }
    }

    private async Task RunSocketAsync(Socket socket)
    {
        await Task.Yield(); // off the accept loop at once
        var remote = (socket.RemoteEndPoint as IPEndPoint)?.Address ?? IPAddress.None;
        var stream = new NetworkStream(socket, ownsSocket: true);
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                await ServeAsync(stream, remote, _stopping.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The refused client went away first.
            }
        }
    }

    private static async Task RefuseAsync(Socket socket)
    {
        using (socket)
        {
            try
            {
                await socket.SendAsync("RPRT -9\n"u8.ToArray()).ConfigureAwait(false);
            }
            catch (SocketException)
            {
                // It is being refused anyway.
            }
        }
    }

    private void Forget(Task session)
    {
        lock (_gate)
        {
            _sessions.Remove(session);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "rotctld listening on {Endpoint}")]
    private partial void LogListening(IPEndPoint endpoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "rotctld client {Remote} refused: {Reason}")]
    private partial void LogClientRefused(IPAddress remote, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "rotctld client {Remote} refused: {MaxClients} clients already connected")]
    private partial void LogTooManyClients(EndPoint? remote, int maxClients);

    [LoggerMessage(Level = LogLevel.Debug, Message = "rotctld client {Remote} connected")]
    private partial void LogClientConnected(IPAddress remote);

    [LoggerMessage(Level = LogLevel.Debug, Message = "rotctld client {Remote} disconnected")]
    private partial void LogClientDisconnected(IPAddress remote);

    [LoggerMessage(Level = LogLevel.Warning, Message = "rotctld accept failed: {Error}")]
    private partial void LogAcceptFailed(SocketError error);
}

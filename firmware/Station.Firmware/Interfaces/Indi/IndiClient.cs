using System.Buffers;
using System.Net;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Station.Firmware.Interfaces.Indi;

/// <summary>
/// One INDI client (a TCP connection, or indiserver on stdin/stdout in driver mode). Its reader hands each element to
/// the <see cref="IndiHub"/>, which runs it on the station clock's thread; everything sent to it goes through a
/// bounded queue drained by its own writer, so the station never waits on a client: a client that lets its queue
/// fill (it stopped reading) is disconnected, and the others carry on.
/// </summary>
public sealed partial class IndiClient : IDisposable
{
    private readonly Stream _input;
    private readonly Stream _output;
    private readonly IndiHub _hub;
    private readonly IndiOptions _options;
    private readonly TimeProvider _networkTime;
    private readonly ILogger _logger;
    private readonly Channel<string> _outbound;
    private readonly CancellationTokenSource _stop = new();
    private readonly HashSet<string> _devices = new(StringComparer.Ordinal);
    private int _pending;
    private volatile string? _closeReason;
    private volatile string? _sendFailure;

    /// <param name="id">A name for the logs (remote end point, or "indiserver").</param>
    /// <param name="remote">The client's address, as the access policy sees it.</param>
    /// <param name="input">Where its messages come from.</param>
    /// <param name="output">Where messages to it go.</param>
    /// <param name="hub">The station's devices.</param>
    /// <param name="options">Limits.</param>
    /// <param name="elementTimeout">Time an element may take to arrive (infinite for a trusted pipe).</param>
    /// <param name="networkTime">The clock network timeouts run on (the system clock; a test's simulated one).</param>
    /// <param name="logger">Where connection events go.</param>
    public IndiClient(string id, IPAddress remote, Stream input, Stream output, IndiHub hub, IndiOptions options, TimeSpan elementTimeout, TimeProvider networkTime, ILogger logger)
    {
        Id = id;
        Remote = remote ?? throw new ArgumentNullException(nameof(remote));
        _input = input ?? throw new ArgumentNullException(nameof(input));
        _output = output ?? throw new ArgumentNullException(nameof(output));
        _hub = hub ?? throw new ArgumentNullException(nameof(hub));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _networkTime = networkTime ?? throw new ArgumentNullException(nameof(networkTime));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        ElementTimeout = elementTimeout;
        _outbound = Channel.CreateBounded<string>(new BoundedChannelOptions(options.ClientQueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    }

    public string Id { get; }

    public IPAddress Remote { get; }

    public TimeSpan ElementTimeout { get; }

    /// <summary>Whether the client has gone (or is being disconnected).</summary>
    public bool IsClosed => _closeReason is not null;

    /// <summary>Why it was disconnected, once it was.</summary>
    public string? CloseReason => _closeReason;

    /// <summary>Whether it asked for <paramref name="device"/>'s properties (station thread only).</summary>
    internal bool WantsDevice(string device) => _devices.Contains("*") || _devices.Contains(device);

    /// <summary>Records that it asked for <paramref name="device"/> (null: all devices) (station thread only).</summary>
    internal void Subscribe(string? device) => _devices.Add(device ?? "*");

    /// <summary>Queues <paramref name="xml"/> for the client without waiting; a full queue disconnects it.</summary>
    public bool TrySend(string xml)
    {
        if (IsClosed || _sendFailure is not null)
        {
            return false;
        }

        if (_outbound.Writer.TryWrite(xml))
        {
            return true;
        }

        Close($"its send queue of {_options.ClientQueueCapacity} messages is full (the client does not read)");
        return false;
    }

    /// <summary>Disconnects it (any thread).</summary>
    public void Close(string reason)
    {
        if (Interlocked.CompareExchange(ref _closeReason, reason, null) is null)
        {
            LogClosing(Id, reason);
            _outbound.Writer.TryComplete();
            // Asynchronously: Close may run on the station clock's thread (a full queue), which must not run socket callbacks.
            _ = _stop.CancelAsync();
        }
    }

    /// <summary>Serves the client until it leaves, breaks the protocol or is closed; never throws.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var link = cancellationToken.Register(() => Close("the server is stopping"));
        var writer = Task.Run(WriteLoopAsync, CancellationToken.None);
        using var reader = new IndiMessageReader(_input, _options.MaxElementBytes, ElementTimeout, _networkTime);
        try
        {
            while (!IsClosed && await reader.ReadElementAsync(_stop.Token).ConfigureAwait(false) is { } element)
            {
                if (Interlocked.Increment(ref _pending) > MaxPendingCommands)
                {
                    Close($"more than {MaxPendingCommands} commands waiting to run");
                    break;
                }

                _hub.Receive(this, element);
            }

            Close(_sendFailure ?? "the client closed the connection");
        }
        catch (IndiProtocolException ex)
        {
            // Tell the client why, then go: after a framing error the rest of its stream cannot be trusted.
            _outbound.Writer.TryWrite(IndiVector.RenderMessage(null, _networkTime.GetUtcNow(), "error: " + ex.Message + "; disconnecting"));
            LogProtocolError(Id, ex.Message);
            _outbound.Writer.TryComplete();
            await FlushBrieflyAsync(writer).ConfigureAwait(false);
            Close(ex.Message);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            Close(IsClosed ? _closeReason! : "connection lost: " + ex.Message);
        }

        await FlushBrieflyAsync(writer).ConfigureAwait(false);
    }

    /// <summary>Commands from one client waiting for the station thread; more means it floods, and it is disconnected.</summary>
    public const int MaxPendingCommands = 256;

    /// <summary>The hub took one of its commands off the queue.</summary>
    internal void CommandTaken() => Interlocked.Decrement(ref _pending);

    private async Task FlushBrieflyAsync(Task writer)
    {
        try
        {
            await writer.WaitAsync(TimeSpan.FromSeconds(1), _networkTime).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A client that does not read its last message is not waited for.
        }
    }

    private async Task WriteLoopAsync()
    {
        try
        {
            await foreach (var text in _outbound.Reader.ReadAllAsync(_stop.Token).ConfigureAwait(false))
            {
                // Encoded into a pooled buffer: every update goes to every client, and fresh arrays would feed the
                // garbage collector, whose pauses stop the control loop's thread too.
                byte[] bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
                try
                {
                    int length = Encoding.UTF8.GetBytes(text, bytes);
                    await _output.WriteAsync(bytes.AsMemory(0, length), _stop.Token).ConfigureAwait(false);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(bytes);
                }

                if (_outbound.Reader.Count == 0)
                {
                    await _output.FlushAsync(_stop.Token).ConfigureAwait(false);
                }
            }

            await _output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException or System.Net.Sockets.SocketException or ChannelClosedException)
        {
            if (!IsClosed)
            {
                // The peer is gone or going: stop sending, but let the reader take what it had already sent before it
                // ends the connection. indi_setprop sends its command and exits at once; the replies it leaves unread
                // make its kernel answer our next write with a reset, and cancelling the reader then would lose the
                // command still waiting in our receive buffer.
                _sendFailure = "connection lost while sending: " + ex.Message;
                _outbound.Writer.TryComplete();
            }
        }
    }

    public void Dispose() => _stop.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "INDI client {Client} disconnected: {Reason}")]
    private partial void LogClosing(string client, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "INDI client {Client} broke the protocol: {Reason}")]
    private partial void LogProtocolError(string client, string reason);
}

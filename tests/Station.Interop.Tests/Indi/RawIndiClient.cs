using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Station.Interop.Tests.Indi;

/// <summary>A bare TCP client for the robustness and access tests: sends any bytes, reads what the server says.</summary>
internal sealed class RawIndiClient : IDisposable
{
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private readonly StringBuilder _received = new();
    private readonly byte[] _buffer = new byte[65536];

    private RawIndiClient(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    /// <param name="port">The server's loopback port.</param>
    /// <param name="from">The local (loopback) address to connect from, e.g. 127.0.0.2, which a test's address resolver maps.</param>
    public static async Task<RawIndiClient> ConnectAsync(int port, IPAddress? from = null)
    {
        var tcp = from is null ? new TcpClient() : new TcpClient(new IPEndPoint(from, 0));
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        return new RawIndiClient(tcp);
    }

    /// <summary>Everything received so far.</summary>
    public string Received => _received.ToString();

    public Task SendAsync(string text) => SendAsync(Encoding.UTF8.GetBytes(text));

    public async Task SendAsync(byte[] bytes) => await _stream.WriteAsync(bytes);

    /// <summary>Reads until <paramref name="done"/> holds for what was received (true), or the server closes (false).</summary>
    public async Task<bool> ReadUntilAsync(Func<string, bool> done, TimeSpan? limit = null)
    {
        using var timeout = new CancellationTokenSource(limit ?? TimeSpan.FromSeconds(20));
        while (!done(Received))
        {
            int read;
            try
            {
                read = await _stream.ReadAsync(_buffer, timeout.Token);
            }
            catch (IOException)
            {
                return false; // reset by the server
            }

            if (read == 0)
            {
                return false;
            }

            _received.Append(Encoding.UTF8.GetString(_buffer, 0, read));
        }

        return true;
    }

    /// <summary>Reads until the server closes the connection; true if it did within the limit.</summary>
    public async Task<bool> ReadToCloseAsync(TimeSpan? limit = null)
    {
        try
        {
            return !await ReadUntilAsync(_ => false, limit);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        _stream.Dispose();
        _tcp.Dispose();
    }
}

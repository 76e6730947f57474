using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Station.Interop.Tests.Rotctld;

/// <summary>A raw TCP rotctld client for tests: every read is bounded by a timeout (no sleeps).</summary>
internal sealed class RotctldTestClient : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private readonly StreamReader _reader;

    private RotctldTestClient(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
        _reader = new StreamReader(_stream, Encoding.Latin1);
    }

    public Socket Socket => _tcp.Client;

    public static async Task<RotctldTestClient> ConnectAsync(IPEndPoint endpoint)
    {
        var tcp = new TcpClient { NoDelay = true };
        using var timeout = new CancellationTokenSource(Timeout);
        await tcp.ConnectAsync(endpoint, timeout.Token);
        return new RotctldTestClient(tcp);
    }

    public async Task SendAsync(string text) => await SendAsync(Encoding.Latin1.GetBytes(text));

    public async Task SendAsync(byte[] bytes)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        await _stream.WriteAsync(bytes, timeout.Token);
    }

    /// <summary>The next line, or null when the server closed the connection.</summary>
    public async Task<string?> ReadLineAsync()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        return await _reader.ReadLineAsync(timeout.Token);
    }

    /// <summary>Sends <paramref name="command"/> and reads <paramref name="lines"/> answer lines.</summary>
    public async Task<string[]> AskAsync(string command, int lines = 1)
    {
        await SendAsync(command + "\n");
        var answer = new string[lines];
        for (int i = 0; i < lines; i++)
        {
            answer[i] = await ReadLineAsync() ?? throw new IOException($"the server closed the connection after {i} of {lines} lines answering '{command}'");
        }

        return answer;
    }

    /// <summary>Everything the server still sends until it closes the connection.</summary>
    public async Task<string> ReadToEndAsync()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        return await _reader.ReadToEndAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        await _stream.DisposeAsync();
        _tcp.Dispose();
    }
}

using System.Net;
using System.Net.Sockets;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Station.Firmware.Interfaces;
using Station.Firmware.Interfaces.Rotctld;

namespace Station.Interop.Tests.Rotctld;

/// <summary>
/// The server under abuse: garbage, oversized lines, slow and many clients, clients outside the allow-list. Real sockets on
/// loopback; every wait is bounded by <see cref="RotctldTestClient.Timeout"/>.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "xunit disposes it through IAsyncLifetime")]
public sealed class RotctldRobustnessTests : IAsyncLifetime
{
    private FakeRotctldServer _server = null!;

    public Task InitializeAsync()
    {
        _server = new FakeRotctldServer(options: new RotctldOptions { MaxLineBytes = 256, MaxClients = 128 });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    /// <summary>Bytes that can start a motion command (P, S, K and the long forms' backslash) are replaced: what is left is garbage.</summary>
    private static byte[] Garbage(byte[] bytes) =>
        [.. bytes.Select(b => b is (byte)'P' or (byte)'S' or (byte)'K' or (byte)'\\' ? (byte)'x' : b)];

    [Fact]
    public void Random_bytes_never_move_the_mount_and_the_server_still_answers_another_client()
    {
        var gen = ArbMap.Default.GeneratorFor<byte[]>().Select(Garbage);
        Prop.ForAll(gen.ToArbitrary(), bytes => SendGarbageThenCheckAsync(bytes).GetAwaiter().GetResult())
            .Check(Config.QuickThrowOnFailure.WithMaxTest(60).WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(20261129UL), FSharpOption<int>.None))));
    }

    private async Task<bool> SendGarbageThenCheckAsync(byte[] garbage)
    {
        await using (var abuser = await _server.ConnectAsync())
        {
            await abuser.SendAsync([.. garbage, (byte)'\n']);
            abuser.Socket.Shutdown(SocketShutdown.Send);
            await abuser.ReadToEndAsync(); // the server has read every line once it closes
        }

        await using var other = await _server.ConnectAsync();
        var answer = await other.AskAsync("p", 2);
        return _server.Rotator.MotionCommands == 0 && answer[0] == "123.500000";
    }

    [Fact]
    public async Task An_oversized_line_is_answered_EPROTO_and_the_client_disconnected()
    {
        await using var client = await _server.ConnectAsync();
        await client.SendAsync(new string('7', _server.Options.MaxLineBytes + 1));
        Assert.Equal("RPRT -8\n", await client.ReadToEndAsync());

        await using var other = await _server.ConnectAsync();
        Assert.Equal(["RPRT 0"], await other.AskAsync("S"));
    }

    [Fact]
    public async Task A_line_of_exactly_the_limit_is_served()
    {
        await using var client = await _server.ConnectAsync();
        Assert.Equal(["123.500000", "45.250000"], await client.AskAsync("p" + new string(' ', _server.Options.MaxLineBytes - 1), 2));
    }

    [Fact]
    public async Task A_slow_client_sending_a_byte_at_a_time_blocks_nobody()
    {
        await using var slow = await _server.ConnectAsync();
        await using var fast = await _server.ConnectAsync();
        foreach (char c in "+P 10 20") // half a command, byte by byte, never finished while the other client works
        {
            await slow.SendAsync(c.ToString());
            Assert.Equal(["123.500000", "45.250000"], await fast.AskAsync("p", 2));
        }

        Assert.Equal(0, _server.Rotator.SetPositions);
        Assert.Equal(["set_pos: 10 20", "RPRT 0"], await slow.AskAsync("", 2)); // its newline at last
        Assert.Equal(1, _server.Rotator.SetPositions);
    }

    [Fact]
    public async Task A_client_that_never_reads_its_answers_blocks_nobody()
    {
        await using var deaf = await _server.ConnectAsync();
        deaf.Socket.ReceiveBufferSize = 1024;
        await deaf.SendAsync(string.Concat(Enumerable.Repeat("\\dump_state\n", 20_000))); // megabytes of answers it never reads

        await using var other = await _server.ConnectAsync();
        Assert.Equal(["123.500000", "45.250000"], await other.AskAsync("p", 2));
    }

    [Fact]
    public async Task A_hundred_simultaneous_clients_are_all_answered()
    {
        var clients = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => _server.ConnectAsync()));
        try
        {
            var answers = await Task.WhenAll(clients.Select(async (client, i) =>
            {
                var lines = new List<string>();
                for (int k = 0; k < 10; k++)
                {
                    lines.AddRange(await client.AskAsync(k % 2 == 0 ? "p" : "+P " + i + " 45", 2));
                }

                return lines;
            }));

            Assert.All(answers, lines => Assert.Equal(20, lines.Count));
            Assert.All(answers, lines => Assert.Equal("123.500000", lines[0]));
            Assert.Equal(100, _server.Server.ConnectedClients);
            Assert.Equal(500, _server.Rotator.SetPositions);
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Clients_beyond_the_maximum_are_refused_and_the_others_served()
    {
        await using var server = new FakeRotctldServer(options: new RotctldOptions { MaxClients = 2 });
        await using var first = await server.ConnectAsync();
        await using var second = await server.ConnectAsync();
        Assert.Equal(["RPRT 0"], await first.AskAsync("S"));
        Assert.Equal(["RPRT 0"], await second.AskAsync("S"));

        await using var third = await server.ConnectAsync();
        Assert.Equal("RPRT -9\n", await third.ReadToEndAsync());
        Assert.Equal(["RPRT 0"], await first.AskAsync("S"));
    }

    [Theory]
    [InlineData("192.0.2.7", false)]
    [InlineData("198.51.100.20", true)]
    [InlineData("::ffff:198.51.100.21", true)]
    [InlineData("2001:db8::1", false)]
    [InlineData("127.0.0.1", true)]
    public async Task The_remote_address_decides_by_the_allow_list(string remote, bool allowed)
    {
        var listener = new InterfaceListenerOptions { Enabled = true, Port = 0, AllowedClients = ["198.51.100.0/24"] };
        await using var server = new RotctldServer(listener, new RotctldOptions(), new FakeRotator(), NullLogger<RotctldServer>.Instance);
        var (clientSide, serverSide) = await SocketPairAsync();
        using (clientSide)
        {
            var serving = server.ServeAsync(new NetworkStream(serverSide, ownsSocket: true), IPAddress.Parse(remote), CancellationToken.None);
            await clientSide.SendAsync(Encoding.ASCII.GetBytes("p\nq\n"));
            await serving.WaitAsync(RotctldTestClient.Timeout);
            clientSide.Shutdown(SocketShutdown.Send);
            var received = new byte[256];
            int length = await clientSide.ReceiveAsync(received);
            string answer = Encoding.ASCII.GetString(received, 0, length);
            Assert.Equal(allowed ? "123.500000\n45.250000\n" : "RPRT -9\n", answer);
        }
    }

    /// <summary>A connected pair of loopback sockets: the test plays the client on one end, the server serves the other.</summary>
    private static async Task<(Socket Client, Socket Server)> SocketPairAsync()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var accepting = listener.AcceptSocketAsync();
        await client.ConnectAsync((IPEndPoint)listener.LocalEndpoint);
        return (client, await accepting);
    }
}

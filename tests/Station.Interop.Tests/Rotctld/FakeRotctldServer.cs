using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Station.Firmware.Interfaces;
using Station.Firmware.Interfaces.Rotctld;

namespace Station.Interop.Tests.Rotctld;

/// <summary>The rotctld server on a free loopback port, over a <see cref="FakeRotator"/>.</summary>
internal sealed class FakeRotctldServer : IAsyncDisposable
{
    public FakeRotctldServer(InterfaceListenerOptions? listener = null, RotctldOptions? options = null)
    {
        Listener = listener ?? new InterfaceListenerOptions { Enabled = true, Port = 0 };
        Options = options ?? new RotctldOptions();
        Server = new RotctldServer(Listener, Options, Rotator, NullLogger<RotctldServer>.Instance);
        Server.Start();
    }

    public FakeRotator Rotator { get; } = new();

    public InterfaceListenerOptions Listener { get; }

    public RotctldOptions Options { get; }

    public RotctldServer Server { get; }

    public IPEndPoint Endpoint => Server.LocalEndpoint!;

    public Task<RotctldTestClient> ConnectAsync() => RotctldTestClient.ConnectAsync(Endpoint);

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}

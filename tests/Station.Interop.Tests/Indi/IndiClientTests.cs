using System.IO.Pipelines;
using System.Net;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Station.Firmware.Interfaces.Indi;

namespace Station.Interop.Tests.Indi;

/// <summary>One client's connection handling on in-memory streams: no sockets, no timing.</summary>
public sealed class IndiClientTests
{
    [Fact]
    public async Task A_command_that_arrives_after_sending_to_the_client_failed_is_still_run()
    {
        // indi_setprop's pattern: it sends its command and exits with our replies unread, its kernel resets the
        // connection, and our next write fails while the command may still wait, unread, in our receive buffer.
        var device = new RecordingDevice();
        using var hub = new IndiHub([device], new IndiOptions(), TimeProvider.System, NullLogger<IndiHub>.Instance);
        var input = new Pipe();
        var output = new ResetStream();
        using var client = new IndiClient("test", IPAddress.Loopback, input.Reader.AsStream(), output, hub, new IndiOptions(),
            Timeout.InfiniteTimeSpan, TimeProvider.System, NullLogger.Instance);
        var run = client.RunAsync(CancellationToken.None);

        Assert.True(client.TrySend("<message/>\n"));
        await output.Failed;
        for (int i = 0; i < 1000 && !client.IsClosed; i++)
        {
            await Task.Yield(); // time for the writer to take the failure in (closing the client here would cancel the read)
        }

        Assert.False(client.IsClosed, $"a failed send closed the client while its input may still hold a command: {client.CloseReason}");

        await input.Writer.WriteAsync(Encoding.UTF8.GetBytes("<newSwitchVector device='Test' name='GO'><oneSwitch name='NOW'>On</oneSwitch></newSwitchVector>"));
        await input.Writer.CompleteAsync();
        await run;
        hub.Tick();

        Assert.Equal(1, device.Commands);
        Assert.True(client.IsClosed);
    }

    private sealed class RecordingDevice : IndiDevice
    {
        private readonly IndiVector _go;

        public RecordingDevice()
            : base("Test") =>
            _go = Switch("GO", "Go", MainGroup, IndiAccessMode.ReadWrite, IndiSwitchRule.AtMostOne, ("NOW", "Now"));

        public int Commands { get; private set; }

        public override void Update(DateTimeOffset now, IndiHub hub)
        {
        }

        protected override void OnCommand(IndiCommand command, IndiHub hub)
        {
            if (command.Vector == _go)
            {
                Commands++;
            }
        }
    }

    /// <summary>A peer that has reset the connection: every write fails.</summary>
    private sealed class ResetStream : Stream
    {
        private readonly TaskCompletionSource _failed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Failed => _failed.Task;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _failed.TrySetResult();
            return ValueTask.FromException(new IOException("Connection reset by peer"));
        }

        public override void Write(byte[] buffer, int offset, int count) => throw new IOException("Connection reset by peer");

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}

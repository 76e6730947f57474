namespace Station.Emulator.Buses;

/// <summary>
/// An in-memory serial line between an emulated device and the firmware. The device end pushes bytes with
/// <see cref="DeviceWrite"/> and hears the firmware through <see cref="FirmwareWrote"/>; the firmware end
/// is a <see cref="Stream"/> handed out by <see cref="Open"/> (what <see cref="EmulatedBusProvider.AttachSerial"/>
/// serves). A pending <see cref="Stream.ReadAsync(Memory{byte}, CancellationToken)"/> completes on the thread
/// that writes the bytes, and a continuation attached with <see cref="TaskContinuationOptions.ExecuteSynchronously"/>
/// runs there too, so in simulated time the firmware sees each sentence at the instant it is sent. (An
/// <c>await</c> continuation would be posted elsewhere whenever that thread has a synchronisation context.)
/// Bytes sent while no end is open are lost, as on a real UART.
/// </summary>
public sealed class EmulatedSerialLink : IDisposable
{
    private readonly Lock _gate = new();
    private FirmwareEnd? _open;

    /// <summary>Raised with each block of bytes the firmware writes.</summary>
    public event Action<byte[]>? FirmwareWrote;

    /// <summary>Bytes sent towards the firmware (including bytes lost because no end was open).</summary>
    public long BytesSent { get; private set; }

    /// <summary>Opens the firmware's end (a previous end is closed: one user of a tty at a time).</summary>
    public Stream Open()
    {
        lock (_gate)
        {
            _open?.Close();
            _open = new FirmwareEnd(this);
            return _open;
        }
    }

    /// <summary>The device sends bytes to the firmware.</summary>
    public void DeviceWrite(ReadOnlySpan<byte> bytes)
    {
        FirmwareEnd? end;
        lock (_gate)
        {
            BytesSent += bytes.Length;
            end = _open;
        }

        end?.Deliver(bytes);
    }

    /// <summary>Closes the firmware's end (its pending read ends with end-of-stream).</summary>
    public void Dispose()
    {
        FirmwareEnd? end;
        lock (_gate)
        {
            end = _open;
            _open = null;
        }

        end?.Dispose();
    }

    private void Detach(FirmwareEnd end)
    {
        lock (_gate)
        {
            if (_open == end)
            {
                _open = null;
            }
        }
    }

    private sealed class FirmwareEnd(EmulatedSerialLink link) : Stream
    {
        private readonly Queue<byte> _buffer = new();
        private readonly Lock _gate = new();
        private TaskCompletionSource<int>? _pending;
        private Memory<byte> _pendingBuffer;
        private CancellationTokenRegistration _pendingCancel;
        private bool _closed;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException("A serial line has no length.");

        public override long Position
        {
            get => throw new NotSupportedException("A serial line has no position.");
            set => throw new NotSupportedException("A serial line has no position.");
        }

        public void Deliver(ReadOnlySpan<byte> bytes)
        {
            TaskCompletionSource<int>? complete = null;
            int count = 0;
            lock (_gate)
            {
                if (_closed)
                {
                    return;
                }

                foreach (byte b in bytes)
                {
                    _buffer.Enqueue(b);
                }

                if (_pending is not null && _buffer.Count > 0)
                {
                    count = Drain(_pendingBuffer.Span);
                    complete = _pending;
                    _pending = null;
                    _pendingCancel.Unregister();
                }
            }

            complete?.TrySetResult(count);
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            lock (_gate)
            {
                if (_buffer.Count > 0 || _closed || buffer.Length == 0)
                {
                    return ValueTask.FromResult(Drain(buffer.Span));
                }

                if (_pending is not null)
                {
                    throw new InvalidOperationException("The emulated serial line already has a read pending.");
                }

                // Continuations run on the writer's thread (no RunContinuationsAsynchronously): deterministic in simulated time.
                var pending = new TaskCompletionSource<int>();
                _pending = pending;
                _pendingBuffer = buffer;
                _pendingCancel = cancellationToken.Register(() => Cancel(pending, cancellationToken));
                return new ValueTask<int>(pending.Task);
            }
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count)
        {
            lock (_gate)
            {
                if (_buffer.Count > 0 || _closed)
                {
                    return Drain(buffer.AsSpan(offset, count));
                }
            }

            throw new TimeoutException("No data on the emulated serial line (it never blocks the simulation; use ReadAsync).");
        }

        public override void Write(byte[] buffer, int offset, int count) => link.FirmwareWrote?.Invoke(buffer.AsSpan(offset, count).ToArray());

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("A serial line cannot seek.");

        public override void SetLength(long value) => throw new NotSupportedException("A serial line has no length.");

        protected override void Dispose(bool disposing)
        {
            TaskCompletionSource<int>? pending;
            lock (_gate)
            {
                _closed = true;
                pending = _pending;
                _pending = null;
            }

            pending?.TrySetResult(0);
            link.Detach(this);
            base.Dispose(disposing);
        }

        private void Cancel(TaskCompletionSource<int> pending, CancellationToken token)
        {
            lock (_gate)
            {
                if (_pending == pending)
                {
                    _pending = null;
                }
            }

            pending.TrySetCanceled(token);
        }

        private int Drain(Span<byte> destination)
        {
            int n = 0;
            while (n < destination.Length && _buffer.TryDequeue(out byte b))
            {
                destination[n++] = b;
            }

            return n;
        }
    }
}

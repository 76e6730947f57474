using System.Text;

namespace Station.Devices.Buses;

/// <summary>
/// Reads a serial stream line by line for a line-oriented device (NMEA, SCPI): every line ended by LF (a CR before it
/// dropped; longer lines cut at the maximum length) goes to a callback. Each read's completion runs synchronously on
/// the thread that completes it (<see cref="TaskContinuationOptions.ExecuteSynchronously"/> on the default scheduler —
/// an <c>await</c> would be posted to the thread pool whenever that thread has a synchronisation context), so in
/// simulated time a line is handled at the instant it arrives. A read that times out (System.IO.Ports ends one with
/// <see cref="TimeoutException"/> after its ReadTimeout of silence) means an idle line, not a lost one: reading goes
/// on. End of stream, a failure or <see cref="Dispose"/> ends it. The stream stays its owner's.
/// </summary>
public sealed class SerialLineReader : IDisposable
{
    private readonly Stream _serial;
    private readonly int _maxLineLength;
    private readonly Action<string> _onLine;
    private readonly Lock _gate = new();
    private readonly StringBuilder _line = new(96);
    private readonly byte[] _readBuffer = new byte[256];
    private readonly CancellationTokenSource _stop = new();

    /// <param name="serial">The device's stream (not disposed here).</param>
    /// <param name="maxLineLength">Characters kept of a line; the rest is dropped.</param>
    /// <param name="onLine">Called with each complete line, in order, under the reader's lock (it must not call back into the reader).</param>
    public SerialLineReader(Stream serial, int maxLineLength, Action<string> onLine)
    {
        _serial = serial ?? throw new ArgumentNullException(nameof(serial));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxLineLength);
        _onLine = onLine ?? throw new ArgumentNullException(nameof(onLine));
        _maxLineLength = maxLineLength;
    }

    /// <summary>Starts reading.</summary>
    public void Start() => ReadNext();

    /// <summary>Takes bytes as if they had been read (the read loop's own path; tests feed bytes with it).</summary>
    public void Feed(ReadOnlySpan<byte> bytes)
    {
        lock (_gate)
        {
            foreach (byte b in bytes)
            {
                if (b == (byte)'\n')
                {
                    string line = _line.ToString().TrimEnd('\r');
                    _line.Clear();
                    _onLine(line);
                }
                else if (_line.Length < _maxLineLength)
                {
                    _line.Append((char)b);
                }
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }

    private void ReadNext()
    {
        Task<int> read;
        try
        {
            if (_stop.IsCancellationRequested)
            {
                return;
            }

            read = _serial.ReadAsync(_readBuffer, 0, _readBuffer.Length, _stop.Token);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
        {
            return; // the port went away: the device's own timeout reports it
        }

        read.ContinueWith(static (task, state) => ((SerialLineReader)state!).OnRead(task), this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private void OnRead(Task<int> read)
    {
        if (read.IsFaulted && read.Exception.InnerException is TimeoutException)
        {
            ReadNext(); // an idle line
            return;
        }

        if (read.Status != TaskStatus.RanToCompletion || read.Result == 0)
        {
            return; // cancelled, failed or end of stream
        }

        Feed(_readBuffer.AsSpan(0, read.Result));
        ReadNext();
    }
}

using System.Globalization;
using System.Text;

namespace Station.Devices.Tests.CalibrationSource;

/// <summary>
/// The firmware's end of a serial port with a scripted bench calibration source behind it: it records every byte
/// written, answers each line through <see cref="Respond"/> (by default a small model of the box's SCPI subset), and
/// delivers the replies at once (<see cref="Immediate"/>, as the emulator does inside Write) or only when
/// <see cref="DeliverPending"/> is called (as real hardware answers later).
/// </summary>
internal sealed class FakeScpiSourceStream : Stream
{
    private readonly Queue<byte> _toFirmware = new();
    private readonly Queue<string> _pending = new();
    private readonly StringBuilder _line = new();
    private TaskCompletionSource<int>? _read;
    private Memory<byte> _readBuffer;

    public MemoryStream Written { get; } = new();

    public string WrittenText => Encoding.ASCII.GetString(Written.ToArray());

    public bool Immediate { get; set; } = true;

    /// <summary>The reply line(s) to a command line, or null for none.</summary>
    public Func<string, string?> Respond { get; set; }

    /// <summary>The default model's state.</summary>
    public string Mode { get; set; } = "OFF";

    public double Power { get; set; }

    public string Path { get; set; } = "BEH";

    public Queue<string> Errors { get; } = new();

    public string LineEnding { get; set; } = "\n";

    /// <summary>Ends the pending read with a TimeoutException, as System.IO.Ports does after its ReadTimeout of silence.</summary>
    public void TimeOutPendingRead()
    {
        var read = _read ?? throw new InvalidOperationException("No read is pending.");
        _read = null;
        read.TrySetException(new TimeoutException("The operation has timed out."));
    }

    public FakeScpiSourceStream() => Respond = Model;

    public string? Model(string line)
    {
        string[] parts = line.Split(' ', 2);
        switch (parts[0])
        {
            case "*IDN?": return "QKD-Station,Bench Calibration Source,SN-42,1.2.0";
            case "*RST": Mode = "OFF"; Power = 0; Path = "BEH"; return null;
            case "*CLS": Errors.Clear(); return null;
            case "SYST:ERR?": return Errors.TryDequeue(out string? e) ? e : "0,\"No error\"";
            case "SOUR:MODE?": return Mode;
            case "SOUR:POW?": return Power.ToString("R", CultureInfo.InvariantCulture);
            case "ROUT:PATH?": return Path;
            case "SOUR:MODE": Mode = parts[1]; return null;
            case "SOUR:POW":
                double p = double.Parse(parts[1], CultureInfo.InvariantCulture);
                if (p is < 0 or > 1)
                {
                    Errors.Enqueue("-222,\"Data out of range\"");
                }
                else
                {
                    Power = p;
                }

                return null;
            case "ROUT:PATH": Path = parts[1]; return null;
            default: Errors.Enqueue("-113,\"Undefined header\""); return null;
        }
    }

    /// <summary>Delivers every reply held back; returns whether there was any.</summary>
    public bool DeliverPending()
    {
        bool any = _pending.Count > 0;
        while (_pending.TryDequeue(out string? reply))
        {
            Deliver(reply);
        }

        return any;
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        Written.Write(buffer, offset, count);
        foreach (byte b in buffer.AsSpan(offset, count))
        {
            if (b != (byte)'\n')
            {
                _line.Append((char)b);
                continue;
            }

            string? reply = Respond(_line.ToString());
            _line.Clear();
            if (reply is null)
            {
                continue;
            }

            if (Immediate)
            {
                Deliver(reply);
            }
            else
            {
                _pending.Enqueue(reply);
            }
        }
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_toFirmware.Count > 0)
        {
            return ValueTask.FromResult(Drain(buffer.Span));
        }

        _read = new TaskCompletionSource<int>();
        _readBuffer = buffer;
        cancellationToken.Register(() => _read?.TrySetCanceled());
        return new ValueTask<int>(_read.Task);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("The binding reads asynchronously.");

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private void Deliver(string reply)
    {
        foreach (byte b in Encoding.ASCII.GetBytes(reply + LineEnding))
        {
            _toFirmware.Enqueue(b);
        }

        if (_read is { } read)
        {
            _read = null;
            read.TrySetResult(Drain(_readBuffer.Span));
        }
    }

    private int Drain(Span<byte> destination)
    {
        int n = 0;
        while (n < destination.Length && _toFirmware.TryDequeue(out byte b))
        {
            destination[n++] = b;
        }

        return n;
    }
}

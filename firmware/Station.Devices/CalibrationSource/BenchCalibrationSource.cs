using System.Globalization;
using System.Text;
using Station.Devices.Buses;

namespace Station.Devices.CalibrationSource;

/// <summary>
/// The bench calibration source: a USB CDC-ACM controller box (115200 8N1, default <c>/dev/ttyACM1</c>) driving a
/// fibre-coupled LED, a laser diode pulsed by the gate/counter board's period sync, a power DAC (0 … 1) and a 1×2
/// fibre switch, spoken to in a SCPI subset (<c>schematics/registers/calibration-source.md</c>). Every setting is
/// checked: after the commands the binding asks <c>SYST:ERR?</c> and reads the state back, so a refused or lost
/// command is an exception naming what was sent, what came back and what was expected.
/// <para>
/// Replies are collected by a background read loop (its continuation runs on the thread that delivers the bytes, so
/// an emulated device's reply is in before the firmware's <c>Write</c> returns) and awaited through
/// <c>waitUntil</c>: the caller's way of letting time pass — a simulated clock is advanced, the real one waited for.
/// </para>
/// </summary>
public sealed class BenchCalibrationSource : IDisposable
{
    /// <summary>The controller box's USB serial port when none is configured (the GNSS receiver is /dev/ttyACM0).</summary>
    public const string DefaultPortName = "/dev/ttyACM1";

    /// <summary>The line rate (CDC-ACM ignores it, but a USB-UART bridge would not).</summary>
    public const int BaudRate = 115200;

    /// <summary>The manufacturer field of the <c>*IDN?</c> reply.</summary>
    public const string Manufacturer = "QKD-Station";

    /// <summary>The model field of the <c>*IDN?</c> reply.</summary>
    public const string Model = "Bench Calibration Source";

    /// <summary>Largest difference between the power set and the power read back: the 16-bit DAC's step.</summary>
    public const double PowerReadbackTolerance = 1.0 / 65535;

    private const int MaxLineLength = 256;
    private const string NoError = "0,\"No error\"";
    private readonly Stream _serial;
    private readonly TimeProvider _time;
    private readonly Func<Func<bool>, TimeSpan, bool> _waitUntil;
    private readonly Lock _gate = new();
    private readonly Queue<string> _replies = new();
    private readonly SerialLineReader _reader;
    private readonly SemaphoreSlim _replyArrived = new(0);
    private bool _disposed;

    /// <param name="serial">The source's serial port (owned: disposed with the binding).</param>
    /// <param name="timeProvider">The station clock (bounds the default wait).</param>
    /// <param name="waitUntil">
    /// Lets time pass until a condition holds or a limit has gone by; returns whether it held. Give one that advances
    /// a simulated clock; the default blocks until a reply arrives or a <paramref name="timeProvider"/> timer expires.
    /// </param>
    /// <param name="portName">Names the port in messages.</param>
    public BenchCalibrationSource(Stream serial, TimeProvider timeProvider, Func<Func<bool>, TimeSpan, bool>? waitUntil = null, string portName = DefaultPortName)
    {
        _serial = serial ?? throw new ArgumentNullException(nameof(serial));
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        ArgumentException.ThrowIfNullOrWhiteSpace(portName);
        _waitUntil = waitUntil ?? WaitForReply;
        PortName = portName;
        _reader = new SerialLineReader(serial, MaxLineLength, OnReply);
        _reader.Start();
    }

    public string PortName { get; }

    /// <summary>How long a query may go unanswered.</summary>
    public TimeSpan ReplyTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Reply lines that arrived while no query waited for them (discarded before each query).</summary>
    public long UnexpectedReplies { get; private set; }

    /// <summary>Asks <c>*IDN?</c>.</summary>
    /// <exception cref="TimeoutException">No reply within <see cref="ReplyTimeout"/>.</exception>
    /// <exception cref="BenchCalibrationSourceException">The reply is not four comma-separated fields.</exception>
    public BenchCalibrationSourceIdentity Identify()
    {
        string reply = Query("*IDN?");
        string[] fields = reply.Split(',', StringSplitOptions.TrimEntries);
        return fields.Length == 4 && fields.All(f => f.Length > 0)
            ? new BenchCalibrationSourceIdentity(fields[0], fields[1], fields[2], fields[3])
            : throw new BenchCalibrationSourceException($"{PortName}: *IDN? replied '{reply}'; expected four fields: manufacturer,model,serial,firmware version");
    }

    /// <summary>Sends <c>*RST</c> (off, power 0, behind the wheels) and <c>*CLS</c> (empties the error queue), then checks both took.</summary>
    public void Reset()
    {
        Send("*RST");
        Send("*CLS");
        CheckNoError(["*RST", "*CLS"]);
        Verify(new BenchCalibrationSourceState(CalibrationLightMode.Off, 0, CalibrationInjection.BehindFilterWheels), ["*RST"]);
    }

    /// <summary>
    /// Sets the mode, the relative power (0 … 1) and the fibre switch, then checks the error queue and reads all
    /// three back. Turning off goes first and turning on last, so light never leaves on the old path or power.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Power outside 0 … 1 or NaN, or an undefined mode or path; nothing was sent.</exception>
    /// <exception cref="BenchCalibrationSourceException">The source refused a command or reads back something else.</exception>
    /// <exception cref="TimeoutException">A query went unanswered.</exception>
    public void Set(CalibrationLightMode mode, double power, CalibrationInjection injection = CalibrationInjection.BehindFilterWheels)
    {
        if (!double.IsFinite(power) || power is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(power), power, $"{PortName}: the calibration source's relative power must be within 0 … 1; nothing was sent.");
        }

        if (!Enum.IsDefined(mode))
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, $"{PortName}: not a calibration source mode; nothing was sent.");
        }

        if (!Enum.IsDefined(injection))
        {
            throw new ArgumentOutOfRangeException(nameof(injection), injection, $"{PortName}: not a fibre-switch path; nothing was sent.");
        }

        string modeCommand = $"SOUR:MODE {ModeText(mode)}";
        string[] commands = mode == CalibrationLightMode.Off
            ? [modeCommand, $"SOUR:POW {PowerText(power)}", $"ROUT:PATH {PathText(injection)}"]
            : [$"SOUR:POW {PowerText(power)}", $"ROUT:PATH {PathText(injection)}", modeCommand];
        foreach (string command in commands)
        {
            Send(command);
        }

        CheckNoError(commands);
        Verify(new BenchCalibrationSourceState(mode, power, injection), commands);
    }

    /// <summary>Reads the mode, power and path back from the source.</summary>
    public BenchCalibrationSourceState ReadState()
    {
        string mode = Query("SOUR:MODE?");
        string power = Query("SOUR:POW?");
        string path = Query("ROUT:PATH?");
        return new BenchCalibrationSourceState(
            ParseMode(mode) ?? throw Unexpected("SOUR:MODE?", mode, "OFF, CW or PULS"),
            double.TryParse(power, NumberStyles.Float, CultureInfo.InvariantCulture, out double p) && double.IsFinite(p) ? p : throw Unexpected("SOUR:POW?", power, "a number from 0 to 1"),
            ParsePath(path) ?? throw Unexpected("ROUT:PATH?", path, "BEH or THR"));
    }

    /// <summary>Takes the oldest entry of the source's error queue (<c>0,"No error"</c> when empty).</summary>
    public string ReadError() => Query("SYST:ERR?");

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        _reader.Dispose();
        _serial.Dispose();
        _replyArrived.Dispose();
    }

    /// <summary>The SCPI spelling of a power: invariant, round-trip (e.g. <c>0.05</c>, <c>1E-06</c>).</summary>
    public static string PowerText(double power) => power.ToString("R", CultureInfo.InvariantCulture);

    private static string ModeText(CalibrationLightMode mode) => mode switch
    {
        CalibrationLightMode.Continuous => "CW",
        CalibrationLightMode.Pulsed => "PULS",
        _ => "OFF",
    };

    private static string PathText(CalibrationInjection injection) => injection == CalibrationInjection.ThroughFilterWheels ? "THR" : "BEH";

    private static CalibrationLightMode? ParseMode(string text) => text.ToUpperInvariant() switch
    {
        "OFF" => CalibrationLightMode.Off,
        "CW" => CalibrationLightMode.Continuous,
        "PULS" or "PULSED" => CalibrationLightMode.Pulsed,
        _ => null,
    };

    private static CalibrationInjection? ParsePath(string text) => text.ToUpperInvariant() switch
    {
        "BEH" or "BEHIND" => CalibrationInjection.BehindFilterWheels,
        "THR" or "THROUGH" => CalibrationInjection.ThroughFilterWheels,
        _ => null,
    };

    private void CheckNoError(string[] sent)
    {
        string first = ReadError();
        if (first == NoError)
        {
            return;
        }

        // Drain the queue (bounded: it holds at most a few entries) so the message names every refusal.
        var errors = new List<string> { first };
        for (int i = 0; i < 16; i++)
        {
            string next = ReadError();
            if (next == NoError)
            {
                break;
            }

            errors.Add(next);
        }

        throw new BenchCalibrationSourceException(
            $"{PortName}: the calibration source refused a command: sent {Quote(sent)}; SYST:ERR? replied {string.Join(", then ", errors.Select(e => $"'{e}'"))}; expected '{NoError}'");
    }

    private void Verify(BenchCalibrationSourceState expected, string[] sent)
    {
        var actual = ReadState();
        if (actual.Mode != expected.Mode || actual.Injection != expected.Injection || Math.Abs(actual.Power - expected.Power) > PowerReadbackTolerance)
        {
            throw new BenchCalibrationSourceException(
                $"{PortName}: the calibration source did not take {Quote(sent)}: it reads back mode {ModeText(actual.Mode)}, power {PowerText(actual.Power)}, path {PathText(actual.Injection)}; expected mode {ModeText(expected.Mode)}, power {PowerText(expected.Power)}, path {PathText(expected.Injection)}");
        }
    }

    private static string Quote(IEnumerable<string> commands) => string.Join(", ", commands.Select(c => $"'{c}'"));

    private BenchCalibrationSourceException Unexpected(string query, string reply, string expected) =>
        new($"{PortName}: {query} replied '{reply}'; expected {expected}");

    private void Send(string command)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        byte[] bytes = Encoding.ASCII.GetBytes(command + "\n");
        _serial.Write(bytes, 0, bytes.Length);
        _serial.Flush();
    }

    private string Query(string query)
    {
        lock (_gate)
        {
            UnexpectedReplies += _replies.Count; // a late reply to an earlier, timed-out query must not answer this one
            _replies.Clear();
        }

        Send(query);
        string? reply = null;
        bool answered = _waitUntil(() => TryTakeReply(out reply), ReplyTimeout);
        return answered && reply is not null
            ? reply
            : throw new TimeoutException(string.Create(CultureInfo.InvariantCulture, $"{PortName}: no reply to '{query}' within {ReplyTimeout.TotalSeconds:0.###} s; is the calibration source connected and powered?"));
    }

    private bool TryTakeReply(out string? reply)
    {
        lock (_gate)
        {
            return _replies.TryDequeue(out reply);
        }
    }

    /// <summary>The default wait: block until a reply line arrives or a timer on the station clock expires.</summary>
    private bool WaitForReply(Func<bool> condition, TimeSpan limit)
    {
        int expired = 0;
        using var timer = _time.CreateTimer(_ =>
        {
            Volatile.Write(ref expired, 1);
            _replyArrived.Release();
        }, null, limit, Timeout.InfiniteTimeSpan);
        while (!condition())
        {
            if (Volatile.Read(ref expired) == 1)
            {
                return condition();
            }

            _replyArrived.Wait();
        }

        return true;
    }

    private void OnReply(string line)
    {
        lock (_gate)
        {
            _replies.Enqueue(line);
        }

        try
        {
            _replyArrived.Release();
        }
        catch (ObjectDisposedException)
        {
            // a reply racing the binding's disposal: nobody waits for it
        }
    }
}

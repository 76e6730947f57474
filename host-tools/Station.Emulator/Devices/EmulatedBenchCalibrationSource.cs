using System.Globalization;
using System.Text;
using Station.Devices.CalibrationSource;
using Station.Emulator.Buses;
using Station.Emulator.World.Calibration;

namespace Station.Emulator.Devices;

/// <summary>
/// The bench calibration source's controller box at the byte level: it hears SCPI lines on an
/// <see cref="EmulatedSerialLink"/> ("\n" or "\r\n" terminated; short or long header forms, any case), answers
/// queries with one line, keeps the SCPI error queue (oldest first, ten entries, the last replaced by -350 when full)
/// and drives the emulated physics, <see cref="EmulatedCalibrationSource"/>. A malformed line or an out-of-range value
/// queues its error and changes nothing; an erroneous query sends no reply (as SCPI instruments do). Protocol:
/// <c>schematics/registers/calibration-source.md</c>.
/// </summary>
public sealed class EmulatedBenchCalibrationSource : IDisposable
{
    /// <summary>Longest line the box accepts; a longer one is discarded with -223.</summary>
    public const int MaxLineLength = 256;

    /// <summary>Entries the error queue holds.</summary>
    public const int ErrorQueueCapacity = 10;

    private readonly EmulatedSerialLink _link;
    private readonly EmulatedCalibrationSource _source;
    private readonly Queue<string> _errors = new();
    private readonly StringBuilder _line = new(64);
    private bool _lineTooLong;

    /// <param name="link">The USB serial line to the firmware.</param>
    /// <param name="source">The emulated light the box controls.</param>
    /// <param name="serialNumber">The serial number in the <c>*IDN?</c> reply.</param>
    public EmulatedBenchCalibrationSource(EmulatedSerialLink link, EmulatedCalibrationSource source, string serialNumber = "EMU-0001")
    {
        _link = link ?? throw new ArgumentNullException(nameof(link));
        _source = source ?? throw new ArgumentNullException(nameof(source));
        ArgumentException.ThrowIfNullOrWhiteSpace(serialNumber);
        Identity = $"{BenchCalibrationSource.Manufacturer},{BenchCalibrationSource.Model},{serialNumber},1.0.0-emulated";
        _source.Set(CalibrationLightMode.Off, 0, CalibrationInjection.BehindFilterWheels);
        _link.FirmwareWrote += OnFirmwareWrote;
    }

    /// <summary>The <c>*IDN?</c> reply.</summary>
    public string Identity { get; }

    /// <summary>Lines received (well-formed or not).</summary>
    public long LinesReceived { get; private set; }

    /// <summary>Errors now queued (oldest first), e.g. <c>-222,"Data out of range"</c>.</summary>
    public IReadOnlyList<string> QueuedErrors => [.. _errors];

    /// <summary>When set, the box hears but never answers (a hung controller).</summary>
    public bool Silent { get; set; }

    public void Dispose() => _link.FirmwareWrote -= OnFirmwareWrote;

    private void OnFirmwareWrote(byte[] bytes)
    {
        foreach (byte b in bytes)
        {
            if (b == (byte)'\n')
            {
                string line = _line.ToString().TrimEnd('\r');
                bool tooLong = _lineTooLong;
                _line.Clear();
                _lineTooLong = false;
                LinesReceived++;
                if (tooLong)
                {
                    QueueError(-223, "Too much data");
                }
                else
                {
                    Execute(line.Trim());
                }
            }
            else if (_line.Length < MaxLineLength)
            {
                _line.Append((char)b);
            }
            else
            {
                _lineTooLong = true;
            }
        }
    }

    private void Execute(string line)
    {
        if (line.Length == 0)
        {
            return;
        }

        int space = line.IndexOf(' ', StringComparison.Ordinal);
        string header = (space < 0 ? line : line[..space]).ToUpperInvariant();
        string? parameter = space < 0 ? null : line[(space + 1)..].Trim();
        if (!header.All(c => char.IsAsciiLetterOrDigit(c) || c is ':' or '*' or '?'))
        {
            QueueError(-100, "Command error");
            return;
        }

        bool query = header.EndsWith('?');
        string command = Canonical(query ? header[..^1] : header);
        if (query && parameter is not null)
        {
            QueueError(-108, "Parameter not allowed");
            return;
        }

        switch (command, query)
        {
            case ("*IDN", true):
                Reply(Identity);
                break;
            case ("*RST", false) when parameter is null:
                _source.Set(CalibrationLightMode.Off, 0, CalibrationInjection.BehindFilterWheels);
                break;
            case ("*CLS", false) when parameter is null:
                _errors.Clear();
                break;
            case ("*RST" or "*CLS", false):
                QueueError(-108, "Parameter not allowed");
                break;
            case ("SYST:ERR", true):
                Reply(_errors.TryDequeue(out string? error) ? error : "0,\"No error\"");
                break;
            case ("SOUR:MODE", true):
                Reply(_source.Mode switch { CalibrationLightMode.Continuous => "CW", CalibrationLightMode.Pulsed => "PULS", _ => "OFF" });
                break;
            case ("SOUR:POW", true):
                Reply(BenchCalibrationSource.PowerText(_source.Power));
                break;
            case ("ROUT:PATH", true):
                Reply(_source.Injection == CalibrationInjection.ThroughFilterWheels ? "THR" : "BEH");
                break;
            case ("SOUR:MODE", false):
                SetMode(parameter);
                break;
            case ("SOUR:POW", false):
                SetPower(parameter);
                break;
            case ("ROUT:PATH", false):
                SetPath(parameter);
                break;
            default:
                QueueError(-113, "Undefined header");
                break;
        }
    }

    /// <summary>The short form of a header: SCPI accepts each node's short or long spelling.</summary>
    private static string Canonical(string header) =>
        string.Join(':', header.Split(':').Select(node => node switch
        {
            "SOURCE" => "SOUR",
            "POWER" => "POW",
            "ROUTE" => "ROUT",
            "SYSTEM" => "SYST",
            "ERROR" => "ERR",
            _ => node,
        }));

    private void SetMode(string? parameter)
    {
        CalibrationLightMode? mode = parameter?.ToUpperInvariant() switch
        {
            "OFF" => CalibrationLightMode.Off,
            "CW" => CalibrationLightMode.Continuous,
            "PULS" or "PULSED" => CalibrationLightMode.Pulsed,
            _ => null,
        };
        if (parameter is null)
        {
            QueueError(-109, "Missing parameter");
        }
        else if (mode is not { } m)
        {
            QueueError(-224, "Illegal parameter value");
        }
        else
        {
            _source.Set(m, _source.Power, _source.Injection);
        }
    }

    private void SetPower(string? parameter)
    {
        if (parameter is null)
        {
            QueueError(-109, "Missing parameter");
        }
        else if (!double.TryParse(parameter, NumberStyles.Float, CultureInfo.InvariantCulture, out double power) || !double.IsFinite(power))
        {
            QueueError(-104, "Data type error");
        }
        else if (power is < 0 or > 1)
        {
            QueueError(-222, "Data out of range");
        }
        else
        {
            _source.Set(_source.Mode, power, _source.Injection);
        }
    }

    private void SetPath(string? parameter)
    {
        CalibrationInjection? path = parameter?.ToUpperInvariant() switch
        {
            "BEH" or "BEHIND" => CalibrationInjection.BehindFilterWheels,
            "THR" or "THROUGH" => CalibrationInjection.ThroughFilterWheels,
            _ => null,
        };
        if (parameter is null)
        {
            QueueError(-109, "Missing parameter");
        }
        else if (path is not { } p)
        {
            QueueError(-224, "Illegal parameter value");
        }
        else
        {
            _source.Set(_source.Mode, _source.Power, p);
        }
    }

    private void QueueError(int code, string text)
    {
        if (_errors.Count >= ErrorQueueCapacity)
        {
            return; // full: the last entry already says so
        }

        _errors.Enqueue(_errors.Count == ErrorQueueCapacity - 1
            ? "-350,\"Queue overflow\""
            : string.Create(CultureInfo.InvariantCulture, $"{code},\"{text}\""));
    }

    private void Reply(string line)
    {
        if (!Silent)
        {
            _link.DeviceWrite(Encoding.ASCII.GetBytes(line + "\n"));
        }
    }
}

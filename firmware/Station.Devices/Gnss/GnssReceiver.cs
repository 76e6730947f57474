using System.Device.Gpio;
using Iot.Device.Nmea0183;
using Iot.Device.Nmea0183.Sentences;
using Station.Devices.Buses;
using UnitsNet;

namespace Station.Devices.Gnss;

/// <summary>
/// A GNSS timing receiver: NMEA 0183 (RMC, GGA, ZDA) on a serial stream, parsed with the unmodified
/// <c>Iot.Device.Nmea0183</c> (<see cref="TalkerSentence"/>), and the 1PPS on a GPIO rising edge through the
/// bus provider's <see cref="GpioController"/>. Each pulse marks the top of a GNSS second; the RMC/ZDA that
/// follow (within a second) carry that second's time T, so the station clock's reading t_pps at the edge
/// gives the offset t_pps − T. The OS clock itself is disciplined by chrony/gpsd on the Pi; this driver
/// checks its health. Lines without a valid checksum are rejected and counted. Sentences are processed as
/// they arrive (the read continuation runs on the thread that delivered the bytes).
/// </summary>
public sealed class GnssReceiver : IDisposable
{
    private readonly Stream _serial;
    private readonly GpioController _gpio;
    private readonly int _ppsLine;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly SerialLineReader _reader;
    private DateTimeOffset _lastMessageTime = DateTimeOffset.MinValue;
    private bool _started;
    private bool _fix;
    private GnssFixQuality _quality;
    private int _satellites;
    private double _hdop = 99.99;
    private double? _latitude;
    private double? _longitude;
    private double? _altitude;
    private DateTimeOffset? _gnssTime;
    private DateTimeOffset? _lastPulse;
    private TimeSpan? _offset;
    private DateTimeOffset? _lastSentence;
    private long _parsed;
    private long _rejected;
    private long _pulses;

    /// <param name="serial">The receiver's NMEA stream (e.g. /dev/ttyACM0 at 115200 Bd).</param>
    /// <param name="gpio">The board's GPIO controller (owned by the bus provider; not disposed here).</param>
    /// <param name="ppsLine">BCM line of the 1PPS input.</param>
    /// <param name="timeProvider">The station clock.</param>
    /// <param name="name">Device name for messages (the pin-map id).</param>
    public GnssReceiver(Stream serial, GpioController gpio, int ppsLine, TimeProvider timeProvider, string name = "gnss")
    {
        _serial = serial ?? throw new ArgumentNullException(nameof(serial));
        _gpio = gpio ?? throw new ArgumentNullException(nameof(gpio));
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        ArgumentOutOfRangeException.ThrowIfNegative(ppsLine);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _ppsLine = ppsLine;
        Name = name;
        _reader = new SerialLineReader(serial, 200, OnLine);
    }

    public string Name { get; }

    /// <summary>No valid sentence for this long means <see cref="GnssHealth.NoData"/>.</summary>
    public TimeSpan SentenceTimeout { get; init; } = TimeSpan.FromSeconds(2.5);

    /// <summary>No pulse for this long means <see cref="GnssHealth.PpsLost"/>.</summary>
    public TimeSpan PulseTimeout { get; init; } = TimeSpan.FromSeconds(1.5);

    /// <summary>Opens the PPS line, watches its rising edges and starts reading sentences.</summary>
    public void Start()
    {
        lock (_gate)
        {
            if (_started)
            {
                throw new InvalidOperationException($"{Name}: the GNSS receiver is already started.");
            }

            _started = true;
        }

        _gpio.OpenPin(_ppsLine, PinMode.Input);
        _gpio.RegisterCallbackForPinValueChangedEvent(_ppsLine, PinEventTypes.Rising, OnPulse);
        _reader.Start();
    }

    /// <summary>The present state, judged against the station clock now.</summary>
    public GnssStatus Status
    {
        get
        {
            var now = _time.GetUtcNow();
            lock (_gate)
            {
                var health = GnssHealth.Ok;
                if (!_started)
                {
                    health |= GnssHealth.NotStarted;
                }

                if (_lastSentence is not { } sentence || now - sentence > SentenceTimeout)
                {
                    health |= GnssHealth.NoData;
                }

                if (!_fix)
                {
                    health |= GnssHealth.FixLost;
                }

                bool pulsing = _lastPulse is { } pulse && now - pulse <= PulseTimeout;
                if (!pulsing)
                {
                    health |= GnssHealth.PpsLost;
                }

                bool hasPosition = _fix && _latitude.HasValue && _longitude.HasValue;
                return new GnssStatus(
                    health,
                    _quality,
                    _satellites,
                    _hdop,
                    hasPosition ? Angle.FromDegrees(_latitude!.Value) : null,
                    hasPosition ? Angle.FromDegrees(_longitude!.Value) : null,
                    hasPosition && _altitude.HasValue ? Length.FromMeters(_altitude.Value) : null,
                    _gnssTime,
                    pulsing ? _offset : null,
                    _lastPulse,
                    _lastSentence,
                    _parsed,
                    _rejected,
                    _pulses);
            }
        }
    }

    /// <summary>Processes received bytes (what the pump does with every read; public for replaying captured logs).</summary>
    public void Process(ReadOnlySpan<byte> bytes) => _reader.Feed(bytes);

    private void OnLine(string line)
    {
        if (line.Length == 0)
        {
            return;
        }

        lock (_gate)
        {
            ProcessLine(line);
        }
    }

    public void Dispose()
    {
        _reader.Dispose();
        if (_started)
        {
            _gpio.UnregisterCallbackForPinValueChangedEvent(_ppsLine, OnPulse);
            _gpio.ClosePin(_ppsLine);
        }

        _serial.Dispose();
    }

    private void OnPulse(object sender, PinValueChangedEventArgs args)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            _lastPulse = now;
            _pulses++;
        }
    }

    private void ProcessLine(string line)
    {
        // Require the "*hh" checksum (the library accepts a line without one).
        int star = line.LastIndexOf('*');
        if (star < 0 || star != line.Length - 3)
        {
            _rejected++;
            return;
        }

        var sentence = TalkerSentence.FromSentenceString(line, out var error);
        if (sentence is null || error != NmeaError.None)
        {
            _rejected++;
            return;
        }

        var typed = sentence.TryGetTypedValue(ref _lastMessageTime);
        var now = _time.GetUtcNow();
        switch (typed)
        {
            case RecommendedMinimumNavigationInformation rmc:
                _fix = rmc.Status == NavigationStatus.Valid && rmc.Valid;
                if (_fix)
                {
                    _latitude = rmc.Position.Latitude;
                    _longitude = rmc.Position.Longitude;
                }

                Timestamp(rmc.DateTime, now);
                break;
            case GlobalPositioningSystemFixData gga:
                _quality = (GnssFixQuality)(int)gga.Status;
                _satellites = gga.NumberOfSatellites;
                _hdop = gga.Hdop;
                _altitude = gga.GeoidAltitude;
                if (gga.Status == GpsQuality.NoFix)
                {
                    _fix = false;
                }
                else if (gga.LatitudeDegrees is { } lat && gga.LongitudeDegrees is { } lon)
                {
                    _latitude = lat;
                    _longitude = lon;
                }

                break;
            case TimeDate zda when zda.Valid:
                Timestamp(zda.DateTime, now);
                break;
            default:
                break;
        }

        _parsed++;
        _lastSentence = now;
    }

    /// <summary>A sentence carrying the GNSS time of the last pulse: pair it with that pulse.</summary>
    private void Timestamp(DateTimeOffset gnssTime, DateTimeOffset arrival)
    {
        if (gnssTime == DateTimeOffset.MinValue || gnssTime.Year < 2000)
        {
            return;
        }

        _gnssTime = gnssTime;
        if (_lastPulse is { } pulse && arrival - pulse >= TimeSpan.Zero && arrival - pulse < TimeSpan.FromSeconds(1))
        {
            _offset = pulse - gnssTime;
        }
    }
}

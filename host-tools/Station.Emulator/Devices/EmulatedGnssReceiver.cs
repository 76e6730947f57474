using System.Device.Gpio;
using System.Globalization;
using System.Text;
using Station.Emulator.Buses;
using Station.Emulator.Faults;

namespace Station.Emulator.Devices;

/// <summary>
/// An emulated GNSS timing receiver (u-blox style, talker "GN"): at the top of every GNSS second it raises
/// the 1PPS line for <see cref="PulseWidth"/>, and <see cref="NmeaDelay"/> later sends RMC, GGA and ZDA for
/// that second, each with a valid checksum, on its serial line. The station clock (the
/// <see cref="TimeProvider"/>) runs <see cref="ClockOffset"/> ahead of GNSS time, so the pulse for GNSS
/// second T arrives at station time T + offset: the quantity the firmware's receiver driver measures.
/// <para>
/// Faults: <c>gnss_loss</c> — no fix: RMC status V and GGA quality 0 with empty position fields, 0
/// satellites (time and the PPS continue from the receiver's clock, as in holdover); <c>pps_loss</c> — the
/// pulses stop while NMEA continues.
/// </para>
/// </summary>
public sealed class EmulatedGnssReceiver : IDisposable
{
    private readonly TimeProvider _time;
    private readonly EmulatedSerialLink _link;
    private readonly EmulatedGpioDriver _gpio;
    private readonly int _ppsLine;
    private readonly FaultInjector? _faults;
    private readonly string _deviceId;
    private readonly ITimer _riseTimer;
    private readonly ITimer _fallTimer;
    private readonly ITimer _nmeaTimer;
    private TimeSpan _clockOffset;

    /// <param name="timeProvider">The station clock.</param>
    /// <param name="link">The serial line to the firmware.</param>
    /// <param name="gpio">The emulated GPIO lines.</param>
    /// <param name="ppsLine">BCM line of the 1PPS output.</param>
    /// <param name="faults">The fault schedule (optional).</param>
    /// <param name="deviceId">Pin-map id the faults are aimed at.</param>
    /// <param name="clockOffset">How far the station clock runs ahead of GNSS time.</param>
    public EmulatedGnssReceiver(TimeProvider timeProvider, EmulatedSerialLink link, EmulatedGpioDriver gpio, int ppsLine, FaultInjector? faults = null, string deviceId = "gnss", TimeSpan clockOffset = default)
    {
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _link = link ?? throw new ArgumentNullException(nameof(link));
        _gpio = gpio ?? throw new ArgumentNullException(nameof(gpio));
        _ppsLine = ppsLine;
        _faults = faults;
        _deviceId = deviceId;
        _riseTimer = _time.CreateTimer(_ => RisingEdge(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _fallTimer = _time.CreateTimer(_ => _gpio.DriveInput(_ppsLine, PinValue.Low), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _nmeaTimer = _time.CreateTimer(_ => SendNmea(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _gpio.DriveInput(_ppsLine, PinValue.Low);
        ClockOffset = clockOffset;
    }

    /// <summary>Station clock minus GNSS time. Setting it re-aligns the pulses and sentences.</summary>
    public TimeSpan ClockOffset
    {
        get => _clockOffset;
        set
        {
            if (value.Duration() >= TimeSpan.FromDays(1))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "The emulated station clock offset must be under a day.");
            }

            _clockOffset = value;
            Align();
        }
    }

    /// <summary>1PPS high time (100 ms, the u-blox default).</summary>
    public TimeSpan PulseWidth { get; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Delay from the pulse to the NMEA burst for that second.</summary>
    public TimeSpan NmeaDelay { get; } = TimeSpan.FromMilliseconds(150);

    /// <summary>Antenna latitude, degrees (+N).</summary>
    public double LatitudeDegrees { get; set; } = 37.378;

    /// <summary>Antenna longitude, degrees (+E).</summary>
    public double LongitudeDegrees { get; set; } = 97.729;

    /// <summary>Antenna height above mean sea level, m.</summary>
    public double AltitudeMeters { get; set; } = 3153;

    /// <summary>Geoid separation (ellipsoid − MSL), m.</summary>
    public double GeoidSeparationMeters { get; set; } = -32.1;

    /// <summary>Satellites used in the fix.</summary>
    public int Satellites { get; set; } = 14;

    /// <summary>Horizontal dilution of precision.</summary>
    public double Hdop { get; set; } = 0.8;

    /// <summary>Pulses raised so far.</summary>
    public long PulseCount { get; private set; }

    /// <summary>NMEA bursts sent so far.</summary>
    public long BurstCount { get; private set; }

    /// <summary>GNSS time now.</summary>
    public DateTimeOffset GnssNow => _time.GetUtcNow() - _clockOffset;

    /// <summary>The NMEA sentence (with "$", checksum and CR LF) for a body such as "GNZDA,...".</summary>
    public static string Sentence(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        byte checksum = 0;
        foreach (char c in body)
        {
            checksum ^= (byte)c;
        }

        return string.Create(CultureInfo.InvariantCulture, $"${body}*{checksum:X2}\r\n");
    }

    /// <summary>The RMC, GGA and ZDA sentences for GNSS second <paramref name="second"/>.</summary>
    public string Burst(DateTimeOffset second, bool fix)
    {
        var c = CultureInfo.InvariantCulture;
        string time = second.ToString("HHmmss.00", c);
        string lat = string.Empty, ns = string.Empty, lon = string.Empty, ew = string.Empty;
        if (fix)
        {
            (lat, ns) = DegreesMinutes(LatitudeDegrees, 2, "N", "S");
            (lon, ew) = DegreesMinutes(LongitudeDegrees, 3, "E", "W");
        }

        var text = new StringBuilder();
        text.Append(Sentence(string.Create(c, $"GNRMC,{time},{(fix ? 'A' : 'V')},{lat},{ns},{lon},{ew},0.000,,{second:ddMMyy},,,{(fix ? 'A' : 'N')}")));
        string gga = fix
            ? string.Create(c, $"GNGGA,{time},{lat},{ns},{lon},{ew},1,{Satellites:00},{Hdop:0.00},{AltitudeMeters:0.0},M,{GeoidSeparationMeters:0.0},M,,")
            : string.Create(c, $"GNGGA,{time},,,,,0,00,99.99,,,,,,");
        text.Append(Sentence(gga));
        text.Append(Sentence(string.Create(c, $"GNZDA,{time},{second:dd},{second:MM},{second:yyyy},00,00")));
        return text.ToString();
    }

    public void Dispose()
    {
        _riseTimer.Dispose();
        _fallTimer.Dispose();
        _nmeaTimer.Dispose();
    }

    private static (string Value, string Hemisphere) DegreesMinutes(double degrees, int degreeDigits, string positive, string negative)
    {
        double magnitude = Math.Abs(degrees);
        int whole = (int)magnitude;
        double minutes = (magnitude - whole) * 60.0;
        string value = whole.ToString(new string('0', degreeDigits), CultureInfo.InvariantCulture) + minutes.ToString("00.0000000", CultureInfo.InvariantCulture);
        return (value, degrees >= 0 ? positive : negative);
    }

    /// <summary>Arms the three 1 s timers so the next pulse falls on the next whole GNSS second.</summary>
    private void Align()
    {
        var gnss = GnssNow;
        long ticksIntoSecond = gnss.UtcTicks % TimeSpan.TicksPerSecond;
        var toNext = TimeSpan.FromTicks(ticksIntoSecond == 0 ? TimeSpan.TicksPerSecond : TimeSpan.TicksPerSecond - ticksIntoSecond);
        var second = TimeSpan.FromSeconds(1);
        _riseTimer.Change(toNext, second);
        _fallTimer.Change(toNext + PulseWidth, second);
        _nmeaTimer.Change(toNext + NmeaDelay, second);
    }

    private void RisingEdge()
    {
        if (_faults?.IsActive(FaultKind.PpsLoss, _deviceId) == true)
        {
            return;
        }

        PulseCount++;
        _gpio.DriveInput(_ppsLine, PinValue.High);
    }

    private void SendNmea()
    {
        // The burst describes the second whose pulse came NmeaDelay ago.
        var gnss = GnssNow - NmeaDelay;
        var second = new DateTimeOffset(gnss.UtcTicks - (gnss.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        bool fix = _faults?.IsActive(FaultKind.GnssLoss, _deviceId) != true;
        BurstCount++;
        _link.DeviceWrite(Encoding.ASCII.GetBytes(Burst(second, fix)));
    }
}

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Station.Devices.Board;
using Station.Devices.Buses;
using Station.Devices.Gnss;
using Station.Devices.Weather;
using Station.Firmware.Telemetry;

namespace Station.Firmware.Hosting;

/// <summary>
/// The station's health once a second: the clock (GNSS fix, satellites, the station clock's offset at the last 1PPS) and
/// the weather, into the telemetry time series; every change of the GNSS health is an event and a log line. Losing GNSS
/// time is not a pointing fault (the clock holds over for a pass) but it makes the detectors' time tags untrustworthy,
/// which is why it is recorded next to the counts.
/// </summary>
internal sealed partial class StationHealthService : IHostedService, IDisposable
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    private readonly WeatherStation _weather;
    private readonly GnssReceiver _gnss;
    private readonly ITelemetrySink _telemetry;
    private readonly TimeProvider _time;
    private readonly ILogger<StationHealthService> _logger;
    private ITimer? _timer;
    private GnssHealth? _lastHealth;

    public StationHealthService(PinMap pinMap, IBusProvider buses, WeatherStation weather, ITelemetrySink telemetry, TimeProvider time, ILogger<StationHealthService> logger)
    {
        ArgumentNullException.ThrowIfNull(pinMap);
        ArgumentNullException.ThrowIfNull(buses);
        _weather = weather;
        _telemetry = telemetry;
        _time = time;
        _logger = logger;
        var port = pinMap.GetSerialPort(DeviceId.Gnss);
        _gnss = new GnssReceiver(buses.OpenSerial(new SerialPortSettings(port.Port, port.BaudRate)), buses.Gpio,
            pinMap.GetGpioLine(DeviceId.Gnss, "pps").Line, time, DeviceId.Gnss);
    }

    /// <summary>The GNSS receiver's present status.</summary>
    public GnssStatus Clock => _gnss.Status;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _gnss.Start();
        _timer = _time.CreateTimer(_ => Sample(), null, Period, Period);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _timer?.Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _timer?.Dispose();
        _gnss.Dispose();
    }

    private void Sample()
    {
        var now = _time.GetUtcNow();
        var clock = _gnss.Status;
        _telemetry.WriteClock(new ClockSample(now, clock.Health, clock.FixQuality, clock.Satellites, clock.ClockOffset?.TotalMicroseconds ?? double.NaN));
        if (_lastHealth != clock.Health)
        {
            string change = $"{(_lastHealth is { } last ? last.ToString() : "start")} → {clock.Health}";
            _telemetry.WriteEvent(new EventRecord(now, "health", "gnss_health", change));
            if (clock.Health == GnssHealth.Ok)
            {
                LogClockOk(change, clock.Satellites);
            }
            else
            {
                LogClockDegraded(change);
            }

            _lastHealth = clock.Health;
        }

        var weather = _weather.Read();
        _telemetry.WriteWeather(new WeatherSample(now, weather.Status, weather.Pressure?.Hectopascals ?? double.NaN,
            weather.Temperature?.DegreesCelsius ?? double.NaN, weather.Humidity?.Percent ?? double.NaN));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Station clock: GNSS {Change}, {Satellites} satellites")]
    private partial void LogClockOk(string change, int satellites);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Station clock: GNSS {Change}; detector time tags are not GNSS-disciplined until it recovers")]
    private partial void LogClockDegraded(string change);
}

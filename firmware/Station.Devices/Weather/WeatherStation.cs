using System.Device.I2c;
using Iot.Device.Bmxx80;
using Iot.Device.Bmxx80.FilteringMode;
using Iot.Device.Bmxx80.PowerMode;
using UnitsNet;

namespace Station.Devices.Weather;

/// <summary>
/// The station's weather sensor: a Bosch BME280 read with the unmodified <see cref="Bme280"/> binding, in
/// normal mode (it measures continuously, so a read never waits — the binding's own <c>Read()</c> would
/// sleep in forced mode). Pressure ×16 oversampling (20 bits, 0.16 Pa), temperature ×2, humidity ×1,
/// IIR filter off, 125 ms standby: a fresh value every ~170 ms. Bus errors are retried; a reading
/// before the first measurement has finished, a silent sensor and values outside the physical range come
/// back as typed <see cref="WeatherStatus"/> values naming the device, never as plausible-looking numbers.
/// </summary>
public sealed class WeatherStation : IDisposable
{
    /// <summary>Datasheet maximum t_measure for ×2/×16/×1, plus margin: the first data are valid after this.</summary>
    public static readonly TimeSpan FirstMeasurementTime = TimeSpan.FromMilliseconds(60);

    private readonly I2cDevice _i2c;
    private readonly TimeProvider _time;
    private Bme280? _sensor;
    private DateTimeOffset _readyAt;

    /// <param name="i2cDevice">The BME280's I2C device (0x76 or 0x77).</param>
    /// <param name="timeProvider">The station clock.</param>
    /// <param name="name">Device name for messages (the pin-map id).</param>
    /// <param name="maxRetries">Extra attempts after a bus error (0–10).</param>
    public WeatherStation(I2cDevice i2cDevice, TimeProvider timeProvider, string name = "weather", int maxRetries = 2)
    {
        _i2c = i2cDevice ?? throw new ArgumentNullException(nameof(i2cDevice));
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (maxRetries is < 0 or > 10)
        {
            throw new ArgumentOutOfRangeException(nameof(maxRetries), maxRetries, "Retries must lie in 0–10.");
        }

        Name = name;
        MaxRetries = maxRetries;
    }

    public string Name { get; }

    public int MaxRetries { get; }

    /// <summary>Whether <see cref="Start"/> succeeded.</summary>
    public bool IsStarted => _sensor is not null;

    /// <summary>
    /// Identifies the chip (id 0x60), reads its trimming, configures it and starts normal mode. Throws
    /// <see cref="IOException"/> naming the device when it does not answer after the retries.
    /// </summary>
    public void Start()
    {
        int attempt = 0;
        while (true)
        {
            try
            {
                // The binding's constructor checks the chip id, reads the trimming and resets the chip.
                var sensor = new Bme280(_i2c);
                sensor.TemperatureSampling = Sampling.LowPower;
                sensor.PressureSampling = Sampling.UltraHighResolution;
                sensor.HumiditySampling = Sampling.UltraLowPower;
                sensor.FilterMode = Bmx280FilteringMode.Off;
                sensor.StandbyTime = StandbyTime.Ms125;
                sensor.SetPowerMode(Bmx280PowerMode.Normal);
                _sensor = sensor;
                _readyAt = _time.GetUtcNow() + FirstMeasurementTime;
                return;
            }
            catch (IOException) when (attempt < MaxRetries)
            {
                attempt++;
            }
            catch (IOException ex)
            {
                throw new IOException($"{Name}: BME280 at I2C{_i2c.ConnectionSettings.BusId} 0x{_i2c.ConnectionSettings.DeviceAddress:X2} did not start after {attempt + 1} attempts: {ex.Message}", ex);
            }
        }
    }

    /// <summary>Reads pressure, temperature and humidity.</summary>
    public WeatherReading Read()
    {
        var sensor = _sensor ?? throw new InvalidOperationException($"{Name}: call Start before reading the weather sensor.");
        if (_time.GetUtcNow() < _readyAt)
        {
            return new WeatherReading(WeatherStatus.NotReady, null, null, null, 0, $"{Name}: first BME280 measurement not complete before {_readyAt:O}");
        }

        int retries = 0;
        while (true)
        {
            try
            {
                // Temperature first: it sets t_fine, which the pressure and humidity compensation use.
                bool temperatureRead = sensor.TryReadTemperature(out var temperature);
                bool pressureRead = sensor.TryReadPressure(out var pressure);
                bool humidityRead = sensor.TryReadHumidity(out var humidity);
                if (!temperatureRead || !pressureRead || !humidityRead)
                {
                    return new WeatherReading(WeatherStatus.Implausible, null, null, null, retries, $"{Name}: a BME280 channel is configured as skipped");
                }

                return Judge(pressure, temperature, humidity, retries);
            }
            catch (IOException) when (retries < MaxRetries)
            {
                retries++;
            }
            catch (IOException ex)
            {
                return new WeatherReading(WeatherStatus.NotResponding, null, null, null, retries, $"{Name}: BME280 not responding after {retries + 1} attempts: {ex.Message}");
            }
        }
    }

    private WeatherReading Judge(Pressure pressure, Temperature temperature, RelativeHumidity humidity, int retries)
    {
        double hPa = pressure.Hectopascals;
        double celsius = temperature.DegreesCelsius;
        if (!(hPa is >= 300 and <= 1100) || !(celsius is >= -40 and <= 85))
        {
            return new WeatherReading(WeatherStatus.Implausible, pressure, temperature, humidity, retries, $"{Name}: BME280 read {hPa:0.##} hPa, {celsius:0.##} °C, outside its operating range 300–1100 hPa, −40…85 °C");
        }

        return new WeatherReading(WeatherStatus.Ok, pressure, temperature, humidity, retries);
    }

    public void Dispose()
    {
        if (_sensor is not null)
        {
            _sensor.Dispose();
        }
        else
        {
            _i2c.Dispose();
        }
    }
}

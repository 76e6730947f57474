using Iot.Device.Bmxx80;
using Iot.Device.Bmxx80.PowerMode;
using Station.Devices.Board;
using Station.Devices.Weather;
using Station.Emulator.Faults;

namespace Station.Hil.Tests.Sensors;

/// <summary>The unmodified Iot.Device.Bmxx80.Bme280 and the WeatherStation against the emulated BME280.</summary>
public sealed class WeatherHilTests : SensorTestStation
{
    [Theory]
    [InlineData(101325.0, 15.0, 50.0)]
    [InlineData(65000.0, -25.5, 12.0)]   // a high, cold site (Delingha is at 3,200 m)
    [InlineData(108000.0, 42.25, 95.0)]
    public void The_unmodified_binding_reads_back_what_the_world_sets_within_resolution(double pascals, double celsius, double percent)
    {
        Station.Weather.PressurePascals = pascals;
        Station.Weather.TemperatureCelsius = celsius;
        Station.Weather.HumidityPercent = percent;
        using var bme = new Bme280(Station.Buses.OpenI2c(PinMap.GetI2cConnectionSettings(DeviceId.Weather)));
        bme.TemperatureSampling = Sampling.UltraHighResolution;
        bme.PressureSampling = Sampling.UltraHighResolution;
        bme.HumiditySampling = Sampling.UltraHighResolution;
        bme.SetPowerMode(Bmx280PowerMode.Forced);
        Assert.True(bme.ReadStatus().Measuring);
        Time.Advance(TimeSpan.FromMilliseconds(120));
        Assert.False(bme.ReadStatus().Measuring);

        Assert.Equal(Bmx280PowerMode.Sleep, bme.ReadPowerMode()); // forced mode went back to sleep
        Assert.True(bme.TryReadTemperature(out var temperature));
        Assert.True(bme.TryReadPressure(out var pressure));
        Assert.True(bme.TryReadHumidity(out var humidity));
        Assert.Equal(celsius, temperature.DegreesCelsius, 0.01);   // datasheet resolution 0.01 °C
        Assert.Equal(pascals, pressure.Pascals, 0.2);              // 0.16 Pa at 20 bits
        Assert.Equal(percent, humidity.Percent, 0.01);             // 0.008 %RH at 16 bits
    }

    [Fact]
    public void Chip_id_and_trimming_registers_hold_the_datasheet_layout()
    {
        Assert.Equal(0x60, Station.Weather.PeekRegister(0xD0));
        Assert.Equal(27504, Station.Weather.PeekRegister(0x88) | (Station.Weather.PeekRegister(0x89) << 8)); // dig_T1
        Assert.Equal(36477, Station.Weather.PeekRegister(0x8E) | (Station.Weather.PeekRegister(0x8F) << 8)); // dig_P1
        Assert.Equal(75, Station.Weather.PeekRegister(0xA1));                                                  // dig_H1
        int h4 = (Station.Weather.PeekRegister(0xE4) << 4) | (Station.Weather.PeekRegister(0xE5) & 0xF);
        int h5 = (Station.Weather.PeekRegister(0xE6) << 4) | (Station.Weather.PeekRegister(0xE5) >> 4);
        Assert.Equal(313, h4);
        Assert.Equal(50, h5);
        Assert.Equal(0x80, Station.Weather.PeekRegister(0xF7)); // no measurement yet: 0x80000
    }

    [Fact]
    public void Oversampling_x1_without_the_filter_leaves_16_bits()
    {
        using var bme = new Bme280(Station.Buses.OpenI2c(PinMap.GetI2cConnectionSettings(DeviceId.Weather)));
        bme.SetPowerMode(Bmx280PowerMode.Forced); // the binding's default configuration: ×1
        Time.Advance(TimeSpan.FromMilliseconds(20));
        Assert.Equal(0, Station.Weather.PeekRegister(0xF9) & 0xF0); // xlsb of pressure is zero
        Assert.True(bme.TryReadPressure(out var pressure));
        Assert.Equal(101325, pressure.Pascals, 3.0);                   // 2.62 Pa steps at 16 bits
    }

    [Fact]
    public void The_weather_station_is_not_ready_until_the_first_measurement_then_tracks_the_world()
    {
        using var weather = new WeatherStation(Station.Buses.OpenI2c(PinMap.GetI2cConnectionSettings(DeviceId.Weather)), Time);
        weather.Start();
        Assert.Equal(WeatherStatus.NotReady, weather.Read().Status);

        Time.Advance(WeatherStation.FirstMeasurementTime);
        var first = weather.Read();
        Assert.Equal(WeatherStatus.Ok, first.Status);
        Assert.Equal(1013.25, first.Pressure!.Value.Hectopascals, 0.002);
        Assert.Equal(15, first.Temperature!.Value.DegreesCelsius, 0.01);

        Station.Weather.PressurePascals = 69000;
        Station.Weather.TemperatureCelsius = -3;
        long before = Station.Weather.MeasurementCount;
        Time.Advance(TimeSpan.FromMilliseconds(400)); // normal mode: ~40 ms measurement + 125 ms standby
        Assert.InRange(Station.Weather.MeasurementCount - before, 2, 3);
        var later = weather.Read();
        Assert.Equal(690, later.Pressure!.Value.Hectopascals, 0.002);
        Assert.Equal(-3, later.Temperature!.Value.DegreesCelsius, 0.01);
    }

    [Fact]
    public void A_silent_sensor_is_retried_reported_by_name_and_recovers()
    {
        using var weather = new WeatherStation(Station.Buses.OpenI2c(PinMap.GetI2cConnectionSettings(DeviceId.Weather)), Time);
        weather.Start();
        Time.Advance(TimeSpan.FromMilliseconds(100));
        Station.Faults.InjectNow(FaultKind.NoResponse, DeviceId.Weather, TimeSpan.FromSeconds(1));
        long transactions = Station.Weather.TransactionCount;

        var failed = weather.Read();
        Assert.Equal(WeatherStatus.NotResponding, failed.Status);
        Assert.Equal(weather.MaxRetries, failed.Retries);
        Assert.Null(failed.Pressure);
        Assert.Contains("weather", failed.Problem, StringComparison.Ordinal);
        Assert.Equal(weather.MaxRetries + 1, Station.Weather.TransactionCount - transactions);

        Time.Advance(TimeSpan.FromSeconds(1));
        var recovered = weather.Read();
        Assert.Equal(WeatherStatus.Ok, recovered.Status);
        Assert.Equal(0, recovered.Retries);
    }

    [Fact]
    public void Starting_against_a_silent_sensor_throws_naming_the_device()
    {
        Station.Faults.InjectNow(FaultKind.NoResponse, DeviceId.Weather);
        using var weather = new WeatherStation(Station.Buses.OpenI2c(PinMap.GetI2cConnectionSettings(DeviceId.Weather)), Time);
        var error = Assert.Throws<IOException>(weather.Start);
        Assert.StartsWith("weather: BME280 at I2C1 0x76 did not start after 3 attempts", error.Message, StringComparison.Ordinal);
        Assert.False(weather.IsStarted);
    }

    [Fact]
    public void A_reading_outside_the_operating_range_is_implausible_not_passed_on()
    {
        using var weather = new WeatherStation(Station.Buses.OpenI2c(PinMap.GetI2cConnectionSettings(DeviceId.Weather)), Time);
        weather.Start();
        Station.Weather.PressurePascals = 25000; // 250 hPa: no ground station sits there
        Time.Advance(TimeSpan.FromMilliseconds(100));

        var reading = weather.Read();
        Assert.Equal(WeatherStatus.Implausible, reading.Status);
        Assert.Equal(250, reading.Pressure!.Value.Hectopascals, 0.01);
        Assert.Contains("outside its operating range", reading.Problem, StringComparison.Ordinal);
    }
}

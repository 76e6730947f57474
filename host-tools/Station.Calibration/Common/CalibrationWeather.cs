using System.Device.I2c;
using Station.Devices.Board;
using Station.Devices.Weather;

namespace Station.Calibration.Common;

/// <summary>The station's weather sensor, read once for refraction (pressure, mbar; temperature, °C).</summary>
public static class CalibrationWeather
{
    /// <exception cref="CalibrationRefusedException">The sensor gave no reading (refraction would be guessed).</exception>
    public static (double PressureMbar, double TemperatureC) Read(CalibrationRig rig)
    {
        ArgumentNullException.ThrowIfNull(rig);
        var i2c = rig.PinMap.GetI2c(DeviceId.Weather);
        using var weather = new WeatherStation(rig.Buses.OpenI2c(new I2cConnectionSettings(i2c.Bus, i2c.Address)), rig.Time, DeviceId.Weather);
        weather.Start();
        rig.Wait(WeatherStation.FirstMeasurementTime + TimeSpan.FromMilliseconds(100));
        var reading = weather.Read();
        return reading.IsOk
            ? (reading.Pressure!.Value.Millibars, reading.Temperature!.Value.DegreesCelsius)
            : throw new CalibrationRefusedException($"the weather station gave no reading for refraction: {reading.Problem}");
    }
}

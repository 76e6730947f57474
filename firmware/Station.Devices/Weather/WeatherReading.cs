using UnitsNet;

namespace Station.Devices.Weather;

/// <summary>Whether a weather reading can feed the refraction correction.</summary>
public enum WeatherStatus
{
    /// <summary>Pressure, temperature and humidity are fresh and plausible.</summary>
    Ok,

    /// <summary>The first measurement after start-up has not completed: the data registers still hold reset values.</summary>
    NotReady,

    /// <summary>The sensor did not answer on the bus, on every attempt.</summary>
    NotResponding,

    /// <summary>The sensor answered with values outside the physical range (a damaged or mis-trimmed part).</summary>
    Implausible,
}

/// <summary>One reading of the weather station. Quantities are null unless <see cref="Status"/> is <see cref="WeatherStatus.Ok"/> (or, for Implausible, what was read).</summary>
public sealed record WeatherReading(
    WeatherStatus Status,
    Pressure? Pressure,
    Temperature? Temperature,
    RelativeHumidity? Humidity,
    int Retries,
    string? Problem = null)
{
    public bool IsOk => Status == WeatherStatus.Ok;
}

using Station.Core.Timing;
using Station.Devices.Board;
using Station.Emulator;

namespace Station.Hil.Tests.Sensors;

/// <summary>A fresh emulated station on simulated time, for the sensor-group tests.</summary>
public abstract class SensorTestStation : IDisposable
{
    protected static readonly DateTimeOffset Start = new(2026, 3, 19, 18, 0, 0, TimeSpan.Zero);

    protected SensorTestStation()
    {
        Time = new SimulatedTimeProvider(Start);
        PinMap = PinMapLoader.LoadDefault();
        Station = EmulatedStation.FromPinMap(Time, PinMap);
    }

    protected SimulatedTimeProvider Time { get; }

    protected PinMap PinMap { get; }

    protected EmulatedStation Station { get; }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            Station.Dispose();
        }
    }
}

using Station.Core.Timing;
using Station.Devices.Board;
using Station.Devices.FilterWheel;
using Station.Emulator;
using Station.Emulator.World;
using Driver = Station.Devices.Tmc5160.Tmc5160;

namespace Station.Hil.Tests.Motion;

/// <summary>A fresh emulated station on simulated time, with helpers to open the motion group's bindings.</summary>
public sealed class MotionTestStation : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 19, 18, 0, 0, TimeSpan.Zero);

    public MotionTestStation()
    {
        PinMap = PinMapLoader.LoadDefault();
        Station = EmulatedStation.FromPinMap(Time, PinMap);
    }

    public SimulatedTimeProvider Time { get; } = new(Start);

    public PinMap PinMap { get; }

    public EmulatedStation Station { get; }

    public Driver OpenTmc5160(string deviceId, int maxRetries = 2) =>
        new(Station.Buses.OpenSpi(PinMap.GetSpiConnectionSettings(deviceId)), name: deviceId, maxRetries: maxRetries);

    public Station.Devices.AbsoluteEncoder.AbsoluteEncoder OpenEncoder(string deviceId, int maxRetries = 2, int frozenFrameLimit = 8) =>
        new(Station.Buses.OpenSpi(PinMap.GetSpiConnectionSettings(deviceId)), deviceId, maxRetries, frozenFrameLimit);

    /// <summary>The bench calibration of a wheel: each slot's offset from the index, from the twin's truth.</summary>
    public static FilterWheelOptions CalibratedOptions(EmulatedFilterWheel wheel)
    {
        var slots = wheel.CalibratedSlotOffsets().Select((offset, i) => new FilterSlot($"slot{i}", offset)).ToList();
        return new FilterWheelOptions { Slots = slots, GearRatio = wheel.Geometry.GearRatio };
    }

    public FilterWheel OpenFilterWheel(string deviceId, EmulatedFilterWheel twin, FilterWheelOptions? options = null, int maxRetries = 2)
    {
        var wheel = new FilterWheel(deviceId, OpenTmc5160(deviceId, maxRetries), options ?? CalibratedOptions(twin), Time);
        wheel.Initialize();
        return wheel;
    }

    /// <summary>Advances simulated time until the operation ends; fails the test if it does not within the limit.</summary>
    public void RunToEnd(FilterWheelOperation operation, double limitSeconds = 60)
    {
        Assert.True(Time.AdvanceUntil(() => operation.IsCompleted, TimeSpan.FromSeconds(limitSeconds)), $"{operation.Kind} to {operation.Target} did not end");
    }

    public void Dispose() => Station.Dispose();
}

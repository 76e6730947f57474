using Microsoft.Extensions.Logging.Abstractions;
using Station.Core.Timing;
using Station.Devices.AbsoluteEncoder;
using Station.Devices.Board;
using Station.Emulator;
using Station.Firmware.Motion;
using Driver = Station.Devices.Tmc5160.Tmc5160;

namespace Station.Hil.Tests.Motion;

/// <summary>
/// An emulated station whose axes power up at given true angles, with the firmware's <see cref="MountController"/>
/// on its buses: both axes, both absolute encoders, a sun the test places, and the state changes recorded.
/// </summary>
public sealed class MountControllerTestStation : IDisposable
{
    public static readonly AxisOptions AzimuthAxis = new() { MaxSpeedDegPerSec = 10, AccelerationDegPerSec2 = 5 };

    public static readonly AxisOptions ElevationAxis = new() { MinAngleDeg = -2, MaxAngleDeg = 92, MaxSpeedDegPerSec = 5, AccelerationDegPerSec2 = 3 };

    public MountControllerTestStation(double azimuthStartDeg = 0, double elevationStartDeg = 0, MountControllerOptions? options = null, DateTimeOffset? start = null)
    {
        Time = new SimulatedTimeProvider(start ?? Start);
        PinMap = PinMapLoader.LoadDefault();
        Station = EmulatedStation.FromPinMap(Time, PinMap, new EmulatedMountGeometry(AzimuthStartDeg: azimuthStartDeg, ElevationStartDeg: elevationStartDeg));
        Options = options ?? DefaultOptions();
        Mount = new MountAxes(OpenAxis("az", DeviceId.AzMotor, AzimuthAxis), OpenAxis("el", DeviceId.ElMotor, ElevationAxis));
        Mount.Azimuth.Initialize();
        Mount.Elevation.Initialize();
        AzimuthEncoder = new AbsoluteEncoder(Station.Buses.OpenSpi(PinMap.GetSpiConnectionSettings(DeviceId.AzEncoder)), DeviceId.AzEncoder, frozenFrameLimit: 50);
        ElevationEncoder = new AbsoluteEncoder(Station.Buses.OpenSpi(PinMap.GetSpiConnectionSettings(DeviceId.ElEncoder)), DeviceId.ElEncoder, frozenFrameLimit: 50);
        AzimuthSensor = new EncoderAxisSensor(AzimuthEncoder, Mount.Azimuth, 0);
        ElevationSensor = new EncoderAxisSensor(ElevationEncoder, Mount.Elevation, 0);
        Controller = new MountController(Mount, AzimuthSensor, ElevationSensor, Options, _ => Sun, Time, NullLoggerFactory.Instance);
        Controller.StateChanged += (_, change) => Changes.Add(change);
    }

    public static DateTimeOffset Start { get; } = new(2026, 3, 19, 18, 0, 0, TimeSpan.Zero);

    public SimulatedTimeProvider Time { get; }

    public PinMap PinMap { get; }

    public EmulatedStation Station { get; }

    public MountControllerOptions Options { get; }

    public MountAxes Mount { get; }

    public AbsoluteEncoder AzimuthEncoder { get; }

    public AbsoluteEncoder ElevationEncoder { get; }

    public EncoderAxisSensor AzimuthSensor { get; }

    public EncoderAxisSensor ElevationSensor { get; }

    public MountController Controller { get; }

    /// <summary>Where the sun is (azimuth 0–360°, elevation); far below the horizon unless a test moves it.</summary>
    public (double AzimuthDeg, double ElevationDeg) Sun { get; set; } = (0, -60);

    /// <summary>Every state change the controller raised, in order.</summary>
    public List<MountStateChange> Changes { get; } = [];

    /// <summary>Datagrams both emulated axis motion controllers have received.</summary>
    public long MotionDatagrams => Station.Azimuth.Driver.DatagramCount + Station.Elevation.Driver.DatagramCount;

    public static MountControllerOptions DefaultOptions() => new()
    {
        AzimuthIndexDeg = EmulatedStation.AzimuthIndexDeg,
        ElevationIndexDeg = EmulatedStation.ElevationIndexDeg,
    };

    /// <summary>Advances simulated time until the controller is in <paramref name="state"/>; fails the test otherwise.</summary>
    public void RunUntil(MountState state, double limitSeconds = 400)
    {
        Assert.True(Time.AdvanceUntil(() => Controller.State == state, TimeSpan.FromSeconds(limitSeconds)), $"the mount stayed {Controller.State} ({Controller.FaultReason}) instead of becoming {state}");
    }

    /// <summary>A station powered up close to both index switches, homed (a quick start for tests of what comes after).</summary>
    public static MountControllerTestStation Homed(MountControllerOptions? options = null, DateTimeOffset? start = null)
    {
        var s = new MountControllerTestStation(-8, 40, options, start);
        s.Home();
        return s;
    }

    /// <summary>Homes the mount and waits for Idle.</summary>
    public void Home()
    {
        Controller.Home();
        RunUntil(MountState.Idle);
    }

    /// <summary>Asserts that <paramref name="command"/> is refused with a reason containing <paramref name="reason"/> and sends no datagram to the motion controllers.</summary>
    public MountCommandRefusedException AssertRefused(Action command, string reason)
    {
        long before = MotionDatagrams;
        var state = Controller.State;
        var refusal = Assert.Throws<MountCommandRefusedException>(command);
        Assert.Contains(reason, refusal.Message, StringComparison.Ordinal);
        Assert.Equal(before, MotionDatagrams);
        Assert.Equal(state, Controller.State);
        return refusal;
    }

    private MountAxis OpenAxis(string name, string deviceId, AxisOptions options) =>
        new(name, new Driver(Station.Buses.OpenSpi(PinMap.GetSpiConnectionSettings(deviceId)), name: deviceId), options, Time, NullLogger<MountAxis>.Instance);

    public void Dispose()
    {
        Controller.Dispose();
        Mount.Dispose();
        AzimuthEncoder.Dispose();
        ElevationEncoder.Dispose();
        Station.Dispose();
    }
}

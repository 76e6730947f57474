using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Station.Core.Orbits;
using Station.Core.Pointing;
using Station.Core.Timing;
using Station.Devices.AbsoluteEncoder;
using Station.Devices.Board;
using Station.Devices.Tmc5160;
using Station.Emulator;
using Station.Firmware.Motion;

namespace Station.Benchmarks;

/// <summary>
/// The open-loop pass on the emulated station: planning a 10-minute Micius pass at 100 Hz (refraction, pointing
/// model, wrap, keyhole), and one simulated second of tracking it — 100 control ticks of the firmware's
/// MountTracker (two encoder reads, two rate commands over emulated SPI) interleaved with 1,000 physics steps.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 10, invocationCount: 8)]
public class MountTrackingBenchmarks : IDisposable
{
    private static readonly ElementSet Micius = TleParser.Parse(
        "1 41731U 16051A   16353.90152003  .00000364  00000-0  17957-4 0  9993",
        "2 41731  97.3699 267.4500 0013200 178.5836 246.0824 15.23915303 19063",
        "MICIUS (QSS)");

    private static readonly DateTime Aos = new(2016, 12, 29, 17, 54, 57, DateTimeKind.Utc);
    private readonly TrackRequest _request = new(new Sgp4Propagator(Micius), StationCatalog.Delingha, Aos, Aos.AddMinutes(9.7))
    {
        PressureMbar = 714,
        TemperatureC = -8,
        Limits = new MountLimits { AzimuthMaxRateDegPerS = 9, AzimuthMaxAccelerationDegPerS2 = 4.5, ElevationMaxRateDegPerS = 4.5, ElevationMaxAccelerationDegPerS2 = 2.7 },
    };

    private SimulatedTimeProvider _time = null!;
    private EmulatedStation _station = null!;
    private MountAxes _mount = null!;
    private MountTracker _tracker = null!;

    [GlobalSetup(Target = nameof(TrackOneSimulatedSecond))]
    public void SetupTracking()
    {
        var trajectory = TrackPlanner.Plan(_request).Trajectory ?? throw new InvalidOperationException("the benchmark pass cannot be planned");
        var pinMap = PinMapLoader.LoadDefault();
        _time = new SimulatedTimeProvider(new DateTimeOffset(Aos, TimeSpan.Zero));
        _station = EmulatedStation.FromPinMap(_time, pinMap);
        var axis = new AxisOptions { MaxSpeedDegPerSec = 10, AccelerationDegPerSec2 = 5 };
        MountAxis Open(string name, string id) => new(name, new Tmc5160(_station.Buses.OpenSpi(pinMap.GetSpiConnectionSettings(id)), name: id), axis, _time, NullLogger<MountAxis>.Instance);
        _mount = new MountAxes(Open("az", DeviceId.AzMotor), Open("el", DeviceId.ElMotor));
        _mount.Azimuth.Initialize();
        _mount.Elevation.Initialize();
        var azEncoder = new AbsoluteEncoder(_station.Buses.OpenSpi(pinMap.GetSpiConnectionSettings(DeviceId.AzEncoder)), DeviceId.AzEncoder, frozenFrameLimit: 0);
        var elEncoder = new AbsoluteEncoder(_station.Buses.OpenSpi(pinMap.GetSpiConnectionSettings(DeviceId.ElEncoder)), DeviceId.ElEncoder, frozenFrameLimit: 0);
        var azSensor = new EncoderAxisSensor(azEncoder, _mount.Azimuth, azEncoder.ReadAngle().Degrees);
        var elSensor = new EncoderAxisSensor(elEncoder, _mount.Elevation, elEncoder.ReadAngle().Degrees);
        var loop = new AxisControllerOptions { MaxRateDegPerS = 10, MaxAccelerationDegPerS2 = 5, FollowingErrorLimitDeg = 360 };
        _tracker = new MountTracker(_mount, azSensor, elSensor, loop, loop, _time, NullLogger<MountTracker>.Instance);
        _tracker.Start(trajectory);
    }

    [Benchmark]
    public TrackRequest PlanTenMinutePass() => TrackPlanner.Plan(_request).Trajectory is null ? throw new InvalidOperationException("refused") : _request;

    [Benchmark]
    public MountTrackerState TrackOneSimulatedSecond()
    {
        _time.Advance(TimeSpan.FromSeconds(1));
        return _tracker.State;
    }

    [GlobalCleanup]
    public void Cleanup() => Dispose();

    public void Dispose()
    {
        _tracker?.Dispose();
        _mount?.Dispose();
        _station?.Dispose();
        GC.SuppressFinalize(this);
    }
}

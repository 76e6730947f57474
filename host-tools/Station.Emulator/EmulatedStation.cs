using Station.Core.Pointing;
using Station.Devices.Board;
using Station.Emulator.Buses;
using Station.Emulator.Devices;
using Station.Emulator.Faults;
using Station.Emulator.World;

namespace Station.Emulator;

/// <summary>
/// The emulated station: the world, the emulated chips it drives, the fault schedule, and the bus provider
/// through which the unchanged firmware reaches them. Every device sits at the bus address the pin map
/// gives it. Device groups attach themselves in their own partial files (motion, detectors, sensors).
/// </summary>
public sealed partial class EmulatedStation : IDisposable
{
    private readonly PointingModel _truePointing;

    private EmulatedStation(TimeProvider timeProvider, PinMap pinMap, EmulatedMountGeometry mount, TimeSpan? worldStep)
    {
        TimeProvider = timeProvider;
        PinMap = pinMap;
        Buses = new EmulatedBusProvider();
        World = new EmulatedWorld(timeProvider, worldStep);
        Faults = new FaultInjector(timeProvider);

        var azDriver = new EmulatedTmc5160(timeProvider);
        var elDriver = new EmulatedTmc5160(timeProvider);
        AttachSpi(DeviceId.AzMotor, azDriver);
        AttachSpi(DeviceId.ElMotor, elDriver);
        Azimuth = new EmulatedAxis("az", azDriver, mount.GearRatio, mount.MotorFullStepsPerRevolution, UnitsNet.Angle.FromDegrees(mount.AzimuthStartDeg), mount.Azimuth, timeProvider);
        Elevation = new EmulatedAxis("el", elDriver, mount.GearRatio, mount.MotorFullStepsPerRevolution, UnitsNet.Angle.FromDegrees(mount.ElevationStartDeg), mount.Elevation, timeProvider);
        World.Add(Azimuth);
        World.Add(Elevation);
        _truePointing = new PointingModel(mount.PointingErrors ?? new Dictionary<PointingTerm, UnitsNet.Angle>());
        AttachMotion();
        AttachDetectors();
        AttachSensors();
    }

    /// <summary>An emulated station with every emulated device at the address the pin map gives it.</summary>
    /// <param name="timeProvider">The simulation clock (a <see cref="Core.Timing.SimulatedTimeProvider"/> for
    /// simulation at many times real time, or the system clock for desktop use).</param>
    /// <param name="pinMap">Where each device sits on the buses.</param>
    /// <param name="mount">Mechanical truth of the emulated mount.</param>
    /// <param name="worldStep">Physics step of the world (default 1 ms); a long-running test whose devices all bring
    /// themselves up to date on bus access may take a coarser one (the watchdog and fault-driven inputs then act at
    /// step boundaries).</param>
    public static EmulatedStation FromPinMap(TimeProvider timeProvider, PinMap pinMap, EmulatedMountGeometry? mount = null, TimeSpan? worldStep = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(pinMap);
        PinMapValidator.Validate(pinMap);
        return new EmulatedStation(timeProvider, pinMap, mount ?? new EmulatedMountGeometry(), worldStep);
    }

    public TimeProvider TimeProvider { get; }

    public PinMap PinMap { get; }

    public EmulatedBusProvider Buses { get; }

    public EmulatedWorld World { get; }

    /// <summary>The fault schedule every emulated device consults.</summary>
    public FaultInjector Faults { get; }

    public EmulatedAxis Azimuth { get; }

    public EmulatedAxis Elevation { get; }

    /// <summary>The mount's true pointing errors (what a pointing-model fit should find).</summary>
    public PointingModel TruePointingModel => _truePointing;

    /// <summary>
    /// Where the optical axis truly points on the sky (azimuth 0–360°, elevation, degrees): the true axis angles
    /// through the true pointing errors. The camera, quad-cell and photon models all start from this.
    /// </summary>
    public (double AzimuthDeg, double ElevationDeg) TrueLineOfSight()
    {
        const double d = Math.PI / 180;
        var (az, el) = _truePointing.MountToSky(Azimuth.AngleDegrees * d, Elevation.AngleDegrees * d);
        double azDeg = (az / d) % 360;
        return (azDeg < 0 ? azDeg + 360 : azDeg, el / d);
    }

    /// <summary>Attaches an emulated SPI chip at the pin-map address of <paramref name="deviceId"/>.</summary>
    private void AttachSpi(string deviceId, IEmulatedSpiPeripheral chip)
    {
        var settings = PinMap.GetSpiConnectionSettings(deviceId);
        Buses.AttachSpi(settings.BusId, settings.ChipSelectLine, chip);
    }

    /// <summary>Filter wheels, encoders and the rest of the motion group (EmulatedStation.Motion.cs).</summary>
    partial void AttachMotion();

    /// <summary>Gate/counter board, uplink laser, interlocks and watchdog (EmulatedStation.Detectors.cs).</summary>
    partial void AttachDetectors();

    /// <summary>Quad-cell ADC, steering mirror DAC, camera, GNSS, weather (EmulatedStation.Sensors.cs).</summary>
    partial void AttachSensors();

    public void Dispose()
    {
        World.Dispose();
        Buses.Dispose();
    }
}

/// <summary>Mechanical truth of the emulated mount.</summary>
/// <param name="GearRatio">Motor revolutions per axis revolution.</param>
/// <param name="MotorFullStepsPerRevolution">Full steps per motor revolution.</param>
/// <param name="Azimuth">Azimuth drive-train mechanics (default rigid, no backlash).</param>
/// <param name="Elevation">Elevation drive-train mechanics (default rigid, no backlash).</param>
/// <param name="PointingErrors">The mount's true TPOINT terms (default none).</param>
/// <param name="AzimuthStartDeg">True azimuth axis angle at power-up (XACTUAL then reads 0 whatever it is).</param>
/// <param name="ElevationStartDeg">True elevation axis angle at power-up.</param>
public sealed record EmulatedMountGeometry(
    double GearRatio = 100,
    int MotorFullStepsPerRevolution = 200,
    AxisMechanics? Azimuth = null,
    AxisMechanics? Elevation = null,
    IReadOnlyDictionary<PointingTerm, UnitsNet.Angle>? PointingErrors = null,
    double AzimuthStartDeg = 0,
    double ElevationStartDeg = 0);

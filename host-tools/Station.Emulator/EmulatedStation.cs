using Station.Devices.Board;
using Station.Emulator.Buses;
using Station.Emulator.Devices;
using Station.Emulator.World;

namespace Station.Emulator;

/// <summary>
/// The emulated station: the world, the emulated chips it drives, and the bus provider through which the
/// unchanged firmware reaches them. Devices are attached at the bus addresses the pin map gives.
/// </summary>
public sealed class EmulatedStation : IDisposable
{
    /// <param name="timeProvider">The simulation clock (a <see cref="Core.Timing.SimulatedTimeProvider"/> for
    /// simulation at many times real time, or the system clock for desktop use).</param>
    /// <param name="addresses">Where each device sits on the buses.</param>
    /// <param name="mount">Mechanical parameters of the emulated mount.</param>
    public EmulatedStation(TimeProvider timeProvider, EmulatedStationAddresses addresses, EmulatedMountGeometry? mount = null)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        TimeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        mount ??= new EmulatedMountGeometry();
        Buses = new EmulatedBusProvider();
        World = new EmulatedWorld(timeProvider);

        var azDriver = new EmulatedTmc5160(timeProvider);
        var elDriver = new EmulatedTmc5160(timeProvider);
        Buses.AttachSpi(addresses.AzimuthMotor.Bus, addresses.AzimuthMotor.ChipSelect, azDriver);
        Buses.AttachSpi(addresses.ElevationMotor.Bus, addresses.ElevationMotor.ChipSelect, elDriver);
        Azimuth = new EmulatedAxis("az", azDriver, mount.GearRatio, mount.MotorFullStepsPerRevolution);
        Elevation = new EmulatedAxis("el", elDriver, mount.GearRatio, mount.MotorFullStepsPerRevolution);
        World.Add(Azimuth);
        World.Add(Elevation);
    }

    /// <summary>An emulated station with every emulated device at the address the pin map gives it.</summary>
    public static EmulatedStation FromPinMap(TimeProvider timeProvider, PinMap pinMap, EmulatedMountGeometry? mount = null)
    {
        ArgumentNullException.ThrowIfNull(pinMap);
        static SpiAddress Address(PinMap map, string id)
        {
            var settings = map.GetSpiConnectionSettings(id);
            return new SpiAddress(settings.BusId, settings.ChipSelectLine);
        }

        return new EmulatedStation(timeProvider, new EmulatedStationAddresses(Address(pinMap, DeviceId.AzMotor), Address(pinMap, DeviceId.ElMotor)), mount);
    }

    public TimeProvider TimeProvider { get; }

    public EmulatedBusProvider Buses { get; }

    public EmulatedWorld World { get; }

    public EmulatedAxis Azimuth { get; }

    public EmulatedAxis Elevation { get; }

    public void Dispose()
    {
        World.Dispose();
        Buses.Dispose();
    }
}

/// <summary>An SPI bus and chip select.</summary>
public readonly record struct SpiAddress(int Bus, int ChipSelect);

/// <summary>Bus addresses of the emulated devices (from the pin map).</summary>
public sealed record EmulatedStationAddresses(SpiAddress AzimuthMotor, SpiAddress ElevationMotor);

/// <summary>Mechanical truth of the emulated mount.</summary>
/// <param name="GearRatio">Motor revolutions per axis revolution.</param>
/// <param name="MotorFullStepsPerRevolution">Full steps per motor revolution.</param>
public sealed record EmulatedMountGeometry(double GearRatio = 100, int MotorFullStepsPerRevolution = 200);

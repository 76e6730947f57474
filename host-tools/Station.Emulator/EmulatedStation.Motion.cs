using Station.Devices.Board;
using Station.Emulator.Devices;
using Station.Emulator.World;
using UnitsNet;

namespace Station.Emulator;

/// <summary>
/// The motion group: the axis motion controllers get their faults, each axis gets its absolute encoder
/// (SPI1, mode 2), each axis its reference switches (hall index on REFL, side cam on REFR), and each filter wheel its TMC5160 (SPI0) with the hall index on REFL, all at the
/// pin-map addresses. Seeds are fixed per device, so every station is the same station.
/// </summary>
public sealed partial class EmulatedStation
{
    /// <summary>Slots per emulated filter wheel.</summary>
    public const int FilterWheelSlots = 6;

    /// <summary>The azimuth axis encoder (26-bit BiSS-C).</summary>
    public EmulatedAbsoluteEncoder AzimuthEncoder { get; private set; } = null!;

    /// <summary>The elevation axis encoder (26-bit BiSS-C).</summary>
    public EmulatedAbsoluteEncoder ElevationEncoder { get; private set; } = null!;

    /// <summary>Azimuth index angle of the emulated mount (REFL hall index; REFR side cam above it).</summary>
    public const double AzimuthIndexDeg = 0;

    /// <summary>Elevation index angle of the emulated mount.</summary>
    public const double ElevationIndexDeg = 45;

    /// <summary>The azimuth axis's reference switches (index on REFL, side cam on REFR).</summary>
    public EmulatedAxisReferenceSwitches AzimuthSwitches { get; private set; } = null!;

    /// <summary>The elevation axis's reference switches.</summary>
    public EmulatedAxisReferenceSwitches ElevationSwitches { get; private set; } = null!;

    /// <summary>The spectral filter wheel (its motion controller is <c>SpectralFilterWheel.Driver</c>).</summary>
    public EmulatedFilterWheel SpectralFilterWheel { get; private set; } = null!;

    /// <summary>The neutral-density filter wheel.</summary>
    public EmulatedFilterWheel NdFilterWheel { get; private set; } = null!;

    partial void AttachMotion()
    {
        Azimuth.Driver.AttachFaults(Faults, DeviceId.AzMotor);
        Elevation.Driver.AttachFaults(Faults, DeviceId.ElMotor);
        AzimuthSwitches = new EmulatedAxisReferenceSwitches(Azimuth, AzimuthIndexDeg);
        ElevationSwitches = new EmulatedAxisReferenceSwitches(Elevation, ElevationIndexDeg);
        Azimuth.Driver.Mechanics = AzimuthSwitches;
        Elevation.Driver.Mechanics = ElevationSwitches;

        AzimuthEncoder = AttachEncoder(DeviceId.AzEncoder, Azimuth, seed: 4101, mountingOffset: Angle.FromDegrees(123.4567));
        ElevationEncoder = AttachEncoder(DeviceId.ElEncoder, Elevation, seed: 4102, mountingOffset: Angle.FromDegrees(271.2345));
        SpectralFilterWheel = AttachFilterWheel(DeviceId.FilterWheelSpectral, seed: 4201, indexAngleDegrees: 17);
        NdFilterWheel = AttachFilterWheel(DeviceId.FilterWheelNd, seed: 4202, indexAngleDegrees: 242);
    }

    private EmulatedAbsoluteEncoder AttachEncoder(string deviceId, EmulatedAxis axis, int seed, Angle mountingOffset)
    {
        var encoder = new EmulatedAbsoluteEncoder(
            () =>
            {
                axis.Driver.Synchronize(); // the disc is where the rotor has got to at this instant
                return axis.AngleDegrees;
            },
            seed,
            mountingOffset: mountingOffset);
        encoder.AttachFaults(Faults, deviceId);
        AttachSpi(deviceId, encoder);
        return encoder;
    }

    private EmulatedFilterWheel AttachFilterWheel(string deviceId, int seed, double indexAngleDegrees)
    {
        var driver = new EmulatedTmc5160(TimeProvider, seed: seed);
        driver.AttachFaults(Faults, deviceId);
        AttachSpi(deviceId, driver);
        var wheel = new EmulatedFilterWheel(deviceId, driver, new EmulatedFilterWheelGeometry(SlotCount: FilterWheelSlots, IndexAngleDegrees: indexAngleDegrees), seed);
        World.Add(wheel);
        return wheel;
    }
}

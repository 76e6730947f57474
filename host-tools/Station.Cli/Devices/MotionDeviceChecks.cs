using System.Globalization;
using Station.Core.Timing;
using Station.Devices.AbsoluteEncoder;
using Station.Devices.FilterWheel;
using Station.Emulator;
using Station.Emulator.Devices;
using Station.Emulator.World;
using Board = Station.Devices.Board.DeviceId;

namespace Station.Cli.Devices;

/// <summary>An axis encoder: a CRC-checked BiSS-C frame whose position matches the axis's true angle.</summary>
internal abstract class AxisEncoderCheck(string deviceId, string motorId, Func<EmulatedStation, EmulatedAbsoluteEncoder> twinOf, Func<EmulatedStation, EmulatedAxis> axisOf) : IDeviceCheck
{
    public string DeviceId => deviceId;

    public string Run(EmulatedStation station, SimulatedTimeProvider time)
    {
        using var encoder = new AbsoluteEncoder(station.Buses.OpenSpi(station.PinMap.GetSpiConnectionSettings(deviceId)), deviceId);
        using var motor = new Station.Devices.Tmc5160.Tmc5160(station.Buses.OpenSpi(station.PinMap.GetSpiConnectionSettings(motorId)), name: motorId);
        motor.ConfigureDriver(new Station.Devices.Tmc5160.Tmc5160DriverSettings());
        motor.RunAtVelocity(UnitsNet.RotationalSpeed.FromRevolutionsPerSecond(5), UnitsNet.RotationalAcceleration.FromRevolutionsPerSecondSquared(20));
        time.Advance(TimeSpan.FromSeconds(1)); // the axis turns while the encoder is read
        var reading = encoder.Read();
        if (reading.Error || reading.Warning)
        {
            throw new InvalidOperationException($"the encoder flags error {reading.Error}, warning {reading.Warning}");
        }

        var axis = axisOf(station);
        int ideal = twinOf(station).IdealCounts(axis.AngleDegrees);
        int error = ((reading.Counts - ideal + (AbsoluteEncoder.CountsPerRevolution / 2)) & (AbsoluteEncoder.CountsPerRevolution - 1)) - (AbsoluteEncoder.CountsPerRevolution / 2);
        if (Math.Abs(error) > 16)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"read {reading.Counts} counts, the axis angle gives {ideal} ({error} counts off)"));
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"BiSS-C frame CRC ok, {reading.Angle.Degrees:0.00000}° on the moving axis ({error:+0;-0;0} counts from truth), nE/nW clear");
    }
}

internal sealed class AzimuthEncoderCheck() : AxisEncoderCheck(Board.AzEncoder, Board.AzMotor, s => s.AzimuthEncoder, s => s.Azimuth);

internal sealed class ElevationEncoderCheck() : AxisEncoderCheck(Board.ElEncoder, Board.ElMotor, s => s.ElevationEncoder, s => s.Elevation);

/// <summary>A filter wheel: homing on the hall index, then a slot move that must put that slot in the beam.</summary>
internal abstract class FilterWheelCheck(string deviceId, Func<EmulatedStation, EmulatedFilterWheel> twinOf) : IDeviceCheck
{
    public string DeviceId => deviceId;

    public string Run(EmulatedStation station, SimulatedTimeProvider time)
    {
        var twin = twinOf(station);
        var options = new FilterWheelOptions
        {
            Slots = [.. twin.CalibratedSlotOffsets().Select((offset, i) => new FilterSlot($"slot{i}", offset))],
            GearRatio = twin.Geometry.GearRatio,
        };
        var driver = new Station.Devices.Tmc5160.Tmc5160(station.Buses.OpenSpi(station.PinMap.GetSpiConnectionSettings(deviceId)), name: deviceId);
        using var wheel = new FilterWheel(deviceId, driver, options, time);
        wheel.Initialize();
        var home = Complete(wheel.Home(), time);
        const int slot = 3;
        Complete(wheel.MoveTo($"slot{slot}"), time);
        if (twin.SlotInBeam != slot)
        {
            throw new InvalidOperationException($"slot{slot} was commanded, but the beam passes {(twin.SlotInBeam is int s ? $"slot{s}" : "between slots")}");
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"homed on the hall index ({home.IndexWidthMicrosteps} microsteps wide), slot{slot} in the beam ({twin.SlotErrorDegrees(slot):+0.000;-0.000}°)");
    }

    private static FilterWheelResult Complete(FilterWheelOperation operation, SimulatedTimeProvider time)
    {
        if (!time.AdvanceUntil(() => operation.IsCompleted, TimeSpan.FromSeconds(60)))
        {
            throw new InvalidOperationException($"{operation.Kind} to {operation.Target} did not end within 60 s");
        }

        return operation.Result ?? throw operation.Error!;
    }
}

internal sealed class SpectralFilterWheelCheck() : FilterWheelCheck(Board.FilterWheelSpectral, s => s.SpectralFilterWheel);

internal sealed class NdFilterWheelCheck() : FilterWheelCheck(Board.FilterWheelNd, s => s.NdFilterWheel);

using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Station.Devices.AbsoluteEncoder;
using Station.Devices.Board;
using Station.Devices.Tmc5160;
using Station.Emulator.Truth;
using Station.Firmware.Motion;
using UnitsNet;

namespace Station.Calibration.Common;

/// <summary>
/// The mount as a calibration drives it: the firmware's own axes (TMC5160 over SPI) for moves and the absolute
/// encoders for where the axes are (the encoders see the axis after the gears' backlash, the motor counts do not).
/// The axis zeros are the power-up positions, where the mount rests on its index (the emulated mount powers up there;
/// on the station, home it first with <c>stationctl</c>).
/// </summary>
public sealed class CalibrationMount : IDisposable
{
    private readonly CalibrationRig _rig;
    private readonly MountAxes _axes;
    private readonly AbsoluteEncoder _azEncoder;
    private readonly AbsoluteEncoder _elEncoder;
    private readonly EncoderAxisSensor _azSensor;
    private readonly EncoderAxisSensor _elSensor;

    public CalibrationMount(CalibrationRig rig)
    {
        _rig = rig ?? throw new ArgumentNullException(nameof(rig));
        var pins = rig.PinMap;
        _axes = new MountAxes(
            Open("az", DeviceId.AzMotor, EmulatedMountConfiguration.AzimuthAxis),
            Open("el", DeviceId.ElMotor, EmulatedMountConfiguration.ElevationAxis));
        _axes.Azimuth.Initialize();
        _axes.Elevation.Initialize();
        _azEncoder = new AbsoluteEncoder(rig.Buses.OpenSpi(pins.GetSpiConnectionSettings(DeviceId.AzEncoder)), DeviceId.AzEncoder);
        _elEncoder = new AbsoluteEncoder(rig.Buses.OpenSpi(pins.GetSpiConnectionSettings(DeviceId.ElEncoder)), DeviceId.ElEncoder);
        _azSensor = new EncoderAxisSensor(_azEncoder, _axes.Azimuth, _azEncoder.ReadAngle().Degrees);
        _elSensor = new EncoderAxisSensor(_elEncoder, _axes.Elevation, _elEncoder.ReadAngle().Degrees);
    }

    /// <summary>How long the axes are left to settle after a move (the drive trains ring at ~12 Hz, damped).</summary>
    public TimeSpan SettleTime { get; init; } = TimeSpan.FromMilliseconds(600);

    /// <summary>Moves both axes to (<paramref name="azimuthDeg"/>, <paramref name="elevationDeg"/>) and lets them settle.</summary>
    /// <exception cref="CalibrationRefusedException">An axis refused the move or did not get there.</exception>
    public void MoveTo(double azimuthDeg, double elevationDeg)
    {
        var az = _axes.Azimuth.MoveTo(Angle.FromDegrees(azimuthDeg));
        var el = _axes.Elevation.MoveTo(Angle.FromDegrees(elevationDeg));
        if (!_rig.WaitUntil(() => az.IsCompleted && el.IsCompleted, TimeSpan.FromMinutes(2))
            || az.Result!.Outcome != AxisMoveOutcome.Reached || el.Result!.Outcome != AxisMoveOutcome.Reached)
        {
            throw new CalibrationRefusedException(string.Create(CultureInfo.InvariantCulture,
                $"the mount did not reach az {azimuthDeg:0.000}° el {elevationDeg:0.000}°: azimuth {az.Result?.Outcome} {az.Result?.Reason}, elevation {el.Result?.Outcome} {el.Result?.Reason}"));
        }

        _rig.Wait(SettleTime);
    }

    /// <summary>Where the axes are, from the absolute encoders (degrees).</summary>
    public (double AzimuthDeg, double ElevationDeg) Read() => (_azSensor.ReadDegrees(), _elSensor.ReadDegrees());

    public void Dispose()
    {
        _azEncoder.Dispose();
        _elEncoder.Dispose();
        _axes.Dispose();
    }

    private MountAxis Open(string name, string deviceId, AxisOptions options) =>
        new(name, new Tmc5160(_rig.Buses.OpenSpi(_rig.PinMap.GetSpiConnectionSettings(deviceId)), name: deviceId), options, _rig.Time, NullLogger<MountAxis>.Instance);
}

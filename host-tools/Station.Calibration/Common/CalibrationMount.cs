using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Station.Core.Orbits;
using Station.Devices.AbsoluteEncoder;
using Station.Devices.Board;
using Station.Devices.Tmc5160;
using Station.Firmware.Motion;

namespace Station.Calibration.Common;

/// <summary>
/// The mount as a calibration drives it: the firmware's own <see cref="MountController"/> over the station's axes
/// (TMC5160 over SPI, configured as the firmware configures them), homed on the index switches first, so every
/// measurement is in the axis frame the firmware flies passes in; moves are the controller's sun-safe slews inside
/// the configured limits. Where the axes are comes from the absolute encoders (they see the axis after the gears'
/// backlash; the motor counts do not).
/// </summary>
public sealed class CalibrationMount : IDisposable
{
    private readonly CalibrationRig _rig;
    private readonly MountAxes _axes;
    private readonly AbsoluteEncoder _azEncoder;
    private readonly AbsoluteEncoder _elEncoder;
    private readonly EncoderAxisSensor _azSensor;
    private readonly EncoderAxisSensor _elSensor;
    private readonly MountController _controller;

    /// <summary>Opens the mount and homes it.</summary>
    /// <exception cref="CalibrationRefusedException">Homing failed or timed out (the controller's reason is given).</exception>
    public CalibrationMount(CalibrationRig rig)
    {
        _rig = rig ?? throw new ArgumentNullException(nameof(rig));
        var pins = rig.PinMap;
        var configuration = rig.Configuration;
        _axes = new MountAxes(
            Open("az", DeviceId.AzMotor, configuration.Azimuth),
            Open("el", DeviceId.ElMotor, configuration.Elevation));
        _axes.Azimuth.Initialize();
        _axes.Elevation.Initialize();
        _azEncoder = new AbsoluteEncoder(rig.Buses.OpenSpi(pins.GetSpiConnectionSettings(DeviceId.AzEncoder)), DeviceId.AzEncoder);
        _elEncoder = new AbsoluteEncoder(rig.Buses.OpenSpi(pins.GetSpiConnectionSettings(DeviceId.ElEncoder)), DeviceId.ElEncoder);
        _azSensor = new EncoderAxisSensor(_azEncoder, _axes.Azimuth, _azEncoder.ReadAngle().Degrees);
        _elSensor = new EncoderAxisSensor(_elEncoder, _axes.Elevation, _elEncoder.ReadAngle().Degrees);
        var site = rig.Site;
        _controller = new MountController(_axes, _azSensor, _elSensor, configuration.Mount,
            at => Sun.Apparent(at.UtcDateTime, site) is var sun ? (sun.AzimuthDeg, sun.ElevationDeg) : default,
            rig.Time, NullLoggerFactory.Instance);
        Home();
    }

    /// <summary>How long the axes are left to settle after a move (the drive trains ring at ~12 Hz, damped).</summary>
    public TimeSpan SettleTime { get; init; } = TimeSpan.FromMilliseconds(600);

    /// <summary>Slews to (<paramref name="azimuthDeg"/>, <paramref name="elevationDeg"/>) (axis angles) and lets the axes settle.</summary>
    /// <exception cref="CalibrationRefusedException">The controller refused the slew (limits, sun) or did not get there.</exception>
    public void MoveTo(double azimuthDeg, double elevationDeg)
    {
        try
        {
            _controller.SlewTo(azimuthDeg, elevationDeg);
        }
        catch (MountCommandRefusedException ex)
        {
            throw new CalibrationRefusedException(string.Create(CultureInfo.InvariantCulture, $"the mount refused az {azimuthDeg:0.000}° el {elevationDeg:0.000}°: {ex.Message}"), ex);
        }

        if (!_rig.WaitUntil(() => _controller.State != MountState.Slewing, TimeSpan.FromMinutes(2)) || _controller.State != MountState.Idle)
        {
            throw new CalibrationRefusedException(string.Create(CultureInfo.InvariantCulture,
                $"the mount did not reach az {azimuthDeg:0.000}° el {elevationDeg:0.000}°: {_controller.State} {_controller.FaultReason}"));
        }

        _rig.Wait(SettleTime);
    }

    /// <summary>Where the axes are, from the absolute encoders (degrees).</summary>
    public (double AzimuthDeg, double ElevationDeg) Read() => (_azSensor.ReadDegrees(), _elSensor.ReadDegrees());

    public void Dispose()
    {
        _controller.Dispose();
        _azEncoder.Dispose();
        _elEncoder.Dispose();
        _axes.Dispose();
    }

    private void Home()
    {
        _controller.Home();
        var limit = TimeSpan.FromSeconds(_controller.Options.HomingTimeoutSeconds + 10);
        if (!_rig.WaitUntil(() => _controller.State != MountState.Homing, limit) || _controller.State != MountState.Idle)
        {
            throw new CalibrationRefusedException($"the mount did not home: {_controller.State} {_controller.FaultReason}");
        }
    }

    private MountAxis Open(string name, string deviceId, AxisOptions options) =>
        new(name, new Tmc5160(_rig.Buses.OpenSpi(_rig.PinMap.GetSpiConnectionSettings(deviceId)), name: deviceId), options, _rig.Time, NullLogger<MountAxis>.Instance);
}

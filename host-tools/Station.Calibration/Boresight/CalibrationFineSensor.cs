using Iot.Device.Adc;
using Station.Calibration.Common;
using Station.Devices.Board;
using Station.Devices.QuadCell;
using Station.Devices.SteeringMirror;
using UnitsNet;

namespace Station.Calibration.Boresight;

/// <summary>
/// The fine path as the boresight calibration uses it: the steering mirror parked at its centre (so the quad cell's
/// centre is the telescope's line of sight) and the quad cell read as a null detector, averaged over camera frames.
/// </summary>
public sealed class CalibrationFineSensor : IDisposable
{
    private readonly CalibrationRig _rig;
    private readonly QuadCell _quadCell;
    private readonly SteeringMirror _mirror;

    public CalibrationFineSensor(CalibrationRig rig)
    {
        _rig = rig ?? throw new ArgumentNullException(nameof(rig));
        var pins = rig.PinMap;
        _mirror = new SteeringMirror(new Station.Devices.Dac8563.Dac8563(rig.Buses.OpenSpi(pins.GetSpiConnectionSettings(DeviceId.SteeringMirrorDac))), new SteeringMirrorOptions());
        _mirror.Initialize(); // centred: tip 0, tilt 0
        _quadCell = new QuadCell(new Mcp3208(rig.Buses.OpenSpi(pins.GetSpiConnectionSettings(DeviceId.QuadCellAdc))), ElectricPotential.FromVolts(3.3), ElectricPotential.FromVolts(0.2));
        rig.Wait(TimeSpan.FromMilliseconds(50)); // the mirror settles in a few ms
    }

    /// <summary>The quad cell's normalised (x, y), averaged over <paramref name="samples"/> readings 10 ms apart; null when there is no spot.</summary>
    public (double X, double Y)? Read(int samples)
    {
        double x = 0, y = 0;
        int valid = 0;
        for (int i = 0; i < samples; i++)
        {
            _rig.Wait(TimeSpan.FromMilliseconds(10));
            var reading = _quadCell.Read();
            if (reading.IsValid)
            {
                x += reading.X;
                y += reading.Y;
                valid++;
            }
        }

        return valid * 2 > samples ? (x / valid, y / valid) : null;
    }

    /// <summary>One quad-cell reading now (paired with the camera frame just taken); null when there is no spot.</summary>
    public (double X, double Y)? ReadNow()
    {
        var reading = _quadCell.Read();
        return reading.IsValid ? (reading.X, reading.Y) : null;
    }

    public void Dispose()
    {
        _quadCell.Dispose();
        _mirror.Dispose();
    }
}

using Station.Core.Acquisition;
using Station.Devices.Board;
using Station.Devices.Buses;

namespace Station.Calibration.Common;

/// <summary>The beacon camera as a calibration reads it: whole frames, each centroided by the firmware's centroider.</summary>
public sealed class CalibrationCamera : IDisposable
{
    private readonly CalibrationRig _rig;
    private readonly ICameraFrameSource _source;
    private readonly ushort[] _pixels;
    private readonly Centroider _centroider;
    private long _lastSequence = -1;

    public CalibrationCamera(CalibrationRig rig)
    {
        _rig = rig ?? throw new ArgumentNullException(nameof(rig));
        var camera = rig.PinMap.GetCamera(DeviceId.BeaconCamera);
        _source = rig.Buses.OpenCamera(new CameraSettings(camera.Device, camera.RoiWidth, camera.RoiHeight));
        _pixels = new ushort[_source.Width * _source.Height];
        _centroider = new Centroider(new CentroiderOptions { SensorWidth = _source.Width, SensorHeight = _source.Height, SaturationLevel = 4095 });
    }

    public int Width => _source.Width;

    public int Height => _source.Height;

    /// <summary>The camera's nominal geometry: boresight at the centre of its ROI, square to the mount, the design plate scale.</summary>
    public CameraCalibration NominalCalibration => new()
    {
        SensorWidth = Width,
        SensorHeight = Height,
        BoresightXPx = (Width - 1) / 2.0,
        BoresightYPx = (Height - 1) / 2.0,
    };

    /// <summary>The camera's frame period (100 fps).</summary>
    public TimeSpan FramePeriod { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Waits for the next frame and centroids its brightest spot; the result says whether one was found.</summary>
    public CentroidResult Next()
    {
        // A camera that delivers nothing for a second is not delivering: give up rather than wait for ever.
        for (int attempt = 0; attempt < 100; attempt++)
        {
            _rig.Wait(FramePeriod);
            if (_source.TryCapture(_pixels, out var info) && info.Sequence != _lastSequence)
            {
                _lastSequence = info.Sequence;
                return _centroider.Measure(new CameraFrame(_pixels, _source.Width, _source.Height, 0, 0, info.Timestamp));
            }
        }

        return new CentroidResult { Status = CentroidStatus.NoCandidates };
    }

    public void Dispose() => _source.Dispose();
}

using System.Globalization;
using Station.Core.Acquisition;

namespace Station.Firmware.Acquisition;

/// <summary>
/// Settings of the beacon acquisition service: the camera (device, frame rate, ROI used while locked), the fine
/// loop's rate, the quad cell's electrical constants, and the core pieces' own options (tracker, centroider, error
/// budget). Validated at construction of the service; every problem is named with its value and what was expected.
/// </summary>
public sealed class BeaconAcquisitionOptions
{
    /// <summary>V4L2 device of the beacon camera (the pin map's camera entry).</summary>
    public string CameraDevicePath { get; set; } = "/dev/video0";

    /// <summary>Camera frame rate: the coarse loop's rate.</summary>
    public double CameraRateHz { get; set; } = 100;

    /// <summary>Side of the square ROI (centred on the sensor, where the boresight is) read while locked.</summary>
    public int LockedRoiSize { get; set; } = 64;

    /// <summary>Quad-cell → steering-mirror loop rate.</summary>
    public double FineRateHz { get; set; } = 1000;

    /// <summary>Acceleration of the offset handed to the mount when it jumps (below the axes' own, so the position loop keeps up).</summary>
    public double OffsetAccelerationDegPerS2 { get; set; } = 1.5;

    /// <summary>Largest rate of the offset handed to the mount when it jumps.</summary>
    public double OffsetMaxRateDegPerS { get; set; } = 1;

    /// <summary>Tracker: camera calibration, search, loops, quad-cell calibration, lock logic.</summary>
    public TrackerOptions Tracker { get; set; } = new();

    /// <summary>Centroider: thresholds, saturation, hot pixels (its sensor size must hold the full frame).</summary>
    public CentroiderOptions Centroider { get; set; } = new() { SaturationLevel = 4095 };

    /// <summary>Error budget that sizes the search region from the element set's age.</summary>
    public ErrorBudget ErrorBudget { get; set; } = new();

    /// <summary>Every problem with these options (empty when they are usable).</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        var c = CultureInfo.InvariantCulture;
        if (string.IsNullOrWhiteSpace(CameraDevicePath))
        {
            problems.Add("Acquisition.CameraDevicePath is empty; expected a V4L2 device such as /dev/video0");
        }

        if (!(CameraRateHz is >= 1 and <= 1000))
        {
            problems.Add(string.Create(c, $"Acquisition.CameraRateHz is {CameraRateHz}; expected 1…1000 Hz"));
        }

        if (!(FineRateHz is >= 100 and <= 20_000) || !(FineRateHz >= CameraRateHz))
        {
            problems.Add(string.Create(c, $"Acquisition.FineRateHz is {FineRateHz}; expected 100…20000 Hz and not below the camera rate {CameraRateHz} Hz"));
        }

        if (!(OffsetAccelerationDegPerS2 is > 0 and <= 100) || !(OffsetMaxRateDegPerS is > 0 and <= 100))
        {
            problems.Add(string.Create(c, $"Acquisition.OffsetAccelerationDegPerS2 is {OffsetAccelerationDegPerS2} and OffsetMaxRateDegPerS {OffsetMaxRateDegPerS}; expected each within (0, 100]"));
        }

        if (Tracker is null || Centroider is null || ErrorBudget is null)
        {
            problems.Add("Acquisition.Tracker, Centroider and ErrorBudget must be set");
            return problems;
        }

        var camera = Tracker.Camera;
        if (LockedRoiSize < 16 || LockedRoiSize > Math.Min(camera.SensorWidth, camera.SensorHeight))
        {
            problems.Add(string.Create(c, $"Acquisition.LockedRoiSize is {LockedRoiSize}; expected 16…{Math.Min(camera.SensorWidth, camera.SensorHeight)} px (the sensor's smaller side)"));
        }
        else if (LockedRoiSize * camera.PlateScale.Microradians / 2 < Tracker.TrackingGate.Microradians)
        {
            problems.Add(string.Create(c, $"Acquisition.LockedRoiSize is {LockedRoiSize} px = ±{LockedRoiSize * camera.PlateScale.Microradians / 2:0.#} µrad; expected at least the tracking gate ±{Tracker.TrackingGate.Microradians:0.#} µrad"));
        }

        if (Centroider.SensorWidth < camera.SensorWidth || Centroider.SensorHeight < camera.SensorHeight)
        {
            problems.Add(string.Create(c, $"Acquisition.Centroider sensor {Centroider.SensorWidth}×{Centroider.SensorHeight} is smaller than the camera's {camera.SensorWidth}×{camera.SensorHeight}"));
        }

        if (Math.Abs(Tracker.Search.FrameRate.Hertz - CameraRateHz) > 1e-9)
        {
            problems.Add(string.Create(c, $"Acquisition.Tracker.Search.FrameRate is {Tracker.Search.FrameRate.Hertz} Hz; expected the camera rate {CameraRateHz} Hz (the dwell is counted in frames)"));
        }

        try
        {
            _ = new BeaconTracker(Tracker);
            _ = new Centroider(Centroider);
        }
        catch (ArgumentException ex)
        {
            problems.Add("Acquisition: " + ex.Message);
        }

        return problems;
    }
}

using Station.Core.Acquisition;
using Station.Core.Safety;
using Station.Firmware.Acquisition;
using Station.Firmware.Safety;

namespace Station.Firmware.Sequencing;

/// <summary>
/// Beacon acquisition as the pass sequencer and the safety loop see it: start and stop, the tracker's state and
/// residual, and "locked on the target" (fine lock) for the uplink laser's permission.
/// </summary>
public sealed class BeaconPassAcquisition(BeaconAcquisition acquisition, TimeProvider timeProvider) : IPassAcquisition, ITrackerLockSource
{
    public TrackerState State => acquisition.State;

    public (double CrossElevationUrad, double ElevationUrad) Residual
    {
        get
        {
            var metrics = acquisition.Metrics;
            return acquisition.State switch
            {
                TrackerState.FineLock => (metrics.FineResidualXelUrad, metrics.FineResidualElUrad),
                TrackerState.CoarseLock => (metrics.CoarseResidualXelUrad, metrics.CoarseResidualElUrad),
                _ => (double.NaN, double.NaN),
            };
        }
    }

    public Sensed<bool> TrackerLocked => Sensed.Ok(acquisition.State == TrackerState.FineLock, timeProvider.GetUtcNow());

    public string? StartAcquisition(Core.Pointing.MountTrajectory trajectory, AcquisitionStart start)
    {
        try
        {
            acquisition.Start(start.ElementSetAge, UnitsNet.Length.FromKilometers(start.RangeKm), start.CrossElevationRateRadPerS, start.ElevationRateRadPerS, start.Reference);
            return null;
        }
        catch (ArgumentException refused)
        {
            return "acquisition cannot start: " + refused.Message;
        }
    }

    public void StopAcquisition() => acquisition.Stop();
}

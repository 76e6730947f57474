using Station.Core.Orbits;
using Station.Core.Pointing;
using Station.Devices.Board;
using Station.Emulator;
using Station.Firmware.Motion;

using Station.Emulator.Truth;

namespace Station.Cli.Tracking;

/// <summary>
/// Flies one pass open-loop on the emulated station in simulated time, with the firmware's own motion code:
/// the emulated station powers up two minutes before AOS, the firmware reads the weather station, takes the
/// pointing model from calibration, plans the track (refraction, pointing model, cable wrap, keyhole), slews
/// sun-safe to the AOS point and follows the trajectory with <see cref="MountTracker"/> on the absolute
/// encoders. Each control tick the emulator's truth (where the optics point through the true pointing errors,
/// and where the satellite is) gives the line-of-sight error.
/// </summary>
public static class OpenLoopPassRunner
{
    /// <summary>How long before AOS the emulated station is switched on.</summary>
    public static readonly TimeSpan PowerUpBeforeAos = TimeSpan.FromMinutes(2);

    public static OpenLoopPassResult Run(OpenLoopPassRequest request, PinMap? pinMap = null)
    {
        using var session = EmulatedPassSession.Prepare(request, pinMap);
        var statistics = new PassTrackStatistics(request.StatisticsFloorDeg, session.LockLossThresholdDeg, session.Trajectory.Keyholes);
        var truth = new TruthObserver(session.Station, session.Satellite, request.Station);
        using var tracker = session.CreateTracker();
        tracker.TickObserver = tick =>
        {
            var (errorArcsec, targetEl) = truth.LineOfSightError(tick.Time.UtcDateTime);
            statistics.Add(tick.Time, errorArcsec, targetEl, session.Violation());
        };
        tracker.Start(session.Trajectory);
        var (trackerState, trackerFault) = session.FlyToEnd(tracker);
        tracker.Stop();
        return new OpenLoopPassResult(session.Pass, session.Calibration, session.PressureMbar, session.TemperatureC, session.Trajectory, session.SlewStrategy,
            trackerState, trackerFault, statistics, session.EncoderRetries, session.SimulatedTime, session.WallTime);
    }

    /// <summary>The position loop of one axis, bounded by that axis's hardware rate and acceleration.</summary>
    public static AxisControllerOptions LoopOptions(AxisOptions axis)
    {
        ArgumentNullException.ThrowIfNull(axis);
        // A following error beyond the beacon camera's half field for 0.2 s means the track is lost (a stalled or
        // blocked axis): stop and fault rather than chase it.
        return new AxisControllerOptions { MaxRateDegPerS = axis.MaxSpeedDegPerSec, MaxAccelerationDegPerS2 = axis.AccelerationDegPerSec2, FollowingErrorLimitDeg = 0.1 };
    }

    /// <summary>Where the satellite truly is (its apparent direction through the emulator's air) versus where the optics truly point.</summary>
    private sealed class TruthObserver(EmulatedStation station, Sgp4Propagator satellite, GroundStation site)
    {
        public (double ErrorArcsec, double TargetElevationDeg) LineOfSightError(DateTime utc)
        {
            var state = satellite.PropagateToUtc(utc);
            var look = Topocentric.Look(new Vec3(state.XKm, state.YKm, state.ZKm), new Vec3(state.VxKmPerS, state.VyKmPerS, state.VzKmPerS), utc, site);
            double el = Refraction.ApparentFromGeometricDeg(look.ElevationDeg, station.Weather.TemperatureCelsius, station.Weather.PressurePascals / 100);
            var (losAz, losEl) = station.TrueLineOfSight();
            return (SlewPlanner.Separation(losAz, losEl, look.AzimuthDeg, el) * 3600, el);
        }
    }
}

using Station.Core.Acquisition;
using Station.Core.Pointing;

namespace Station.Firmware.Sequencing;

/// <summary>Where the mount is commanded to point and where its encoders say it points, degrees (NaN when unknown).</summary>
public readonly record struct MountSnapshot(double CommandedAzimuthDeg, double CommandedElevationDeg, double ActualAzimuthDeg, double ActualElevationDeg);

/// <summary>What the pass sequencer needs from the mount (the mount controller carries it out).</summary>
public interface IPassMount
{
    /// <summary>The active mount fault, or null.</summary>
    string? Fault { get; }

    /// <summary>
    /// True when the last <see cref="PrePoint"/> or <see cref="Park"/> has arrived and, for a pre-point joining a
    /// pass already in progress, the satellite has reached the joining point.
    /// </summary>
    bool AtDemand { get; }

    /// <summary>The mount's azimuth now (wrap side included), degrees: the track planner chooses the wrap from it.</summary>
    double CurrentAzimuthDeg { get; }

    /// <summary>The limits the planner must keep to.</summary>
    MountLimits Limits { get; }

    /// <summary>
    /// Slews sun-safe to where <paramref name="trajectory"/> will be when the slew is over (its start when there is
    /// time before it, else a point further along), and holds there. A refusal names the reason.
    /// </summary>
    string? PrePoint(MountTrajectory trajectory);

    /// <summary>Follows <paramref name="trajectory"/> from now. A refusal names the reason.</summary>
    string? Track(MountTrajectory trajectory);

    /// <summary>Slews to the park position. A refusal names the reason.</summary>
    string? Park();

    /// <summary>Stops where it is.</summary>
    void Hold();

    /// <summary>Emergency stop: the drivers are disabled until <see cref="TryRecover"/>.</summary>
    void EmergencyStop(string reason);

    /// <summary>Clears a fault or an e-stop (drivers re-enabled, angles from the encoders); false when there was none or it cannot be cleared.</summary>
    bool TryRecover();

    MountSnapshot Snapshot();
}

/// <summary>
/// What acquisition needs to size its search when a pass begins: the element set's age, the range and the line of
/// sight's angular rates now (rad/s, cross-elevation and elevation), and the instant lock times count from (AOS).
/// </summary>
public readonly record struct AcquisitionStart(TimeSpan ElementSetAge, double RangeKm, double CrossElevationRateRadPerS, double ElevationRateRadPerS, DateTimeOffset Reference);

/// <summary>What the pass sequencer needs from beacon acquisition.</summary>
public interface IPassAcquisition
{
    TrackerState State { get; }

    /// <summary>The tracker's residual on the sky, µrad (NaN without a measurement).</summary>
    (double CrossElevationUrad, double ElevationUrad) Residual { get; }

    /// <summary>Starts search → coarse → fine on the pass being tracked; a refusal names the reason.</summary>
    string? StartAcquisition(MountTrajectory trajectory, AcquisitionStart start);

    void StopAcquisition();
}

/// <summary>What the sequencer asks of the safety loop: detector gates and the uplink beacon (it still decides).</summary>
public interface IPassSafetyDemands
{
    void SetDemands(bool detectorGates, bool uplink);
}

/// <summary>What the sequencer asks of the filter wheels: the link's slots while a pass is tracked, the safe ones otherwise.</summary>
public interface IPassFilters
{
    /// <summary>Puts the link filters (true) or the safe filters (false) in the beam; a refusal names the reason.</summary>
    string? PutInBeam(bool link);
}

/// <summary>Whether the station's e-stop chain is open, as the safety loop senses it (false when it cannot tell).</summary>
public interface IEmergencyStopSource
{
    bool EmergencyStopActive { get; }
}

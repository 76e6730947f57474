using Station.Core.Orbits;
using Station.Core.Pointing;
using Station.Emulator.Faults;

namespace Station.Cli.Tracking;

/// <summary>What to fly: the operator's element set over a station, the first pass after a time.</summary>
public sealed record OpenLoopPassRequest(ElementSet Satellite, GroundStation Station, DateTime StartUtc)
{
    /// <summary>Seeds the emulated mount's true pointing errors and the calibration's centroiding noise.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>A pass is flown only if it culminates at least this high, degrees.</summary>
    public double MinPassElevationDeg { get; init; } = 15;

    /// <summary>The mount tracks while the satellite is above this elevation, degrees.</summary>
    public double TrackMaskDeg { get; init; } = 3;

    /// <summary>Error statistics count only while the satellite is above this elevation, degrees.</summary>
    public double StatisticsFloorDeg { get; init; } = 15;

    /// <summary>How far after <see cref="StartUtc"/> to look for a pass.</summary>
    public TimeSpan SearchWindow { get; init; } = TimeSpan.FromDays(3);

    /// <summary>A calibrated pointing model to apply instead of calibrating on the emulated station.</summary>
    public PointingModel? PointingModel { get; init; }

    /// <summary>Control rate of the mount loop, Hz.</summary>
    public double ControlRateHz { get; init; } = 100;

    /// <summary>The track ends at most this long after AOS (null: at LOS; tests fly the first part of a pass).</summary>
    public TimeSpan? TrackFor { get; init; }

    /// <summary>Faults the emulator injects during the pass, timed from AOS.</summary>
    public IReadOnlyList<PassFault> Faults { get; init; } = [];
}

/// <summary>A fault injected <paramref name="AfterAos"/> into the pass on the pin-map device <paramref name="DeviceId"/>.</summary>
public sealed record PassFault(TimeSpan AfterAos, TimeSpan Duration, FaultKind Kind, string DeviceId);

/// <summary>How the pass went.</summary>
public sealed record OpenLoopPassResult(
    SatellitePass Pass,
    PointingFitResult? Calibration,
    double PressureMbar,
    double TemperatureC,
    MountTrajectory Trajectory,
    string SlewStrategy,
    string TrackerState,
    string? TrackerFault,
    PassTrackStatistics Statistics,
    long EncoderRetries,
    TimeSpan SimulatedTime,
    TimeSpan WallTime);

/// <summary>Bad input or a pass that cannot be flown; the message says why.</summary>
public sealed class PassTrackException(string message) : Exception(message)
{
    public PassTrackException() : this("The pass cannot be flown.") { }

    public PassTrackException(string message, Exception inner) : this(message + " " + inner.Message) { }
}

/// <summary>Finds the pass to fly; the first step of <see cref="OpenLoopPassRunner"/>.</summary>
public static class PassSelection
{
    public static SatellitePass FirstPass(OpenLoopPassRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var satellite = new Sgp4Propagator(request.Satellite);
        var finder = new PassFinder(request.Station, new PassSearchOptions { MinElevationDeg = request.TrackMaskDeg });
        var found = finder.Find(satellite, request.StartUtc, request.StartUtc + request.SearchWindow);
        var pass = found.Passes.FirstOrDefault(p => p.AosUtc is not null && p.LosUtc is not null && p.MaxElevationDeg >= request.MinPassElevationDeg);
        return pass ?? throw new PassTrackException(FormattableString.Invariant(
            $"{request.Satellite.Name ?? request.Satellite.CatalogNumberText} has no complete pass above {request.MinPassElevationDeg}° over {request.Station.Name} within {request.SearchWindow.TotalHours:0.#} h after {request.StartUtc:O}{(found.Error != Sgp4Error.None ? $" (SGP4 {found.Error} from {found.LastGoodUtc:O})" : string.Empty)}."));
    }
}

namespace Station.Core.Safety;

/// <summary>What the count monitor and the gate/counter board say about one detector channel.</summary>
/// <param name="TripLatched">True while the count monitor's software trip is latched (<c>CountMonitor.TripState</c>).</param>
/// <param name="BrightLight">True while the board's bright-light check fails (its hardware trip flag for the channel).</param>
public readonly record struct DetectorChannelSense(Sensed<bool> TripLatched, Sensed<bool> BrightLight);

/// <summary>What the filter-wheel service says about one wheel.</summary>
/// <param name="Moving">True while the wheel moves or has not settled after a move.</param>
/// <param name="Slot">Index of the slot in the beam (into the configured slot names); −1 between slots.</param>
public readonly record struct FilterWheelSense(Sensed<bool> Moving, Sensed<int> Slot);

/// <summary>
/// Everything the safety supervisor looks at in one control tick, as plain values that a firmware service fills
/// from the drivers (and the count monitor, the sun model, the tracker, the operator's commands). The default
/// value knows nothing and therefore permits nothing. Fill it in place each tick; it never allocates.
/// </summary>
public struct SensedState
{
    private ChannelArray<DetectorChannelSense> _channels;
    private WheelArray<FilterWheelSense> _wheels;

    /// <summary>The evaluation time (from the control loop's <see cref="TimeProvider"/>); every age is measured from it.</summary>
    public DateTimeOffset Now { get; set; }

    /// <summary>Mount axes from the encoders, degrees: continuous (cable-wrapped) azimuth and elevation.</summary>
    public Sensed<AzEl> MountPosition { get; set; }

    /// <summary>The sun's apparent azimuth/elevation for the station, computed from the disciplined clock.</summary>
    public Sensed<AzEl> Sun { get; set; }

    /// <summary>The normally-closed e-stop chain is closed (true = not in e-stop).</summary>
    public Sensed<bool> EStopOk { get; set; }

    /// <summary>The external hardware watchdog reports the heartbeat alive (it has not cut).</summary>
    public Sensed<bool> WatchdogAlive { get; set; }

    /// <summary>The laser's hardware key switch is on.</summary>
    public Sensed<bool> HardwareKeyOk { get; set; }

    /// <summary>The aircraft detector reports the sky clear.</summary>
    public Sensed<bool> AircraftOk { get; set; }

    /// <summary>The beacon tracker is locked on the pass's target.</summary>
    public Sensed<bool> TrackerLocked { get; set; }

    /// <summary>The operator has armed the uplink laser (state of <see cref="LaserArming"/>).</summary>
    public bool LaserArmed { get; set; }

    /// <summary>The operator has enabled daylight operation (detectors behind an approved filter while the sun is up).</summary>
    public bool DaylightMode { get; set; }

    /// <summary>The mount setpoint the control loop wants to send this tick (mount axes, degrees); Unknown = none.</summary>
    public Sensed<AzEl> CommandedTarget { get; set; }

    public readonly DetectorChannelSense Channel(int index) => _channels[index];

    public void SetChannel(int index, DetectorChannelSense value) => _channels[index] = value;

    public readonly FilterWheelSense Wheel(int index) => _wheels[index];

    public void SetWheel(int index, FilterWheelSense value) => _wheels[index] = value;
}

namespace Station.Firmware.Motion;

/// <summary>The position loop's seams, exposed for the services that ride on a track (acquisition, telemetry).</summary>
public sealed partial class MountController
{
    /// <summary>Offsets the beacon tracker adds to the trajectory's setpoint (null: none).</summary>
    public IMountSetpointOffset? SetpointOffset
    {
        get => _tracker.SetpointOffset;
        set => _tracker.SetpointOffset = value;
    }

    /// <summary>Called on every position-loop tick while tracking (setpoint and encoder angles of one instant).</summary>
    public Action<MountTrackerTick>? TickObserver
    {
        get => _tracker.TickObserver;
        set => _tracker.TickObserver = value;
    }
}

using Station.Core.Detectors;
using Station.Core.Safety;
using Station.Devices.GateCounter;

namespace Station.Firmware.Safety;

/// <summary>What the safety loop reports about itself (each read takes the loop's lock, so it sees a whole tick).</summary>
public sealed partial class SafetyLoop
{
    public SafetyLoopOptions Options => _options;

    public SafetyConfiguration Configuration => _config;

    /// <summary>The count monitor fed from the board's windows (read its state; commands go through <see cref="ResetTrip"/>).</summary>
    public CountMonitor CountMonitor => _monitor;

    /// <summary>Control ticks completed (sensed, evaluated, applied, heartbeat toggled).</summary>
    public long TickCount { get; private set; }

    /// <summary>Ticks that failed (drivers forced safe, heartbeat not toggled).</summary>
    public long FailedTickCount { get; private set; }

    /// <summary>Permission changes recorded in the audit trail.</summary>
    public long AuditRecordCount { get; private set; }

    /// <summary>Count windows read from the board.</summary>
    public long WindowCount { get; private set; }

    /// <summary>The latest evaluation (default, "not evaluated", before the first tick).</summary>
    public Permissions Permissions
    {
        get
        {
            lock (_gate)
            {
                return _permissions;
            }
        }
    }

    /// <summary>What the latest tick sensed.</summary>
    public SensedState LastSensed
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    public bool LaserArmed
    {
        get
        {
            lock (_gate)
            {
                return _arming.IsArmed;
            }
        }
    }

    public bool DaylightMode
    {
        get
        {
            lock (_gate)
            {
                return _daylightMode;
            }
        }
    }

    /// <summary>Gate holds open through <see cref="HoldGatesOff"/>.</summary>
    public int GateHoldCount
    {
        get
        {
            lock (_gate)
            {
                return _holds;
            }
        }
    }

    /// <summary>The master enables as last written (bit n = channel n).</summary>
    public GateChannels AppliedGates
    {
        get
        {
            lock (_gate)
            {
                return (GateChannels)_appliedGates;
            }
        }
    }
}

using Station.Firmware.Sequencing;

namespace Station.Firmware.Safety;

/// <summary>
/// What the pass sequencer asks for: the loop opens a gate only when it is both permitted and asked for, and fires the
/// uplink only when permitted and asked for. Asking never overrides a forbidding answer. Both are asked for until a
/// sequencer says otherwise, so a station without one (a bench) behaves as the supervisor alone decides.
/// </summary>
public sealed partial class SafetyLoop : IPassSafetyDemands
{
    private bool _gatesDemanded = true;
    private bool _uplinkDemanded = true;

    /// <summary>Whether the detector gates are asked for.</summary>
    public bool GatesDemanded
    {
        get
        {
            lock (_gate)
            {
                return _gatesDemanded;
            }
        }
    }

    /// <summary>Whether the uplink laser is asked for.</summary>
    public bool UplinkDemanded
    {
        get
        {
            lock (_gate)
            {
                return _uplinkDemanded;
            }
        }
    }

    public void SetDemands(bool detectorGates, bool uplink)
    {
        lock (_gate)
        {
            _gatesDemanded = detectorGates;
            _uplinkDemanded = uplink;
        }
    }
}

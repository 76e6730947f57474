using Station.Firmware.Sequencing;

namespace Station.Firmware.Safety;

/// <summary>
/// What the pass sequencer asks for: the loop opens a gate only when it is both permitted and asked for, and fires the
/// uplink only when permitted and asked for. Asking never overrides a forbidding answer. Both are asked for until a
/// sequencer says otherwise, so a station without one (a bench) behaves as the supervisor alone decides.
/// </summary>
public sealed partial class SafetyLoop : IPassSafetyDemands, IEmergencyStopSource
{
    private bool _gatesDemanded = true;
    private bool _uplinkDemanded = true;
    private int _channelSelection = (int)Devices.GateCounter.GateChannels.All;

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

    /// <summary>The e-stop chain is open (from the last evaluated tick; false while the loop has not evaluated).</summary>
    public bool EmergencyStopActive
    {
        get
        {
            lock (_gate)
            {
                return _permissions.IsEvaluated && (_permissions.MountMotionReasons & Core.Safety.SafetyReason.EStop) != 0;
            }
        }
    }

    /// <summary>
    /// The detector channels an operator has selected (all by default): a channel left out stays gated off whatever is
    /// asked for, e.g. a noisy or damaged detector. Selecting never overrides the supervisor either.
    /// </summary>
    public Devices.GateCounter.GateChannels ChannelSelection
    {
        get
        {
            lock (_gate)
            {
                return (Devices.GateCounter.GateChannels)_channelSelection;
            }
        }
    }

    /// <summary>Selects the channels that may be gated (see <see cref="ChannelSelection"/>).</summary>
    public void SelectChannels(Devices.GateCounter.GateChannels channels)
    {
        if ((channels & ~Devices.GateCounter.GateChannels.All) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "Only channels 0–3 exist on the gate/counter board.");
        }

        lock (_gate)
        {
            _channelSelection = (int)channels;
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

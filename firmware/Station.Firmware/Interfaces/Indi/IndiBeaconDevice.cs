using Station.Core.Acquisition;
using Station.Firmware.Acquisition;
using Station.Firmware.Safety;

namespace Station.Firmware.Interfaces.Indi;

/// <summary>
/// <c>QKD Station Beacon</c>: the downlink beacon tracker (state, camera centroid, coarse and fine residuals) and the
/// uplink laser (armed/on lights, arm/disarm). Arming over the network needs <c>AllowLaserArming</c> and an operator,
/// and then the safety loop still decides (a refusal names its hazards); disarming is always accepted from anyone.
/// Without beacon acquisition configured the tracker reads "disabled"; without a safety loop the laser cannot be armed.
/// </summary>
public sealed class IndiBeaconDevice : IndiDevice
{
    public const string DeviceName = "QKD Station Beacon";

    private const string LaserGroup = "Uplink laser";
    private readonly BeaconAcquisition? _acquisition;
    private readonly SafetyLoop? _safety;
    private readonly ClientAccessPolicy _policy;

    public IndiBeaconDevice(ClientAccessPolicy policy, BeaconAcquisition? acquisition = null, SafetyLoop? safety = null)
        : base(DeviceName)
    {
        _policy = policy ?? throw new ArgumentNullException(nameof(policy));
        _acquisition = acquisition;
        _safety = safety;
        TrackerState = Text("BEACON_TRACKER", "Tracker", MainGroup, IndiAccessMode.ReadOnly, ("STATE", "State"), ("REACQUISITIONS", "Reacquisitions"));
        Centroid = Number("BEACON_CENTROID", "Camera centroid", MainGroup, IndiAccessMode.ReadOnly,
            Element("X_PX", "X (px)", 0, 10000), Element("Y_PX", "Y (px)", 0, 10000), Element("SNR", "SNR", 0, 1e6), Element("FLUX_ADU", "Flux (ADU)", 0, 1e12));
        Residuals = Number("BEACON_RESIDUALS", "Residuals (µrad)", MainGroup, IndiAccessMode.ReadOnly,
            Element("COARSE_XEL", "Coarse xel", -1e6, 1e6), Element("COARSE_EL", "Coarse el", -1e6, 1e6),
            Element("FINE_XEL", "Fine xel", -1e6, 1e6), Element("FINE_EL", "Fine el", -1e6, 1e6),
            Element("FINE_RMS_XEL", "Fine rms xel", 0, 1e6), Element("FINE_RMS_EL", "Fine rms el", 0, 1e6));
        Laser = Light("LASER_STATUS", "Uplink laser", LaserGroup, ("ARMED", "Armed"), ("ON", "Emitting"));
        Arm = Switch("LASER_ARM", "Arm laser", LaserGroup, IndiAccessMode.ReadWrite, IndiSwitchRule.OneOfMany, ("ARM", "Arm"), ("DISARM", "Disarm"));
        Arm["DISARM"].On = true;
        LaserPermission = Text("LASER_PERMISSION", "Laser permission", LaserGroup, IndiAccessMode.ReadOnly, ("PERMISSION", "Permission"));
    }

    public IndiVector TrackerState { get; }

    public IndiVector Centroid { get; }

    public IndiVector Residuals { get; }

    public IndiVector Laser { get; }

    public IndiVector Arm { get; }

    public IndiVector LaserPermission { get; }

    protected override void OnCommand(IndiCommand command, IndiHub hub)
    {
        if (command.Vector != Arm)
        {
            hub.Refuse(command.Vector, $"{command.Vector.Name} cannot be set");
            return;
        }

        bool arm = command.SwitchesOn().Contains("ARM");
        if (arm && !_policy.MayArmLaser(command.Client.Remote, out string reason))
        {
            hub.Refuse(Arm, reason);
            return;
        }

        if (_safety is null)
        {
            hub.Refuse(Arm, "the safety loop is not running (Station:Safety:Enabled is false): the laser cannot be armed");
            return;
        }

        var result = arm ? _safety.ArmLaser() : _safety.DisarmLaser();
        if (!result.Accepted)
        {
            hub.Refuse(Arm, result.Message);
            return;
        }

        SetSwitches(Arm, arm ? "ARM" : "DISARM");
        Arm.State = IndiState.Ok;
        hub.Publish(Arm, result.Message);
    }

    public override void Update(DateTimeOffset now, IndiHub hub)
    {
        ArgumentNullException.ThrowIfNull(hub);
        if (_acquisition is null)
        {
            TrackerState["STATE"].Text = "disabled (Station:Acquisition:Enabled is false)";
            TrackerState.State = IndiState.Idle;
        }
        else
        {
            var metrics = _acquisition.Metrics;
            var state = metrics.State;
            TrackerState["STATE"].Text = state.ToString();
            TrackerState["REACQUISITIONS"].Text = metrics.Reacquisitions.ToString(System.Globalization.CultureInfo.InvariantCulture);
            TrackerState.State = state switch { Core.Acquisition.TrackerState.FineLock or Core.Acquisition.TrackerState.CoarseLock => IndiState.Ok, Core.Acquisition.TrackerState.Idle => IndiState.Idle, _ => IndiState.Busy };
            Centroid["X_PX"].Number = metrics.CentroidXPx;
            Centroid["Y_PX"].Number = metrics.CentroidYPx;
            Centroid["SNR"].Number = metrics.Snr;
            Centroid["FLUX_ADU"].Number = metrics.FluxAdu;
            Centroid.State = double.IsFinite(metrics.CentroidXPx) ? IndiState.Ok : IndiState.Idle;
            Residuals["COARSE_XEL"].Number = metrics.CoarseResidualXelUrad;
            Residuals["COARSE_EL"].Number = metrics.CoarseResidualElUrad;
            Residuals["FINE_XEL"].Number = metrics.FineResidualXelUrad;
            Residuals["FINE_EL"].Number = metrics.FineResidualElUrad;
            Residuals["FINE_RMS_XEL"].Number = metrics.FineRmsXelUrad;
            Residuals["FINE_RMS_EL"].Number = metrics.FineRmsElUrad;
            Residuals.State = state == Core.Acquisition.TrackerState.FineLock ? IndiState.Ok : IndiState.Idle;
        }

        hub.PublishIfChanged(TrackerState);
        hub.PublishIfChanged(Centroid);
        hub.PublishIfChanged(Residuals);
        if (_safety is not null)
        {
            bool armed = _safety.LaserArmed;
            var permissions = _safety.Permissions;
            bool on = permissions.IsEvaluated && permissions.LaserOn;
            Laser["ARMED"].Light = armed ? IndiState.Busy : IndiState.Idle;
            Laser["ON"].Light = on ? IndiState.Alert : IndiState.Idle;
            Laser.State = on ? IndiState.Alert : armed ? IndiState.Busy : IndiState.Ok;
            SetSwitches(Arm, armed ? "ARM" : "DISARM");
            if (Arm.State == IndiState.Idle)
            {
                Arm.State = IndiState.Ok;
            }

            LaserPermission["PERMISSION"].Text = permissions.Explain(Core.Safety.PermissionKind.UplinkLaser);
            LaserPermission.State = IndiState.Ok;
            hub.PublishIfChanged(Laser);
            hub.PublishIfChanged(Arm);
            hub.PublishIfChanged(LaserPermission);
        }
    }
}

using Station.Calibration.Common;
using Station.Core.Pointing;

namespace Station.Hil.Tests.Calibration;

/// <summary>
/// The firmware's axis frame on an emulated mount: homing defines the axis angles at the index edges, so a pointing
/// model fitted after homing (as the scripts and the firmware do) has the frame's offset from the emulator's mechanical
/// angles in its index terms. Homing is deterministic: a fresh rig of the same seed homes to the same frame.
/// </summary>
internal static class HomedFrame
{
    /// <summary>Homed minus mechanical axis angles (degrees) of the emulated mount of <paramref name="seed"/>.</summary>
    public static (double AzimuthDeg, double ElevationDeg) Offset(int seed)
    {
        using var rig = EmulatedCalibrationRig.Create(CalibrationArguments.Parse(["--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture)]));
        using var mount = new CalibrationMount(rig);
        return rig.HomedFrameOffset(mount);
    }

    /// <summary>The true pointing model of <paramref name="seed"/>'s mount as its homed frame sees it.</summary>
    public static PointingModel TrueModel(PointingModel mechanical, int seed) => EmulatedCalibrationRig.InHomedFrame(mechanical, Offset(seed));
}

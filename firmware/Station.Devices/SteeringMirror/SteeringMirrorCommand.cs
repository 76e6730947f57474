using UnitsNet;

namespace Station.Devices.SteeringMirror;

/// <summary>What was sent to the mirror: the angles after clamping, the DAC codes, and which axes were clamped.</summary>
/// <param name="TipMicroradians">Tip actually commanded (after clamping).</param>
/// <param name="TiltMicroradians">Tilt actually commanded (after clamping).</param>
/// <param name="TipCode">DAC code on the tip channel.</param>
/// <param name="TiltCode">DAC code on the tilt channel.</param>
/// <param name="TipSaturated">The requested tip lay beyond the range and was clamped.</param>
/// <param name="TiltSaturated">The requested tilt lay beyond the range and was clamped.</param>
public readonly record struct SteeringMirrorCommand(
    double TipMicroradians, double TiltMicroradians, ushort TipCode, ushort TiltCode, bool TipSaturated, bool TiltSaturated)
{
    /// <summary>Whether either axis was clamped.</summary>
    public bool Saturated => TipSaturated || TiltSaturated;

    public Angle Tip => Angle.FromMicroradians(TipMicroradians);

    public Angle Tilt => Angle.FromMicroradians(TiltMicroradians);
}

/// <summary>Outcome of reading the DAC outputs back through the monitor ADC.</summary>
public enum SteeringMirrorCheckStatus
{
    /// <summary>Both outputs agree with the commanded codes within the tolerance.</summary>
    Ok,

    /// <summary>An output disagrees after every rewrite: the DAC is not following its commands.</summary>
    DacNotFollowing,

    /// <summary>The monitor ADC did not answer.</summary>
    MonitorNotResponding,

    /// <summary>No monitor is wired: nothing was checked.</summary>
    NotChecked,
}

/// <summary>A read-back of the DAC outputs.</summary>
/// <param name="Status">The verdict.</param>
/// <param name="ExpectedTipVolts">DAC tip output the codes imply.</param>
/// <param name="MeasuredTipVolts">DAC tip output measured.</param>
/// <param name="ExpectedTiltVolts">DAC tilt output the codes imply.</param>
/// <param name="MeasuredTiltVolts">DAC tilt output measured.</param>
/// <param name="Rewrites">How many times the command was sent again before this verdict.</param>
public readonly record struct SteeringMirrorCheck(
    SteeringMirrorCheckStatus Status, double ExpectedTipVolts, double MeasuredTipVolts, double ExpectedTiltVolts, double MeasuredTiltVolts, int Rewrites);

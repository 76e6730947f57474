using Station.Devices.AbsoluteEncoder;

namespace Station.Firmware.Motion;

/// <summary>
/// The axis angle from its absolute encoder, made continuous across the cable wrap. The single-turn encoder
/// is authoritative for the angle within a turn; the motion controller's step count (XACTUAL through the
/// gearing) only chooses the turn, so it may be off by anything under ±180° (lost steps, backlash) without
/// affecting the reading. <paramref name="encoderZeroDeg"/> is the encoder reading at axis angle 0, found by
/// homing (or from calibration).
/// </summary>
public sealed class EncoderAxisSensor(AbsoluteEncoder encoder, MountAxis axis, double encoderZeroDeg) : IAxisAngleSensor
{
    private readonly AbsoluteEncoder _encoder = encoder ?? throw new ArgumentNullException(nameof(encoder));
    private readonly MountAxis _axis = axis ?? throw new ArgumentNullException(nameof(axis));

    /// <summary>Encoder reading at axis angle 0, degrees.</summary>
    public double EncoderZeroDeg { get; set; } = double.IsFinite(encoderZeroDeg)
        ? encoderZeroDeg
        : throw new ArgumentOutOfRangeException(nameof(encoderZeroDeg), encoderZeroDeg, "The encoder zero must be a finite angle.");

    /// <inheritdoc />
    public double ReadDegrees() => Resolve(_encoder.ReadAngle().Degrees, EncoderZeroDeg, _axis.ReadAngle().Degrees);

    /// <summary>
    /// The continuous axis angle whose encoder reading is <paramref name="encoderDeg"/>, on the turn nearest
    /// <paramref name="approximateAxisDeg"/>.
    /// </summary>
    public static double Resolve(double encoderDeg, double encoderZeroDeg, double approximateAxisDeg)
    {
        double withinTurn = encoderDeg - encoderZeroDeg;
        return withinTurn + (360 * Math.Round((approximateAxisDeg - withinTurn) / 360));
    }
}

namespace Station.Firmware.Motion;

/// <summary>The measured angle of one mount axis (continuous, on the mount's cable wrap), degrees.</summary>
public interface IAxisAngleSensor
{
    /// <summary>Reads the axis angle; throws an <see cref="IOException"/> naming the device when it cannot.</summary>
    double ReadDegrees();
}

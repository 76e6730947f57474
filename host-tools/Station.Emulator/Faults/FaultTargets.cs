using Station.Devices.Board;

namespace Station.Emulator.Faults;

/// <summary>
/// Which pin-map devices honour which fault: the (kind, device) pairs the emulated devices ask the
/// <see cref="FaultInjector"/> about. A fault aimed elsewhere would silently do nothing, so scenarios are checked
/// against this table. Keep it in step with the <c>IsActive</c> calls in <c>Devices/</c>.
/// </summary>
public static class FaultTargets
{
    private static readonly string[] SpiMotionAndEncoders =
        [DeviceId.AzMotor, DeviceId.ElMotor, DeviceId.FilterWheelSpectral, DeviceId.FilterWheelNd, DeviceId.AzEncoder, DeviceId.ElEncoder];

    private static readonly Dictionary<FaultKind, string[]> Devices = new()
    {
        [FaultKind.SpiCrc] = [.. SpiMotionAndEncoders, DeviceId.GateCounter, DeviceId.SteeringMirrorDac],
        [FaultKind.NoResponse] = [.. SpiMotionAndEncoders, DeviceId.GateCounter, DeviceId.SteeringMirrorDac, DeviceId.QuadCellAdc, DeviceId.Weather, DeviceId.Interlocks],
        [FaultKind.EncoderFrozen] = [DeviceId.AzEncoder, DeviceId.ElEncoder],
        [FaultKind.MotorStall] = [DeviceId.AzMotor, DeviceId.ElMotor, DeviceId.FilterWheelSpectral, DeviceId.FilterWheelNd],
        [FaultKind.FrameDrop] = [DeviceId.BeaconCamera],
        [FaultKind.BeaconLoss] = [DeviceId.BeaconCamera, DeviceId.QuadCellAdc],
        [FaultKind.GnssLoss] = [DeviceId.Gnss],
        [FaultKind.PpsLoss] = [DeviceId.Gnss],
        [FaultKind.Estop] = [DeviceId.Interlocks],
        [FaultKind.AircraftAlarm] = [DeviceId.UplinkLaser, DeviceId.Interlocks],
        [FaultKind.WatchdogStarvation] = [DeviceId.Interlocks],
    };

    /// <summary>The devices that react to <paramref name="kind"/>.</summary>
    public static IReadOnlyList<string> DevicesFor(FaultKind kind) => Devices[kind];

    public static bool Honours(FaultKind kind, string deviceId) => Devices[kind].Contains(deviceId, StringComparer.Ordinal);
}

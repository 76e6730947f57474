namespace Station.Devices.Board;

/// <summary>
/// The device ids used as keys in <c>schematics/station.pins.json</c>. Every id here is required in the pin map,
/// and any other id is rejected, so a typo in the file cannot silently leave a device unwired.
/// </summary>
public static class DeviceId
{
    public const string AzMotor = "az_motor";
    public const string ElMotor = "el_motor";
    public const string AzEncoder = "az_encoder";
    public const string ElEncoder = "el_encoder";
    public const string FilterWheelSpectral = "filter_wheel_spectral";
    public const string FilterWheelNd = "filter_wheel_nd";
    public const string GateCounter = "gate_counter";
    public const string BeaconCamera = "beacon_camera";
    public const string QuadCellAdc = "quad_cell_adc";
    public const string SteeringMirrorDac = "steering_mirror_dac";
    public const string UplinkLaser = "uplink_laser";
    public const string Gnss = "gnss";
    public const string Weather = "weather";
    public const string Interlocks = "interlocks";

    /// <summary>Every station device, in the order the firmware brings them up.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        AzMotor, ElMotor, AzEncoder, ElEncoder, FilterWheelSpectral, FilterWheelNd, GateCounter,
        BeaconCamera, QuadCellAdc, SteeringMirrorDac, UplinkLaser, Gnss, Weather, Interlocks,
    ];

    public static bool IsKnown(string id) => All.Contains(id, StringComparer.Ordinal);
}

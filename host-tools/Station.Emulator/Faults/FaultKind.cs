namespace Station.Emulator.Faults;

/// <summary>The faults the emulator can inject, by the names scenarios and the CLI use.</summary>
public enum FaultKind
{
    /// <summary><c>spi_crc</c>: SPI frames arrive garbled (bit errors; a CRC or parity check fails).</summary>
    SpiCrc,

    /// <summary><c>no_response</c>: the device does not answer (MISO reads the bus idle level).</summary>
    NoResponse,

    /// <summary><c>encoder_frozen</c>: an encoder keeps reporting the same position.</summary>
    EncoderFrozen,

    /// <summary><c>motor_stall</c>: the motor stalls (StallGuard trips; the axis stops following).</summary>
    MotorStall,

    /// <summary><c>frame_drop</c>: the camera drops frames.</summary>
    FrameDrop,

    /// <summary><c>beacon_loss</c>: the satellite's beacon disappears (cloud, beacon off).</summary>
    BeaconLoss,

    /// <summary><c>gnss_loss</c>: the GNSS receiver loses its fix.</summary>
    GnssLoss,

    /// <summary><c>pps_loss</c>: the 1PPS edges stop.</summary>
    PpsLoss,

    /// <summary><c>estop</c>: the emergency stop is pressed.</summary>
    Estop,

    /// <summary><c>aircraft_alarm</c>: the aircraft detector reports an aircraft.</summary>
    AircraftAlarm,

    /// <summary><c>watchdog_starvation</c>: the heartbeat stops reaching the external watchdog.</summary>
    WatchdogStarvation,
}

/// <summary>Names of <see cref="FaultKind"/> as written in scenarios and on the command line.</summary>
public static class FaultNames
{
    private static readonly Dictionary<string, FaultKind> ByName = new(StringComparer.Ordinal)
    {
        ["spi_crc"] = FaultKind.SpiCrc,
        ["no_response"] = FaultKind.NoResponse,
        ["encoder_frozen"] = FaultKind.EncoderFrozen,
        ["motor_stall"] = FaultKind.MotorStall,
        ["frame_drop"] = FaultKind.FrameDrop,
        ["beacon_loss"] = FaultKind.BeaconLoss,
        ["gnss_loss"] = FaultKind.GnssLoss,
        ["pps_loss"] = FaultKind.PpsLoss,
        ["estop"] = FaultKind.Estop,
        ["aircraft_alarm"] = FaultKind.AircraftAlarm,
        ["watchdog_starvation"] = FaultKind.WatchdogStarvation,
    };

    /// <summary>Every fault name, in declaration order.</summary>
    public static IReadOnlyList<string> All { get; } = [.. ByName.OrderBy(p => p.Value).Select(p => p.Key)];

    public static string NameOf(FaultKind kind) => ByName.First(p => p.Value == kind).Key;

    /// <summary>Parses a fault name; the error lists the valid names.</summary>
    public static FaultKind Parse(string name) =>
        ByName.TryGetValue(name, out var kind)
            ? kind
            : throw new FormatException($"Unknown fault '{name}'; expected one of: {string.Join(", ", All)}.");
}

namespace Station.Devices.Buses;

/// <summary>Serial port parameters (8 data bits, no parity, one stop bit: what NMEA receivers use).</summary>
/// <param name="PortName">Device path, e.g. <c>/dev/ttyACM0</c>.</param>
/// <param name="BaudRate">Line rate in baud.</param>
public sealed record SerialPortSettings(string PortName, int BaudRate)
{
    public override string ToString() => $"{PortName} @ {BaudRate} Bd";
}

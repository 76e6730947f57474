using Station.Devices.Interlocks;

namespace Station.Devices.UplinkLaser;

/// <summary>What the laser driver is doing.</summary>
public enum UplinkLaserState
{
    /// <summary>Enable and shutter outputs inactive.</summary>
    Off,

    /// <summary>Enable and shutter asserted; interlocks watched.</summary>
    On,

    /// <summary>Switched off by an interlock; stays off until <see cref="UplinkLaser.TrySwitchOn"/> succeeds again.</summary>
    Tripped,
}

/// <summary>The answer to a switch-on request.</summary>
/// <param name="Accepted">The laser is on.</param>
/// <param name="Refusal">What forbade it (<see cref="InterlockFaults.None"/> when accepted).</param>
/// <param name="Reason">The refusal in words, naming the device, or empty.</param>
public readonly record struct LaserSwitchResult(bool Accepted, InterlockFaults Refusal, string Reason);

/// <summary>Raised when an interlock switched the laser off.</summary>
public sealed class UplinkLaserTrippedEventArgs(InterlockFaults faults, DateTimeOffset time) : EventArgs
{
    public InterlockFaults Faults { get; } = faults;

    public DateTimeOffset Time { get; } = time;
}

/// <summary>The laser refused to switch on because an interlock is not OK.</summary>
public sealed class UplinkLaserInterlockException : InvalidOperationException
{
    public UplinkLaserInterlockException(string deviceName, InterlockFaults faults)
        : base($"{deviceName}: refused to switch on: {InterlockFaultText.Describe(faults)}.")
    {
        DeviceName = deviceName;
        Faults = faults;
    }

    public UplinkLaserInterlockException()
        : this("uplink_laser", InterlockFaults.None)
    {
    }

    public UplinkLaserInterlockException(string message)
        : base(message)
    {
        DeviceName = "uplink_laser";
    }

    public UplinkLaserInterlockException(string message, Exception innerException)
        : base(message, innerException)
    {
        DeviceName = "uplink_laser";
    }

    public string DeviceName { get; }

    public InterlockFaults Faults { get; }
}

namespace Station.Firmware.Motion;

/// <summary>States of the <see cref="MountController"/>.</summary>
public enum MountState
{
    /// <summary>Powered up: the axis angles are unknown until homing.</summary>
    Unhomed,

    /// <summary>Looking for the index switches.</summary>
    Homing,

    /// <summary>At rest, homed, ready for a command.</summary>
    Idle,

    /// <summary>Moving to a commanded position on a sun-safe path.</summary>
    Slewing,

    /// <summary>Following a trajectory with the position loop.</summary>
    Tracking,

    /// <summary>Moving to the park position.</summary>
    Parking,

    /// <summary>At the park position; only Unpark (or Home) moves it on.</summary>
    Parked,

    /// <summary>Braking to standstill after an abort.</summary>
    Stopping,

    /// <summary>A fault stopped the mount; ResetFault clears it.</summary>
    Faulted,

    /// <summary>Emergency stop: drivers disabled; ResetFault re-enables them.</summary>
    EStopped,
}

/// <summary>A state change, for telemetry: from, to, when and why.</summary>
public sealed record MountStateChange(MountState From, MountState To, DateTimeOffset At, string Reason);

/// <summary>A mount command refused before anything was sent to the motion controllers; the message says why.</summary>
public sealed class MountCommandRefusedException : InvalidOperationException
{
    public MountCommandRefusedException()
    {
    }

    public MountCommandRefusedException(string message)
        : base(message)
    {
    }

    public MountCommandRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public MountCommandRefusedException(string command, MountState state, string reason)
        : base($"Mount {command} refused: {reason}")
    {
        Command = command;
        State = state;
        Reason = reason;
    }

    /// <summary>The refused command.</summary>
    public string Command { get; } = "";

    /// <summary>The state the mount was in.</summary>
    public MountState State { get; }

    /// <summary>Why it was refused.</summary>
    public string Reason { get; } = "";
}

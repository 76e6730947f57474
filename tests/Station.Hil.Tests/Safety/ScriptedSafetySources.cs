using Station.Core.Safety;
using Station.Firmware.Safety;

namespace Station.Hil.Tests.Safety;

/// <summary>
/// What other firmware services would compute (mount position, sun, filter wheels, tracker lock) as plain settable
/// values, stamped with the simulated time when read; each can be made Faulted, and the wheels Unknown.
/// </summary>
internal sealed class ScriptedSafetySources(TimeProvider time, int wheelCount) : IMountPositionSource, ISunPositionSource, ITrackerLockSource, IFilterWheelSenseSource
{
    private readonly FilterWheelState[] _wheels = new FilterWheelState[wheelCount];

    public AzEl Mount { get; set; } = new(180, 60);

    public bool MountFaulted { get; set; }

    /// <summary>The mount read throws an unexpected exception (a bug or a hung driver, not an I/O fault).</summary>
    public bool MountThrows { get; set; }

    public AzEl Sun { get; set; } = new(0, -40);

    public bool SunFaulted { get; set; }

    public bool Locked { get; set; }

    public bool TrackerFaulted { get; set; }

    public int WheelCount => _wheels.Length;

    public void SetWheel(int index, bool moving, int slot, SensorStatus status = SensorStatus.Valid) => _wheels[index] = new FilterWheelState(moving, slot, status);

    public FilterWheelState Wheel(int index) => _wheels[index];

    public SafetyLoopSources AsSources() => new(this, this, this, this);

    public Sensed<AzEl> ReadMountPosition(DateTimeOffset now) =>
        MountThrows ? throw new InvalidOperationException("scripted mount source failure")
        : MountFaulted ? Sensed.Faulted<AzEl>(now) : Sensed.Ok(Mount, now);

    public Sensed<AzEl> SunAt(DateTimeOffset now) => SunFaulted ? Sensed.Faulted<AzEl>(now) : Sensed.Ok(Sun, now);

    public Sensed<bool> TrackerLocked => TrackerFaulted ? Sensed.Faulted<bool>(time.GetUtcNow()) : Sensed.Ok(Locked, time.GetUtcNow());

    public FilterWheelSense Sense(int index)
    {
        var w = _wheels[index];
        var now = time.GetUtcNow();
        return new FilterWheelSense(new Sensed<bool>(w.Moving, now, w.Status), new Sensed<int>(w.Slot, now, w.Status));
    }

    public readonly record struct FilterWheelState(bool Moving, int Slot, SensorStatus Status);
}

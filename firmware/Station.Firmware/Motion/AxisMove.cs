using UnitsNet;

namespace Station.Firmware.Motion;

/// <summary>How a commanded axis move ended.</summary>
public enum AxisMoveOutcome
{
    /// <summary>The controller reports the target reached.</summary>
    Reached,

    /// <summary>A newer command replaced this one.</summary>
    Superseded,

    /// <summary>The driver reported an error (GSTAT.drv_err, overtemperature, short) and the move stopped.</summary>
    DriverFault,

    /// <summary>The target was not reached within the expected time plus margin.</summary>
    TimedOut,

    /// <summary>StallGuard2 detected a stall and the controller stopped the motor (SW_MODE.sg_stop).</summary>
    Stalled,

    /// <summary>The controller stopped answering plausibly over SPI (no response, garbled replies) after retries.</summary>
    CommunicationFault,
}

/// <summary>The result of a move: outcome, where the axis ended, when, and a reason when it failed.</summary>
public sealed record AxisMoveResult(AxisMoveOutcome Outcome, Angle FinalAngle, int FinalMicrosteps, DateTimeOffset CompletedAt, string? Reason = null);

/// <summary>A move in progress; completes when the supervisor observes its end.</summary>
public sealed class AxisMove
{
    private readonly TaskCompletionSource<AxisMoveResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal AxisMove(Angle target, int targetMicrosteps, DateTimeOffset startedAt, TimeSpan expectedDuration)
    {
        Target = target;
        TargetMicrosteps = targetMicrosteps;
        StartedAt = startedAt;
        ExpectedDuration = expectedDuration;
    }

    /// <summary>The commanded axis angle.</summary>
    public Angle Target { get; }

    /// <summary>The commanded position in microsteps (XTARGET).</summary>
    public int TargetMicrosteps { get; }

    /// <summary>When XTARGET was written.</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>Duration the ramp parameters imply for this move.</summary>
    public TimeSpan ExpectedDuration { get; }

    /// <summary>Completes with the move's result.</summary>
    public Task<AxisMoveResult> Completion => _completion.Task;

    /// <summary>The result once the move has ended, else null (for drivers of simulated time that poll).</summary>
    public AxisMoveResult? Result => _completion.Task.IsCompletedSuccessfully ? _completion.Task.Result : null;

    /// <summary>Whether the move has ended (in any way).</summary>
    public bool IsCompleted => _completion.Task.IsCompleted;

    internal void Complete(AxisMoveResult result) => _completion.TrySetResult(result);
}

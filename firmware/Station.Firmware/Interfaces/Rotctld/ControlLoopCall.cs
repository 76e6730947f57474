namespace Station.Firmware.Interfaces.Rotctld;

/// <summary>
/// Runs a mount command on the station clock's thread (the control loop), where every other mount command runs, and
/// hands the result back to the network thread. A one-shot timer due now fires at the loop's next step. If the loop does
/// not take the call within the timeout (stopped, or a test that does not advance its clock) the call is abandoned and
/// will never run: the client is told the command failed, and it did nothing.
/// </summary>
internal static class ControlLoopCall
{
    private const int Pending = 0;
    private const int Running = 1;
    private const int Abandoned = 2;

    /// <summary>The result of <paramref name="action"/> run on <paramref name="stationClock"/>'s timer thread, or
    /// <paramref name="onTimeout"/> when it was not run within <paramref name="timeout"/> of <paramref name="wallClock"/>.</summary>
    public static async ValueTask<T> RunAsync<T>(TimeProvider stationClock, TimeProvider wallClock, TimeSpan timeout, Func<T> action, Func<T> onTimeout, CancellationToken cancellationToken)
    {
        int state = Pending;
        // Continuations run on the thread pool, never on the control loop.
        var result = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var timer = stationClock.CreateTimer(_ =>
        {
            if (Interlocked.CompareExchange(ref state, Running, Pending) != Pending)
            {
                return;
            }

            try
            {
                result.SetResult(action());
            }
#pragma warning disable CA1031 // the failure belongs to the caller, never to the control loop
            catch (Exception ex)
#pragma warning restore CA1031
            {
                result.SetException(ex);
            }
        }, null, TimeSpan.Zero, Timeout.InfiniteTimeSpan);

        try
        {
            return await result.Task.WaitAsync(timeout, wallClock, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            if (Interlocked.CompareExchange(ref state, Abandoned, Pending) == Pending)
            {
                cancellationToken.ThrowIfCancellationRequested();
                return onTimeout();
            }

            return await result.Task.ConfigureAwait(false); // it is running now: its answer is the true one
        }
    }
}

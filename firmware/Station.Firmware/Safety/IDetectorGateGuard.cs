namespace Station.Firmware.Safety;

/// <summary>
/// Lets a service that is about to disturb the optics (a filter-wheel move) take the detectors off first:
/// the gates go off before <see cref="HoldGatesOff"/> returns and stay off while any hold is open. Releasing a
/// hold does not turn a gate on; the safety supervisor decides that on its next tick.
/// </summary>
public interface IDetectorGateGuard
{
    /// <summary>Gates every detector channel off now; dispose the hold when the disturbance is over.</summary>
    IDisposable HoldGatesOff(string reason);
}

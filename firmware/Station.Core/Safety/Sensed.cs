namespace Station.Core.Safety;

/// <summary>What a driver or service says about one reading. The default, <see cref="Unknown"/>, forbids.</summary>
public enum SensorStatus : byte
{
    /// <summary>Never read, or the reader does not know (the default value of every input).</summary>
    Unknown = 0,

    /// <summary>Read successfully at <see cref="Sensed{T}.SampledAt"/>.</summary>
    Valid = 1,

    /// <summary>The reader failed (CRC error, no response, stalled wheel, out-of-order data…).</summary>
    Faulted = 2,
}

/// <summary>Why an input is or is not usable at the moment of evaluation.</summary>
public enum InputHealth : byte
{
    Valid,
    Unknown,
    Faulted,

    /// <summary>Older than the input's configured maximum age.</summary>
    Stale,

    /// <summary>Sampled later than "now" by more than the allowed clock skew: the clocks disagree.</summary>
    FromTheFuture,

    /// <summary>A numeric reading that is NaN or infinite.</summary>
    NotFinite,

    /// <summary>The evaluation time itself is unset, so no age can be judged.</summary>
    ClockUnset,
}

/// <summary>
/// One sensed (or computed) input with the time it was sampled and the reader's status. Every safety input
/// carries these so the supervisor can refuse on stale, unknown or faulted data instead of trusting the last
/// value it happened to get.
/// </summary>
public readonly record struct Sensed<T>(T Value, DateTimeOffset SampledAt, SensorStatus Status)
    where T : struct;

/// <summary>Factories for <see cref="Sensed{T}"/> (kept off the generic type so call sites infer T).</summary>
public static class Sensed
{
    public static Sensed<T> Ok<T>(T value, DateTimeOffset sampledAt)
        where T : struct => new(value, sampledAt, SensorStatus.Valid);

    public static Sensed<T> Faulted<T>(DateTimeOffset detectedAt)
        where T : struct => new(default, detectedAt, SensorStatus.Faulted);

    /// <summary>
    /// Health of <paramref name="input"/> at <paramref name="nowTicks"/> (UTC ticks): valid only if the reader said
    /// so, it is no older than <paramref name="maxAgeTicks"/> and not from the future beyond <paramref name="skewTicks"/>.
    /// The age bound is inclusive; anything else is the forbidding answer.
    /// </summary>
    public static InputHealth Health<T>(in Sensed<T> input, long nowTicks, long maxAgeTicks, long skewTicks)
        where T : struct
    {
        if (nowTicks <= 0)
        {
            return InputHealth.ClockUnset;
        }

        if (input.Status != SensorStatus.Valid)
        {
            return input.Status == SensorStatus.Faulted ? InputHealth.Faulted : InputHealth.Unknown;
        }

        long age = nowTicks - input.SampledAt.UtcTicks;
        if (age > maxAgeTicks)
        {
            return InputHealth.Stale;
        }

        return age < -skewTicks ? InputHealth.FromTheFuture : InputHealth.Valid;
    }
}

/// <summary>An azimuth/elevation pair in degrees (mount axes: continuous azimuth; sky: 0–360° azimuth).</summary>
public readonly record struct AzEl(double AzimuthDeg, double ElevationDeg)
{
    public bool IsFinite => double.IsFinite(AzimuthDeg) && double.IsFinite(ElevationDeg);
}

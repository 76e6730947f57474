using System.Runtime.CompilerServices;

namespace Station.Core.Safety;

/// <summary>
/// Fixed capacities of the safety state. The gate/counter board has four channels and the station two filter
/// wheels; the capacities leave room for a second board or wheel without making the per-tick state a heap object.
/// </summary>
public static class SafetyCapacity
{
    public const int MaxChannels = 8;

    public const int MaxFilterWheels = 4;
}

/// <summary>Per-detector-channel values stored inline, so the sensed state and the permissions stay plain values.</summary>
[InlineArray(SafetyCapacity.MaxChannels)]
public struct ChannelArray<T>
{
    private T _element0;
}

/// <summary>Per-filter-wheel values stored inline.</summary>
[InlineArray(SafetyCapacity.MaxFilterWheels)]
public struct WheelArray<T>
{
    private T _element0;
}

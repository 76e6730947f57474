using Station.Core.Safety;

namespace Station.Firmware.Safety;

/// <summary>The filter wheels as the safety supervisor senses them (moving, slot), one entry per wheel.</summary>
public interface IFilterWheelSenseSource
{
    /// <summary>Number of wheels (matches the safety configuration's filter-wheel count).</summary>
    int WheelCount { get; }

    /// <summary>What wheel <paramref name="index"/> is doing now; Unknown or Faulted when the service cannot tell.</summary>
    FilterWheelSense Sense(int index);
}

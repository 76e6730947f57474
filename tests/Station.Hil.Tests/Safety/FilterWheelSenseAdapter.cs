using Station.Core.Safety;
using Station.Devices.FilterWheel;
using Station.Firmware.Safety;

namespace Station.Hil.Tests.Safety;

/// <summary>
/// The existing <see cref="FilterWheel"/> driver as the safety loop's wheel input (until the filter-wheel service
/// lands): moving while an operation runs, the slot index of <see cref="FilterWheel.CurrentSlot"/> (−1 between slots),
/// Unknown before homing, Faulted after an operation ended in a fault.
/// </summary>
internal sealed class FilterWheelSenseAdapter(FilterWheel wheel, IReadOnlyList<string> slotNames, TimeProvider time) : IFilterWheelSenseSource
{
    public int WheelCount => 1;

    public FilterWheelSense Sense(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(index, 0);
        var now = time.GetUtcNow();
        bool moving = wheel.IsMoving;
        if (!moving && wheel.CurrentOperation is { Error: not null })
        {
            return new FilterWheelSense(Sensed.Faulted<bool>(now), Sensed.Faulted<int>(now));
        }

        if (!moving && !wheel.IsHomed)
        {
            return default;
        }

        int slot = moving || wheel.CurrentSlot is null ? -1 : IndexOf(wheel.CurrentSlot);
        return new FilterWheelSense(Sensed.Ok(moving, now), Sensed.Ok(slot, now));
    }

    private int IndexOf(string name)
    {
        for (int i = 0; i < slotNames.Count; i++)
        {
            if (slotNames[i] == name)
            {
                return i;
            }
        }

        return -1;
    }
}

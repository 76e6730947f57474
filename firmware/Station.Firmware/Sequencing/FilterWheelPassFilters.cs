using Microsoft.Extensions.Options;
using Station.Devices.GateCounter;
using Station.Firmware.Filters;

namespace Station.Firmware.Sequencing;

/// <summary>
/// The optical path to the detectors as the sequencer drives it: the schedule's link or safe slot for each wheel, and
/// the gate/counter board's detector shutter (open for the link, shut otherwise). The gates themselves stay the
/// safety loop's: the shutter is only a second barrier.
/// </summary>
public sealed class FilterWheelPassFilters(FilterWheelService wheels, GateCounterBoard board, IOptions<ScheduleOptions> options) : IPassFilters
{
    public string? PutInBeam(bool link)
    {
        var table = link ? options.Value.LinkFilters : options.Value.SafeFilters;
        var refusals = new List<string>();
        foreach (var (wheel, slot) in table)
        {
            try
            {
                if (wheels.CurrentSlot(wheel) != slot)
                {
                    wheels.SelectSlot(wheel, slot);
                }
            }
            catch (Exception exception) when (exception is FilterWheelCommandRefusedException or ArgumentException or InvalidOperationException)
            {
                refusals.Add(exception.Message);
            }
        }

        try
        {
            board.SetShutterOpen(link);
        }
        catch (IOException exception)
        {
            refusals.Add("detector shutter: " + exception.Message);
        }

        return refusals.Count == 0 ? null : string.Join("; ", refusals);
    }
}

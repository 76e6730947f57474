using Station.Core.Safety;
using Station.Devices.SteeringMirror;
using Station.Devices.UplinkLaser;
using Station.Firmware.Safety;
using Station.Firmware.Telemetry;

namespace Station.Firmware.Sequencing;

/// <summary>
/// The optical path as telemetry records it (<see cref="OpticsSample"/>): the two filter wheels' slots (−1 while moving or
/// unknown), the uplink laser's state, and the fine mirror's last command. Any part the station lacks is recorded as
/// absent (−1, off, NaN).
/// </summary>
public sealed class OpticsSampler(IFilterWheelSenseSource? wheels, UplinkLaser? laser, SteeringMirror? mirror)
{
    public OpticsSample Sample(DateTimeOffset now)
    {
        int Slot(int index)
        {
            if (wheels is null || index >= wheels.WheelCount)
            {
                return -1;
            }

            var sense = wheels.Sense(index);
            return sense.Moving.Status == SensorStatus.Valid && !sense.Moving.Value && sense.Slot.Status == SensorStatus.Valid ? sense.Slot.Value : -1;
        }

        bool on = laser?.IsOn ?? false;
        var command = mirror?.LastCommand;
        return new OpticsSample(now, Slot(0), Slot(1), on, on, command?.TipMicroradians ?? double.NaN, command?.TiltMicroradians ?? double.NaN);
    }
}

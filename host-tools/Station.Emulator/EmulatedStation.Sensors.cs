using Station.Devices.Board;
using Station.Emulator.Buses;
using Station.Emulator.Devices;
using Station.Emulator.World;

namespace Station.Emulator;

/// <summary>The sensor group: quad-cell ADC, steering-mirror DAC, beacon camera, GNSS and weather.</summary>
public sealed partial class EmulatedStation
{
    /// <summary>Divider between each DAC8563 output and its MCP3208 monitor input (CH4 tip, CH5 tilt).</summary>
    public const double MirrorMonitorDividerRatio = 0.5;

    /// <summary>The beacon's offset from boresight (world input shared by camera and quad cell).</summary>
    public EmulatedLineOfSight LineOfSight { get; } = new();

    /// <summary>The quad-cell photodiode and amplifiers (world inputs: spot size, power; the spot follows the line of sight and the mirror).</summary>
    public EmulatedQuadCell QuadCell { get; private set; } = null!;

    /// <summary>The MCP3208 reading the quad cell (CH0–CH3) and the mirror DAC outputs (CH4, CH5).</summary>
    public EmulatedMcp3208 QuadCellAdc { get; private set; } = null!;

    /// <summary>The DAC8563 driving the steering mirror amplifier.</summary>
    public EmulatedDac8563 SteeringMirrorDac { get; private set; } = null!;

    /// <summary>The fine steering mirror's truth (tip on DAC-A, tilt on DAC-B).</summary>
    public EmulatedSteeringMirror SteeringMirror { get; private set; } = null!;

    /// <summary>The BME280 weather sensor (world inputs: pressure, temperature, humidity).</summary>
    public EmulatedBme280 Weather { get; private set; } = null!;

    /// <summary>The serial line between the GNSS receiver and the firmware.</summary>
    public EmulatedSerialLink GnssLink { get; } = new();

    /// <summary>The GNSS timing receiver (world inputs: position, station clock offset).</summary>
    public EmulatedGnssReceiver Gnss { get; private set; } = null!;

    /// <summary>What the beacon camera sees (world inputs: signal, sky background; sensor constants).</summary>
    public EmulatedBeaconScene BeaconScene { get; private set; } = null!;

    /// <summary>The most recently opened emulated beacon camera (null until the firmware opens it).</summary>
    public EmulatedBeaconCamera? BeaconCamera { get; private set; }

    partial void AttachSensors()
    {
        BeaconScene = new EmulatedBeaconScene(LineOfSight);
        Buses.AttachCamera(PinMap.GetCamera(DeviceId.BeaconCamera).Device, settings =>
            BeaconCamera = new EmulatedBeaconCamera(BeaconScene, settings, TimeProvider, Faults, DeviceId.BeaconCamera));

        var gnssPort = PinMap.GetSerialPort(DeviceId.Gnss);
        Buses.AttachSerial(gnssPort.Port, GnssLink.Open);
        Gnss = new EmulatedGnssReceiver(TimeProvider, GnssLink, Buses.GpioDriver, PinMap.GetGpioLine(DeviceId.Gnss, "pps").Line, Faults, DeviceId.Gnss);

        var weather = PinMap.GetI2c(DeviceId.Weather);
        Weather = new EmulatedBme280(TimeProvider, faults: Faults, deviceId: DeviceId.Weather, address: weather.Address);
        Buses.AttachI2c(weather.Bus, weather.Address, Weather);

        SteeringMirrorDac = new EmulatedDac8563(faults: Faults, deviceId: DeviceId.SteeringMirrorDac);
        SteeringMirror = new EmulatedSteeringMirror(SteeringMirrorDac, TimeProvider);
        World.Add(SteeringMirror);
        AttachSpi(DeviceId.SteeringMirrorDac, SteeringMirrorDac);

        QuadCell = new EmulatedQuadCell(seed: 4, Faults, DeviceId.QuadCellAdc, FineSpotOffset);
        var inputs = new AnalogInputs(channel => channel switch
        {
            < 4 => QuadCell.SampleVolts(channel),
            4 or 5 => SteeringMirrorDac.OutputVolts(channel - 4) * MirrorMonitorDividerRatio,
            _ => 0,
        });
        QuadCellAdc = new EmulatedMcp3208(inputs, referenceVolts: 3.3, Faults, DeviceId.QuadCellAdc);
        AttachSpi(DeviceId.QuadCellAdc, QuadCellAdc);
    }

    private (double X, double Y) FineSpotOffset() => LineOfSight.FineSpotOverridden
        ? (LineOfSight.FineSpotXMicroradians, LineOfSight.FineSpotYMicroradians)
        : (LineOfSight.OffsetXMicroradians - (LineOfSight.MirrorCoupling * SteeringMirror.TipMicroradians),
         LineOfSight.OffsetYMicroradians - (LineOfSight.MirrorCoupling * SteeringMirror.TiltMicroradians));

    private sealed class AnalogInputs(Func<int, double> sample) : IAnalogInputs
    {
        public double SampleVolts(int channel) => sample(channel);
    }
}

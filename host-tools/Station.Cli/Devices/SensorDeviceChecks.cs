using System.Globalization;
using Iot.Device.Adc;
using Station.Core.Timing;
using Station.Devices.BeaconCamera;
using Station.Devices.Buses;
using Station.Devices.Dac8563;
using Station.Devices.Gnss;
using Station.Devices.QuadCell;
using Station.Devices.SteeringMirror;
using Station.Devices.Weather;
using Station.Emulator;
using UnitsNet;
using Id = Station.Devices.Board.DeviceId;

namespace Station.Cli.Devices;

/// <summary>Quad cell: the unmodified Mcp3208 reads the four quadrants; the spot offset set in the world comes back with the right sign.</summary>
internal sealed class QuadCellCheck : IDeviceCheck
{
    public string DeviceId => Id.QuadCellAdc;

    public string Run(EmulatedStation station, SimulatedTimeProvider time)
    {
        using var cell = new QuadCell(new Mcp3208(station.Buses.OpenSpi(station.PinMap.GetSpiConnectionSettings(DeviceId))), ElectricPotential.FromVolts(3.3), ElectricPotential.FromVolts(0.2));
        station.LineOfSight.OffsetXMicroradians = 10;
        station.LineOfSight.OffsetYMicroradians = -10;
        var reading = cell.Read();
        if (reading.Status != QuadCellStatus.Valid || reading.X <= 0.2 || reading.Y >= -0.2)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"spot at +10/−10 µrad read {reading.Status} x={reading.X:0.###} y={reading.Y:0.###}"));
        }

        return string.Create(CultureInfo.InvariantCulture, $"MCP3208 A–D {reading.A}/{reading.B}/{reading.C}/{reading.D}, x={reading.X:0.###} y={reading.Y:0.###}, Σ={reading.SumVolts:0.###} V");
    }
}

/// <summary>Steering mirror: DAC8563 initialised, a tip/tilt command settles on the emulated mirror and reads back through the MCP3208.</summary>
internal sealed class SteeringMirrorCheck : IDeviceCheck
{
    public string DeviceId => Id.SteeringMirrorDac;

    public string Run(EmulatedStation station, SimulatedTimeProvider time)
    {
        var monitor = new SteeringMirrorMonitor(new Mcp3208(station.Buses.OpenSpi(station.PinMap.GetSpiConnectionSettings(Id.QuadCellAdc))), ElectricPotential.FromVolts(3.3), DividerRatio: EmulatedStation.MirrorMonitorDividerRatio);
        using var mirror = new SteeringMirror(new Dac8563(station.Buses.OpenSpi(station.PinMap.GetSpiConnectionSettings(DeviceId))), new SteeringMirrorOptions(), monitor);
        mirror.Initialize();
        var (command, check) = mirror.PointVerified(Angle.FromMicroradians(250), Angle.FromMicroradians(-125));
        time.Advance(TimeSpan.FromMilliseconds(50));
        double tip = station.SteeringMirror.TipMicroradians;
        double tilt = station.SteeringMirror.TiltMicroradians;
        if (check.Status != SteeringMirrorCheckStatus.Ok || Math.Abs(tip - 250) > 0.2 || Math.Abs(tilt + 125) > 0.2)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"commanded 250/−125 µrad: read-back {check.Status}, mirror at {tip:0.##}/{tilt:0.##} µrad"));
        }

        monitor.Adc.Dispose();
        return string.Create(CultureInfo.InvariantCulture, $"DAC8563 codes 0x{command.TipCode:X4}/0x{command.TiltCode:X4}, mirror {tip:0.##}/{tilt:0.##} µrad, read-back ok");
    }
}

/// <summary>Beacon camera: a 64×64 ROI frame shows the spot where the line of sight puts it.</summary>
internal sealed class BeaconCameraCheck : IDeviceCheck
{
    public string DeviceId => Id.BeaconCamera;

    public string Run(EmulatedStation station, SimulatedTimeProvider time)
    {
        using var camera = new BeaconCamera(station.Buses.OpenCamera(new CameraSettings(station.PinMap.GetCamera(DeviceId).Device, 64, 64)));
        station.LineOfSight.OffsetXMicroradians = 40;
        time.Advance(TimeSpan.FromMilliseconds(20));
        var pixels = new ushort[64 * 64];
        var frame = camera.Capture(pixels);
        double expectedX = 32 + (40 / station.BeaconScene.PlateScaleMicroradiansPerPixel);
        if (!frame.HasSpot || Math.Abs(frame.SpotX - expectedX) > 0.1 || Math.Abs(frame.SpotY - 32) > 0.1)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"frame {frame.Sequence}: {frame.Status} at ({frame.SpotX:0.##}, {frame.SpotY:0.##}), expected ({expectedX:0.##}, 32)"));
        }

        return string.Create(CultureInfo.InvariantCulture, $"64x64 ROI frame {frame.Sequence}, spot at ({frame.SpotX:0.##}, {frame.SpotY:0.##}) px, peak {frame.PeakAdu} ADU");
    }
}

/// <summary>GNSS: NMEA parsed by Iot.Device.Nmea0183, fix and position, 1PPS and the station clock offset.</summary>
internal sealed class GnssCheck : IDeviceCheck
{
    public string DeviceId => Id.Gnss;

    public string Run(EmulatedStation station, SimulatedTimeProvider time)
    {
        var port = station.PinMap.GetSerialPort(DeviceId);
        station.Gnss.ClockOffset = TimeSpan.FromMilliseconds(12.5);
        using var gnss = new GnssReceiver(station.Buses.OpenSerial(new SerialPortSettings(port.Port, port.BaudRate)), station.Buses.Gpio, station.PinMap.GetGpioLine(DeviceId, "pps").Line, time);
        gnss.Start();
        time.Advance(TimeSpan.FromSeconds(2.5));
        var status = gnss.Status;
        if (!status.IsOk || status.ClockOffset != TimeSpan.FromMilliseconds(12.5))
        {
            throw new InvalidOperationException($"health {status.Health}, clock offset {status.ClockOffset?.TotalMilliseconds.ToString(CultureInfo.InvariantCulture) ?? "unknown"} ms");
        }

        return string.Create(CultureInfo.InvariantCulture, $"fix {status.FixQuality}, {status.Satellites} sats, {status.Latitude!.Value.Degrees:0.00000}° {status.Longitude!.Value.Degrees:0.00000}°, clock offset {status.ClockOffset!.Value.TotalMilliseconds:0.###} ms");
    }
}

/// <summary>Weather: the unmodified Bme280 reads back the pressure and temperature the world sets.</summary>
internal sealed class WeatherCheck : IDeviceCheck
{
    public string DeviceId => Id.Weather;

    public string Run(EmulatedStation station, SimulatedTimeProvider time)
    {
        station.Weather.PressurePascals = 68_750;
        station.Weather.TemperatureCelsius = -4.25;
        using var weather = new WeatherStation(station.Buses.OpenI2c(station.PinMap.GetI2cConnectionSettings(DeviceId)), time);
        weather.Start();
        time.Advance(TimeSpan.FromMilliseconds(200));
        var reading = weather.Read();
        if (!reading.IsOk || Math.Abs(reading.Pressure!.Value.Pascals - 68_750) > 0.2 || Math.Abs(reading.Temperature!.Value.DegreesCelsius + 4.25) > 0.01)
        {
            throw new InvalidOperationException($"{reading.Status}: {reading.Problem ?? $"{reading.Pressure} {reading.Temperature}"}");
        }

        return string.Create(CultureInfo.InvariantCulture, $"BME280 {reading.Pressure!.Value.Hectopascals:0.00} hPa, {reading.Temperature!.Value.DegreesCelsius:0.00} °C, {reading.Humidity!.Value.Percent:0.0} %RH");
    }
}

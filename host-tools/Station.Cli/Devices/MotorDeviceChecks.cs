using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Station.Core.Timing;
using Station.Devices.Tmc5160;
using Station.Emulator;
using Station.Firmware.Motion;
using UnitsNet;

namespace Station.Cli.Devices;

/// <summary>An axis motion controller: chip identity, driver set-up, a 1° move ending on target.</summary>
internal abstract class AxisMotorCheck(string deviceId, string axis) : IDeviceCheck
{
    public string DeviceId => deviceId;

    public string Run(EmulatedStation station, SimulatedTimeProvider time)
    {
        var spi = station.Buses.OpenSpi(station.PinMap.GetSpiConnectionSettings(deviceId));
        var driver = new Tmc5160(spi);
        byte version = driver.ReadVersion();
        using var mountAxis = new MountAxis(axis, driver, new AxisOptions(), time, NullLogger<MountAxis>.Instance);
        mountAxis.Initialize();
        var move = mountAxis.MoveTo(Angle.FromDegrees(1));
        if (!time.AdvanceUntil(() => move.IsCompleted, TimeSpan.FromSeconds(30)) || move.Result!.Outcome != AxisMoveOutcome.Reached)
        {
            throw new InvalidOperationException($"1° move did not complete: {move.Result?.Reason ?? "no result"}");
        }

        return string.Create(CultureInfo.InvariantCulture, $"TMC5160 version 0x{version:X2}, 1° move reached XACTUAL {move.Result.FinalMicrosteps}");
    }
}

internal sealed class AzimuthMotorCheck() : AxisMotorCheck(Station.Devices.Board.DeviceId.AzMotor, "az");

internal sealed class ElevationMotorCheck() : AxisMotorCheck(Station.Devices.Board.DeviceId.ElMotor, "el");

using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Station.Core.Timing;
using Station.Devices.Board;
using Station.Devices.Tmc5160;
using Station.Emulator;
using Station.Firmware.Motion;
using UnitsNet;

namespace Station.Cli.Axis;

/// <summary>What an emulated axis move did: the firmware's view, the emulator's truth, and the cost.</summary>
public sealed record AxisMoveReport(
    string Axis,
    Angle From,
    Angle Target,
    AxisMoveResult Result,
    int FinalXactual,
    double EmulatedAxisDeg,
    double DegreesPerMicrostep,
    TimeSpan SimulatedDuration,
    TimeSpan ExpectedDuration,
    TimeSpan WallTime)
{
    /// <summary>Emulated axis angle minus the angle of XACTUAL, in microsteps.</summary>
    public double TruthMinusXactualMicrosteps => (EmulatedAxisDeg / DegreesPerMicrostep) - FinalXactual;

    public void WriteTo(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"{Axis}: {Result.Outcome} {From.Degrees:0.000000}° → {Target.Degrees:0.000000}° in {SimulatedDuration.TotalSeconds:0.000} s simulated (ramp implies {ExpectedDuration.TotalSeconds:0.000} s; {WallTime.TotalSeconds:0.000} s wall)"));
        output.WriteLine(string.Create(c, $"  firmware: XACTUAL {FinalXactual} microsteps = {FinalXactual * DegreesPerMicrostep:0.000000}°"));
        output.WriteLine(string.Create(c, $"  emulator: axis angle {EmulatedAxisDeg:0.000000}° ({TruthMinusXactualMicrosteps:+0.00;-0.00;0.00} microsteps from XACTUAL; 1 microstep = {DegreesPerMicrostep * 3600:0.####} arcsec)"));
        if (Result.Reason is { } reason)
        {
            output.WriteLine($"  reason: {reason}");
        }
    }
}

/// <summary>
/// Runs the firmware's <see cref="MountAxis"/> against the emulated station in simulated time: the same
/// driver code and SPI datagrams as on the Pi, with the emulated TMC5160 at the pin map's chip select.
/// </summary>
public static class AxisMoveRunner
{
    public static AxisMoveReport Run(PinMap pinMap, string axisName, Angle from, Angle target, AxisOptions options)
    {
        ArgumentNullException.ThrowIfNull(pinMap);
        ArgumentNullException.ThrowIfNull(options);
        string deviceId = axisName switch
        {
            "az" => DeviceId.AzMotor,
            "el" => DeviceId.ElMotor,
            _ => throw new ArgumentException($"Unknown axis '{axisName}'; expected az or el.", nameof(axisName)),
        };

        var wall = Stopwatch.StartNew();
        var time = new SimulatedTimeProvider(TimeProvider.System.GetUtcNow());
        using var station = EmulatedStation.FromPinMap(time, pinMap);
        var spi = station.Buses.OpenSpi(pinMap.GetSpiConnectionSettings(deviceId));
        using var axis = new MountAxis(axisName, new Tmc5160(spi), options, time, NullLogger<MountAxis>.Instance);
        axis.Initialize();
        var emulated = axisName == "az" ? station.Azimuth : station.Elevation;

        if (from.Degrees != 0)
        {
            var preposition = axis.MoveTo(from);
            RunToCompletion(time, preposition);
            if (preposition.Result!.Outcome != AxisMoveOutcome.Reached)
            {
                return Report(preposition.Result, preposition);
            }
        }

        var move = axis.MoveTo(target);
        RunToCompletion(time, move);
        return Report(move.Result!, move);

        AxisMoveReport Report(AxisMoveResult result, AxisMove m)
        {
            wall.Stop();
            return new AxisMoveReport(axisName, from, target, result, result.FinalMicrosteps, emulated.AngleDegrees, options.DegreesPerMicrostep,
                result.CompletedAt - m.StartedAt, m.ExpectedDuration, wall.Elapsed);
        }
    }

    private static void RunToCompletion(SimulatedTimeProvider time, AxisMove move)
    {
        // The supervisor's own timeout ends every move, so this limit is only a guard against a stuck clock.
        var guard = (move.ExpectedDuration * 2) + TimeSpan.FromMinutes(1);
        if (!time.AdvanceUntil(() => move.IsCompleted, guard))
        {
            throw new InvalidOperationException($"The move did not end within {guard} of simulated time.");
        }
    }
}

using Microsoft.Extensions.Logging.Abstractions;
using Station.Core.Timing;
using Station.Devices.Board;
using Station.Devices.Tmc5160;
using Station.Emulator;
using Station.Emulator.World;
using Station.Firmware.Motion;
using UnitsNet;

namespace Station.Hil.Tests;

/// <summary>The emulated drive train: backlash on reversals, lag and ringing from the torsional resonance.</summary>
public sealed class EmulatedAxisMechanicsTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 19, 18, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Backlash_is_lost_on_a_reversal_and_not_on_a_move_in_the_same_direction()
    {
        var (time, station, axis) = Build(new AxisMechanics(BacklashArcsec: 36));
        Move(time, axis, 1.0);
        double afterForward = station.Azimuth.AngleDegrees;
        Assert.InRange((station.Azimuth.GearSideDegrees - afterForward) * 3600, 17.9, 18.1); // lagging by half the backlash

        Move(time, axis, 0.5);
        double afterReverse = station.Azimuth.AngleDegrees;
        Assert.InRange((afterReverse - station.Azimuth.GearSideDegrees) * 3600, 17.9, 18.1); // now leading by half
        Assert.InRange((afterForward - afterReverse) * 3600, (0.5 * 3600) - 36.1, (0.5 * 3600) - 35.9);
    }

    [Fact]
    public void A_compliant_drive_train_lags_under_acceleration_and_settles_on_the_gear_side()
    {
        var (time, station, axis) = Build(new AxisMechanics(NaturalFrequencyHz: 8, DampingRatio: 0.3));
        var move = axis.MoveTo(Angle.FromDegrees(3));
        time.Advance(TimeSpan.FromSeconds(0.5)); // accelerating at 2°/s²

        double lag = station.Azimuth.GearSideDegrees - station.Azimuth.AngleDegrees;
        double expected = 2 / Math.Pow(2 * Math.PI * 8, 2); // a/ω²
        Assert.InRange(lag, expected * 0.9, expected * 1.1);

        Assert.True(time.AdvanceUntil(() => move.IsCompleted, TimeSpan.FromSeconds(10)));
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.InRange(Math.Abs(station.Azimuth.AngleDegrees - station.Azimuth.GearSideDegrees) * 3600, 0, 0.01);
    }

    private static (SimulatedTimeProvider, EmulatedStation, MountAxis) Build(AxisMechanics mechanics)
    {
        var time = new SimulatedTimeProvider(Start);
        var map = PinMapLoader.LoadDefault();
        var station = EmulatedStation.FromPinMap(time, map, new EmulatedMountGeometry(Azimuth: mechanics));
        var axis = new MountAxis("az", new Tmc5160(station.Buses.OpenSpi(map.GetSpiConnectionSettings(DeviceId.AzMotor))), new AxisOptions(), time, NullLogger<MountAxis>.Instance);
        axis.Initialize();
        return (time, station, axis);
    }

    private static void Move(SimulatedTimeProvider time, MountAxis axis, double toDeg)
    {
        var move = axis.MoveTo(Angle.FromDegrees(toDeg));
        Assert.True(time.AdvanceUntil(() => move.IsCompleted, TimeSpan.FromSeconds(30)));
        time.Advance(TimeSpan.FromSeconds(1));
    }
}

public sealed class TrueLineOfSightTests
{
    [Fact]
    public void The_true_line_of_sight_carries_the_injected_pointing_errors()
    {
        var time = new SimulatedTimeProvider(new DateTimeOffset(2026, 3, 19, 18, 0, 0, TimeSpan.Zero));
        var errors = new Dictionary<Station.Core.Pointing.PointingTerm, Angle> { [Station.Core.Pointing.PointingTerm.IA] = Angle.FromArcseconds(36) };
        using var station = EmulatedStation.FromPinMap(time, PinMapLoader.LoadDefault(), new EmulatedMountGeometry(PointingErrors: errors));
        time.Advance(TimeSpan.FromMilliseconds(5));

        var (az, el) = station.TrueLineOfSight();

        Assert.Equal(0.01, az, 9);  // mount at 0°: IA = +36″ means the sky is 36″ east of the encoder zero (ΔA = −IA)
        Assert.Equal(0, el, 9);
    }
}

using Station.Core.Safety;
using static Station.Core.Tests.Safety.SafetyFixtures;

namespace Station.Core.Tests.Safety;

public sealed class LaserArmingTests
{
    [Fact]
    public void An_aircraft_alarm_during_lock_turns_the_laser_off_in_that_tick_and_re_arming_needs_the_operator()
    {
        var arming = new LaserArming();
        var s = Nominal();
        s.LaserArmed = arming.IsArmed;
        Assert.Equal(SafetyReason.None, arming.Arm(Evaluate(s)));
        s.LaserArmed = arming.IsArmed;
        Assert.True(Evaluate(s).LaserOn);

        // Tick 1: the alarm arrives; the laser is off in this very evaluation, and the arming drops.
        s.Now = Now.AddMilliseconds(10);
        s.AircraftOk = Sensed.Ok(false, s.Now);
        var p = Evaluate(s);
        Assert.False(p.LaserOn);
        Assert.True(arming.Update(p));
        Assert.Equal(SafetyReason.AircraftAlarm, arming.DisarmedBy);

        // Tick 2: the sky is clear again, but nobody re-armed.
        s.Now = Now.AddMilliseconds(20);
        s.AircraftOk = Sensed.Ok(true, s.Now);
        s.LaserArmed = arming.IsArmed;
        p = Evaluate(s);
        Assert.Equal(SafetyReason.NotArmed, p.LaserReasons);
        Assert.False(arming.Update(p));

        Assert.Equal(SafetyReason.None, arming.Arm(p));
        s.LaserArmed = arming.IsArmed;
        Assert.True(Evaluate(s).LaserOn);
    }

    [Fact]
    public void Arming_is_refused_with_the_hazards_and_changes_nothing()
    {
        var arming = new LaserArming();
        var s = Nominal();
        s.LaserArmed = false;
        s.HardwareKeyOk = Sensed.Ok(false, Now);
        s.EStopOk = default;
        Assert.Equal(SafetyReason.HardwareKeyOff | SafetyReason.EStopInputInvalid, arming.Arm(Evaluate(s)));
        Assert.False(arming.IsArmed);
        Assert.Equal(SafetyReason.NotEvaluated, arming.Arm(default));
        Assert.False(arming.IsArmed);
    }

    [Fact]
    public void Lock_loss_and_geometry_do_not_disarm()
    {
        var arming = new LaserArming();
        var s = Nominal();
        arming.Arm(Evaluate(s));
        s.TrackerLocked = Sensed.Ok(false, Now);
        s.MountPosition = Sensed.Ok(new AzEl(110, 10), Now);
        var p = Evaluate(s);
        Assert.Equal(SafetyReason.TrackerNotLocked | SafetyReason.BelowLaserElevationMask | SafetyReason.InNoFireZone, p.LaserReasons);
        Assert.False(arming.Update(p));
        Assert.True(arming.IsArmed);
    }
}

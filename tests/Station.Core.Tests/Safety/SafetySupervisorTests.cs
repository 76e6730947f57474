using Station.Core.Safety;
using static Station.Core.Tests.Safety.SafetyFixtures;
using Station.Tests.Shared;

namespace Station.Core.Tests.Safety;

public sealed class SafetySupervisorTests
{
    private static readonly TimeSpan Ms = TimeSpan.FromMilliseconds(1);

    [Fact]
    public void The_nominal_night_state_permits_everything()
    {
        var p = Evaluate(Nominal());
        Assert.True(p.IsEvaluated);
        for (int ch = 0; ch < 4; ch++)
        {
            Assert.Equal(SafetyReason.None, p.GateReasons(ch));
        }

        Assert.True(p.LaserOn);
        Assert.True(p.MountMotionPermitted);
        Assert.True(p.MountTargetPermitted);
        Assert.Equal("permitted", p.Explain(PermissionKind.UplinkLaser));
    }

    [Fact]
    public void A_default_state_and_a_default_result_forbid_everything()
    {
        var p = Evaluate(default);
        Assert.Equal(SafetyReason.ClockUnset, p.GateReasons(0) & SafetyReason.ClockUnset);
        Assert.False(p.LaserOn);
        Assert.False(p.MountMotionPermitted);
        Assert.Equal(SafetyReason.ClockUnset | SafetyReason.EStopInputInvalid, p.MountMotionReasons);

        Permissions never = default;
        Assert.False(never.IsEvaluated);
        Assert.False(never.GateOn(0));
        Assert.False(never.LaserOn);
        Assert.Equal(SafetyReason.NotEvaluated, never.Reasons(PermissionKind.MountTarget));
    }

    [Fact]
    public void Channels_beyond_the_configured_count_are_never_gated_on()
    {
        var p = Evaluate(Nominal());
        Assert.Equal(SafetyReason.ChannelNotConfigured, p.GateReasons(4));
        Assert.Equal(SafetyReason.ChannelNotConfigured, p.GateReasons(-1));
        Assert.Equal(SafetyReason.ChannelNotConfigured, p.GateReasons(SafetyCapacity.MaxChannels));
    }

    public static TheoryData<string, SafetyReason> DetectorFaults => new()
    {
        { "watchdog dead", SafetyReason.WatchdogNotAlive },
        { "watchdog stale", SafetyReason.WatchdogInputInvalid },
        { "e-stop", SafetyReason.EStop },
        { "wheel moving", SafetyReason.FilterWheelMoving },
        { "wheel faulted", SafetyReason.FilterWheelInputInvalid },
        { "sun unknown", SafetyReason.SunPositionInvalid },
        { "mount NaN", SafetyReason.MountPositionInvalid },
        { "mount from the future", SafetyReason.MountPositionInvalid },
    };

    [Theory]
    [MemberData(nameof(DetectorFaults))]
    public void Each_common_detector_condition_gates_every_channel_off_with_its_reason(string fault, SafetyReason expected)
    {
        var s = Nominal();
        switch (fault)
        {
            case "watchdog dead": s.WatchdogAlive = Sensed.Ok(false, Now); break;
            case "watchdog stale": s.WatchdogAlive = Sensed.Ok(true, Now - (101 * Ms)); break;
            case "e-stop": s.EStopOk = Sensed.Ok(false, Now); break;
            case "wheel moving": s.SetWheel(1, s.Wheel(1) with { Moving = Sensed.Ok(true, Now) }); break;
            case "wheel faulted": s.SetWheel(0, s.Wheel(0) with { Moving = Sensed.Faulted<bool>(Now) }); break;
            case "sun unknown": s.Sun = default; break;
            case "mount NaN": s.MountPosition = Sensed.Ok(new AzEl(double.NaN, 45), Now); break;
            case "mount from the future": s.MountPosition = Sensed.Ok(new AzEl(200, 45), Now + (6 * Ms)); break;
            default: throw new ArgumentOutOfRangeException(nameof(fault), fault, "no such case");
        }

        var p = Evaluate(s);
        for (int ch = 0; ch < 4; ch++)
        {
            Assert.Equal(expected, p.GateReasons(ch));
        }
    }

    [Fact]
    public void A_trip_or_bright_light_gates_off_only_its_own_channel()
    {
        var s = Nominal();
        s.SetChannel(1, s.Channel(1) with { TripLatched = Sensed.Ok(true, Now) });
        s.SetChannel(2, s.Channel(2) with { BrightLight = Sensed.Ok(true, Now) });
        s.SetChannel(3, s.Channel(3) with { TripLatched = Sensed.Ok(false, Now - TimeSpan.FromMilliseconds(251)) });
        var p = Evaluate(s);
        Assert.True(p.GateOn(0));
        Assert.Equal(SafetyReason.TripLatched, p.GateReasons(1));
        Assert.Equal(SafetyReason.BrightLight, p.GateReasons(2));
        Assert.Equal(SafetyReason.TripInputInvalid, p.GateReasons(3));
        Assert.True(p.LaserOn);
    }

    [Fact]
    public void A_latched_trip_forbids_even_when_its_report_is_stale()
    {
        var s = Nominal();
        s.SetChannel(0, s.Channel(0) with { TripLatched = Sensed.Ok(true, Now - TimeSpan.FromSeconds(5)) });
        Assert.Equal(SafetyReason.TripLatched | SafetyReason.TripInputInvalid, Evaluate(s).GateReasons(0));
    }

    [Fact]
    public void Ages_are_inclusive_at_the_limit_and_future_samples_within_the_skew_are_accepted()
    {
        var s = Nominal();
        s.WatchdogAlive = Sensed.Ok(true, Now - (100 * Ms));
        s.MountPosition = Sensed.Ok(new AzEl(200, 45), Now + (5 * Ms));
        Assert.True(Evaluate(s).GateOn(0));
        s.WatchdogAlive = Sensed.Ok(true, Now - (100 * Ms) - TimeSpan.FromTicks(1));
        Assert.Equal(SafetyReason.WatchdogInputInvalid, Evaluate(s).GateReasons(0));
    }

    [Theory]
    [InlineData(29.9, true)]
    [InlineData(30.1, false)]
    public void The_sun_cone_is_measured_on_the_sky_and_its_edge_forbids(double separationDeg, bool inCone)
    {
        var s = Nominal();
        // Sun at el −13° (night), mount straight above it in elevation by the separation.
        s.Sun = Sensed.Ok(new AzEl(80, -13), Now);
        s.MountPosition = Sensed.Ok(new AzEl(80 - 720, -13 + separationDeg), Now); // two turns of cable wrap change nothing
        var p = Evaluate(s);
        Assert.Equal(inCone, (p.GateReasons(0) & SafetyReason.SunInExclusionCone) != 0);
        Assert.Equal(inCone ? SafetyReason.SunInExclusionCone : SafetyReason.None, p.GateReasons(0));
    }

    [Fact]
    public void Daylight_needs_daylight_mode_and_an_approved_filter_in_the_beam()
    {
        var s = Nominal();
        s.Sun = Sensed.Ok(new AzEl(20, 30), Now); // 100° from the mount: outside the cone, but day
        Assert.Equal(SafetyReason.SunAboveNightLimit, Evaluate(s).GateReasons(0));

        s.DaylightMode = true;
        Assert.Equal(SafetyReason.DaylightFilterNotInBeam, Evaluate(s).GateReasons(0)); // both wheels "open"

        s.SetWheel(0, s.Wheel(0) with { Slot = Sensed.Ok(1, Now) }); // 810/10nm
        Assert.True(Evaluate(s).GateOn(0));

        s.SetWheel(0, s.Wheel(0) with { Slot = Sensed.Ok(2, Now) }); // 532 beacon: not approved
        s.SetWheel(1, s.Wheel(1) with { Slot = Sensed.Ok(4, Now) }); // ND4 on the other wheel is
        Assert.True(Evaluate(s).GateOn(0));

        s.SetWheel(1, s.Wheel(1) with { Slot = Sensed.Ok(4, Now - TimeSpan.FromSeconds(1)) }); // ND4, but stale
        Assert.Equal(SafetyReason.DaylightFilterNotInBeam | SafetyReason.FilterWheelInputInvalid, Evaluate(s).GateReasons(0));

        s.SetWheel(1, s.Wheel(1) with { Slot = Sensed.Ok(-1, Now) }); // between slots
        Assert.Equal(SafetyReason.DaylightFilterNotInBeam, Evaluate(s).GateReasons(0));
    }

    [Fact]
    public void The_sun_exactly_at_the_night_limit_counts_as_up()
    {
        var s = Nominal();
        s.Sun = Sensed.Ok(new AzEl(20, -12), Now);
        Assert.Equal(SafetyReason.SunAboveNightLimit, Evaluate(s).GateReasons(0));
        s.Sun = Sensed.Ok(new AzEl(20, -12.0001), Now);
        Assert.True(Evaluate(s).GateOn(0));
    }

    public static TheoryData<string, SafetyReason> LaserFaults => new()
    {
        { "not armed", SafetyReason.NotArmed },
        { "key off", SafetyReason.HardwareKeyOff },
        { "key unknown", SafetyReason.HardwareKeyInputInvalid },
        { "aircraft", SafetyReason.AircraftAlarm },
        { "aircraft stale", SafetyReason.AircraftInputInvalid },
        { "unlocked", SafetyReason.TrackerNotLocked },
        { "tracker faulted", SafetyReason.TrackerInputInvalid },
        { "low", SafetyReason.BelowLaserElevationMask },
        { "airport", SafetyReason.InNoFireZone },
        { "mast across north", SafetyReason.InNoFireZone },
        { "e-stop", SafetyReason.EStop },
        { "e-stop stale", SafetyReason.EStopInputInvalid },
        { "watchdog dead", SafetyReason.WatchdogNotAlive },
        { "mount stale", SafetyReason.MountPositionInvalid },
    };

    [Theory]
    [MemberData(nameof(LaserFaults))]
    public void Each_laser_condition_turns_the_laser_off_with_its_reason(string fault, SafetyReason expected)
    {
        var s = Nominal();
        switch (fault)
        {
            case "not armed": s.LaserArmed = false; break;
            case "key off": s.HardwareKeyOk = Sensed.Ok(false, Now); break;
            case "key unknown": s.HardwareKeyOk = default; break;
            case "aircraft": s.AircraftOk = Sensed.Ok(false, Now); break;
            case "aircraft stale": s.AircraftOk = Sensed.Ok(true, Now - (51 * Ms)); break;
            case "unlocked": s.TrackerLocked = Sensed.Ok(false, Now); break;
            case "tracker faulted": s.TrackerLocked = Sensed.Faulted<bool>(Now); break;
            case "low": s.MountPosition = Sensed.Ok(new AzEl(200, 14.99), Now); break;
            case "airport": s.MountPosition = Sensed.Ok(new AzEl(130, 40), Now); break; // both edges inclusive
            case "mast across north": s.MountPosition = Sensed.Ok(new AzEl(-355, 20), Now); break; // sky az 5°
            case "e-stop": s.EStopOk = Sensed.Ok(false, Now); break;
            case "e-stop stale": s.EStopOk = Sensed.Ok(true, Now - TimeSpan.FromSeconds(1)); break;
            case "watchdog dead": s.WatchdogAlive = Sensed.Ok(false, Now); break;
            case "mount stale": s.MountPosition = Sensed.Ok(new AzEl(200, 45), Now - (51 * Ms)); break;
            default: throw new ArgumentOutOfRangeException(nameof(fault), fault, "no such case");
        }

        Assert.Equal(expected, Evaluate(s).LaserReasons);
    }

    [Fact]
    public void Outside_the_zones_and_above_the_mask_the_laser_is_permitted()
    {
        var s = Nominal();
        foreach (var (az, el) in new[] { (99.9, 30.0), (130.1, 30.0), (115.0, 40.1), (340.0, 20.0), (15.0, 25.1), (200.0, 15.0) })
        {
            s.MountPosition = Sensed.Ok(new AzEl(az, el), Now);
            Assert.True(Evaluate(s).LaserOn, $"az {az} el {el}: {Evaluate(s).Explain(PermissionKind.UplinkLaser)}");
        }
    }

    [Fact]
    public void Every_failing_condition_is_reported_not_just_the_first()
    {
        var s = Nominal();
        s.LaserArmed = false;
        s.AircraftOk = Sensed.Ok(false, Now);
        s.MountPosition = Sensed.Ok(new AzEl(120, 10), Now);
        var p = Evaluate(s);
        Assert.Equal(SafetyReason.NotArmed | SafetyReason.AircraftAlarm | SafetyReason.BelowLaserElevationMask | SafetyReason.InNoFireZone, p.LaserReasons);
        string text = p.Explain(PermissionKind.UplinkLaser);
        Assert.StartsWith("forbidden: the operator has not armed the laser; ", text, StringComparison.Ordinal);
        Assert.Contains("the aircraft detector reports an aircraft", text, StringComparison.Ordinal);
        Assert.Contains("no-fire zone", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_e_stop_stops_all_motion_and_refuses_any_target()
    {
        var s = Nominal();
        s.EStopOk = Sensed.Ok(false, Now);
        var p = Evaluate(s);
        Assert.Equal(SafetyReason.EStop, p.MountMotionReasons);
        Assert.Equal(SafetyReason.EStop, p.MountTargetReasons);
        Assert.False(p.LaserOn);
        Assert.False(p.GateOn(0));
    }

    [Theory]
    [InlineData(271, 45, SafetyReason.TargetBeyondLimits)]
    [InlineData(200, -0.5, SafetyReason.TargetBeyondLimits)]
    [InlineData(200, 90.5, SafetyReason.TargetBeyondLimits)]
    [InlineData(270, 90, SafetyReason.None)]
    [InlineData(-270, 0, SafetyReason.None)]
    [InlineData(double.PositiveInfinity, 10, SafetyReason.TargetInputInvalid)]
    public void A_commanded_target_is_checked_against_the_mount_limits(double az, double el, SafetyReason expected)
    {
        var s = Nominal();
        s.CommandedTarget = Sensed.Ok(new AzEl(az, el), Now);
        var p = Evaluate(s);
        Assert.Equal(expected, p.MountTargetReasons);
        Assert.True(p.MountMotionPermitted);
        if (double.IsFinite(az))
        {
            Assert.Equal(expected != SafetyReason.None, Config.MountLimits.CheckPosition(az, el) is not null);
        }
    }

    [Fact]
    public void A_target_in_the_sun_cone_or_with_the_sun_unknown_is_refused_and_no_target_is_said_so()
    {
        var s = Nominal();
        s.Sun = Sensed.Ok(new AzEl(200, 20), Now);
        s.CommandedTarget = Sensed.Ok(new AzEl(-160, 40), Now); // sky az 200°, 20° from the sun
        Assert.Equal(SafetyReason.TargetInSunCone, Evaluate(s).MountTargetReasons);

        s.Sun = Sensed.Faulted<AzEl>(Now);
        Assert.Equal(SafetyReason.SunPositionInvalid, Evaluate(s).MountTargetReasons);

        s.CommandedTarget = default;
        Assert.Equal(SafetyReason.NoTarget, Evaluate(s).MountTargetReasons);
        s.CommandedTarget = Sensed.Ok(new AzEl(0, 40), Now - TimeSpan.FromSeconds(1));
        Assert.Equal(SafetyReason.TargetInputInvalid, Evaluate(s).MountTargetReasons);
    }

    [Fact]
    public void Every_reason_has_its_own_text_and_input()
    {
        foreach (SafetyReason r in Enum.GetValues<SafetyReason>().Where(r => r != SafetyReason.None))
        {
            Assert.DoesNotContain("several", SafetyReasons.Text(r), StringComparison.Ordinal);
            Assert.NotEqual(SafetyInputs.None, SafetyReasons.InputsOf(r));
        }

        Assert.Equal(
            Enum.GetValues<SafetyReason>().Length - 1,
            Enum.GetValues<SafetyReason>().Where(r => r != SafetyReason.None).Select(SafetyReasons.Text).Distinct().Count());
    }

    [Fact]
    public void Evaluate_allocates_nothing()
    {
        var s = Nominal();
        var bad = Nominal();
        bad.AircraftOk = Sensed.Ok(false, Now);
        bad.Sun = Sensed.Ok(new AzEl(200, 40), Now);
        SafetySupervisor.Evaluate(s, Config);
        int on = 0;
        long allocated = Allocations.Fewest(() =>
        {
            on = 0;
            for (int i = 0; i < 10_000; i++)
            {
                on += SafetySupervisor.Evaluate(s, Config).GateOn(0) ? 1 : 0;
                on += SafetySupervisor.Evaluate(bad, Config).LaserOn ? 1 : 0;
            }
        });

        Assert.Equal(0, allocated);
        Assert.Equal(10_000, on);
    }
}

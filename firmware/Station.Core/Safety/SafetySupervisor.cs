namespace Station.Core.Safety;

/// <summary>
/// The safety rules as one pure function of the sensed state and the configuration, evaluated every control tick.
/// It fails closed: an input that is stale, unknown, faulted, from the future or not finite counts as the forbidding
/// answer, and every forbidden permission carries every reason that applies (not just the first), so a refusal can
/// say all of why and the audit trail can say which input changed.
/// <list type="bullet">
/// <item>Detector gate (per channel): optical axis outside the sun-exclusion cone; the sun below the night limit, or
/// daylight mode with an approved filter in the beam; no wheel moving; no trip latched; the bright-light check
/// passes; the watchdog alive; not in e-stop ("e-stop stops all": gating off costs nothing and the mount and wheels
/// are unpowered, their state uncertain).</item>
/// <item>Uplink laser: armed by the operator; hardware key on; aircraft detector clear; elevation ≥ the laser mask;
/// tracker locked; outside every no-fire zone; not in e-stop; the watchdog alive.</item>
/// <item>Mount motion: not in e-stop. Mount target: motion permitted, and the commanded target inside the
/// <see cref="Pointing.MountLimits"/> travel and outside the sun-exclusion cone.</item>
/// </list>
/// The optical axis is taken as the encoder position: pointing-model terms (tens of arcseconds) are negligible
/// against a cone of tens of degrees. The cone and the elevation limits are inclusive: the boundary forbids.
/// </summary>
public static class SafetySupervisor
{
    private const double DegToRad = Math.PI / 180;

    public static Permissions Evaluate(in SensedState state, SafetyConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(config);
        long now = state.Now.UtcTicks;
        long skew = config.SkewTicks;
        SafetyReason clock = now <= 0 ? SafetyReason.ClockUnset : SafetyReason.None;

        SafetyReason estop = Interlock(state.EStopOk, now, config.InterlockMaxAgeTicks, skew, SafetyReason.EStop, SafetyReason.EStopInputInvalid);
        SafetyReason watchdog = Interlock(state.WatchdogAlive, now, config.WatchdogMaxAgeTicks, skew, SafetyReason.WatchdogNotAlive, SafetyReason.WatchdogInputInvalid);

        Sensed<AzEl> mount = state.MountPosition;
        Sensed<AzEl> sun = state.Sun;
        bool mountValid = Sensed.Health(mount, now, config.MountMaxAgeTicks, skew) == InputHealth.Valid && mount.Value.IsFinite;
        bool sunValid = Sensed.Health(sun, now, config.SunMaxAgeTicks, skew) == InputHealth.Valid && sun.Value.IsFinite;

        SafetyReason detectors = clock | estop | watchdog | DetectorSky(state, config, now, mount.Value, mountValid, sun.Value, sunValid);
        var gate = default(ChannelArray<SafetyReason>);
        for (int ch = 0; ch < SafetyCapacity.MaxChannels; ch++)
        {
            gate[ch] = ch < config.ChannelCount ? detectors | Channel(state.Channel(ch), now, config) : SafetyReason.ChannelNotConfigured;
        }

        SafetyReason laser = clock | estop | watchdog | Laser(state, config, now, mount.Value, mountValid);
        SafetyReason motion = clock | estop;
        SafetyReason target = motion | Target(state.CommandedTarget, now, config, sun.Value, sunValid);
        return new Permissions(state.Now, config.ChannelCount, gate, laser, motion, target);
    }

    /// <summary>Cosine of the great-circle angle between two az/el directions (degrees in; cos is 2π-periodic, so a cable-wrapped azimuth works as is).</summary>
    public static double CosSeparation(in AzEl a, in AzEl b)
    {
        var (s1, c1) = Math.SinCos(a.ElevationDeg * DegToRad);
        var (s2, c2) = Math.SinCos(b.ElevationDeg * DegToRad);
        return (s1 * s2) + (c1 * c2 * Math.Cos((a.AzimuthDeg - b.AzimuthDeg) * DegToRad));
    }

    private static SafetyReason Interlock(in Sensed<bool> input, long now, long maxAge, long skew, SafetyReason off, SafetyReason invalid)
    {
        if (Sensed.Health(input, now, maxAge, skew) != InputHealth.Valid)
        {
            return invalid;
        }

        return input.Value ? SafetyReason.None : off;
    }

    private static SafetyReason DetectorSky(in SensedState state, SafetyConfiguration config, long now, AzEl mount, bool mountValid, AzEl sun, bool sunValid)
    {
        SafetyReason r = SafetyReason.None;
        if (!mountValid)
        {
            r |= SafetyReason.MountPositionInvalid;
        }

        if (!sunValid)
        {
            r |= SafetyReason.SunPositionInvalid;
        }
        else
        {
            if (mountValid && CosSeparation(mount, sun) >= config.CosSunExclusion)
            {
                r |= SafetyReason.SunInExclusionCone;
            }

            if (sun.ElevationDeg >= config.NightSunElevationMaxDeg)
            {
                r |= !state.DaylightMode ? SafetyReason.SunAboveNightLimit : DaylightFilter(state, config, now);
            }
        }

        for (int w = 0; w < config.FilterWheelCount; w++)
        {
            Sensed<bool> moving = state.Wheel(w).Moving;
            r |= Interlock(moving, now, config.WheelMaxAgeTicks, config.SkewTicks, SafetyReason.None, SafetyReason.FilterWheelInputInvalid);
            if (moving.Value)
            {
                // A moving wheel forbids even when its report is stale: the last thing known is that it moved.
                r |= SafetyReason.FilterWheelMoving;
            }
        }

        return r;
    }

    /// <summary>Daylight needs an approved filter in the beam on some wheel; an unreadable slot cannot count as one.</summary>
    private static SafetyReason DaylightFilter(in SensedState state, SafetyConfiguration config, long now)
    {
        bool anyInvalid = false;
        for (int w = 0; w < config.FilterWheelCount; w++)
        {
            Sensed<int> slot = state.Wheel(w).Slot;
            if (Sensed.Health(slot, now, config.WheelMaxAgeTicks, config.SkewTicks) != InputHealth.Valid)
            {
                anyInvalid = true;
            }
            else if (config.IsDaylightApproved(w, slot.Value))
            {
                return SafetyReason.None;
            }
        }

        return SafetyReason.DaylightFilterNotInBeam | (anyInvalid ? SafetyReason.FilterWheelInputInvalid : SafetyReason.None);
    }

    private static SafetyReason Channel(in DetectorChannelSense ch, long now, SafetyConfiguration config)
    {
        SafetyReason r = Interlock(ch.TripLatched, now, config.TripMaxAgeTicks, config.SkewTicks, SafetyReason.None, SafetyReason.TripInputInvalid);
        r |= Interlock(ch.BrightLight, now, config.BrightLightMaxAgeTicks, config.SkewTicks, SafetyReason.None, SafetyReason.BrightLightInputInvalid);
        // As for the wheels: a latched trip or bright light forbids even when its report has gone stale.
        if (ch.TripLatched.Value)
        {
            r |= SafetyReason.TripLatched;
        }

        if (ch.BrightLight.Value)
        {
            r |= SafetyReason.BrightLight;
        }

        return r;
    }

    private static SafetyReason Laser(in SensedState state, SafetyConfiguration config, long now, AzEl mount, bool mountValid)
    {
        SafetyReason r = state.LaserArmed ? SafetyReason.None : SafetyReason.NotArmed;
        r |= Interlock(state.HardwareKeyOk, now, config.InterlockMaxAgeTicks, config.SkewTicks, SafetyReason.HardwareKeyOff, SafetyReason.HardwareKeyInputInvalid);
        r |= Interlock(state.AircraftOk, now, config.InterlockMaxAgeTicks, config.SkewTicks, SafetyReason.AircraftAlarm, SafetyReason.AircraftInputInvalid);
        r |= Interlock(state.TrackerLocked, now, config.TrackerMaxAgeTicks, config.SkewTicks, SafetyReason.TrackerNotLocked, SafetyReason.TrackerInputInvalid);
        if (!mountValid)
        {
            return r | SafetyReason.MountPositionInvalid;
        }

        if (!(mount.ElevationDeg >= config.LaserElevationMaskDeg))
        {
            r |= SafetyReason.BelowLaserElevationMask;
        }

        if (config.InNoFireZone(mount.AzimuthDeg, mount.ElevationDeg))
        {
            r |= SafetyReason.InNoFireZone;
        }

        return r;
    }

    private static SafetyReason Target(in Sensed<AzEl> target, long now, SafetyConfiguration config, AzEl sun, bool sunValid)
    {
        if (target.Status == SensorStatus.Unknown)
        {
            return SafetyReason.NoTarget; // whatever the clock says: there is nothing to check
        }

        InputHealth health = Sensed.Health(target, now, config.TargetMaxAgeTicks, config.SkewTicks);

        AzEl t = target.Value;
        if (health != InputHealth.Valid || !t.IsFinite)
        {
            return SafetyReason.TargetInputInvalid;
        }

        var limits = config.MountLimits;
        SafetyReason r = t.AzimuthDeg < limits.AzimuthMinDeg || t.AzimuthDeg > limits.AzimuthMaxDeg
            || t.ElevationDeg < limits.ElevationMinDeg || t.ElevationDeg > limits.ElevationMaxDeg
            ? SafetyReason.TargetBeyondLimits
            : SafetyReason.None;
        if (!sunValid)
        {
            r |= SafetyReason.SunPositionInvalid;
        }
        else if (CosSeparation(t, sun) >= config.CosSunExclusion)
        {
            r |= SafetyReason.TargetInSunCone;
        }

        return r;
    }
}

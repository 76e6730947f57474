using System.Runtime.CompilerServices;
using Station.Core.Detectors;
using Station.Core.Safety;

namespace Station.Core.Tests.Safety;

/// <summary>Totals over every case of the property test.</summary>
internal sealed class OracleTotals
{
    public long Ticks { get; set; }

    public long GateOnTicks { get; set; }

    public long LaserOnTicks { get; set; }

    public long TargetOnTicks { get; set; }

    public long RefusalsChecked { get; set; }

    public long Trips { get; set; }

    public long ResetsAccepted { get; set; }

    public long HazardDisarms { get; set; }

    public long AuditRecords { get; set; }
}

/// <summary>
/// The safety rules written a second time, independently of the supervisor (vectors instead of the spherical cosine
/// rule, TimeSpans instead of ticks, its own zone and filter tables), checked against every tick: a condition that
/// clearly fails must forbid its permission and appear among the reasons; when every condition clearly holds the
/// permission must be granted (values within 1e-7 of a boundary are left to either answer). It also keeps the
/// trip truth from the count windows, the arming truth from the operator's actions, and rebuilds the permissions
/// from the audit records.
/// </summary>
internal sealed partial class SafetyOracle(OracleTotals totals) : IPermissionChangeSink, ISecurityEventSink
{
    private const double Eps = 1e-7;
    private static readonly SafetyOptions O = SafetyFixtures.Options;
    private static readonly TimeSpan Skew = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan TripAge = Age(O.MaxAges.TripState.Seconds);
    private static readonly TimeSpan MountAge = Age(O.MaxAges.MountPosition.Seconds);
    private static readonly TimeSpan SunAge = Age(O.MaxAges.Sun.Seconds);
    private static readonly TimeSpan InterlockAge = Age(O.MaxAges.Interlocks.Seconds);
    private static readonly TimeSpan WatchdogAge = Age(O.MaxAges.Watchdog.Seconds);
    private static readonly TimeSpan TrackerAge = Age(O.MaxAges.Tracker.Seconds);
    private static readonly TimeSpan WheelAge = Age(O.MaxAges.FilterWheels.Seconds);
    private static readonly TimeSpan BrightAge = Age(O.MaxAges.BrightLight.Seconds);
    private static readonly TimeSpan TargetAge = Age(O.MaxAges.CommandedTarget.Seconds);
    private static readonly double MaskDeg = O.LaserElevationMask.Degrees;
    private static readonly double NightDeg = O.NightSunElevationMax.Degrees;
    private static readonly (double From, double Width, double Lo, double Hi)[] Zones = [(100, 30, 0, 40), (350, 20, 0, 25)];
    private static readonly int[][] Approved = [[1, 3], [4]];
    private static readonly string[] GateNames = ["gate 0", "gate 1", "gate 2", "gate 3"];

    private readonly bool[] _latched = new bool[SafetyWorld.Channels];
    private readonly DateTimeOffset[] _lastWindowEnd = new DateTimeOffset[SafetyWorld.Channels];
    private readonly DateTimeOffset[] _lastCauseEnd = new DateTimeOffset[SafetyWorld.Channels];
    private readonly bool[] _lastWindowValid = new bool[SafetyWorld.Channels];
    private readonly bool[] _lastShowedCause = new bool[SafetyWorld.Channels];
    private readonly bool[] _auditGate = new bool[SafetyCapacity.MaxChannels];
    private bool _auditLaser, _auditMotion, _auditTarget, _armed, _lastHazard, _evaluatedOnce;
    private DateTimeOffset _auditAt;
    private SensedState _s;

    public void CheckTick(in SensedState s, in Permissions p, bool disarmedNow)
    {
        _s = s;
        totals.Ticks++;
        Require(_auditAt == default || _auditAt == p.EvaluatedAt, "an audit record carries another tick's time");
        _auditAt = default;
        Require(s.LaserArmed == _armed, $"laser arming is {s.LaserArmed}, but the operator's actions say {_armed}");

        var common = Common();
        common.Add(NightOrDaylight());
        common.Add(Cone(s.MountPosition, MountAge, SafetyReason.SunInExclusionCone));
        for (int w = 0; w < 2; w++)
        {
            common.Add(Interlock(s.Wheel(w).Moving, WheelAge, SafetyReason.FilterWheelMoving, SafetyReason.FilterWheelInputInvalid));
        }

        for (int ch = 0; ch < SafetyWorld.Channels; ch++)
        {
            var c = common;
            c.Add(Interlock(s.Channel(ch).TripLatched, TripAge, SafetyReason.TripLatched, SafetyReason.TripInputInvalid));
            c.Add(Interlock(s.Channel(ch).BrightLight, BrightAge, SafetyReason.BrightLight, SafetyReason.BrightLightInputInvalid));
            Judge(c, p.GateReasons(ch), GateNames[ch]);
            Require(!_latched[ch] || !p.GateOn(ch), $"gate {ch} is on while its trip is latched");
            Require(p.GateOn(ch) == _auditGate[ch], $"the audit trail says gate {ch} is {_auditGate[ch]}");
        }

        bool hazard = Hazard();
        var laser = Common(sunAndMountForDetectors: false);
        laser.Add(s.LaserArmed ? Pass : Fail(SafetyReason.NotArmed));
        laser.Add(Interlock(s.HardwareKeyOk, InterlockAge, SafetyReason.HardwareKeyOff, SafetyReason.HardwareKeyInputInvalid));
        laser.Add(Interlock(s.AircraftOk, InterlockAge, SafetyReason.AircraftAlarm, SafetyReason.AircraftInputInvalid));
        laser.Add(Interlock(s.TrackerLocked, TrackerAge, SafetyReason.TrackerNotLocked, SafetyReason.TrackerInputInvalid));
        laser.Add(Position(s.MountPosition, MountAge, SafetyReason.MountPositionInvalid));
        if (Valid(s.MountPosition, MountAge))
        {
            AzEl m = s.MountPosition.Value;
            laser.Add(Above(m.ElevationDeg, MaskDeg, SafetyReason.BelowLaserElevationMask));
            laser.Add(OutsideZones(m));
        }

        Judge(laser, p.LaserReasons, "laser");
        Require(!p.LaserOn || !hazard, "the laser is on during a hazard");
        Require(p.LaserOn == _auditLaser, "the audit trail disagrees about the laser");

        var motion = new Conditions();
        motion.Add(Clock());
        motion.Add(Interlock(s.EStopOk, InterlockAge, SafetyReason.EStop, SafetyReason.EStopInputInvalid));
        Judge(motion, p.MountMotionReasons, "mount motion");
        Require(p.MountMotionPermitted == _auditMotion, "the audit trail disagrees about mount motion");

        var target = motion;
        target.Add(Target());
        if (Valid(s.CommandedTarget, TargetAge))
        {
            // The sun matters only for a usable target; an absent or broken one is refused for that alone.
            target.Add(Position(s.Sun, SunAge, SafetyReason.SunPositionInvalid));
            target.Add(Cone(s.CommandedTarget, TargetAge, SafetyReason.TargetInSunCone));
        }
        Judge(target, p.MountTargetReasons, "mount target");
        Require(p.MountTargetPermitted == _auditTarget, "the audit trail disagrees about the mount target");

        if (hazard && _armed)
        {
            Require(disarmedNow, "a hazard did not disarm the laser");
            totals.HazardDisarms++;
            _armed = false;
        }

        _lastHazard = hazard;
        _evaluatedOnce = true;
        totals.GateOnTicks += p.GateOn(0) || p.GateOn(1) || p.GateOn(2) || p.GateOn(3) ? 1 : 0;
        totals.LaserOnTicks += p.LaserOn ? 1 : 0;
        totals.TargetOnTicks += p.MountTargetPermitted ? 1 : 0;
    }

    public void CheckWindow(in CountWindow w, CountVerdict verdict, bool monitorLatched)
    {
        int ch = w.Channel;
        bool valid = w.Counts >= 0 && w.Counts <= 0.1 / 22e-9 * 1.05;
        _lastWindowValid[ch] = valid;
        if (!valid)
        {
            Require(verdict == CountVerdict.Rejected, $"channel {ch}: impossible counts {w.Counts} were accepted");
            return;
        }

        bool cause = w.Counts > 200_000 || w.Counts >= 0.5 * 0.1 / 22e-9 || w.HardwareTripped;
        if (cause)
        {
            _latched[ch] = true;
            _lastCauseEnd[ch] = w.End;
        }

        _lastWindowEnd[ch] = w.End;
        _lastShowedCause[ch] = cause;
        Require(monitorLatched == _latched[ch], $"channel {ch}: monitor latch {monitorLatched}, expected {_latched[ch]} after {w.Counts} counts");
        Require(verdict == (_latched[ch] ? CountVerdict.Tripped : CountVerdict.Normal), $"channel {ch}: verdict {verdict}");
    }

    public void CheckReset(int ch, DateTimeOffset now, TripResetResult result)
    {
        if (result == TripResetResult.NotLatched)
        {
            Require(!_latched[ch], $"channel {ch}: reset says not latched, but it is");
            return;
        }

        Require(_latched[ch], $"channel {ch}: reset answered {result} for a trip that is not latched");
        if (result != TripResetResult.Accepted)
        {
            return;
        }

        TimeSpan sinceWindow = now - _lastWindowEnd[ch];
        Require(_lastWindowValid[ch] && !_lastShowedCause[ch], $"channel {ch}: reset accepted while the latest window shows the cause or is invalid");
        Require(sinceWindow >= TimeSpan.Zero && sinceWindow <= TimeSpan.FromMilliseconds(200), $"channel {ch}: reset accepted {sinceWindow} after the last window");
        Require(now - _lastCauseEnd[ch] >= TimeSpan.FromSeconds(1), $"channel {ch}: reset accepted {now - _lastCauseEnd[ch]} after the trip");
        _latched[ch] = false;
        totals.ResetsAccepted++;
    }

    public void CheckArm(SafetyReason refusal)
    {
        bool shouldRefuse = !_evaluatedOnce || _lastHazard;
        Require((refusal != SafetyReason.None) == shouldRefuse, $"arming answered [{refusal}] with hazard {_lastHazard}");
        _armed |= refusal == SafetyReason.None;
    }

    public void NoteDisarm() => _armed = false;

    public void Record(in PermissionChange change)
    {
        totals.AuditRecords++;
        _auditAt = change.At;
        Require(change.Permitted == (change.Reasons == SafetyReason.None) && (change.Added | change.Removed) != SafetyReason.None, "an audit record contradicts itself");
        switch (change.Kind)
        {
            case PermissionKind.DetectorGate: _auditGate[change.Channel] = change.Permitted; break;
            case PermissionKind.UplinkLaser: _auditLaser = change.Permitted; break;
            case PermissionKind.MountMotion: _auditMotion = change.Permitted; break;
            default: _auditTarget = change.Permitted; break;
        }
    }

    public void Record(in SecurityEvent securityEvent) =>
        totals.Trips += securityEvent.Kind is SecurityEventKind.SoftwareTrip or SecurityEventKind.HardwareTrip ? 1 : 0;

    private static (Verdict, SafetyReason) Pass => (Verdict.Pass, SafetyReason.None);

    private static (Verdict, SafetyReason) Fail(SafetyReason r) => (Verdict.Fail, r);

    private static TimeSpan Age(double seconds) => TimeSpan.FromSeconds(seconds);

    private static void Require(bool ok, string what)
    {
        if (!ok)
        {
            throw new InvalidOperationException(what);
        }
    }

    /// <summary>Throws with the message when <paramref name="ok"/> is false; the message is only formatted then (see <see cref="RequireHandler"/>).</summary>
    private static void Require(bool ok, [InterpolatedStringHandlerArgument(nameof(ok))] ref RequireHandler what)
    {
        if (!ok)
        {
            throw new InvalidOperationException(what.ToStringAndClear());
        }
    }

    private static Vector Unit(AzEl d)
    {
        double az = d.AzimuthDeg * Math.PI / 180, el = d.ElevationDeg * Math.PI / 180;
        return new Vector(Math.Cos(el) * Math.Sin(az), Math.Cos(el) * Math.Cos(az), Math.Sin(el));
    }

    private void Judge(in Conditions c, SafetyReason reasons, string what)
    {
        bool anyFail = false, allPass = true;
        for (int i = 0; i < c.Count; i++)
        {
            var (verdict, reason) = c[i];
            allPass &= verdict == Verdict.Pass;
            if (verdict == Verdict.Fail)
            {
                anyFail = true;
                Require((reasons & reason) == reason, $"{what}: condition [{reason}] fails but the reasons are [{reasons}]");
            }
        }

        Require(!anyFail || reasons != SafetyReason.None, $"{what} is permitted while a condition fails");
        Require(!allPass || reasons == SafetyReason.None, $"{what} is forbidden [{reasons}] though every condition holds");
        totals.RefusalsChecked += anyFail ? 1 : 0;
    }

    private bool Valid<T>(in Sensed<T> x, TimeSpan maxAge)
        where T : struct =>
        _s.Now != default && x.Status == SensorStatus.Valid && _s.Now - x.SampledAt <= maxAge && x.SampledAt - _s.Now <= Skew
        && (x.Value is not AzEl a || (double.IsFinite(a.AzimuthDeg) && double.IsFinite(a.ElevationDeg)));

    private (Verdict, SafetyReason) Interlock(in Sensed<bool> x, TimeSpan maxAge, SafetyReason off, SafetyReason invalid) =>
        !Valid(x, maxAge) ? Fail(invalid) : x.Value == (off is SafetyReason.TripLatched or SafetyReason.BrightLight or SafetyReason.FilterWheelMoving) ? Fail(off) : Pass;

    private (Verdict, SafetyReason) Clock() => _s.Now == default ? Fail(SafetyReason.ClockUnset) : Pass;

    private (Verdict, SafetyReason) Position(in Sensed<AzEl> x, TimeSpan maxAge, SafetyReason invalid) => Valid(x, maxAge) ? Pass : Fail(invalid);

    private Conditions Common(bool sunAndMountForDetectors = true)
    {
        var c = new Conditions();
        c.Add(Clock());
        c.Add(Interlock(_s.EStopOk, InterlockAge, SafetyReason.EStop, SafetyReason.EStopInputInvalid));
        c.Add(Interlock(_s.WatchdogAlive, WatchdogAge, SafetyReason.WatchdogNotAlive, SafetyReason.WatchdogInputInvalid));
        if (sunAndMountForDetectors)
        {
            c.Add(Position(_s.MountPosition, MountAge, SafetyReason.MountPositionInvalid));
            c.Add(Position(_s.Sun, SunAge, SafetyReason.SunPositionInvalid));
        }

        return c;
    }

    private bool Hazard()
    {
        TimeSpan interlocks = InterlockAge;
        bool ok = _s.Now != default
            && Valid(_s.AircraftOk, interlocks) && _s.AircraftOk.Value
            && Valid(_s.HardwareKeyOk, interlocks) && _s.HardwareKeyOk.Value
            && Valid(_s.EStopOk, interlocks) && _s.EStopOk.Value
            && Valid(_s.WatchdogAlive, WatchdogAge) && _s.WatchdogAlive.Value;
        return !ok;
    }

    /// <summary>The angle from a direction to the sun must exceed the cone; unknown when either is invalid (another condition fails then).</summary>
    private (Verdict, SafetyReason) Cone(in Sensed<AzEl> direction, TimeSpan maxAge, SafetyReason inCone)
    {
        if (!Valid(direction, maxAge) || !Valid(_s.Sun, SunAge))
        {
            return inCone == SafetyReason.TargetInSunCone && direction.Status == SensorStatus.Unknown ? Pass : (Verdict.Border, SafetyReason.None);
        }

        Vector a = Unit(direction.Value), b = Unit(_s.Sun.Value);
        double angle = Math.Atan2(Vector.Cross(a, b).Length, Vector.Dot(a, b)) * 180 / Math.PI;
        return Above(angle, O.MountLimits.SunExclusionDeg, inCone, strictlyAbove: true);
    }

    private static (Verdict, SafetyReason) Above(double value, double limit, SafetyReason reason, bool strictlyAbove = false) =>
        value > limit + Eps ? Pass : value < limit - Eps ? Fail(reason) : (strictlyAbove || value != limit) ? (Verdict.Border, SafetyReason.None) : Pass;

    private (Verdict, SafetyReason) NightOrDaylight()
    {
        if (!Valid(_s.Sun, SunAge))
        {
            return (Verdict.Border, SafetyReason.None); // SunPositionInvalid fails in Common
        }

        double el = _s.Sun.Value.ElevationDeg, night = NightDeg;
        if (el < night - Eps)
        {
            return Pass;
        }

        if (!_s.DaylightMode)
        {
            return el >= night ? Fail(SafetyReason.SunAboveNightLimit) : (Verdict.Border, SafetyReason.None);
        }

        for (int w = 0; w < 2; w++)
        {
            Sensed<int> slot = _s.Wheel(w).Slot;
            if (Valid(slot, WheelAge) && Approved[w].Contains(slot.Value))
            {
                return Pass;
            }
        }

        return el >= night ? Fail(SafetyReason.DaylightFilterNotInBeam) : (Verdict.Border, SafetyReason.None);
    }

    private static (Verdict, SafetyReason) OutsideZones(AzEl m)
    {
        var verdict = Pass;
        foreach (var (from, width, lo, hi) in Zones)
        {
            double d = (((m.AzimuthDeg - from) % 360) + 360) % 360;
            bool clearlyIn = m.ElevationDeg > lo + Eps && m.ElevationDeg < hi - Eps && d > Eps && d < width - Eps;
            bool clearlyOut = m.ElevationDeg < lo - Eps || m.ElevationDeg > hi + Eps || (d > width + Eps && d < 360 - Eps);
            if (clearlyIn)
            {
                return Fail(SafetyReason.InNoFireZone);
            }

            if (!clearlyOut)
            {
                verdict = (Verdict.Border, SafetyReason.None);
            }
        }

        return verdict;
    }

    private (Verdict, SafetyReason) Target()
    {
        Sensed<AzEl> t = _s.CommandedTarget;
        if (t.Status == SensorStatus.Unknown)
        {
            return Fail(SafetyReason.NoTarget);
        }

        if (!Valid(t, TargetAge))
        {
            return Fail(SafetyReason.TargetInputInvalid);
        }

        var l = O.MountLimits;
        double az = t.Value.AzimuthDeg, el = t.Value.ElevationDeg;
        bool clearlyIn = az > l.AzimuthMinDeg + Eps && az < l.AzimuthMaxDeg - Eps && el > l.ElevationMinDeg + Eps && el < l.ElevationMaxDeg - Eps;
        bool clearlyOut = az < l.AzimuthMinDeg - Eps || az > l.AzimuthMaxDeg + Eps || el < l.ElevationMinDeg - Eps || el > l.ElevationMaxDeg + Eps;
        return clearlyOut ? Fail(SafetyReason.TargetBeyondLimits) : clearlyIn ? Pass : (Verdict.Border, SafetyReason.None);
    }
}

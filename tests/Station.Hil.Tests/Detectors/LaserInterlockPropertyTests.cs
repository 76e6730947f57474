using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Station.Devices.Board;
using Station.Devices.Interlocks;
using Station.Devices.UplinkLaser;
using Station.Emulator;
using Station.Emulator.Faults;
using Station.Emulator.World;

namespace Station.Hil.Tests.Detectors;

/// <summary>
/// Random sequences of interlock changes, faults, switch-on attempts and time steps: the laser never emits while an
/// interlock is not OK. The e-stop and aircraft inputs are GPIO events, so the driver's enable must drop at once;
/// the key and watchdog act in hardware at once and reach the driver through the polled expander, so its enable must
/// drop within one poll period; an unreadable expander must switch the driver off within one poll period too.
/// </summary>
public sealed class LaserInterlockPropertyTests
{
    // Switch-on attempts and short time steps are weighted up so that most runs have the laser on when things change.
    private static readonly Gen<LaserOpKind> Kind = Gen.Frequency(
        (2, Gen.Elements(LaserOpKind.Estop, LaserOpKind.Aircraft, LaserOpKind.Key, LaserOpKind.Starvation, LaserOpKind.WatchdogReset)),
        (2, Gen.Constant(LaserOpKind.SwitchOn)),
        (1, Gen.Constant(LaserOpKind.SwitchOff)),
        (4, Gen.Constant(LaserOpKind.Advance)),
        (1, Gen.Elements(LaserOpKind.AircraftFault, LaserOpKind.EstopFault, LaserOpKind.ExpanderFault)));

    private static readonly Gen<LaserOp> Operation =
        from kind in Kind
        from argument in Gen.Choose(0, 150)
        select new LaserOp(kind, argument);

    [Property(MaxTest = 200)]
    public Property Laser_never_emits_while_an_interlock_is_not_ok() =>
        Prop.ForAll(Operation.ListOf().ToArbitrary(), operations =>
        {
            using var bench = new DetectorBench();
            using var interlocks = bench.OpenInterlocks();
            var laser = bench.OpenLaser(interlocks);
            var monitor = new InterlockMonitor(bench.Station, laser);
            bench.Station.World.Add(monitor);
            foreach (var operation in operations)
            {
                Apply(bench, laser, monitor, operation);
                monitor.Check(bench.Time.GetUtcNow(), $"after {operation}");
            }

            return monitor.Violation is null ? true : throw new InvalidOperationException(monitor.Violation);
        });

    private static void Apply(DetectorBench bench, UplinkLaser laser, InterlockMonitor monitor, LaserOp operation)
    {
        var panel = bench.Station.InterlockPanel;
        var faults = bench.Station.Faults;
        bool on = operation.Argument % 2 == 1;
        var duration = TimeSpan.FromMilliseconds(operation.Argument);
        switch (operation.Kind)
        {
            case LaserOpKind.Estop:
                panel.EstopPressed = on;
                break;
            case LaserOpKind.Aircraft:
                panel.AircraftPresent = on;
                break;
            case LaserOpKind.Key:
                panel.KeyOn = on;
                break;
            case LaserOpKind.Starvation when on:
                faults.InjectNow(FaultKind.WatchdogStarvation, DeviceId.Interlocks, duration);
                break;
            case LaserOpKind.Starvation:
                faults.Clear(FaultKind.WatchdogStarvation, DeviceId.Interlocks);
                break;
            case LaserOpKind.WatchdogReset:
                bench.Station.Watchdog.Reset();
                break;
            case LaserOpKind.SwitchOn:
                var result = laser.TrySwitchOn();
                monitor.CheckSwitchOn(result, bench.Time.GetUtcNow());
                break;
            case LaserOpKind.SwitchOff:
                laser.SwitchOff();
                break;
            case LaserOpKind.Advance:
                bench.Time.Advance(duration);
                break;
            case LaserOpKind.AircraftFault:
                faults.InjectNow(FaultKind.AircraftAlarm, DeviceId.UplinkLaser, duration);
                panel.Apply(); // the alarm reaches the line now, not at the next physics step
                break;
            case LaserOpKind.EstopFault:
                faults.InjectNow(FaultKind.Estop, DeviceId.Interlocks, duration);
                panel.Apply();
                break;
            case LaserOpKind.ExpanderFault:
                faults.InjectNow(FaultKind.NoResponse, DeviceId.Interlocks, duration);
                break;
        }
    }

    private enum LaserOpKind
    {
        Estop,
        Aircraft,
        Key,
        Starvation,
        WatchdogReset,
        SwitchOn,
        SwitchOff,
        Advance,
        AircraftFault,
        EstopFault,
        ExpanderFault,
    }

    private sealed record LaserOp(LaserOpKind Kind, int Argument)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Kind}({Argument})");
    }

    /// <summary>Checks the physical truth against the laser at every physics step and after every operation.</summary>
    private sealed class InterlockMonitor(EmulatedStation station, UplinkLaser laser) : IWorldComponent
    {
        private DateTimeOffset? _slowNotOkSince;

        public string? Violation { get; private set; }

        public void Advance(DateTimeOffset now) => Check(now, "at a physics step");

        public void Check(DateTimeOffset now, string where)
        {
            var panel = station.InterlockPanel;
            var twin = station.UplinkLaser;
            bool fast = panel.EstopActive || panel.AircraftAlarmActive;
            bool hardware = !panel.KeyOn || station.Watchdog.IsCut;
            bool slow = hardware || station.Faults.IsActive(FaultKind.NoResponse, DeviceId.Interlocks);
            _slowNotOkSince = slow ? _slowNotOkSince ?? now : null;
            if (twin.IsEmitting && (fast || hardware))
            {
                Fail(now, where, "the laser emits");
            }
            else if (twin.EnableCommanded && fast)
            {
                Fail(now, where, "laser_enable is asserted while e-stop or aircraft alarm is active");
            }
            else if (twin.EnableCommanded && _slowNotOkSince is { } since && now - since > laser.PollPeriod)
            {
                Fail(now, where, $"laser_enable is still asserted {(now - since).TotalMilliseconds} ms after key, watchdog or expander went not OK");
            }
        }

        public void CheckSwitchOn(LaserSwitchResult result, DateTimeOffset now)
        {
            var panel = station.InterlockPanel;
            bool allOk = !panel.EstopActive && !panel.AircraftAlarmActive && panel.KeyOn && !station.Watchdog.IsCut
                && !station.Faults.IsActive(FaultKind.NoResponse, DeviceId.Interlocks);
            if (result.Accepted != allOk)
            {
                Fail(now, "at switch-on", $"accepted {result.Accepted} although every interlock OK is {allOk} (refusal: {InterlockFaultText.Describe(result.Refusal)})");
            }
        }

        private void Fail(DateTimeOffset now, string where, string what) =>
            Violation ??= $"{now:HH:mm:ss.fff} {where}: {what} (e-stop {station.InterlockPanel.EstopActive}, aircraft {station.InterlockPanel.AircraftAlarmActive}, key {station.InterlockPanel.KeyOn}, watchdog {station.Watchdog.State}, driver {laser.State})";
    }
}

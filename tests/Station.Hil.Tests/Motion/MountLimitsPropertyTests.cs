using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;
using Station.Devices.Board;
using Station.Emulator.Faults;
using Station.Emulator.World;
using Station.Firmware.Motion;
using Xunit.Abstractions;

namespace Station.Hil.Tests.Motion;

/// <summary>
/// Random sequences of mount commands (slews anywhere, including beyond the travel and into the sun; park, unpark,
/// abort, e-stop, fault reset, re-homing), stalls and time steps through the <see cref="MountController"/> and the
/// emulated drivers and axes: at every physics step (1 ms) the true axis angles stay within the axes' travel, and a
/// refused command moves nothing.
/// </summary>
public sealed class MountLimitsPropertyTests(ITestOutputHelper output)
{
    private const int Cases = 12;

    private enum Op
    {
        Slew,
        Park,
        Unpark,
        Abort,
        EStop,
        Reset,
        Home,
        Stall,
        Sun,
        Wait,
    }

    private sealed record Step(Op Kind, int A, int B, int WaitMs);

    private static readonly Gen<Step> StepGen =
        from kind in Gen.Frequency(
            (10, Gen.Constant(Op.Slew)),
            (2, Gen.Elements(Op.Park, Op.Unpark, Op.Abort)),
            (1, Gen.Elements(Op.EStop, Op.Reset, Op.Home, Op.Stall)),
            (2, Gen.Elements(Op.Sun, Op.Wait)))
        from a in Gen.Choose(-330, 330)
        from b in Gen.Choose(-20, 110)
        from wait in Gen.Frequency((3, Gen.Choose(10, 500)), (2, Gen.Choose(500, 8000)), (1, Gen.Choose(8000, 60000)))
        select new Step(kind, a, b, wait);

    [Fact]
    public void Random_commands_stalls_and_time_steps_never_take_an_axis_beyond_its_travel()
    {
        long checkedSteps = 0, commands = 0, refusals = 0;
        Property property = Prop.ForAll(StepGen.ArrayOf(40).ToArbitrary(), steps =>
        {
            using var s = MountControllerTestStation.Homed();
            var watch = new TravelWatch(s);
            s.Station.World.Add(watch);
            foreach (var step in steps)
            {
                commands++;
                long before = s.MotionDatagrams;
                try
                {
                    Apply(s, step);
                }
                catch (MountCommandRefusedException)
                {
                    refusals++;
                    Assert.Equal(before, s.MotionDatagrams); // a refusal sends nothing
                }

                s.Time.Advance(TimeSpan.FromMilliseconds(step.WaitMs));
                if (watch.Violation is { } violation)
                {
                    throw new InvalidOperationException(violation + " after " + string.Join(", ", steps));
                }
            }

            checkedSteps += watch.Steps;
            return true;
        });

        var config = Config.QuickThrowOnFailure.WithMaxTest(Cases).WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(20261128UL), FSharpOption<int>.None)));
        Check.One(config, property);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"checked {checkedSteps:N0} physics steps (1 ms) of the true axes in {Cases} random sequences: {commands} commands, {refusals} refused (each sent no datagram)"));
        Assert.True(checkedSteps > 1_000_000, $"{checkedSteps} steps");
        Assert.True(refusals > 0 && refusals < commands, $"{refusals} of {commands} refused: the sequences should exercise both outcomes");
    }

    private static void Apply(MountControllerTestStation s, Step step)
    {
        var c = s.Controller;
        switch (step.Kind)
        {
            case Op.Slew:
                c.SlewTo(step.A, step.B);
                break;
            case Op.Park:
                c.Park();
                break;
            case Op.Unpark:
                c.Unpark();
                break;
            case Op.Abort:
                c.Abort();
                break;
            case Op.EStop:
                c.EStop("property test");
                break;
            case Op.Reset:
                c.ResetFault();
                break;
            case Op.Home:
                c.Home();
                break;
            case Op.Stall:
                s.Station.Faults.InjectNow(FaultKind.MotorStall, step.A >= 0 ? DeviceId.AzMotor : DeviceId.ElMotor, TimeSpan.FromMilliseconds(step.WaitMs));
                break;
            case Op.Sun:
                s.Sun = ((step.A + 360) % 360, step.B - 30);
                break;
        }
    }

    /// <summary>
    /// Checks the true axis angles against the axes' travel at every physics step, to 0.001° (3.6″): a target on the
    /// limit itself ends within a microstep (0.25″) and the drive train's ringing of it.
    /// </summary>
    private sealed class TravelWatch(MountControllerTestStation s) : IWorldComponent
    {
        private const double Tolerance = 0.001;

        private static readonly AxisOptions Az = MountControllerTestStation.AzimuthAxis;
        private static readonly AxisOptions El = MountControllerTestStation.ElevationAxis;

        public long Steps { get; private set; }

        public string? Violation { get; private set; }

        public void Advance(DateTimeOffset now)
        {
            Steps++;
            double az = s.Station.Azimuth.AngleDegrees, el = s.Station.Elevation.AngleDegrees;
            if (Violation is null && (az < Az.MinAngleDeg - Tolerance || az > Az.MaxAngleDeg + Tolerance || el < El.MinAngleDeg - Tolerance || el > El.MaxAngleDeg + Tolerance))
            {
                Violation = string.Create(CultureInfo.InvariantCulture, $"at {now:HH:mm:ss.fff} the true axes were at az {az:0.######}°, el {el:0.######}°, beyond the travel");
            }
        }
    }
}

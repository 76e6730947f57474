using System.Globalization;
using Station.Core.Detectors;
using Station.Core.Safety;
using Station.Devices.GateCounter;
using UnitsNet;

namespace Station.Firmware.Safety;

/// <summary>Configuration of the <see cref="SafetyLoop"/>: its timing, the supervisor's rules and the count monitor.</summary>
public sealed record SafetyLoopOptions
{
    /// <summary>The control tick: sense, evaluate, apply, toggle the watchdog heartbeat (1–50 ms; the watchdog cuts after 100 ms).</summary>
    public TimeSpan ControlTick { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>How often the sun's position is recomputed (it moves 0.004°/s); must stay under the supervisor's sun age limit.</summary>
    public TimeSpan SunRefreshInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// How often every gate enable is written again even if unchanged, so a line disturbed by anything else is put
    /// right; between refreshes only changes are written (a GPIO write allocates in System.Device.Gpio 4.2).
    /// </summary>
    public TimeSpan GateRefreshInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The supervisor's rules (sun cone, night limit, laser mask, no-fire zones, input ages, filter wheels).</summary>
    public SafetyOptions Safety { get; init; } = new();

    /// <summary>
    /// The count monitor (integration window, software trip, dead time, dark counts, anomaly tests). Dark-count rates are
    /// as the board counts them, i.e. through the gates: the default 10 Hz is a 100 Hz detector behind the board's reset
    /// gating (10 ns every 100 ns). A rate set too high makes the collapse test cry wolf.
    /// </summary>
    public CountMonitorOptions CountMonitor { get; init; } = new()
    {
        DarkCountRates = [.. Enumerable.Repeat(Frequency.FromHertz(10), 4)],
    };

    /// <summary>Every problem with these options, each naming the option, its value and what was expected (empty when usable).</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        void Require(bool ok, FormattableString text)
        {
            if (!ok)
            {
                problems.Add(text.ToString(CultureInfo.InvariantCulture));
            }
        }

        double tickMs = ControlTick.TotalMilliseconds;
        Require(tickMs is >= 1 and <= 50, $"ControlTick is {tickMs} ms; expected 1…50 ms (the heartbeat toggles each tick and the watchdog cuts after 100 ms)");
        if (Safety is null || CountMonitor is null)
        {
            Require(Safety is not null, $"Safety is missing");
            Require(CountMonitor is not null, $"CountMonitor is missing");
            return problems;
        }

        problems.AddRange(SafetyConfiguration.Validate(Safety).Select(p => "Safety: " + p));
        problems.AddRange(CountMonitor.Validate().Select(p => "CountMonitor: " + p));
        Require(Safety.ChannelCount == CountMonitor.ChannelCount, $"Safety.ChannelCount ({Safety.ChannelCount}) and CountMonitor.ChannelCount ({CountMonitor.ChannelCount}) must agree");
        Require(Safety.ChannelCount <= GateCounterBoard.ChannelCount, $"Safety.ChannelCount is {Safety.ChannelCount}; the gate/counter board has {GateCounterBoard.ChannelCount} channels");
        if (Safety.MaxAges is { } ages)
        {
            // Inputs read every tick must survive one tick of age, or they would be stale at every evaluation.
            foreach (var (name, age) in new[] { ("MountPosition", ages.MountPosition), ("Interlocks", ages.Interlocks), ("Watchdog", ages.Watchdog), ("BrightLight", ages.BrightLight), ("FilterWheels", ages.FilterWheels) })
            {
                Require(age.ToTimeSpan() > ControlTick, $"Safety.MaxAges.{name} ({age.Milliseconds} ms) must exceed ControlTick ({tickMs} ms)");
            }

            double windowMs = CountMonitor.IntegrationWindow.Milliseconds;
            Require(CountMonitor.IntegrationWindow.ToTimeSpan() + ControlTick < ages.TripState.ToTimeSpan(),
                $"Safety.MaxAges.TripState ({ages.TripState.Milliseconds} ms) must exceed CountMonitor.IntegrationWindow ({windowMs} ms) + ControlTick ({tickMs} ms): the trip state is renewed once per window");
            Require(SunRefreshInterval >= ControlTick && SunRefreshInterval + ControlTick < ages.Sun.ToTimeSpan(),
                $"SunRefreshInterval is {SunRefreshInterval.TotalMilliseconds} ms; expected at least ControlTick ({tickMs} ms) and, plus one tick, under Safety.MaxAges.Sun ({ages.Sun.Milliseconds} ms)");
        }

        Require(GateRefreshInterval >= ControlTick && GateRefreshInterval <= TimeSpan.FromSeconds(60),
            $"GateRefreshInterval is {GateRefreshInterval.TotalMilliseconds} ms; expected ControlTick ({tickMs} ms)…60 s");
        return problems;
    }
}

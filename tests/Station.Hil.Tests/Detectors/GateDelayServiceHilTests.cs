using Station.Core.Orbits;
using Station.Devices.Board;
using Station.Emulator.Faults;
using Station.Firmware.Detectors;
using Xunit.Abstractions;
using Station.Tests.Shared;

namespace Station.Hil.Tests.Detectors;

/// <summary>The gate-delay service following the light time of a Micius pass on the emulated gate/counter board.</summary>
public sealed class GateDelayServiceHilTests(ITestOutputHelper output)
{
    private const double StepNs = GateDelayServiceOptions.BoardStepNs;

    private static DateTime Culmination => GateDelayBench.Pass.Value.Culmination;

    private static Sgp4Propagator Micius => GateDelayBench.Pass.Value.Satellite;

    /// <summary>
    /// Checks the board against the light time at the instant the last update is centred on: the gate must hold the
    /// pulse arrival, and be centred on it (within one 10 ps step) wherever the board can express a centred gate.
    /// Returns the centring error in steps (NaN when the gate was legitimately moved off the period boundary).
    /// </summary>
    private static double CheckChannel(GateDelayBench b, GateChannelConfiguration channel, double tauS)
    {
        var (period, delay, width) = b.Station.GateCounter.GateRegisters(channel.Channel);
        Assert.Equal((uint)Math.Round(channel.WidthNs / StepNs), width);
        double opening = ((tauS * 1e9) + channel.InstrumentDelayNs) / StepNs - (width / 2.0);
        double fine = opening - (Math.Floor(opening / period) * period);
        double arrival = (fine + (width / 2.0)) % period;
        double inGate = arrival - delay;
        inGate -= Math.Floor(inGate / period) * period; // the arrival's place within the gate, circularly
        Assert.True(inGate <= width + 1 || inGate >= period - 1, $"channel {channel.Channel}: the pulse arrives at {arrival:0.##} units, outside the gate [{delay}, {delay + width}] of period {period}");
        if (fine > period - width + 1)
        {
            return double.NaN; // the centred gate would cross the period boundary: moved, pulse still inside (checked above)
        }

        double error = delay - fine;
        error -= Math.Round(error / period) * period;
        Assert.True(Math.Abs(error) <= 1, $"channel {channel.Channel}: delay register {delay}, light time puts the centred opening at {fine:0.###} units");
        return error;
    }

    [Theory]
    [InlineData(-30)]  // through culmination: the light time turns round
    [InlineData(-240)] // low in the east: the range falls fastest
    public void Delays_follow_the_light_time_over_a_minute_of_the_pass_with_one_delay_write_per_channel_and_update(int fromCulminationS)
    {
        var options = GateDelayBench.HundredMegahertz();
        using var b = new GateDelayBench(options, Culmination.AddSeconds(fromCulminationS));
        b.Start();
        b.Writes.Clear();
        b.Service.Track(Micius, GateDelayBench.Delingha, EarthOrientationParameters.Zero);

        int samples = 0, centred = 0;
        double worst = 0, tauFirst = double.NaN, tauLast = double.NaN;
        var lastValue = new Dictionary<byte, uint>();
        var distinct = new HashSet<long>();
        for (int ms = 0; ms <= 60_000; ms++)
        {
            if (ms > 0)
            {
                b.Time.Advance(TimeSpan.FromMilliseconds(1));
            }

            var update = b.Service.LastUpdate;
            Assert.Equal(b.Time.GetUtcNow(), update.At); // an update every millisecond, none missed
            Assert.Equal(update.At.AddMilliseconds(0.5), update.Reference);

            // No glitch: only GATE_DELAY_n of the tracked channels is written, once per update, so every state the
            // board passes through is the old gate or the new one of each channel, and all are valid gates.
            var perAddress = b.Writes.GroupBy(w => w.Address).ToList();
            Assert.All(perAddress, g => Assert.Contains(g.Key, new byte[] { 0x10, 0x18 }));
            Assert.All(perAddress, g => Assert.Single(g));
            b.Writes.ForEach(w => lastValue[w.Address] = w.Value);
            b.Writes.Clear();

            double tau = GateDelayBench.LightTimeAt(update.Reference);
            tauFirst = double.IsNaN(tauFirst) ? tau : tauFirst;
            tauLast = tau;
            foreach (var channel in options.Channels)
            {
                double error = CheckChannel(b, channel, tau);
                if (!double.IsNaN(error))
                {
                    worst = Math.Max(worst, Math.Abs(error));
                    centred++;
                }
            }

            distinct.Add(b.Service.DelayUnits(0));
            samples++;
        }

        output.WriteLine($"{samples} updates over 60 s from culmination {fromCulminationS:+0;-0} s; light time {tauFirst * 1e3:0.######} → {tauLast * 1e3:0.######} ms; " +
            $"{b.Service.WriteCount} delay writes, {b.Service.BoundaryMoves} gates moved off the period boundary; worst centring error {worst * 10:0.#} ps over {centred} centred gates");
        Assert.Equal(samples, b.Service.UpdateCount);
        Assert.Equal(0, b.Service.FailedUpdates);
        Assert.True(distinct.Count > 900, $"channel 0 took only {distinct.Count} delays: the delay did not follow the range");
        Assert.True(b.Service.BoundaryMoves > 0, "the 10 ns period was never wrapped: the boundary rule went untested");
        Assert.True(Math.Abs(tauFirst - tauLast) > 1e-6, "the range hardly changed: not a pass");
    }

    [Fact]
    public void An_update_allocates_nothing_in_steady_state()
    {
        using var b = new GateDelayBench(GateDelayBench.HundredMegahertz(), Culmination.AddSeconds(-200));
        b.Start();
        b.Service.Track(Micius, GateDelayBench.Delingha, EarthOrientationParameters.Zero);
        b.Time.Advance(TimeSpan.FromSeconds(1)); // warm up (one-off allocations of the first updates)
        b.Writes.Capacity = b.Writes.Count + 30_000; // three measured runs at most

        long tracking = Allocations.Fewest(() => b.Time.Advance(TimeSpan.FromSeconds(2))); // 2,000 updates a run
        long updates = b.Service.UpdateCount;
        b.Service.StopTracking();
        long idle = Allocations.Fewest(() => b.Time.Advance(TimeSpan.FromSeconds(2)));

        // The emulated station's own timers allocate a little per simulated second; the updates must add nothing.
        output.WriteLine($"two simulated seconds: {tracking} B allocated while tracking (2,000 updates), {idle} B without");
        Assert.Equal(updates, b.Service.UpdateCount);
        Assert.Equal(0, (updates - 1_001) % 2_000); // 1,001 in the warm-up second, 2,000 a measured run
        Assert.Equal(idle, tracking);
    }

    [Fact]
    public void At_start_up_the_period_and_widths_are_set_in_an_order_the_board_accepts()
    {
        var options = GateDelayBench.HundredMegahertz();
        using var b = new GateDelayBench(options, Culmination.AddSeconds(-30));
        Assert.Equal((10_000u, 0u, 1_000u), b.Station.GateCounter.GateRegisters(0)); // reset: 100 ns period, 10 ns gates

        b.Start();

        Assert.Equal((1_000u, 0u, 100u), b.Station.GateCounter.GateRegisters(0));
        Assert.Equal((1_000u, 0u, 1_000u), b.Station.GateCounter.GateRegisters(1)); // not configured: still fits the period
        Assert.Equal((1_000u, 0u, 250u), b.Station.GateCounter.GateRegisters(2));
        Assert.Equal(0x07, b.Writes[^1].Address); // the period shrank last, once every gate fitted
        Assert.False(b.Service.IsTracking);
    }

    [Fact]
    public void A_continuous_source_gets_free_running_gates_and_tracking_is_refused_changing_nothing()
    {
        var options = GateDelayBench.HundredMegahertz();
        options.PulsedSource = false;
        using var b = new GateDelayBench(options, Culmination);
        b.Start();
        Assert.Equal((1_000u, 0u, 1_000u), b.Station.GateCounter.GateRegisters(0));
        Assert.Equal((1_000u, 0u, 1_000u), b.Station.GateCounter.GateRegisters(2));
        int writes = b.Writes.Count;

        var refused = Assert.Throws<InvalidOperationException>(() => b.Service.Track(Micius, GateDelayBench.Delingha, EarthOrientationParameters.Zero));

        Assert.StartsWith("The source is continuous (Station:GateDelays:PulsedSource is false)", refused.Message, StringComparison.Ordinal);
        b.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(writes, b.Writes.Count);
        Assert.False(b.Service.IsTracking);
    }

    [Fact]
    public void While_the_board_does_not_answer_the_last_delay_stays_and_tracking_resumes_correct_afterwards()
    {
        var options = GateDelayBench.HundredMegahertz();
        using var b = new GateDelayBench(options, Culmination.AddSeconds(-100));
        b.Start();
        b.Service.Track(Micius, GateDelayBench.Delingha, EarthOrientationParameters.Zero);
        b.Time.Advance(TimeSpan.FromMilliseconds(200));
        var before = b.Station.GateCounter.GateRegisters(0);

        b.Station.Faults.InjectNow(FaultKind.NoResponse, DeviceId.GateCounter, TimeSpan.FromMilliseconds(50));
        b.Time.Advance(TimeSpan.FromMilliseconds(40));
        Assert.Equal(before, b.Station.GateCounter.GateRegisters(0)); // nothing reaches a board that does not answer
        Assert.InRange(b.Service.FailedUpdates, 35, 41);

        b.Time.Advance(TimeSpan.FromMilliseconds(60));
        var update = b.Service.LastUpdate;
        Assert.Equal(b.Time.GetUtcNow(), update.At);
        double tau = GateDelayBench.LightTimeAt(update.Reference);
        foreach (var channel in options.Channels)
        {
            CheckChannel(b, channel, tau);
        }

        b.Service.StopTracking();
        long writes = b.Service.WriteCount;
        b.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(writes, b.Service.WriteCount);
    }

    [Fact]
    public void Invalid_gate_options_are_refused_naming_each_option()
    {
        var options = new GateDelayServiceOptions
        {
            PulsePeriodNs = 3,
            UpdateIntervalMs = 0,
            Channels =
            [
                new GateChannelConfiguration { Channel = 0, WidthNs = 0.05 },
                new GateChannelConfiguration { Channel = 0, WidthNs = 1 },
                new GateChannelConfiguration { Channel = 4, WidthNs = 1 },
            ],
        };

        Assert.Equal(
            [
                "Station:GateDelays.PulsePeriodNs is 3; expected a period that divides one second (pulses aligned to UTC seconds)",
                "Station:GateDelays.UpdateIntervalMs is 0; expected 0.1…1000",
                "Station:GateDelays.Channels:0.WidthNs is 0.05; expected 0.1 ns (the board's minimum) … the pulse period 3 ns",
                "Station:GateDelays.Channels:1.Channel 0 is already configured by Station:GateDelays.Channels:0",
                "Station:GateDelays.Channels:2.Channel is 4; expected a board channel 0…3",
            ],
            options.Validate());
    }
}

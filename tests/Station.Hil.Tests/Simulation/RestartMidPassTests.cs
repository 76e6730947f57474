using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Station.Cli.Simulation;
using Station.Core.Sequencing;
using Station.Emulator.Devices;
using Station.Emulator.Scenarios;
using Station.Firmware.Motion;
using Station.Firmware.Sequencing;
using Station.Firmware.Telemetry;
using Station.Hil.Tests.Telemetry;

namespace Station.Hil.Tests.Simulation;

/// <summary>
/// The firmware dies in fine lock (its timers stop dead, nothing is flushed or switched off; the emulated hardware runs
/// on as it was left): the external watchdog cuts gates and laser. A new firmware process starts on the same station
/// and journal: it comes up safe — every gate and the laser off at once, the mount homing rather than tracking — and,
/// once the operator has reset the tripped watchdog, picks the pass up again while it is on.
/// </summary>
public sealed class RestartMidPassTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_firmware_that_dies_in_fine_lock_restarts_safe_and_picks_the_pass_up()
    {
        using var pass = SimulatedPass.Prepare(Scenario.BuiltIn, _directory.Path, TimeSpan.FromSeconds(60));
        var time = pass.Time;
        var crashed = new StoppableTimeProvider(time);
        var first = pass.CreateHost(crashed);
        pass.JournalRunStart(first.Services.GetRequiredService<ITelemetrySink>());
        await first.StartAsync();
        var firstSequencer = first.Services.GetRequiredService<StationSequencerService>();
        Assert.True(time.AdvanceUntil(() => firstSequencer.State == SequencerState.FineLock && time.GetUtcNow() > pass.Aos.AddSeconds(60), TimeSpan.FromMinutes(6)));
        Assert.Contains(Enumerable.Range(0, EmulatedGateCounter.ChannelCount), pass.Station.GateCounter.IsGateOpen);

        crashed.Stop();                                        // kill: no timer of the old process fires again
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.True(pass.Station.Watchdog.IsCut, "the external watchdog cuts gates and laser when the heartbeat stops");
        Assert.DoesNotContain(Enumerable.Range(0, EmulatedGateCounter.ChannelCount), pass.Station.GateCounter.IsGateOpen);

        var second = pass.CreateHost();
        await second.StartAsync();
        time.Advance(TimeSpan.FromMilliseconds(20));          // two control ticks
        Assert.DoesNotContain(Enumerable.Range(0, EmulatedGateCounter.ChannelCount), pass.Station.GateCounter.IsGateOpen);
        Assert.False(pass.Station.UplinkLaser.IsEmitting);
        var mount = second.Services.GetRequiredService<MountController>();
        Assert.Equal(MountState.Homing, mount.State);

        pass.Station.Watchdog.Reset();                        // the operator looks, and presses the watchdog's reset
        var sequencer = second.Services.GetRequiredService<StationSequencerService>();
        Assert.True(time.AdvanceUntil(() => sequencer.State == SequencerState.FineLock, pass.Los - time.GetUtcNow()),
            $"the restarted firmware should lock again before LOS; it is {sequencer.State}: {string.Join(" | ", sequencer.Transitions.Select(t => t.Reason))}");
        Assert.StartsWith("next pass MICIUS", sequencer.Transitions[0].Reason, StringComparison.Ordinal);
        Assert.True(sequencer.Transitions[0].AtUtc > pass.Aos.UtcDateTime, "the pass was joined in progress");
        Assert.True(time.AdvanceUntil(() => Enumerable.Range(0, EmulatedGateCounter.ChannelCount).Any(pass.Station.GateCounter.IsGateOpen), TimeSpan.FromSeconds(10)),
            "in fine lock again the detectors are gated on again");
        await second.StopAsync();
        second.Dispose();
        try
        {
            first.Dispose(); // what the OS would do for the dead process; the new one has already released the shared pins
        }
        catch (AggregateException exception) when (exception.InnerExceptions.All(e => e is InvalidOperationException))
        {
        }
    }

    /// <summary>The old process's clock: its timers stop firing for good once it "dies".</summary>
    private sealed class StoppableTimeProvider(TimeProvider inner) : TimeProvider
    {
        private volatile bool _stopped;

        public void Stop() => _stopped = true;

        public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

        public override long GetTimestamp() => inner.GetTimestamp();

        public override long TimestampFrequency => inner.TimestampFrequency;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            inner.CreateTimer(s =>
            {
                if (!_stopped)
                {
                    callback(s);
                }
            }, state, dueTime, period);
    }
}

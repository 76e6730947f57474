using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Station.Core.Acquisition;
using Station.Core.Pointing;
using Station.Core.Sequencing;
using Station.Core.Timing;
using Station.Firmware.Sequencing;
using Station.Firmware.Telemetry;
using Station.Hil.Tests.Tracking;

namespace Station.Hil.Tests.Sequencing;

/// <summary>
/// The sequencer service over a scripted mount and tracker, in simulated time: it predicts the Micius pass of
/// 2016-12-29 over Delingha from the bundled TLE, plans it, and walks it from pre-point to park.
/// </summary>
public sealed class StationSequencerServiceTests
{
    private static readonly DateTimeOffset Evening = new(2016, 12, 29, 17, 40, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_pass_is_planned_pre_pointed_tracked_locked_and_parked_with_every_step_journalled()
    {
        var time = new SimulatedTimeProvider(Evening);
        var mount = new ScriptedMount(time);
        var acquisition = new ScriptedAcquisition();
        var safety = new RecordingDemands();
        var telemetry = new JournalSink();
        using var service = new StationSequencerService(
            Options.Create(new ScheduleOptions { TlePath = MiciusPasses.File, MinMaxElevationDeg = 30 }),
            mount, PointingModel.Identity, time, NullLogger<StationSequencerService>.Instance, acquisition, safety, air: null, telemetry);
        await service.StartAsync(CancellationToken.None);

        var pass = PassScheduler.ChooseNext(service.Forecast!.Passes, Evening.UtcDateTime, new ScheduleOptions { MinMaxElevationDeg = 30 }.ToRules())!;
        time.AdvanceTo(new DateTimeOffset(pass.StartUtc, TimeSpan.Zero).AddMinutes(-2).AddSeconds(1));
        Assert.Equal(SequencerState.PrePoint, service.State);
        Assert.NotNull(mount.PrePointed);
        Assert.Same(service.Trajectory, mount.PrePointed);

        mount.Arrived = true;
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(SequencerState.WaitAos, service.State);
        time.AdvanceTo(new DateTimeOffset(pass.StartUtc, TimeSpan.Zero).AddSeconds(0.2));
        Assert.Equal(SequencerState.Search, service.State);
        Assert.Same(service.Trajectory, mount.Tracked);
        Assert.True(acquisition.Running);
        var started = acquisition.Started!.Value;
        Assert.InRange(started.ElementSetAge.TotalDays, 10, 12);              // the 2016-12-18 element set, flown on the 29th
        Assert.InRange(started.RangeKm, 1000, 2000);                          // a 500 km orbit at 10° elevation
        Assert.InRange(Math.Abs(started.CrossElevationRateRadPerS) + Math.Abs(started.ElevationRateRadPerS), 1e-3, 2e-2);
        Assert.Equal(pass.StartUtc, started.Reference.UtcDateTime);

        acquisition.State = TrackerState.FineLock;
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(SequencerState.FineLock, service.State);
        Assert.Equal((true, true), safety.Last);

        time.AdvanceTo(new DateTimeOffset(pass.EndUtc, TimeSpan.Zero).AddSeconds(1));
        Assert.Equal(SequencerState.Los, service.State);                       // waits for the tracker to stop
        Assert.False(acquisition.Running);
        Assert.Equal((false, false), safety.Last);
        acquisition.State = TrackerState.Idle;
        mount.Arrived = false;
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(SequencerState.Park, service.State);
        Assert.True(mount.ParkRequested);
        mount.Arrived = true;
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(SequencerState.Idle, service.State);
        await service.StopAsync(CancellationToken.None);

        Assert.Equal(
            [SequencerState.PrePoint, SequencerState.WaitAos, SequencerState.Search, SequencerState.FineLock, SequencerState.Los, SequencerState.Park, SequencerState.Idle],
            service.Transitions.Select(t => t.To));
        Assert.Equal(7, telemetry.Events.Count(e => e.Source == "sequencer" && e.Kind == "state_changed"));
        var chosen = RunJournal.Last<PassInfo>(telemetry.Events, RunJournal.PassChosenKind)!;
        Assert.Equal(pass.StartUtc, chosen.AosUtc);
        double elapsed = (time.GetUtcNow() - Evening).TotalSeconds;
        Assert.InRange(telemetry.Mount.Count, (100 * elapsed) - 1, 100 * elapsed);  // one sample per 10 ms tick
    }

    [Fact]
    public async Task A_pass_whose_slew_the_mount_refuses_is_abandoned_with_the_reason()
    {
        var time = new SimulatedTimeProvider(Evening);
        var mount = new ScriptedMount(time) { PrePointRefusal = "the slew would cross the sun-exclusion cone" };
        using var service = new StationSequencerService(
            Options.Create(new ScheduleOptions { TlePath = MiciusPasses.File, MinMaxElevationDeg = 30 }),
            mount, PointingModel.Identity, time, NullLogger<StationSequencerService>.Instance);
        await service.StartAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(20));

        var abandoned = Assert.Single(service.Transitions, t => t.Reason.Contains("abandoned", StringComparison.Ordinal));
        Assert.EndsWith("abandoned: the slew would cross the sun-exclusion cone", abandoned.Reason, StringComparison.Ordinal);
        Assert.Equal(SequencerState.Los, abandoned.To);
        Assert.Null(mount.Tracked);
        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task An_operator_target_is_flown_though_the_priority_list_leaves_it_out_and_clearing_it_returns_to_the_schedule()
    {
        var time = new SimulatedTimeProvider(Evening);
        var mount = new ScriptedMount(time);
        var telemetry = new JournalSink();
        var options = new ScheduleOptions { TlePath = MiciusPasses.File, MinMaxElevationDeg = 30, Priority = [25544] }; // the ISS only: not in the file
        using var service = new StationSequencerService(Options.Create(options), mount, PointingModel.Identity, time, NullLogger<StationSequencerService>.Instance, telemetry: telemetry);
        await service.StartAsync(CancellationToken.None);
        Assert.NotEmpty(service.Forecast!.Passes);
        Assert.Null(service.NextPass());

        var micius = NearestElementSet(Evening.UtcDateTime);
        var next = service.SetTarget(micius);
        var expected = PassScheduler.ChooseNext(service.Forecast!.Passes, Evening.UtcDateTime, new ScheduleOptions { MinMaxElevationDeg = 30 }.ToRules())!;
        Assert.NotNull(next);
        Assert.Equal(expected.StartUtc, next.StartUtc);
        Assert.Equal(next, service.NextPass());
        Assert.Same(micius, service.Target);
        var set = Assert.Single(telemetry.Events, e => e.Kind == "target_set");
        Assert.Contains("(41731, epoch 2016-12-18", set.Message, StringComparison.Ordinal);

        time.AdvanceTo(new DateTimeOffset(next.StartUtc, TimeSpan.Zero).AddMinutes(-2).AddSeconds(1));
        Assert.Equal(SequencerState.PrePoint, service.State);
        Assert.Equal(next.StartUtc, service.CurrentPass!.StartUtc);

        service.ClearTarget();
        Assert.Null(service.Target);
        Assert.Equal(SequencerState.PrePoint, service.State); // the pass in progress is flown to its end
        mount.Arrived = true;
        time.AdvanceTo(new DateTimeOffset(next.EndUtc, TimeSpan.Zero).AddSeconds(1));
        var los = Assert.Single(service.Transitions, t => t.To == SequencerState.Los);
        Assert.True(los.AtUtc >= next.EndUtc, $"the pass ended early: {los.Reason}");
        Assert.Null(service.NextPass());                       // the schedule again: nothing it allows
        Assert.Single(telemetry.Events, e => e.Kind == "target_cleared");
        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_target_replaces_the_catalogue_element_set_of_its_satellite()
    {
        var time = new SimulatedTimeProvider(Evening);
        using var service = new StationSequencerService(
            Options.Create(new ScheduleOptions { TlePath = MiciusPasses.File, MinMaxElevationDeg = 30 }),
            new ScriptedMount(time), PointingModel.Identity, time, NullLogger<StationSequencerService>.Instance);
        await service.StartAsync(CancellationToken.None);
        var nearest = service.Forecast!.Propagator(41731);

        // The operator's element set of the same satellite (here the same elements under another name) is the one propagated.
        var operatorSet = NearestElementSet(Evening.UtcDateTime) with { Name = "MICIUS (operator)" };
        service.SetTarget(operatorSet);
        Assert.NotSame(nearest, service.Forecast!.Propagator(41731));
        Assert.Same(operatorSet, service.Forecast!.Propagator(41731).Elements);
        Assert.Single(service.Forecast!.Passes.Select(p => p.CatalogNumber).Distinct());
        await service.StopAsync(CancellationToken.None);
    }

    private static Station.Core.Orbits.ElementSet NearestElementSet(DateTime utc) =>
        Station.Core.Orbits.TleCatalog.Parse(File.ReadAllText(MiciusPasses.File)).ElementSets.MinBy(e => Math.Abs((e.EpochUtc - utc).Ticks))!;

    private sealed class ScriptedMount(TimeProvider time) : IPassMount
    {
        public bool Arrived { get; set; }

        public string? PrePointRefusal { get; init; }

        public MountTrajectory? PrePointed { get; private set; }

        public MountTrajectory? Tracked { get; private set; }

        public bool ParkRequested { get; private set; }

        public string? Fault => null;

        public bool AtDemand => Arrived;

        public double CurrentAzimuthDeg => 0;

        public MountLimits Limits { get; } = new() { AzimuthMaxRateDegPerS = 9, AzimuthMaxAccelerationDegPerS2 = 4.5, ElevationMaxRateDegPerS = 4.5, ElevationMaxAccelerationDegPerS2 = 2.7 };

        public string? PrePoint(MountTrajectory trajectory)
        {
            PrePointed = trajectory;
            return PrePointRefusal;
        }

        public string? Track(MountTrajectory trajectory)
        {
            Tracked = trajectory;
            return null;
        }

        public string? Park()
        {
            ParkRequested = true;
            return null;
        }

        public void Hold()
        {
        }

        public void EmergencyStop(string reason)
        {
        }

        public bool TryRecover() => false;

        public MountSnapshot Snapshot()
        {
            if (Tracked is { } t && time.GetUtcNow().UtcDateTime <= t.EndUtc && time.GetUtcNow().UtcDateTime >= t.StartUtc)
            {
                var s = t.Sample(time.GetUtcNow().UtcDateTime);
                return new MountSnapshot(s.AzimuthDeg, s.ElevationDeg, s.AzimuthDeg, s.ElevationDeg);
            }

            return new MountSnapshot(0, 85, 0, 85);
        }
    }

    private sealed class ScriptedAcquisition : IPassAcquisition
    {
        public TrackerState State { get; set; }

        public bool Running { get; private set; }

        public (double CrossElevationUrad, double ElevationUrad) Residual => (0.5, -0.5);

        public AcquisitionStart? Started { get; private set; }

        public string? StartAcquisition(MountTrajectory trajectory, AcquisitionStart start)
        {
            Running = true;
            Started = start;
            State = TrackerState.Search;
            return null;
        }

        public void StopAcquisition() => Running = false;
    }

    private sealed class RecordingDemands : IPassSafetyDemands
    {
        public (bool Gates, bool Uplink) Last { get; private set; }

        public void SetDemands(bool detectorGates, bool uplink) => Last = (detectorGates, uplink);
    }

    private sealed class JournalSink : ITelemetrySink
    {
        public List<MountSample> Mount { get; } = [];

        public List<EventRecord> Events { get; } = [];

        public TelemetryStatistics Statistics => new(Mount.Count + Events.Count, 0, 0, 0, 0, 0, new long[Enum.GetValues<TelemetryKind>().Length]);

        public bool WriteMount(in MountSample sample)
        {
            Mount.Add(sample);
            return true;
        }

        public bool WriteEvent(in EventRecord record)
        {
            Events.Add(record);
            return true;
        }

        public bool WriteDetector(in DetectorSample sample) => true;

        public bool WriteOptics(in OpticsSample sample) => true;

        public bool WriteWeather(in WeatherSample sample) => true;

        public bool WriteClock(in ClockSample sample) => true;

        public bool WriteAudit(in AuditRecord record) => true;
    }
}

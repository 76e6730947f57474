using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Station.Cli.Reporting;
using Station.Cli.Tracking;
using Station.Core.Orbits;
using Station.Core.Pointing;
using Station.Core.Sequencing;
using Station.Core.Timing;
using Station.Devices.Board;
using Station.Emulator;
using Station.Emulator.World;
using Station.Emulator.World.Disturbances;
using Station.Firmware.Hosting;
using Station.Firmware.Sequencing;
using Station.Firmware.Telemetry;

namespace Station.Cli.Simulation;

/// <summary>
/// Flies a scenario's pass on the emulated station with the whole firmware host (Generic Host, every service,
/// the telemetry journal) in simulated time: the station powers up shortly before the pre-point, the sequencer
/// chooses the pass, pre-points, tracks, acquires and parks; then the report and plots are written from the journal.
/// </summary>
public static class SimulationRunner
{
    public static SimulationResult Run(SimulationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var wall = Stopwatch.StartNew();
        var scenario = request.Scenario;
        var pass = scenario.FindFirstPass() ?? throw new SimulationException(
            string.Create(CultureInfo.InvariantCulture, $"scenario '{scenario.Name}': no pass above {scenario.MinElevationDeg}° within two days of {scenario.StartUtc:O}"));
        var aos = new DateTimeOffset(pass.AosUtc!.Value, TimeSpan.Zero);
        var los = new DateTimeOffset(pass.LosUtc!.Value, TimeSpan.Zero);
        var schedule = new ScheduleOptions();
        var powerUp = aos - TimeSpan.FromSeconds(schedule.PrePointLeadS) - request.PowerUpMargin;

        Directory.CreateDirectory(request.OutputDirectory);
        string databasePath = Path.Combine(request.OutputDirectory, PassReportWriter.TelemetryFileName);
        foreach (var stale in new[] { databasePath, databasePath + "-wal", databasePath + "-shm" })
        {
            File.Delete(stale);
        }

        string tlePath = Path.Combine(request.OutputDirectory, "scenario.tle");
        File.WriteAllLines(tlePath, scenario.Tle);
        var pinMap = PinMapLoader.LoadDefault();
        var time = new SimulatedTimeProvider(powerUp);
        using var station = EmulatedStation.FromPinMap(time, pinMap, EmulatedMountTruth.FromSeed(scenario.Seed));
        station.Weather.PressurePascals = scenario.Weather.PressureHpa * 100;
        station.Weather.TemperatureCelsius = scenario.Weather.TemperatureC;
        var faults = scenario.ScheduleFaults(station.Faults, aos);

        // Calibration the station would have done on the bench: a pointing model fitted on this mount.
        string modelPath = Path.Combine(request.OutputDirectory, "pointing-model.json");
        var fit = SyntheticPointingSurvey.Fit(station.TruePointingModel, scenario.Seed);
        File.WriteAllText(modelPath, PointingModelFile.FromFit(fit, scenario.Station.Name, powerUp).ToJson());

        var sky = new EmulatedBeaconSky(station, scenario.Elements, scenario.Station, new BeaconSkyParameters
        {
            AlongTrackSeconds = scenario.Truth.AlongTrackS,
            CrossTrackMeters = scenario.Truth.CrossTrackM,
            Clouds = [.. scenario.CloudIntervals(aos)],
            Turbulence = new TurbulenceTiltParameters { RmsAtZenith = UnitsNet.Angle.FromMicroradians(scenario.Turbulence.TiltRmsUradZenith) },
            Seed = scenario.Seed,
        });
        station.World.Add(sky);
        station.BeaconScene.NoisePoolFrames = 16; // 100 fps for a whole pass: pooled sensor noise, the spots stamped on each frame
        var truth = new Sgp4Propagator(scenario.Elements);
        var photons = new EmulatedPhotonLink(station, sky, utc =>
        {
            var state = truth.PropagateToUtc(utc.AddSeconds(scenario.Truth.AlongTrackS));
            return Topocentric.Look(new Vec3(state.XKm, state.YKm, state.ZKm), new Vec3(state.VxKmPerS, state.VyKmPerS, state.VzKmPerS), utc, scenario.Station).RangeKm;
        });
        station.World.Add(photons);

        // Settings go in as command-line configuration, the way an operator overrides appsettings.json.
        var settings = Settings(scenario, tlePath, modelPath, databasePath);
        // The bench calibration of the filter wheels: each slot's offset from the index as the emulated wheels have them.
        foreach (var (index, wheel) in new[] { (0, station.SpectralFilterWheel), (1, station.NdFilterWheel) })
        {
            var offsets = wheel.CalibratedSlotOffsets();
            for (int slot = 0; slot < offsets.Length; slot++)
            {
                settings[string.Create(CultureInfo.InvariantCulture, $"Station:FilterWheels:Wheels:{index}:Slots:{slot}:OffsetMicrosteps")] = offsets[slot].ToString(CultureInfo.InvariantCulture);
            }
        }

        string[] args = [.. settings.Select(s => $"--{s.Key}={s.Value}")];
        var builder = StationHost.CreateBuilder(args, new StationHostOverrides(_ => station.Buses, time));
        // The camera and quad-cell calibration of this station: the acquisition tuning for its beacon and spot.
        builder.Services.AddSingleton(Options.Create(ClosedLoopPassRunner.DefaultAcquisitionOptions(
            sky.Parameters.QuadCell, pinMap.GetCamera(DeviceId.BeaconCamera).Device, sky.Parameters.CameraSignalElectrons / station.BeaconScene.ElectronsPerAdu)));
        builder.Logging.ClearProviders();
        using var host = builder.Build();
        var telemetry = host.Services.GetRequiredService<ITelemetrySink>();
        telemetry.WriteEvent(RunJournal.Record(powerUp, new RunInfo(scenario.Name, scenario.Station.Name, scenario.Station.LatitudeDeg, scenario.Station.LongitudeDeg, scenario.Station.HeightM, scenario.Seed)));
        foreach (var fault in faults)
        {
            telemetry.WriteEvent(new EventRecord(fault.Start, "faults", RunJournal.FaultKind,
                string.Create(CultureInfo.InvariantCulture, $"{fault.Kind} on {fault.DeviceId} for {fault.Duration.TotalSeconds:0.###} s")));
        }

        host.StartAsync().GetAwaiter().GetResult();
        using var observer = new SafetyObserver(station, scenario.Station, telemetry);
        var sequencer = host.Services.GetRequiredService<StationSequencerService>();
        var end = los + request.AfterLos;
        var progress = new SimulationProgress(request, sequencer, station, time, wall);
        while (time.GetUtcNow() < end && !(sequencer.Transitions.Any(t => t.To == SequencerState.Los) && sequencer.State == SequencerState.Idle))
        {
            time.Advance(TimeSpan.FromMilliseconds(100));
            progress.Update();
        }

        progress.Finish();
        host.StopAsync().GetAwaiter().GetResult();
        var simulated = time.GetUtcNow() - powerUp;
        wall.Stop();
        telemetry.WriteEvent(RunJournal.Record(time.GetUtcNow(), new RunSummary(simulated.TotalSeconds, wall.Elapsed.TotalSeconds, photons.ExpectedSignalCounts, photons.DarkCountRateHz, observer.Violations)));
        if (telemetry is IAsyncDisposable disposable)
        {
            disposable.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        var report = PassReportWriter.Write(databasePath, request.OutputDirectory);
        return new SimulationResult(report, request.OutputDirectory);
    }

    private static Dictionary<string, string?> Settings(Emulator.Scenarios.Scenario scenario, string tlePath, string modelPath, string databasePath)
    {
        var c = CultureInfo.InvariantCulture;
        var site = scenario.Station;
        var az = OpenLoopPassRunner.AzimuthAxis;
        var el = OpenLoopPassRunner.ElevationAxis;
        var limits = OpenLoopPassRunner.PlannerLimits;
        return new Dictionary<string, string?>
        {
            // The emulated mount: a fast azimuth, as satellite-tracking mounts have, and the planner at 90 % of each axis.
            ["Station:Azimuth:MaxSpeedDegPerSec"] = az.MaxSpeedDegPerSec.ToString(c),
            ["Station:Azimuth:AccelerationDegPerSec2"] = az.AccelerationDegPerSec2.ToString(c),
            ["Station:Elevation:MinAngleDeg"] = el.MinAngleDeg.ToString(c),
            ["Station:Elevation:MaxAngleDeg"] = el.MaxAngleDeg.ToString(c),
            ["Station:Elevation:MaxSpeedDegPerSec"] = el.MaxSpeedDegPerSec.ToString(c),
            ["Station:Elevation:AccelerationDegPerSec2"] = el.AccelerationDegPerSec2.ToString(c),
            ["Station:Mount:Limits:AzimuthMaxRateDegPerS"] = limits.AzimuthMaxRateDegPerS.ToString(c),
            ["Station:Mount:Limits:ElevationMaxRateDegPerS"] = limits.ElevationMaxRateDegPerS.ToString(c),
            ["Station:Mount:Limits:AzimuthMaxAccelerationDegPerS2"] = limits.AzimuthMaxAccelerationDegPerS2.ToString(c),
            ["Station:Mount:Limits:ElevationMaxAccelerationDegPerS2"] = limits.ElevationMaxAccelerationDegPerS2.ToString(c),
            ["Station:PointingModelPath"] = modelPath,
            ["Station:Safety:Enabled"] = "true",
            ["Station:Acquisition:Enabled"] = "true",
            ["Station:Telemetry:DatabasePath"] = databasePath,
            ["Station:Schedule:Site"] = string.Create(c, $"{site.LatitudeDeg},{site.LongitudeDeg},{site.HeightM}"),
            ["Station:Schedule:TlePath"] = tlePath,
            ["Station:Schedule:MinElevationDeg"] = scenario.MinElevationDeg.ToString(c),
            ["Station:Schedule:MinMaxElevationDeg"] = scenario.MinElevationDeg.ToString(c),
            ["Station:Schedule:NightOnly"] = "false",
            ["Station:Schedule:LookaheadHours"] = "2",
        };
    }
}

/// <summary>The report of a simulated pass and where it was written.</summary>
public sealed record SimulationResult(PassReport Report, string OutputDirectory);

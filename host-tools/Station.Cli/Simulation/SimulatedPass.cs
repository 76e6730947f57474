using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Station.Cli.Reporting;
using Station.Cli.Tracking;
using Station.Core.Orbits;
using Station.Core.Pointing;
using Station.Core.Timing;
using Station.Devices.Board;
using Station.Emulator;
using Station.Emulator.Buses;
using Station.Emulator.Faults;
using Station.Emulator.Scenarios;
using Station.Emulator.World;
using Station.Emulator.World.Disturbances;
using Station.Firmware.Hosting;
using Station.Firmware.Sequencing;
using Station.Firmware.Telemetry;

namespace Station.Cli.Simulation;

/// <summary>
/// The emulated world of one scenario — the station with its mount truth, weather and faults, the beacon sky, the
/// photon link — with the bench calibrations written to the output directory (TLE, pointing model), and a factory for
/// the firmware host that flies it. A host can be created more than once over the same world (a restart).
/// </summary>
public sealed class SimulatedPass : IDisposable
{
    private readonly Scenario _scenario;
    private readonly PinMap _pinMap;
    private readonly Dictionary<string, string?> _settings;
    private readonly IReadOnlyList<ScheduledFault> _faults;

    private SimulatedPass(Scenario scenario, PinMap pinMap, SatellitePass pass, DateTimeOffset powerUp, string outputDirectory)
    {
        _scenario = scenario;
        _pinMap = pinMap;
        Aos = new DateTimeOffset(pass.AosUtc!.Value, TimeSpan.Zero);
        Los = new DateTimeOffset(pass.LosUtc!.Value, TimeSpan.Zero);
        PowerUp = powerUp;
        Directory.CreateDirectory(outputDirectory);
        DatabasePath = Path.Combine(outputDirectory, PassReportWriter.TelemetryFileName);
        foreach (var stale in new[] { DatabasePath, DatabasePath + "-wal", DatabasePath + "-shm" })
        {
            File.Delete(stale);
        }

        string tlePath = Path.Combine(outputDirectory, "scenario.tle");
        File.WriteAllLines(tlePath, scenario.Tle);
        Time = new SimulatedTimeProvider(powerUp);
        Station = EmulatedStation.FromPinMap(Time, pinMap, EmulatedMountTruth.FromSeed(scenario.Seed));
        Station.Weather.PressurePascals = scenario.Weather.PressureHpa * 100;
        Station.Weather.TemperatureCelsius = scenario.Weather.TemperatureC;
        _faults = scenario.ScheduleFaults(Station.Faults, Aos);

        // Calibration the station would have done on the bench: a pointing model fitted on this mount.
        string modelPath = Path.Combine(outputDirectory, "pointing-model.json");
        var fit = SyntheticPointingSurvey.Fit(Station.TruePointingModel, scenario.Seed);
        File.WriteAllText(modelPath, PointingModelFile.FromFit(fit, scenario.Station.Name, powerUp).ToJson());

        Sky = new EmulatedBeaconSky(Station, scenario.Elements, scenario.Station, new BeaconSkyParameters
        {
            AlongTrackSeconds = scenario.Truth.AlongTrackS,
            CrossTrackMeters = scenario.Truth.CrossTrackM,
            Clouds = [.. scenario.CloudIntervals(Aos)],
            Turbulence = new TurbulenceTiltParameters { RmsAtZenith = UnitsNet.Angle.FromMicroradians(scenario.Turbulence.TiltRmsUradZenith) },
            Seed = scenario.Seed,
        });
        Station.World.Add(Sky);
        Station.BeaconScene.NoisePoolFrames = 16; // 100 fps for a whole pass: pooled sensor noise, the spots stamped on each frame
        var truth = new Sgp4Propagator(scenario.Elements);
        Photons = new EmulatedPhotonLink(Station, Sky, utc =>
        {
            var state = truth.PropagateToUtc(utc.AddSeconds(scenario.Truth.AlongTrackS));
            return Topocentric.Look(new Vec3(state.XKm, state.YKm, state.ZKm), new Vec3(state.VxKmPerS, state.VyKmPerS, state.VzKmPerS), utc, scenario.Station).RangeKm;
        });
        Station.World.Add(Photons);

        _settings = Settings(scenario, tlePath, modelPath, DatabasePath);
        // The bench calibration of the filter wheels: each slot's offset from the index as the emulated wheels have them.
        foreach (var (index, wheel) in new[] { (0, Station.SpectralFilterWheel), (1, Station.NdFilterWheel) })
        {
            var offsets = wheel.CalibratedSlotOffsets();
            for (int slot = 0; slot < offsets.Length; slot++)
            {
                _settings[string.Create(CultureInfo.InvariantCulture, $"Station:FilterWheels:Wheels:{index}:Slots:{slot}:OffsetMicrosteps")] = offsets[slot].ToString(CultureInfo.InvariantCulture);
            }
        }
    }

    public SimulatedTimeProvider Time { get; }

    public EmulatedStation Station { get; }

    public EmulatedBeaconSky Sky { get; }

    public EmulatedPhotonLink Photons { get; }

    public DateTimeOffset Aos { get; }

    public DateTimeOffset Los { get; }

    /// <summary>When the emulated station is switched on: the pre-point lead and a margin before AOS.</summary>
    public DateTimeOffset PowerUp { get; }

    public string DatabasePath { get; }

    /// <summary>Builds the world of <paramref name="scenario"/>'s first pass; refuses a scenario without one.</summary>
    public static SimulatedPass Prepare(Scenario scenario, string outputDirectory, TimeSpan powerUpMargin)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var pass = scenario.FindFirstPass() ?? throw new SimulationException(
            string.Create(CultureInfo.InvariantCulture, $"scenario '{scenario.Name}': no pass above {scenario.MinElevationDeg}° within two days of {scenario.StartUtc:O}"));
        var powerUp = new DateTimeOffset(pass.AosUtc!.Value, TimeSpan.Zero) - TimeSpan.FromSeconds(new ScheduleOptions().PrePointLeadS) - powerUpMargin;
        return new SimulatedPass(scenario, PinMapLoader.LoadDefault(), pass, powerUp, outputDirectory);
    }

    /// <summary>
    /// The firmware host on this world's buses, configured as this station's operator would (command-line settings) with
    /// its bench calibrations. <paramref name="hostTime"/> is the clock the firmware sees (default: the world's).
    /// </summary>
    public IHost CreateHost(TimeProvider? hostTime = null)
    {
        string[] args = [.. _settings.Select(s => $"--{s.Key}={s.Value}")];
        var builder = StationHost.CreateBuilder(args, new StationHostOverrides(_ => new LentBusProvider(Station.Buses), hostTime ?? Time));
        // The camera and quad-cell calibration of this station: the acquisition tuning for its beacon and spot.
        builder.Services.AddSingleton(Options.Create(ClosedLoopPassRunner.DefaultAcquisitionOptions(
            Sky.Parameters.QuadCell, _pinMap.GetCamera(DeviceId.BeaconCamera).Device, Sky.Parameters.CameraSignalElectrons / Station.BeaconScene.ElectronsPerAdu)));
        builder.Logging.ClearProviders();
        return builder.Build();
    }

    /// <summary>Journals what ran and the faults scheduled (so the report lists them).</summary>
    public void JournalRunStart(ITelemetrySink telemetry)
    {
        ArgumentNullException.ThrowIfNull(telemetry);
        var site = _scenario.Station;
        telemetry.WriteEvent(RunJournal.Record(PowerUp, new RunInfo(_scenario.Name, site.Name, site.LatitudeDeg, site.LongitudeDeg, site.HeightM, _scenario.Seed)));
        foreach (var fault in _faults)
        {
            telemetry.WriteEvent(new EventRecord(fault.Start, "faults", RunJournal.FaultKind,
                string.Create(CultureInfo.InvariantCulture, $"{fault.Kind} on {fault.DeviceId} for {fault.Duration.TotalSeconds:0.###} s")));
        }
    }

    public void Dispose() => Station.Dispose();

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

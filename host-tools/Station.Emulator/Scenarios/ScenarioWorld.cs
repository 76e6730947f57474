using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Station.Core.Orbits;
using Station.Core.Pointing;
using Station.Devices.Board;
using Station.Emulator.Faults;
using Station.Emulator.Truth;
using Station.Emulator.World;
using Station.Emulator.World.Disturbances;
using Station.Firmware.Sequencing;
using Station.Firmware.Telemetry;

namespace Station.Emulator.Scenarios;

/// <summary>
/// The emulated world of one scenario at one station — the station with its mount truth, weather and faults, the beacon
/// sky, the photon link — with the bench calibrations written to a directory (TLE, pointing model) and the settings its
/// operator would give the firmware. Used by <c>stationctl simulate</c> (simulated time, as fast as it goes) and by the
/// firmware's <c>--emulate</c> (the same clock, paced to the wall clock by the firmware's control loop).
/// </summary>
public sealed class ScenarioWorld : IDisposable
{
    private readonly Scenario _scenario;
    private readonly PinMap _pinMap;
    private readonly Dictionary<string, string?> _settings;
    private readonly IReadOnlyList<ScheduledFault> _faults;

    /// <param name="scenario">What to fly.</param>
    /// <param name="site">The station (one of the scenario's stations).</param>
    /// <param name="pinMap">Where the devices sit on the buses.</param>
    /// <param name="time">The world's clock (a <see cref="Core.Timing.SimulatedTimeProvider"/>).</param>
    /// <param name="pass">The pass flown at this station.</param>
    /// <param name="outputDirectory">Where the bench calibrations and the telemetry go.</param>
    /// <param name="databasePath">The telemetry database.</param>
    /// <param name="seed">Seeds this station's random processes (mount truth, sky); the scenario's seed for its first
    /// station, so each station of a common-view scenario has its own mount and atmosphere.</param>
    public ScenarioWorld(Scenario scenario, GroundStation site, PinMap pinMap, TimeProvider time, SatellitePass pass, string outputDirectory, string databasePath, int seed)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(site);
        ArgumentNullException.ThrowIfNull(pass);
        _scenario = scenario;
        _pinMap = pinMap ?? throw new ArgumentNullException(nameof(pinMap));
        Site = site;
        Seed = seed;
        Aos = new DateTimeOffset(pass.AosUtc!.Value, TimeSpan.Zero);
        Los = new DateTimeOffset(pass.LosUtc!.Value, TimeSpan.Zero);
        PowerUp = time.GetUtcNow();
        Directory.CreateDirectory(outputDirectory);
        DatabasePath = databasePath;
        foreach (var stale in new[] { DatabasePath, DatabasePath + "-wal", DatabasePath + "-shm" })
        {
            File.Delete(stale);
        }

        string tlePath = Path.Combine(outputDirectory, "scenario.tle");
        File.WriteAllLines(tlePath, scenario.Tle);
        Station = EmulatedStation.FromPinMap(time, pinMap, EmulatedMountTruth.FromSeed(seed));
        Station.Weather.PressurePascals = scenario.Weather.PressureHpa * 100;
        Station.Weather.TemperatureCelsius = scenario.Weather.TemperatureC;
        _faults = scenario.ScheduleFaults(Station.Faults, Aos);

        // Calibration the station would have done on the bench: a pointing model fitted on this mount.
        string modelPath = Path.Combine(outputDirectory, "pointing-model.json");
        var fit = SyntheticPointingSurvey.Fit(Station.TruePointingModel, seed);
        File.WriteAllText(modelPath, PointingModelFile.FromFit(fit, site.Name, PowerUp).ToJson());

        Sky = new EmulatedBeaconSky(Station, scenario.Elements, site, new BeaconSkyParameters
        {
            AlongTrackSeconds = scenario.Truth.AlongTrackS,
            CrossTrackMeters = scenario.Truth.CrossTrackM,
            Clouds = [.. scenario.CloudIntervals(Aos)],
            Turbulence = new TurbulenceTiltParameters { RmsAtZenith = UnitsNet.Angle.FromMicroradians(scenario.Turbulence.TiltRmsUradZenith) },
            Seed = seed,
        });
        Station.World.Add(Sky);
        Station.BeaconScene.NoisePoolFrames = 16; // 100 fps for a whole pass: pooled sensor noise, the spots stamped on each frame
        var truth = new Sgp4Propagator(scenario.Elements);
        Photons = new EmulatedPhotonLink(Station, Sky, utc =>
        {
            var state = truth.PropagateToUtc(utc.AddSeconds(scenario.Truth.AlongTrackS));
            return Topocentric.Look(new Vec3(state.XKm, state.YKm, state.ZKm), new Vec3(state.VxKmPerS, state.VyKmPerS, state.VzKmPerS), utc, site).RangeKm;
        });
        Station.World.Add(Photons);

        _settings = Settings(scenario, site, tlePath, modelPath, DatabasePath);
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

    public GroundStation Site { get; }

    /// <summary>The seed of this station's random processes.</summary>
    public int Seed { get; }

    public EmulatedStation Station { get; }

    public EmulatedBeaconSky Sky { get; }

    public EmulatedPhotonLink Photons { get; }

    public DateTimeOffset Aos { get; }

    public DateTimeOffset Los { get; }

    /// <summary>When the emulated station is switched on (the world's clock when it was built).</summary>
    public DateTimeOffset PowerUp { get; }

    public string DatabasePath { get; }

    /// <summary>The firmware configuration this station's operator gives (command-line settings), bench calibrations included.</summary>
    public IReadOnlyDictionary<string, string?> FirmwareSettings => _settings;

    /// <summary>How long before AOS to switch the emulated station on: the sequencer's pre-point lead and a margin.</summary>
    public static DateTimeOffset PowerUpFor(SatellitePass pass, TimeSpan margin)
    {
        ArgumentNullException.ThrowIfNull(pass);
        return new DateTimeOffset(pass.AosUtc!.Value, TimeSpan.Zero) - TimeSpan.FromSeconds(new ScheduleOptions().PrePointLeadS) - margin;
    }

    /// <summary>Services the emulated station's bench calibration implies: the acquisition tuning for its camera and quad cell.</summary>
    public void ConfigureFirmwareServices(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton(Options.Create(EmulatedAcquisitionTuning.For(
            Sky.Parameters.QuadCell, _pinMap.GetCamera(DeviceId.BeaconCamera).Device, Sky.Parameters.CameraSignalElectrons / Station.BeaconScene.ElectronsPerAdu)));
    }

    /// <summary>Journals what ran and the faults scheduled (so the report lists them).</summary>
    public void JournalRunStart(ITelemetrySink telemetry)
    {
        ArgumentNullException.ThrowIfNull(telemetry);
        telemetry.WriteEvent(RunJournal.Record(PowerUp, new RunInfo(_scenario.Name, Site.Name, Site.LatitudeDeg, Site.LongitudeDeg, Site.HeightM, Seed)));
        foreach (var fault in _faults)
        {
            telemetry.WriteEvent(new EventRecord(fault.Start, "faults", RunJournal.FaultKind,
                string.Create(CultureInfo.InvariantCulture, $"{fault.Kind} on {fault.DeviceId} for {fault.Duration.TotalSeconds:0.###} s")));
        }
    }

    public void Dispose() => Station.Dispose();

    private static Dictionary<string, string?> Settings(Scenario scenario, GroundStation site, string tlePath, string modelPath, string databasePath)
    {
        var c = CultureInfo.InvariantCulture;
        var az = EmulatedMountConfiguration.AzimuthAxis;
        var el = EmulatedMountConfiguration.ElevationAxis;
        var limits = EmulatedMountConfiguration.PlannerLimits;
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
            ["Station:Name"] = site.Name,
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

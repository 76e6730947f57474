using System.Globalization;
using Station.Core.Orbits;
using Station.Core.Pointing;
using Station.Core.Timing;
using Station.Devices.Board;
using Station.Devices.Buses;
using Station.Emulator;
using Station.Emulator.Buses;
using Station.Emulator.Devices;
using Station.Emulator.Scenarios;
using Station.Calibration.Emulation;
using Station.Emulator.Truth;
using Station.Emulator.World.Calibration;
using UnitsNet;

namespace Station.Calibration.Common;

/// <summary>
/// The emulated station in simulated time at a scenario's start (its night, its weather), with truths a seed draws
/// — the mount's TPOINT errors and backlash, the camera's boresight, rotation and plate scale — that the calibration
/// must recover. Tests read the truths through <see cref="Station"/> and <see cref="CameraTruth"/>.
/// </summary>
public sealed class EmulatedCalibrationRig : CalibrationRig
{
    private EmulatedSerialLink? _sourceLink;

    private EmulatedCalibrationRig(Scenario scenario, GroundStation site, PinMap pinMap, int seed, EmulatedCameraTruth? cameraTruth) : base(StationConfiguration.Emulated(pinMap), site)
    {
        Scenario = scenario;
        Seed = seed;
        Clock = new SimulatedTimeProvider(scenario.StartUtc);
        Station = EmulatedStation.FromPinMap(Clock, pinMap, EmulatedMountTruth.FromSeed(seed));
        Station.Weather.PressurePascals = scenario.Weather.PressureHpa * 100;
        Station.Weather.TemperatureCelsius = scenario.Weather.TemperatureC;
        CameraTruth = cameraTruth ?? EmulatedCameraTruth.FromSeed(seed);
        CameraTruth.ApplyTo(Station.BeaconScene);
        Station.BeaconScene.SignalElectrons = 0; // no satellite beacon on the bench: only the calibration source
        Station.BeaconScene.NoisePoolFrames = 16; // pooled sensor noise: hundreds of full frames in seconds
        Sky = new EmulatedCalibrationSky(Station, site, seed);
        Station.World.Add(Sky);
    }

    /// <summary>The emulated station for <paramref name="arguments"/>: its scenario (or the built-in one), station and seed.</summary>
    /// <exception cref="CalibrationArgumentException">The scenario cannot be loaded or the station is not understood.</exception>
    public static EmulatedCalibrationRig Create(CalibrationArguments arguments, PinMap? pinMap = null, EmulatedCameraTruth? cameraTruth = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        pinMap ??= PinMapLoader.LoadDefault();
        Scenario scenario;
        try
        {
            scenario = arguments.ScenarioPath is { } path ? ScenarioLoader.Load(path, pinMap) : Scenario.BuiltIn;
        }
        catch (Exception ex) when (ex is ScenarioException or IOException or UnauthorizedAccessException)
        {
            throw new CalibrationArgumentException($"option --scenario: {ex.Message}", ex);
        }

        GroundStation site;
        try
        {
            site = arguments.Station is { } name ? StationCatalog.Parse(name) : scenario.Station;
        }
        catch (FormatException ex)
        {
            throw new CalibrationArgumentException($"option --station: {ex.Message}", ex);
        }

        return new EmulatedCalibrationRig(scenario, site, pinMap, arguments.Seed, cameraTruth);
    }

    public Scenario Scenario { get; }

    public int Seed { get; }

    /// <summary>The simulated station clock.</summary>
    public SimulatedTimeProvider Clock { get; }

    /// <summary>The emulated station (its truths are what the calibration must find).</summary>
    public EmulatedStation Station { get; }

    /// <summary>The calibration sources: the catalogue stars, or a collimator.</summary>
    public EmulatedCalibrationSky Sky { get; }

    /// <summary>The camera's true boresight, rotation and plate scale.</summary>
    public EmulatedCameraTruth CameraTruth { get; }

    /// <summary>
    /// Homed minus mechanical axis angles, degrees, for a homed <paramref name="mount"/>: homing defines the axis
    /// angles at the index edges, approached upwards through the gears' backlash, a few arcseconds from the
    /// emulator's mechanical angles — the frame the firmware and every calibration work in.
    /// </summary>
    public (double AzimuthDeg, double ElevationDeg) HomedFrameOffset(CalibrationMount mount)
    {
        ArgumentNullException.ThrowIfNull(mount);
        var (az, el) = mount.Read();
        return (az - Station.Azimuth.AngleDegrees, el - Station.Elevation.AngleDegrees);
    }

    /// <summary>
    /// The true pointing model as a homed frame sees it (what a fit after homing should find): the index terms take
    /// the frame offset, IA − δaz and IE + δel (ΔA = −IA, ΔE = +IE); the other terms do not depend on the zeros.
    /// </summary>
    public static PointingModel InHomedFrame(PointingModel mechanical, (double AzimuthDeg, double ElevationDeg) offset)
    {
        ArgumentNullException.ThrowIfNull(mechanical);
        var terms = mechanical.Coefficients.ToDictionary(t => t.Key, t => t.Value);
        terms[PointingTerm.IA] = Angle.FromArcseconds(mechanical[PointingTerm.IA].Arcseconds - (offset.AzimuthDeg * 3600));
        terms[PointingTerm.IE] = Angle.FromArcseconds(mechanical[PointingTerm.IE].Arcseconds + (offset.ElevationDeg * 3600));
        return new PointingModel(terms);
    }

    public override string Description => string.Create(CultureInfo.InvariantCulture, $"emulator (scenario {Scenario.Name}, seed {Seed})");

    public override TimeProvider Time => Clock;

    public override IBusProvider Buses => Station.Buses;

    public override bool WaitUntil(Func<bool> condition, TimeSpan limit) => Clock.AdvanceUntil(condition, limit);

    /// <summary>The emulated bench calibration source, once <see cref="AttachCalibrationSource"/> has plugged it in.</summary>
    public EmulatedCalibrationSource? CalibrationSource { get; private set; }

    /// <summary>The serial twin of the source's controller box, once plugged in.</summary>
    public EmulatedBenchCalibrationSource? CalibrationSourceController { get; private set; }

    /// <summary>
    /// Plugs the bench calibration source into the emulated station: its light (the detectors take
    /// <paramref name="truth"/>'s parameters) behind its controller box on serial port <paramref name="portName"/>,
    /// where the firmware's <c>BenchCalibrationSource</c> binding then finds it, as on the station's USB.
    /// </summary>
    /// <exception cref="InvalidOperationException">A source is already plugged in.</exception>
    public EmulatedCalibrationSource AttachCalibrationSource(string portName, CalibrationBenchTruth truth)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(portName);
        ArgumentNullException.ThrowIfNull(truth);
        if (CalibrationSource is not null)
        {
            throw new InvalidOperationException("The emulated station already has a bench calibration source plugged in.");
        }

        var link = new EmulatedSerialLink();
        Station.Buses.AttachSerial(portName, link.Open);
        _sourceLink = link;
        CalibrationSource = new EmulatedCalibrationSource(Station, truth);
        CalibrationSourceController = new EmulatedBenchCalibrationSource(link, CalibrationSource);
        return CalibrationSource;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            CalibrationSourceController?.Dispose();
            _sourceLink?.Dispose();
            Station.Dispose();
        }
    }
}

using Station.Core.Orbits;
using Station.Devices.Board;
using Station.Devices.Buses;

namespace Station.Calibration.Common;

/// <summary>
/// The station a calibration runs on: its buses, its clock, its pin map and where it is. The procedures talk to the
/// devices through the firmware's own bindings on <see cref="Buses"/>, so the same code runs on the Pi
/// (<see cref="HardwareCalibrationRig"/>) and on the emulator in simulated time (<see cref="EmulatedCalibrationRig"/>).
/// </summary>
public abstract class CalibrationRig : IDisposable
{
    protected CalibrationRig(StationConfiguration configuration, GroundStation site)
    {
        Configuration = configuration ?? throw new ArgumentNullException(nameof(configuration));
        Site = site ?? throw new ArgumentNullException(nameof(site));
    }

    /// <summary>One line for the summary and the file's inputs, e.g. "emulator (seed 7)".</summary>
    public abstract string Description { get; }

    /// <summary>The station clock (simulated on the emulator).</summary>
    public abstract TimeProvider Time { get; }

    /// <summary>The buses the firmware's bindings open their devices on.</summary>
    public abstract IBusProvider Buses { get; }

    /// <summary>The station's firmware configuration: pin map, axes, mount controller.</summary>
    public StationConfiguration Configuration { get; }

    public PinMap PinMap => Configuration.PinMap;

    /// <summary>Where the station is (name, latitude, longitude, height).</summary>
    public GroundStation Site { get; }

    /// <summary>
    /// Lets the station's time pass until <paramref name="condition"/> holds or <paramref name="limit"/> has gone by;
    /// returns whether it held. Simulated time advances at once; the real clock is waited for.
    /// </summary>
    public abstract bool WaitUntil(Func<bool> condition, TimeSpan limit);

    /// <summary>Lets <paramref name="duration"/> of station time pass.</summary>
    public void Wait(TimeSpan duration) => WaitUntil(static () => false, duration);

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected abstract void Dispose(bool disposing);
}

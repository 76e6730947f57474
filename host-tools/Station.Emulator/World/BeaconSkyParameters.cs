using System.Globalization;
using Station.Emulator.Scenarios;
using Station.Emulator.World.Disturbances;
using UnitsNet;

namespace Station.Emulator.World;

/// <summary>
/// A bright star near the track: a fixed direction on the sky (over the seconds it matters, its sidereal motion
/// of ~70 µrad/s is small against the track rate), given as where the true satellite is at <see cref="At"/> plus an
/// offset in the line of sight's frame (cross-elevation, elevation, µrad). Its camera signal is
/// <see cref="SignalElectrons"/> per frame.
/// </summary>
public sealed record BeaconSkyStar(DateTimeOffset At, double XelOffsetUrad, double ElOffsetUrad, double SignalElectrons);

/// <summary>
/// What the emulated sky does to the beacon: where the true satellite is (the operator's element set shifted
/// <see cref="AlongTrackSeconds"/> along its orbit and <see cref="CrossTrackMeters"/> along the orbit normal),
/// clouds, an optional star, turbulence tip/tilt, mount jitter, the quad-cell's received power and photon shot
/// noise, and one sample of sensor latency in each loop.
/// </summary>
public sealed record BeaconSkyParameters
{
    /// <summary>The truth flies this many seconds ahead of the element set (positive: it rises earlier).</summary>
    public double AlongTrackSeconds { get; init; } = 2;

    /// <summary>The truth is displaced this far along the orbit normal (r × v).</summary>
    public double CrossTrackMeters { get; init; }

    /// <summary>Beacon outages (transmission 0 for camera and quad cell).</summary>
    public IReadOnlyList<CloudInterval> Clouds { get; init; } = [];

    public BeaconSkyStar? Star { get; init; }

    public TurbulenceTiltParameters Turbulence { get; init; } = new();

    public MountJitterParameters Jitter { get; init; } = new();

    /// <summary>The quad cell's light: received power, quantum efficiency, background, spot σ (the cell's optics), sample rate.</summary>
    public QuadCellNoiseParameters QuadCell { get; init; } = new() { ReceivedPower = Power.FromNanowatts(200), SpotSigma = Angle.FromMicroradians(20) };

    /// <summary>Beacon signal in the camera per frame, e⁻ (whole spot, clear sky).</summary>
    public double CameraSignalElectrons { get; init; } = 20_000;

    /// <summary>
    /// Camera latency in frames: a frame reaches the firmware this many frame periods after its exposure started
    /// (read out at the end of the exposure), and shows the sky at its mid-exposure, as its timestamp says. The image
    /// the firmware gets at readout is thus (latency − ½) frame periods old.
    /// </summary>
    public int CameraLatencyFrames { get; init; } = 1;

    /// <summary>Quad-cell latency: the reading now is the spot position this many world steps (1 ms) ago.</summary>
    public int QuadCellLatencySteps { get; init; } = 1;

    /// <summary>Seed of the turbulence (seed) and jitter (seed + 1) generators.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>One line per disturbance, for the pass report.</summary>
    public IEnumerable<string> Describe()
    {
        var c = CultureInfo.InvariantCulture;
        yield return string.Create(c, $"truth: {AlongTrackSeconds:0.###} s along track, {CrossTrackMeters:0.#} m cross track from the element set");
        yield return Turbulence.Describe();
        yield return Jitter.Describe();
        yield return QuadCell.Describe();
        yield return string.Create(c, $"latency: camera {CameraLatencyFrames} frame (read out at the end of the exposure; image at mid-exposure), quad cell {QuadCellLatencySteps} sample (the reading is the spot a sample earlier)");
        foreach (var cloud in Clouds)
        {
            yield return string.Create(c, $"cloud: {cloud.Start:HH:mm:ss.fff} → {cloud.End:HH:mm:ss.fff} ({(cloud.End - cloud.Start).TotalSeconds:0.###} s)");
        }

        if (Star is { } star)
        {
            yield return string.Create(c, $"star: {star.SignalElectrons:G4} e⁻/frame, {star.XelOffsetUrad:0.#}/{star.ElOffsetUrad:0.#} µrad (xel/el) from the satellite at {star.At:HH:mm:ss.fff}");
        }
    }

    internal void Validate()
    {
        string? error = this switch
        {
            _ when !(Math.Abs(AlongTrackSeconds) < 600) => $"along-track offset {AlongTrackSeconds} s must be within ±600 s",
            _ when !(Math.Abs(CrossTrackMeters) < 1e6) => $"cross-track offset {CrossTrackMeters} m must be within ±1000 km",
            _ when !(CameraSignalElectrons is >= 0 and < 1e9) => $"camera signal {CameraSignalElectrons} e⁻ must be within [0, 1e9)",
            _ when CameraLatencyFrames is < 1 or > 10 || QuadCellLatencySteps is < 0 or > 10 => $"latencies ({CameraLatencyFrames} frames, {QuadCellLatencySteps} samples) must be within 1…10 frames and 0…10 samples",
            _ when Star is { } s && !(s.SignalElectrons > 0 && double.IsFinite(s.XelOffsetUrad) && double.IsFinite(s.ElOffsetUrad)) => "the star needs a positive signal and a finite offset",
            _ when Clouds.Any(cloud => cloud.End <= cloud.Start) => "every cloud must end after it starts",
            _ => null,
        };
        if (error is not null)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Beacon sky: {error}."));
        }
    }
}

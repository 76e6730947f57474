using System.Globalization;
using Microsoft.Extensions.Logging;
using Station.Core.Pointing;
using Station.Firmware.Motion;
using UnitsNet;

namespace Station.Firmware.Interfaces.Rotctld;

/// <summary>
/// The station's mount as a rotctld rotator, over the <see cref="MountController"/>.
/// <para>Directions: rotctl speaks sky azimuth and elevation (what Gpredict computes); they pass through the pointing
/// model to mount axis angles and back. A requested azimuth may be given 0…360° or −180…180° (anything in −180…450°, the
/// advertised range); it is taken modulo 360° and flown on the turn of the cable wrap nearest the mount's present
/// azimuth, within the travel. <c>p</c> reports the azimuth 0…360°.</para>
/// <para>Ownership: while the pass sequencer flies a pass the mount is its own, and <c>P</c>/<c>K</c> are refused;
/// <c>S</c> always stops. A <c>P</c> while a rotctld slew is still on its way is checked (travel, sun path from that
/// slew's end) and flown when the slew ends: the newest target wins.</para>
/// <para>Threads: commands run on the control loop (<see cref="ControlLoopCall"/>); the position <c>p</c> answers is
/// sampled there every <see cref="RotctldOptions.PositionSampleIntervalMs"/>, so any number of polling clients costs
/// the loop nothing more.</para>
/// </summary>
public sealed partial class MountRotator : IRotator, IDisposable
{
    /// <summary>How long a command may wait for the control loop to take it.</summary>
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(1.5);

    private readonly MountController _controller;
    private readonly IAxisAngleSensor _azimuthSensor;
    private readonly IAxisAngleSensor _elevationSensor;
    private readonly PointingModel _pointingModel;
    private readonly Func<DateTimeOffset, (double AzimuthDeg, double ElevationDeg)> _sunPosition;
    private readonly Func<string?> _mountOwnedElsewhere;
    private readonly TimeProvider _stationClock;
    private readonly TimeProvider _wallClock;
    private readonly ILogger<MountRotator> _logger;
    private readonly ITimer _sampler;
    private volatile PositionSample _sample = new(double.NaN, double.NaN, MountState.Unhomed, "no position sampled yet");
    private PendingMove? _pending; // touched only on the control loop
    private (double AzimuthDeg, double ElevationDeg)? _slewTarget; // the end of the rotctld slew in flight (mount angles)

    /// <param name="controller">The mount.</param>
    /// <param name="azimuthSensor">Azimuth axis angle (absolute encoder).</param>
    /// <param name="elevationSensor">Elevation axis angle (absolute encoder).</param>
    /// <param name="pointingModel">Sky ↔ mount (identity without a calibration).</param>
    /// <param name="sunPosition">The sun's azimuth and elevation at a time (to check a queued target's path).</param>
    /// <param name="mountOwnedElsewhere">Why someone else owns the mount now (e.g. a pass in progress), or null.</param>
    /// <param name="options">Sampling interval.</param>
    /// <param name="stationClock">The station clock (its timers fire on the control loop).</param>
    /// <param name="wallClock">Real time, to bound the wait for the control loop.</param>
    /// <param name="logger">Log.</param>
    public MountRotator(MountController controller, IAxisAngleSensor azimuthSensor, IAxisAngleSensor elevationSensor, PointingModel pointingModel,
        Func<DateTimeOffset, (double AzimuthDeg, double ElevationDeg)> sunPosition, Func<string?> mountOwnedElsewhere, RotctldOptions options,
        TimeProvider stationClock, TimeProvider wallClock, ILogger<MountRotator> logger)
    {
        _controller = controller ?? throw new ArgumentNullException(nameof(controller));
        _azimuthSensor = azimuthSensor ?? throw new ArgumentNullException(nameof(azimuthSensor));
        _elevationSensor = elevationSensor ?? throw new ArgumentNullException(nameof(elevationSensor));
        _pointingModel = pointingModel ?? throw new ArgumentNullException(nameof(pointingModel));
        _sunPosition = sunPosition ?? throw new ArgumentNullException(nameof(sunPosition));
        _mountOwnedElsewhere = mountOwnedElsewhere ?? throw new ArgumentNullException(nameof(mountOwnedElsewhere));
        ArgumentNullException.ThrowIfNull(options);
        _stationClock = stationClock ?? throw new ArgumentNullException(nameof(stationClock));
        _wallClock = wallClock ?? throw new ArgumentNullException(nameof(wallClock));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        var limits = controller.Options.Limits;
        // −180…450° accepts both azimuth conventions clients use; the elevation is the mount's travel within 0…90° of sky.
        Range = new RotatorRange(Angle.FromDegrees(-180), Angle.FromDegrees(450),
            Angle.FromDegrees(Math.Max(limits.ElevationMinDeg, -10)), Angle.FromDegrees(Math.Min(limits.ElevationMaxDeg, 90)));
        var interval = TimeSpan.FromMilliseconds(options.PositionSampleIntervalMs);
        _sampler = stationClock.CreateTimer(_ => OnSample(), null, TimeSpan.Zero, interval);
    }

    public RotatorRange Range { get; }

    /// <summary>ASCII, under 64 characters: netrotctl reads the answer into a 64-byte buffer.</summary>
    public string Describe() => $"Station optical telescope mount (az-el): {_sample.State}";

    public RotatorPositionReply GetPosition()
    {
        var sample = _sample;
        return sample.Problem is { } problem
            ? RotatorPositionReply.Failed(HamlibError.IoError, problem)
            : RotatorPositionReply.Of(new RotatorPosition(Angle.FromDegrees(sample.SkyAzimuthDeg), Angle.FromDegrees(sample.SkyElevationDeg)));
    }

    public ValueTask<RotatorReply> SetPositionAsync(Angle azimuth, Angle elevation, CancellationToken cancellationToken)
    {
        var (mountAz, mountEl) = SkyToMount(azimuth.Degrees, elevation.Degrees);
        return OnControlLoop(() => SetPosition(mountAz, mountEl), cancellationToken);
    }

    public ValueTask<RotatorReply> StopAsync(CancellationToken cancellationToken) => OnControlLoop(() =>
    {
        _pending = null;
        _slewTarget = null;
        if (_mountOwnedElsewhere() is { } owner)
        {
            LogStopDuringPass(owner);
        }

        _controller.Abort(); // stops whatever moves (false: nothing did); never refused
        return RotatorReply.Ok;
    }, cancellationToken);

    public ValueTask<RotatorReply> ParkAsync(CancellationToken cancellationToken) => OnControlLoop(() =>
    {
        if (_mountOwnedElsewhere() is { } owner)
        {
            return RotatorReply.Refused(owner);
        }

        switch (_controller.State)
        {
            case MountState.Parked:
                return RotatorReply.Ok;
            case MountState.Idle:
                return Refusing(() =>
                {
                    _controller.Park();
                    _slewTarget = null;
                });
            case MountState.Slewing or MountState.Stopping or MountState.Parking when IsOurs:
                _pending = new PendingMove(Park: true, 0, 0);
                return RotatorReply.Ok;
            default:
                return RotatorReply.Refused(StateReason(_controller.State));
        }
    }, cancellationToken);

    public void Dispose() => _sampler.Dispose();

    /// <summary>Whether the motion in progress is one rotctld started (so a new target may follow it).</summary>
    private bool IsOurs => _slewTarget is not null || _pending is not null || _controller.State == MountState.Parking;

    private RotatorReply SetPosition(double mountAz, double mountEl)
    {
        if (_mountOwnedElsewhere() is { } owner)
        {
            return RotatorReply.Refused(owner);
        }

        switch (_controller.State)
        {
            case MountState.Idle:
                return Slew(mountAz, mountEl);
            case MountState.Parked:
                _controller.Unpark(); // rotctl has no unpark: a new target leaves the park
                var reply = Slew(mountAz, mountEl);
                if (reply.Error != HamlibError.Ok)
                {
                    _controller.Park(); // refused: back to Parked where it stands, no motion
                }

                return reply;
            case MountState.Slewing or MountState.Stopping or MountState.Parking when IsOurs:
                // Fly it when the present motion ends: check it from where that motion ends.
                var from = _controller.State == MountState.Parking ? (_controller.Options.ParkAzimuthDeg, _controller.Options.ParkElevationDeg)
                    : _slewTarget ?? _controller.KnownPosition;
                double az = NearestTurn(mountAz, from.Item1);
                var sun = _sunPosition(_stationClock.GetUtcNow());
                var (plan, refusal) = SlewPlanner.Plan(from.Item1, from.Item2, az, mountEl, sun.AzimuthDeg, sun.ElevationDeg, _controller.Options.Limits);
                if (plan is null)
                {
                    return RotatorReply.Refused("target refused: " + refusal);
                }

                _pending = new PendingMove(Park: false, mountAz, mountEl);
                return RotatorReply.Ok;
            default:
                return RotatorReply.Refused(StateReason(_controller.State));
        }
    }

    private RotatorReply Slew(double mountAz, double mountEl)
    {
        double az = NearestTurn(mountAz, _controller.KnownPosition.AzimuthDeg);
        return Refusing(() =>
        {
            _controller.SlewTo(az, mountEl);
            _slewTarget = (az, mountEl);
        });
    }

    private static RotatorReply Refusing(Action command)
    {
        try
        {
            command();
            return RotatorReply.Ok;
        }
        catch (MountCommandRefusedException refused)
        {
            return RotatorReply.Refused(refused.Reason);
        }
    }

    /// <summary>The turn of <paramref name="azimuthDeg"/> (mod 360) within the travel nearest <paramref name="nearDeg"/>.</summary>
    private double NearestTurn(double azimuthDeg, double nearDeg)
    {
        var limits = _controller.Options.Limits;
        double best = double.NaN;
        double within = azimuthDeg - (360 * Math.Floor(azimuthDeg / 360));
        for (double candidate = within - 720; candidate <= within + 720; candidate += 360)
        {
            if (candidate >= limits.AzimuthMinDeg && candidate <= limits.AzimuthMaxDeg
                && (double.IsNaN(best) || Math.Abs(candidate - nearDeg) < Math.Abs(best - nearDeg)))
            {
                best = candidate;
            }
        }

        return double.IsNaN(best) ? within : best; // a travel of at least 360° always has one (validated)
    }

    /// <summary>On the control loop: samples the position for <c>p</c>, and flies a queued target once the mount is free.</summary>
    private void OnSample()
    {
        var state = _controller.State;
        if (state is MountState.Idle or MountState.Parked && _slewTarget is not null && _pending is null)
        {
            _slewTarget = null; // the rotctld slew is over
        }

        if (_pending is { } pending && state is MountState.Idle or MountState.Parked)
        {
            _pending = null;
            _slewTarget = null;
            var reply = _mountOwnedElsewhere() is { } owner ? RotatorReply.Refused(owner)
                : pending.Park ? (state == MountState.Parked ? RotatorReply.Ok : Refusing(() => _controller.Park()))
                : SetPosition(pending.MountAzimuthDeg, pending.MountElevationDeg);
            if (reply.Error != HamlibError.Ok)
            {
                LogQueuedRefused(reply.Reason ?? "");
            }
        }

        _sample = Sample(state);
    }

    private PositionSample Sample(MountState state)
    {
        if (state is MountState.Unhomed or MountState.Homing)
        {
            return new PositionSample(double.NaN, double.NaN, state, "the mount is not homed yet: its angles are unknown");
        }

        double az, el;
        try
        {
            az = _azimuthSensor.ReadDegrees();
            el = _elevationSensor.ReadDegrees();
        }
        catch (IOException)
        {
            (az, el) = _controller.KnownPosition; // an encoder that misses a frame: the last established position
        }

        var (skyAzRad, skyElRad) = _pointingModel.MountToSky(az * Math.PI / 180, el * Math.PI / 180);
        double skyAz = skyAzRad * 180 / Math.PI;
        return new PositionSample(skyAz - (360 * Math.Floor(skyAz / 360)), skyElRad * 180 / Math.PI, state, null);
    }

    private (double AzimuthDeg, double ElevationDeg) SkyToMount(double azimuthDeg, double elevationDeg)
    {
        double within = azimuthDeg - (360 * Math.Floor(azimuthDeg / 360));
        var (az, el) = _pointingModel.SkyToMount(within * Math.PI / 180, elevationDeg * Math.PI / 180);
        return (az * 180 / Math.PI, el * 180 / Math.PI);
    }

    private static string StateReason(MountState state) => state switch
    {
        MountState.Unhomed or MountState.Homing => "the mount is not homed yet",
        MountState.Faulted => "the mount is faulted; clear the fault at the station",
        MountState.EStopped => "the e-stop is active",
        _ => $"the mount is busy ({state}) with a command not from rotctld; stop it first (S)",
    };

    private ValueTask<RotatorReply> OnControlLoop(Func<RotatorReply> command, CancellationToken cancellationToken) =>
        ControlLoopCall.RunAsync(_stationClock, _wallClock, CommandTimeout, command,
            () => new RotatorReply(HamlibError.IoError, "the control loop did not take the command in time; nothing was done"), cancellationToken);

    private sealed record PositionSample(double SkyAzimuthDeg, double SkyElevationDeg, MountState State, string? Problem);

    private readonly record struct PendingMove(bool Park, double MountAzimuthDeg, double MountElevationDeg);

    [LoggerMessage(Level = LogLevel.Warning, Message = "rotctld stop while the mount belongs to the pass sequencer ({Owner})")]
    private partial void LogStopDuringPass(string owner);

    [LoggerMessage(Level = LogLevel.Warning, Message = "rotctld queued target refused when its turn came: {Reason}")]
    private partial void LogQueuedRefused(string reason);
}

using System.Globalization;
using Microsoft.Extensions.Logging;
using Station.Devices.Tmc5160;
using UnitsNet;

namespace Station.Firmware.Motion;

/// <summary>
/// One mount axis driven by a TMC5160 in positioning mode: converts axis angles to microsteps through the
/// gearing, refuses targets outside the travel limits (nothing is sent), and supervises each move with a
/// timer on the station's <see cref="TimeProvider"/> that polls RAMP_STAT and the driver status.
/// </summary>
public sealed partial class MountAxis : IDisposable
{
    private readonly Tmc5160 _driver;
    private readonly AxisOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private ITimer? _supervisor;
    private AxisMove? _current;
    private Tmc5160Ramp? _ramp;
    private bool _rateMode;
    private int _lastMicrosteps;

    public MountAxis(string name, Tmc5160 driver, AxisOptions options, TimeProvider timeProvider, ILogger<MountAxis> logger)
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
        _driver = driver ?? throw new ArgumentNullException(nameof(driver));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        var problems = options.Validate(name);
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid axis options: " + string.Join("; ", problems), nameof(options));
        }
    }

    /// <summary>Axis name ("az", "el").</summary>
    public string Name { get; }

    /// <summary>Axis angle of one microstep.</summary>
    public Angle Resolution => Angle.FromDegrees(_options.DegreesPerMicrostep);

    /// <summary>The ramp written by <see cref="Initialize"/>.</summary>
    public Tmc5160Ramp Ramp => _ramp ?? throw new InvalidOperationException($"Axis {Name} is not initialised.");

    /// <summary>The move in progress or last completed.</summary>
    public AxisMove? CurrentMove
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    /// <summary>Checks the controller, configures driver and ramp, and selects positioning mode.</summary>
    public void Initialize()
    {
        _driver.ConfigureDriver(new Tmc5160DriverSettings(_options.RunCurrent, _options.HoldCurrent, MicrostepsPerFullStep: _options.MicrostepsPerFullStep));
        double motorRevsPerAxisDeg = _options.GearRatio / 360.0;
        var ramp = _driver.TrapezoidRamp(
            RotationalSpeed.FromRevolutionsPerSecond(_options.MaxSpeedDegPerSec * motorRevsPerAxisDeg),
            RotationalAcceleration.FromRevolutionsPerSecondSquared(_options.AccelerationDegPerSec2 * motorRevsPerAxisDeg));
        _driver.ConfigureRamp(ramp);
        // StallGuard2 armed above a quarter of the slew speed; sg_stop stops the motor in hardware on a stall.
        _driver.ConfigureStallGuard(new Tmc5160StallGuardSettings(_options.StallThreshold,
            RotationalSpeed.FromRevolutionsPerSecond(_options.MaxSpeedDegPerSec / 4 * motorRevsPerAxisDeg)));
        _driver.ConfigureSwitches(new Tmc5160SwitchConfiguration { StopOnStall = true });
        _driver.TargetPosition = _driver.ActualPosition; // no motion when switching to positioning
        _driver.RampMode = Tmc5160RampMode.Positioning;
        _ramp = ramp;
        _rateMode = false;
        LogInitialized(Name, _options.DegreesPerMicrostep * 3600, ramp.VMax, ramp.AMax);
    }

    /// <summary>The axis angle the controller reports (XACTUAL through the gearing).</summary>
    public Angle ReadAngle() => Angle.FromDegrees(_driver.ActualPosition * _options.DegreesPerMicrostep);

    /// <summary>The microstep position nearest to an axis angle.</summary>
    public int ToMicrosteps(Angle angle) => checked((int)Math.Round(angle.Degrees / _options.DegreesPerMicrostep));

    /// <summary>
    /// Starts a move to <paramref name="target"/>. Throws <see cref="AxisCommandRefusedException"/> naming the
    /// limit it breaks, without touching the controller, when the target is outside the travel.
    /// </summary>
    public AxisMove MoveTo(Angle target)
    {
        var ramp = Ramp;
        double deg = target.Degrees;
        if (!double.IsFinite(deg) || deg < _options.MinAngleDeg || deg > _options.MaxAngleDeg)
        {
            throw new AxisCommandRefusedException(string.Create(CultureInfo.InvariantCulture,
                $"Axis {Name}: target {deg:0.######}° is outside the travel {_options.MinAngleDeg}°…{_options.MaxAngleDeg}°; the axis was not moved."));
        }

        int targetSteps = ToMicrosteps(target);
        lock (_gate)
        {
            int from = _driver.ActualPosition;
            _lastMicrosteps = from;
            var expected = TrapezoidDuration(Math.Abs(targetSteps - from), _driver.VelocityFromRegister(ramp.VMax), _driver.AccelerationFromRegister(ramp.AMax));
            SupersedeCurrent(from, "a new target was commanded");
            _driver.ClearRampEvents(Tmc5160RampStatus.EventPositionReached);
            if (_rateMode)
            {
                // Leaving velocity mode: XTARGET first so the switch to positioning starts the move, not a jump.
                _driver.TargetPosition = targetSteps;
                _driver.WriteRegister(Tmc5160Register.VMax, ramp.VMax);
                _driver.RampMode = Tmc5160RampMode.Positioning;
                _rateMode = false;
            }

            _driver.TargetPosition = targetSteps;
            var move = new AxisMove(target, targetSteps, _time.GetUtcNow(), expected);
            _current = move;
            _supervisor ??= _time.CreateTimer(_ => Supervise(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            var poll = TimeSpan.FromMilliseconds(_options.PollIntervalMs);
            _supervisor.Change(poll, poll);
            LogMoveStarted(Name, from * _options.DegreesPerMicrostep, deg, expected.TotalSeconds);
            return move;
        }
    }

    /// <summary>
    /// Commands a signed axis rate (velocity mode; the driver ramps to it at AMAX), for closed-loop tracking.
    /// The rate is clamped to the configured maximum; a rate that would drive further beyond a travel limit
    /// is refused: the axis is stopped and the reason returned. Returns null when the rate was applied.
    /// </summary>
    public string? CommandRate(double degreesPerSecond)
    {
        var ramp = Ramp;
        lock (_gate)
        {
            SupersedeCurrent(null, "rate control took over");
            _supervisor?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            double rate = Math.Clamp(double.IsFinite(degreesPerSecond) ? degreesPerSecond : 0, -_options.MaxSpeedDegPerSec, _options.MaxSpeedDegPerSec);
            double position = _driver.ActualPosition * _options.DegreesPerMicrostep;
            string? refusal = null;
            if ((position >= _options.MaxAngleDeg && rate > 0) || (position <= _options.MinAngleDeg && rate < 0))
            {
                refusal = string.Create(CultureInfo.InvariantCulture, $"Axis {Name}: at {position:0.####}° a rate of {rate:0.####}°/s would leave the travel {_options.MinAngleDeg}°…{_options.MaxAngleDeg}°; stopped.");
                rate = 0;
            }

            uint vmax = Math.Min(ramp.VMax, _driver.VelocityToRegister(Math.Abs(rate) / _options.DegreesPerMicrostep));
            _driver.WriteRegister(Tmc5160Register.VMax, vmax);
            _driver.RampMode = rate < 0 ? Tmc5160RampMode.VelocityNegative : Tmc5160RampMode.VelocityPositive;
            _rateMode = true;
            return refusal;
        }
    }

    /// <summary>Controlled stop: decelerates at AMAX to standstill and holds position.</summary>
    public void Stop() => CommandRate(0);

    /// <summary>
    /// Emergency stop: the ramp is stopped and the driver stage switched off (CHOPCONF.TOFF = 0), so the motor
    /// is de-energised; <see cref="Initialize"/> brings it back.
    /// </summary>
    public void EmergencyStop()
    {
        lock (_gate)
        {
            SupersedeCurrent(null, "emergency stop");
            _supervisor?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _driver.WriteRegister(Tmc5160Register.VMax, 0);
            _driver.RampMode = Tmc5160RampMode.VelocityPositive;
            _driver.WriteRegister(Tmc5160Register.ChopConf, 0);
            _rateMode = true;
        }
    }

    /// <summary>Ends a move still in progress as superseded (reading the position only then: this runs every control tick).</summary>
    private void SupersedeCurrent(int? atMicrosteps, string reason)
    {
        if (_current is { IsCompleted: false } move)
        {
            int at = atMicrosteps ?? _driver.ActualPosition;
            move.Complete(new AxisMoveResult(AxisMoveOutcome.Superseded, Angle.FromDegrees(at * _options.DegreesPerMicrostep), at, _time.GetUtcNow(), reason));
        }
    }

    /// <summary>Time a trapezoidal (or triangular) move of <paramref name="distance"/> takes from rest to rest.</summary>
    public static TimeSpan TrapezoidDuration(double distance, double maxVelocity, double acceleration)
    {
        if (distance <= 0)
        {
            return TimeSpan.Zero;
        }

        double seconds = distance >= maxVelocity * maxVelocity / acceleration
            ? (distance / maxVelocity) + (maxVelocity / acceleration)
            : 2 * Math.Sqrt(distance / acceleration);
        return TimeSpan.FromSeconds(seconds);
    }

    private void Supervise()
    {
        lock (_gate)
        {
            var move = _current;
            if (move is null || move.IsCompleted)
            {
                _supervisor?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                return;
            }

            try
            {
                Supervise(move);
            }
            catch (Tmc5160Exception ex)
            {
                // SPI failed after the binding's retries: the move can no longer be supervised.
                string reason = $"communication lost: {ex.Message}";
                Finish(move, new AxisMoveResult(AxisMoveOutcome.CommunicationFault, Angle.FromDegrees(_lastMicrosteps * _options.DegreesPerMicrostep), _lastMicrosteps, _time.GetUtcNow(), reason));
                LogMoveFault(Name, reason);
            }
        }
    }

    private void Supervise(AxisMove move)
    {
        var now = _time.GetUtcNow();
        var ramp = _driver.ReadRampStatus();
        var spiStatus = _driver.LastStatus;
        _lastMicrosteps = _driver.ActualPosition;
        if ((ramp & Tmc5160RampStatus.EventStopStallGuard) != 0)
        {
            int at = _driver.ActualPosition;
            _driver.TargetPosition = at; // hold here, then release the stall stop
            _driver.ClearRampEvents(Tmc5160RampStatus.EventStopStallGuard);
            string reason = string.Create(CultureInfo.InvariantCulture, $"StallGuard2 stopped the motor at {at} microsteps (load beyond the stall threshold)");
            Finish(move, new AxisMoveResult(AxisMoveOutcome.Stalled, Angle.FromDegrees(at * _options.DegreesPerMicrostep), at, now, reason));
            LogMoveFault(Name, reason);
            return;
        }

        if ((spiStatus & Tmc5160SpiStatus.DriverError) != 0)
        {
            var drv = _driver.ReadDriverStatus();
            int at = _driver.ActualPosition;
            string reason = $"driver error (overtemperature: {drv.Overtemperature}, short to ground: {drv.ShortToGround}, short to supply: {drv.ShortToSupply})";
            _driver.TargetPosition = at; // stop commanding motion into a faulted driver
            Finish(move, new AxisMoveResult(AxisMoveOutcome.DriverFault, ReadAngle(), at, now, reason));
            LogMoveFault(Name, reason);
            return;
        }

        if ((ramp & Tmc5160RampStatus.PositionReached) != 0)
        {
            int at = _driver.ActualPosition;
            if (at == move.TargetMicrosteps)
            {
                Finish(move, new AxisMoveResult(AxisMoveOutcome.Reached, Angle.FromDegrees(at * _options.DegreesPerMicrostep), at, now));
                LogMoveReached(Name, at * _options.DegreesPerMicrostep, (now - move.StartedAt).TotalSeconds);
                return;
            }
        }

        var limit = (move.ExpectedDuration * 1.5) + TimeSpan.FromSeconds(1);
        if (now - move.StartedAt > limit)
        {
            int at = _driver.ActualPosition;
            string reason = string.Create(CultureInfo.InvariantCulture, $"target not reached within {limit.TotalSeconds:0.###} s (at {at}, target {move.TargetMicrosteps} microsteps)");
            Finish(move, new AxisMoveResult(AxisMoveOutcome.TimedOut, ReadAngle(), at, now, reason));
            LogMoveFault(Name, reason);
        }
    }

    private void Finish(AxisMove move, AxisMoveResult result)
    {
        _supervisor?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        move.Complete(result);
    }

    public void Dispose()
    {
        _supervisor?.Dispose();
        _driver.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Axis {Axis} initialised: {ArcsecPerStep:0.###} arcsec/microstep, VMAX {VMax}, AMAX {AMax}")]
    private partial void LogInitialized(string axis, double arcsecPerStep, uint vMax, uint aMax);

    [LoggerMessage(Level = LogLevel.Information, Message = "Axis {Axis} moving {FromDeg:0.######}° → {ToDeg:0.######}°, expected {Seconds:0.###} s")]
    private partial void LogMoveStarted(string axis, double fromDeg, double toDeg, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Axis {Axis} reached {AtDeg:0.######}° after {Seconds:0.###} s")]
    private partial void LogMoveReached(string axis, double atDeg, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Axis {Axis} move failed: {Reason}")]
    private partial void LogMoveFault(string axis, string reason);
}

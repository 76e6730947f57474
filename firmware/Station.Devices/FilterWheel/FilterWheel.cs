using System.Globalization;
using Station.Devices.Tmc5160;
using UnitsNet;

namespace Station.Devices.FilterWheel;

/// <summary>
/// A filter wheel turned by a TMC5160, with a hall index sensor on the chip's REFL input. Homing turns the
/// wheel in velocity mode until the chip latches XACTUAL into XLATCH on the index edge (in hardware, so the
/// index is repeatable whatever the SPI polling latency), measures the magnet's width from its trailing
/// edge, and re-references XACTUAL so the leading edge is 0. Slots sit at calibrated offsets from there;
/// a move goes the shortest way round and, when it crosses the index, checks that the index latched where
/// the step count says it should (a slip or lost steps show as a mismatch). A StallGuard2 stall stops the
/// motor in hardware (SW_MODE.sg_stop). Operations run under a supervisor timer on the
/// <see cref="TimeProvider"/> and end with a result or a typed fault naming the wheel.
/// </summary>
public sealed partial class FilterWheel : IDisposable
{
    private readonly Tmc5160.Tmc5160 _driver;
    private readonly FilterWheelOptions _options;
    private readonly TimeProvider _time;
    private readonly bool _shouldDisposeDriver;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, FilterSlot> _slots = new(StringComparer.Ordinal);
    private Tmc5160Ramp? _ramp;
    private ITimer? _supervisor;
    private FilterWheelOperation? _operation;
    private Phase _phase;
    private DateTimeOffset _deadline;
    private long _leading;
    private long _target;
    private long _moveFrom;
    private long? _expectedLatch;
    private bool _ambiguousLatch;
    private bool _positionMove;

    /// <param name="name">The wheel's name in messages (its pin-map id).</param>
    /// <param name="driver">The wheel's motion controller.</param>
    /// <param name="options">Mechanics, motion and the slot table (validated here).</param>
    /// <param name="timeProvider">Clock for supervision.</param>
    /// <param name="shouldDisposeDriver">Whether disposing the wheel disposes <paramref name="driver"/>.</param>
    public FilterWheel(string name, Tmc5160.Tmc5160 driver, FilterWheelOptions options, TimeProvider timeProvider, bool shouldDisposeDriver = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _driver = driver ?? throw new ArgumentNullException(nameof(driver));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        var problems = options.Validate(name, driver.FullStepsPerRevolution);
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid filter wheel options: " + string.Join("; ", problems), nameof(options));
        }

        Name = name;
        MicrostepsPerRevolution = (int)Math.Round(options.MicrostepsPerWheelRevolution(driver.FullStepsPerRevolution));
        foreach (var slot in options.Slots)
        {
            _slots.Add(slot.Name, slot);
        }

        _shouldDisposeDriver = shouldDisposeDriver;
    }

    private enum Phase
    {
        Idle,
        SeekLeading,
        SeekTrailing,
        Stopping,
        Moving,
    }

    /// <summary>The wheel's name.</summary>
    public string Name { get; }

    /// <summary>Microsteps per wheel revolution.</summary>
    public int MicrostepsPerRevolution { get; }

    /// <summary>Slot names in table order.</summary>
    public IReadOnlyList<string> SlotNames => [.. _options.Slots.Select(s => s.Name)];

    /// <summary>Whether the position refers to the index (false before homing and after any stall, timeout or slip).</summary>
    public bool IsHomed { get; private set; }

    /// <summary>Whether an operation is in progress (the detectors stay gated off while it is).</summary>
    public bool IsMoving
    {
        get
        {
            lock (_gate)
            {
                return _phase != Phase.Idle;
            }
        }
    }

    /// <summary>The slot in the beam after the last completed operation (null between slots or when unknown).</summary>
    public string? CurrentSlot { get; private set; }

    /// <summary>Magnet width measured at the last homing, in microsteps.</summary>
    public int? IndexWidthMicrosteps { get; private set; }

    /// <summary>Moves that crossed the index and found it where expected.</summary>
    public int IndexChecksPassed { get; private set; }

    /// <summary>The operation in progress or last finished.</summary>
    public FilterWheelOperation? CurrentOperation
    {
        get
        {
            lock (_gate)
            {
                return _operation;
            }
        }
    }

    /// <summary>
    /// Configures the driver stage, StallGuard2 (stop on stall above the detection speed), REFL as the index
    /// input (latch on its active edge, no stop), and the positioning ramp; holds the wheel where it is.
    /// </summary>
    public void Initialize()
    {
        lock (_gate)
        {
            ThrowIfBusy();
            _driver.ConfigureDriver(_options.Driver);
            _driver.ConfigureStallGuard(new Tmc5160StallGuardSettings(_options.StallThreshold, MotorSpeed(_options.StallDetectionMinimumSpeed)));
            _driver.ConfigureSwitches(Switches(latchOnInactive: false));
            _driver.StartPositioning(_driver.ActualPosition);
            var ramp = _driver.TrapezoidRamp(MotorSpeed(_options.MoveSpeed), MotorAcceleration(_options.Acceleration));
            _driver.ConfigureRamp(ramp);
            _ramp = ramp;
            IsHomed = false;
            CurrentSlot = null;
        }
    }

    /// <summary>Finds the index turning the positive way, measures the magnet and re-references the position to it.</summary>
    public FilterWheelOperation Home()
    {
        lock (_gate)
        {
            ThrowIfBusy();
            _ = Ramp;
            IsHomed = false;
            CurrentSlot = null;
            _driver.ConfigureSwitches(Switches(latchOnInactive: false));
            _driver.ClearRampEvents(Tmc5160RampStatus.StatusLatchLeft | Tmc5160RampStatus.EventStopStallGuard | Tmc5160RampStatus.EventPositionReached);
            _driver.RunAtVelocity(MotorSpeed(_options.HomingSpeed), MotorAcceleration(_options.Acceleration));
            double seconds = (2.25 / _options.HomingSpeed.RevolutionsPerSecond)
                + (2 * _options.HomingSpeed.RevolutionsPerSecond / _options.Acceleration.RevolutionsPerSecondSquared) + 1;
            return Begin(FilterWheelOperationKind.Home, "index", Phase.SeekLeading, TimeSpan.FromSeconds(seconds));
        }
    }

    /// <summary>
    /// Turns the shortest way to <paramref name="slot"/>. Refuses (changing nothing) an unknown slot, an unhomed
    /// wheel, or a wheel that is busy.
    /// </summary>
    public FilterWheelOperation MoveTo(string slot)
    {
        ArgumentNullException.ThrowIfNull(slot);
        lock (_gate)
        {
            if (!_slots.TryGetValue(slot, out var target))
            {
                throw new ArgumentException($"{Name} has no slot '{slot}'; its slots are: {string.Join(", ", SlotNames)}.", nameof(slot));
            }

            ThrowIfBusy();
            return BeginMove(target.OffsetMicrosteps, slot, positionMove: false);
        }
    }

    /// <summary>
    /// Turns the shortest way to <paramref name="microstepsFromIndex"/> (0 … one revolution less a microstep, from the
    /// index's leading edge), for calibration scans that look for the slot centres. Refuses (changing nothing) a
    /// position outside one revolution, an unhomed wheel, or a wheel that is busy. <see cref="CurrentSlot"/> is
    /// then the slot whose table offset is exactly there, if any.
    /// </summary>
    public FilterWheelOperation MoveToPosition(int microstepsFromIndex)
    {
        lock (_gate)
        {
            if (microstepsFromIndex < 0 || microstepsFromIndex >= MicrostepsPerRevolution)
            {
                throw new ArgumentOutOfRangeException(nameof(microstepsFromIndex), microstepsFromIndex,
                    Format($"{Name}: a position must lie within one revolution, 0 … {MicrostepsPerRevolution - 1} microsteps from the index; nothing was changed."));
            }

            ThrowIfBusy();
            return BeginMove(microstepsFromIndex, Format($"position {microstepsFromIndex}"), positionMove: true);
        }
    }

    private FilterWheelOperation BeginMove(long offsetMicrosteps, string targetName, bool positionMove)
    {
        if (!IsHomed)
        {
            throw new InvalidOperationException($"{Name} is not homed (never homed, or it stalled, timed out or slipped since); home it first.");
        }

        var ramp = Ramp;
        long from = _driver.ActualPosition;
        long delta = FilterWheelGeometry.ShortestDelta(from, offsetMicrosteps, MicrostepsPerRevolution);
        _moveFrom = from;
        _target = from + delta;
        _positionMove = positionMove;
        _expectedLatch = FilterWheelGeometry.ExpectedIndexLatch(from, _target, MicrostepsPerRevolution, IndexWidthMicrosteps ?? 0, _options.IndexToleranceMicrosteps, out _ambiguousLatch);
        _driver.ClearRampEvents(Tmc5160RampStatus.StatusLatchLeft | Tmc5160RampStatus.EventPositionReached);
        _driver.TargetPosition = checked((int)_target);
        CurrentSlot = null;
        var expected = TrapezoidDuration(Math.Abs(delta), _driver.VelocityFromRegister(ramp.VMax), _driver.AccelerationFromRegister(ramp.AMax));
        return Begin(FilterWheelOperationKind.Move, targetName, Phase.Moving, (expected * 1.5) + TimeSpan.FromSeconds(1));
    }

    /// <summary>Time a trapezoidal (or triangular) move of <paramref name="distance"/> takes from rest to rest.</summary>
    public static TimeSpan TrapezoidDuration(double distance, double maxVelocity, double acceleration)
    {
        if (distance <= 0 || maxVelocity <= 0 || acceleration <= 0)
        {
            return TimeSpan.Zero;
        }

        double seconds = distance >= maxVelocity * maxVelocity / acceleration
            ? (distance / maxVelocity) + (maxVelocity / acceleration)
            : 2 * Math.Sqrt(distance / acceleration);
        return TimeSpan.FromSeconds(seconds);
    }

    private Tmc5160Ramp Ramp => _ramp ?? throw new InvalidOperationException($"{Name} is not initialised; call Initialize() first.");

    private FilterWheelOperation Begin(FilterWheelOperationKind kind, string target, Phase phase, TimeSpan limit)
    {
        var now = _time.GetUtcNow();
        var operation = new FilterWheelOperation(kind, target, now, limit);
        _operation = operation;
        _phase = phase;
        _deadline = now + limit;
        _supervisor ??= _time.CreateTimer(_ => Poll(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _supervisor.Change(_options.PollInterval, _options.PollInterval);
        return operation;
    }

    private void ThrowIfBusy()
    {
        if (_phase != Phase.Idle && _operation is { } busy)
        {
            throw new InvalidOperationException($"{Name} is busy ({busy.Kind} to {busy.Target} since {busy.StartedAt:O}); nothing was changed.");
        }
    }

    private Tmc5160SwitchConfiguration Switches(bool latchOnInactive) => new()
    {
        LeftActiveLow = _options.IndexActiveLow,
        LatchLeftOnActive = !latchOnInactive,
        LatchLeftOnInactive = latchOnInactive,
        StopOnStall = true,
    };

    private RotationalSpeed MotorSpeed(RotationalSpeed wheel) => RotationalSpeed.FromRevolutionsPerSecond(wheel.RevolutionsPerSecond * _options.GearRatio);

    private RotationalAcceleration MotorAcceleration(RotationalAcceleration wheel) =>
        RotationalAcceleration.FromRevolutionsPerSecondSquared(wheel.RevolutionsPerSecondSquared * _options.GearRatio);

    private string? SlotAt(long position)
    {
        long wrapped = FilterWheelGeometry.Wrap(position, MicrostepsPerRevolution);
        foreach (var slot in _options.Slots)
        {
            if (slot.OffsetMicrosteps == wrapped)
            {
                return slot.Name;
            }
        }

        return null;
    }

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    public void Dispose()
    {
        lock (_gate)
        {
            _supervisor?.Dispose();
            _supervisor = null;
        }

        if (_shouldDisposeDriver)
        {
            _driver.Dispose();
        }
    }
}

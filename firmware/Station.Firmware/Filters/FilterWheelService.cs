using System.Device.Spi;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Station.Core.Safety;
using Station.Devices.Board;
using Station.Devices.Buses;
using Station.Devices.FilterWheel;
using Station.Devices.Tmc5160;
using Station.Firmware.Safety;

namespace Station.Firmware.Filters;

/// <summary>
/// The station's filter wheels as a service: named slots from configuration, homing at start-up, selection by
/// name the shortest way round, the driver's index check on every move that crosses the index (and a homing
/// after <see cref="FilterWheelConfiguration.MaxMovesWithoutIndexCheck"/> moves that did not), stall, timeout and
/// slip as faults naming wheel and slot. Every homing and move holds the detectors gated off
/// (<see cref="IDetectorGateGuard.HoldGatesOff"/>) from before the motor starts until the wheel has settled; a
/// faulted wheel keeps its hold until it is homed again. Reports each wheel to the safety supervisor
/// (<see cref="IFilterWheelSenseSource"/>) without taking a lock, so the safety loop never waits on a move.
/// </summary>
public sealed partial class FilterWheelService : IFilterWheelSenseSource, IHostedService, IDisposable
{
    private readonly FilterWheelUnit[] _wheels;
    private readonly Dictionary<string, FilterWheelUnit> _byName = new(StringComparer.Ordinal);
    private readonly FilterWheelServiceOptions _options;
    private readonly Func<IDetectorGateGuard> _guard;
    private readonly TimeProvider _time;
    private readonly ILogger<FilterWheelService> _logger;
    private readonly Lock _gate = new();
    private bool _disposed;

    /// <summary>Opens each configured wheel's TMC5160 on the pin map's SPI address.</summary>
    /// <exception cref="ArgumentException">The options are invalid (every problem listed) or a device id is not in the pin map.</exception>
    public FilterWheelService(IOptions<FilterWheelServiceOptions> options, IBusProvider buses, PinMap pinMap, IDetectorGateGuard guard, TimeProvider timeProvider, ILogger<FilterWheelService> logger)
        : this(options, buses, pinMap, guard is null ? throw new ArgumentNullException(nameof(guard)) : () => guard, timeProvider, logger)
    {
    }

    /// <summary>
    /// As above, with the gate guard found when the first move needs it: the safety loop is the guard and also reads
    /// this service (<see cref="IFilterWheelSenseSource"/>), so neither can be handed the other when it is built.
    /// </summary>
    public FilterWheelService(IOptions<FilterWheelServiceOptions> options, IBusProvider buses, PinMap pinMap, Func<IDetectorGateGuard> guard, TimeProvider timeProvider, ILogger<FilterWheelService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(buses);
        ArgumentNullException.ThrowIfNull(pinMap);
        _options = options.Value;
        _guard = guard ?? throw new ArgumentNullException(nameof(guard));
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        var problems = _options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid filter wheel configuration: " + string.Join("; ", problems), nameof(options));
        }

        var opened = new List<FilterWheelUnit>();
        try
        {
            foreach (var configuration in _options.Wheels)
            {
                var spi = OpenSpi(buses, pinMap, configuration);
                var controller = new Tmc5160(spi, fullStepsPerRevolution: configuration.MotorFullStepsPerRevolution, name: configuration.DeviceId);
                var unit = new FilterWheelUnit(opened.Count, configuration, new FilterWheel(configuration.DeviceId, controller, configuration.ToDriverOptions(), _time));
                opened.Add(unit);
                _byName.Add(configuration.Name, unit);
                unit.Publish();
            }
        }
        catch
        {
            opened.ForEach(u => u.Driver.Dispose());
            throw;
        }

        _wheels = [.. opened];
    }

    /// <inheritdoc/>
    public int WheelCount => _wheels.Length;

    /// <summary>Configured wheel names, in index order.</summary>
    public IReadOnlyList<string> WheelNames => [.. _wheels.Select(w => w.Name)];

    /// <summary>The slot names of <paramref name="wheel"/>, in index order (as the safety configuration lists them).</summary>
    public IReadOnlyList<string> SlotNames(string wheel) => [.. Find(wheel).Configuration.Slots.Select(s => s.Name)];

    /// <summary>The slot in the beam of <paramref name="wheel"/> (null while moving, between slots, unknown or faulted).</summary>
    public string? CurrentSlot(string wheel)
    {
        lock (_gate)
        {
            var unit = Find(wheel);
            return unit.Phase == WheelPhase.Idle && unit.SlotIndex >= 0 ? unit.Configuration.Slots[unit.SlotIndex].Name : null;
        }
    }

    /// <summary>Why <paramref name="wheel"/> is faulted, or null when it is not.</summary>
    public string? FaultOf(string wheel)
    {
        lock (_gate)
        {
            return Find(wheel).Fault;
        }
    }

    /// <summary>The selection in progress or last finished on <paramref name="wheel"/>.</summary>
    public FilterSelection? CurrentSelection(string wheel)
    {
        lock (_gate)
        {
            return Find(wheel).Selection;
        }
    }

    /// <inheritdoc/>
    public FilterWheelSense Sense(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _wheels.Length);
        long packed = Volatile.Read(ref _wheels[index].PublishedSense);
        var phase = (WheelPhase)(packed >> 32);
        int slot = unchecked((int)packed);
        var now = _time.GetUtcNow();
        return phase switch
        {
            WheelPhase.Idle => new FilterWheelSense(Sensed.Ok(false, now), Sensed.Ok(slot, now)),
            WheelPhase.Homing or WheelPhase.Moving or WheelPhase.Settling => new FilterWheelSense(Sensed.Ok(true, now), Sensed.Ok(-1, now)),
            WheelPhase.Faulted => new FilterWheelSense(Sensed.Faulted<bool>(now), Sensed.Faulted<int>(now)),
            _ => default, // Unknown: never homed, so neither moving nor slot can be vouched for
        };
    }

    /// <summary>Initialises every wheel and, when configured, homes it (and turns it to its start-up slot).</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var unit in _wheels)
        {
            lock (_gate)
            {
                try
                {
                    unit.Driver.Initialize();
                }
                catch (Tmc5160Exception ex)
                {
                    // One dead wheel must not stop the station: it stays Faulted (gates forbidden) and says why.
                    unit.Selection = new FilterSelection(unit.Name, null, _time.GetUtcNow());
                    Fault(unit, ex);
                    continue;
                }

                string slots = string.Join(", ", unit.Configuration.Slots.Select(s => s.Name));
                LogInitialized(unit.Name, unit.Configuration.DeviceId, unit.Driver.MicrostepsPerRevolution, slots);
            }

            if (_options.HomeAtStartup)
            {
                try
                {
                    Home(unit.Name);
                }
                catch (FilterWheelCommandRefusedException ex)
                {
                    LogStartupHomingRefused(unit.Name, ex.Message); // the wheel stays Unknown: the gates stay forbidden
                }
            }
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Homes <paramref name="wheel"/> (also the way out of a fault) and turns it to its start-up slot if one is
    /// configured. Refused, changing nothing, for an unknown wheel or one that is busy.
    /// </summary>
    /// <exception cref="FilterWheelCommandRefusedException">The command was refused; the message says why.</exception>
    public FilterSelection Home(string wheel)
    {
        lock (_gate)
        {
            var unit = Find(wheel);
            ThrowIfBusy(unit);
            string? then = unit.Configuration.StartupSlot is { Length: > 0 } s ? s : null;
            return Begin(unit, slot: null, homeFirst: true, then);
        }
    }

    /// <summary>
    /// Turns <paramref name="wheel"/> the shortest way to the slot named <paramref name="slot"/>. The detectors are
    /// gated off before the motor starts and stay off until the wheel has settled. Refused, changing nothing, for an
    /// unknown wheel or slot (the message lists the valid names), a busy wheel, or one that is not homed.
    /// </summary>
    /// <exception cref="FilterWheelCommandRefusedException">The command was refused; the message says why.</exception>
    public FilterSelection SelectSlot(string wheel, string slot)
    {
        ArgumentNullException.ThrowIfNull(slot);
        lock (_gate)
        {
            var unit = Find(wheel);
            int target = unit.SlotIndexOf(slot);
            if (target < 0)
            {
                throw new FilterWheelCommandRefusedException(
                    $"Filter wheel '{unit.Name}' has no slot '{slot}'; valid slots: {string.Join(", ", unit.Configuration.Slots.Select(s => $"'{s.Name}'"))}. Nothing was moved.");
            }

            ThrowIfBusy(unit);
            if (unit.Phase is WheelPhase.Unknown or WheelPhase.Faulted || !unit.Driver.IsHomed)
            {
                string why = unit.Fault is { } fault ? $"it is faulted ({fault})" : "it has not been homed";
                throw new FilterWheelCommandRefusedException($"Filter wheel '{unit.Name}' cannot select '{slot}': {why}; home it first. Nothing was moved.");
            }

            if (unit.SlotIndex == target)
            {
                // Already in the beam: nothing to move, so the gates are not disturbed.
                var done = new FilterSelection(unit.Name, slot, _time.GetUtcNow());
                done.Succeed(new FilterSelectionResult(unit.Name, slot, done.StartedAt, null, Homed: false));
                return done;
            }

            int limit = unit.Configuration.MaxMovesWithoutIndexCheck;
            bool homeFirst = limit > 0 && unit.MovesWithoutIndexCheck >= limit;
            if (homeFirst)
            {
                LogRehoming(unit.Name, unit.MovesWithoutIndexCheck);
            }

            return Begin(unit, slot, homeFirst, homeFirst ? slot : null);
        }
    }

    private FilterWheelUnit Find(string wheel)
    {
        ArgumentNullException.ThrowIfNull(wheel);
        return _byName.TryGetValue(wheel, out var unit)
            ? unit
            : throw new FilterWheelCommandRefusedException($"There is no filter wheel '{wheel}'; configured wheels: {string.Join(", ", _wheels.Select(w => $"'{w.Name}'"))}. Nothing was moved.");
    }

    private static void ThrowIfBusy(FilterWheelUnit unit)
    {
        if (unit.Phase is WheelPhase.Homing or WheelPhase.Moving or WheelPhase.Settling)
        {
            string doing = unit.Phase == WheelPhase.Homing ? "homing" : $"moving to '{unit.Selection?.Slot}'";
            throw new FilterWheelCommandRefusedException($"Filter wheel '{unit.Name}' is busy ({doing} since {unit.Selection?.StartedAt:O}); nothing was changed.");
        }
    }

    private static SpiDevice OpenSpi(IBusProvider buses, PinMap pinMap, FilterWheelConfiguration configuration)
    {
        try
        {
            return buses.OpenSpi(pinMap.GetSpiConnectionSettings(configuration.DeviceId));
        }
        catch (Exception ex) when (ex is ArgumentException or KeyNotFoundException or PinMapException)
        {
            throw new ArgumentException($"Filter wheel '{configuration.Name}': DeviceId '{configuration.DeviceId}' is not an SPI device of the pin map {pinMap.SourceName}: {ex.Message}", nameof(configuration), ex);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (var unit in _wheels)
            {
                unit.Poller?.Dispose();
                unit.GateHold?.Dispose();
                unit.Driver.Dispose();
            }
        }
    }
}

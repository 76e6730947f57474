using System.Globalization;
using Microsoft.Extensions.Options;
using Station.Devices.FilterWheel;
using Station.Devices.Tmc5160;
using UnitsNet;

namespace Station.Firmware.Filters;

/// <summary>
/// The <c>Station:FilterWheels</c> configuration section: the station's filter wheels and their slot tables.
/// Plain numbers with the unit in the name, as appsettings.json carries them; <see cref="FilterWheelConfiguration.ToDriverOptions"/>
/// turns one wheel into the driver's UnitsNet options.
/// </summary>
public sealed class FilterWheelServiceOptions
{
    public const string SectionName = "Station:FilterWheels";

    /// <summary>The wheels, in the order the safety supervisor indexes them.</summary>
    public IList<FilterWheelConfiguration> Wheels { get; init; } = [];

    /// <summary>Home every wheel when the service starts (the position is unknown after power-up).</summary>
    public bool HomeAtStartup { get; set; } = true;

    /// <summary>Every problem, each naming the option (with its path), its value and what was expected.</summary>
    public IReadOnlyList<string> Validate(string section = SectionName)
    {
        var problems = new List<string>();
        if (Wheels is null)
        {
            problems.Add($"{section}:Wheels is missing");
            return problems;
        }

        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        var devices = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < Wheels.Count; i++)
        {
            string path = string.Create(CultureInfo.InvariantCulture, $"{section}:Wheels:{i}");
            var wheel = Wheels[i];
            if (wheel is null)
            {
                problems.Add($"{path} is empty; expected a wheel with Name, DeviceId, SlotCount and Slots");
                continue;
            }

            if (!string.IsNullOrWhiteSpace(wheel.Name) && !names.TryAdd(wheel.Name, i))
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{path}.Name '{wheel.Name}' is already used by {section}:Wheels:{names[wheel.Name]}; expected unique wheel names"));
            }

            if (!string.IsNullOrWhiteSpace(wheel.DeviceId) && !devices.TryAdd(wheel.DeviceId, i))
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{path}.DeviceId '{wheel.DeviceId}' is already used by {section}:Wheels:{devices[wheel.DeviceId]}; expected one wheel per motion controller"));
            }

            problems.AddRange(wheel.Validate(path));
        }

        return problems;
    }
}

/// <summary>One filter wheel: its controller, mechanics and the calibrated slot table.</summary>
public sealed class FilterWheelConfiguration
{
    /// <summary>The wheel's name in commands and messages ("spectral", "nd").</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The pin-map id of the wheel's TMC5160 (<c>filter_wheel_spectral</c>, <c>filter_wheel_nd</c>).</summary>
    public string DeviceId { get; set; } = string.Empty;

    /// <summary>How many filter positions the wheel has; the slot table must name every one.</summary>
    public int SlotCount { get; set; }

    /// <summary>The slot table from the bench calibration (name, microsteps from the index).</summary>
    public IList<FilterSlotConfiguration> Slots { get; init; } = [];

    /// <summary>Slot to turn to after homing at start-up (e.g. "dark"); empty leaves the wheel at the index.</summary>
    public string? StartupSlot { get; set; }

    /// <summary>Motor revolutions per wheel revolution.</summary>
    public double GearRatio { get; set; } = 3;

    /// <summary>Full steps per motor revolution (200 for a 1.8° motor).</summary>
    public int MotorFullStepsPerRevolution { get; set; } = 200;

    /// <summary>Wheel speed while homing (slow, so the index latch is repeatable).</summary>
    public double HomingSpeedRpm { get; set; } = 15;

    /// <summary>Wheel speed between slots.</summary>
    public double MoveSpeedRpm { get; set; } = 60;

    /// <summary>Wheel acceleration and deceleration.</summary>
    public double AccelerationRevPerSec2 { get; set; } = 2;

    /// <summary>How far the index may latch from where it is expected before the wheel counts as slipped.</summary>
    public int IndexToleranceMicrosteps { get; set; } = 256;

    /// <summary>StallGuard2 threshold SGT (−64…63).</summary>
    public int StallThreshold { get; set; }

    /// <summary>TMC5160 run current IRUN (0–31).</summary>
    public int RunCurrent { get; set; } = 16;

    /// <summary>TMC5160 hold current IHOLD (0–31).</summary>
    public int HoldCurrent { get; set; } = 6;

    /// <summary>How long after the motor stops the wheel still rings; the detectors stay gated off until it has passed.</summary>
    public double SettleTimeMs { get; set; } = 200;

    /// <summary>
    /// After this many moves in a row that did not cross the index (so a slip on them went unchecked), the next
    /// selection homes the wheel first. 0 never forces it.
    /// </summary>
    public int MaxMovesWithoutIndexCheck { get; set; } = 8;

    /// <summary>How often the driver's supervisor polls the controller during a move.</summary>
    public double PollIntervalMs { get; set; } = 5;

    /// <summary>The driver's options for this wheel (valid only when <see cref="Validate"/> found nothing).</summary>
    public FilterWheelOptions ToDriverOptions() => new()
    {
        Slots = [.. Slots.Select(s => new FilterSlot(s.Name, s.OffsetMicrosteps))],
        GearRatio = GearRatio,
        HomingSpeed = RotationalSpeed.FromRevolutionsPerMinute(HomingSpeedRpm),
        MoveSpeed = RotationalSpeed.FromRevolutionsPerMinute(MoveSpeedRpm),
        Acceleration = RotationalAcceleration.FromRevolutionsPerSecondSquared(AccelerationRevPerSec2),
        IndexToleranceMicrosteps = IndexToleranceMicrosteps,
        StallThreshold = StallThreshold,
        PollInterval = TimeSpan.FromMilliseconds(PollIntervalMs),
        Driver = new Tmc5160DriverSettings(RunCurrent: RunCurrent, HoldCurrent: HoldCurrent),
    };

    /// <summary>Every problem with this wheel, each prefixed with <paramref name="path"/>.</summary>
    public IReadOnlyList<string> Validate(string path)
    {
        var problems = new List<string>();
        var c = CultureInfo.InvariantCulture;
        if (string.IsNullOrWhiteSpace(Name))
        {
            problems.Add($"{path}.Name is empty; expected the wheel's name (e.g. 'spectral')");
        }

        if (string.IsNullOrWhiteSpace(DeviceId))
        {
            problems.Add($"{path}.DeviceId is empty; expected the pin-map id of the wheel's TMC5160 (e.g. 'filter_wheel_spectral')");
        }

        if (SlotCount < 1)
        {
            problems.Add(string.Create(c, $"{path}.SlotCount is {SlotCount}; expected the wheel's number of filter positions (1 or more)"));
        }
        else if (Slots is not null && Slots.Count != SlotCount)
        {
            problems.Add(string.Create(c, $"{path}.Slots names {Slots.Count} slots; the wheel has {SlotCount} (SlotCount): name every position"));
        }

        if (MotorFullStepsPerRevolution < 1)
        {
            problems.Add(string.Create(c, $"{path}.MotorFullStepsPerRevolution is {MotorFullStepsPerRevolution}; expected a positive integer"));
        }

        if (!(SettleTimeMs >= 0 && SettleTimeMs <= 10_000))
        {
            problems.Add(string.Create(c, $"{path}.SettleTimeMs is {SettleTimeMs}; expected 0…10000"));
        }

        if (MaxMovesWithoutIndexCheck < 0)
        {
            problems.Add(string.Create(c, $"{path}.MaxMovesWithoutIndexCheck is {MaxMovesWithoutIndexCheck}; expected 0 (never) or more"));
        }

        if (!(PollIntervalMs > 0 && PollIntervalMs <= 1000))
        {
            problems.Add(string.Create(c, $"{path}.PollIntervalMs is {PollIntervalMs}; expected 0 < value ≤ 1000"));
        }

        if (Slots is null)
        {
            problems.Add($"{path}.Slots is missing");
            return problems;
        }

        if (StartupSlot is { Length: > 0 } startup && !Slots.Any(s => s?.Name == startup))
        {
            problems.Add($"{path}.StartupSlot '{startup}' is not one of the slots ({string.Join(", ", Slots.Select(s => s?.Name))})");
        }

        if (MotorFullStepsPerRevolution >= 1 && Slots.All(s => s is not null))
        {
            // The driver's own checks: slot names unique, offsets within one turn and distinct, speeds, currents, tolerance.
            FilterWheelOptions driver;
            try
            {
                driver = ToDriverOptions();
            }
            catch (ArgumentException ex)
            {
                problems.Add($"{path}: {ex.Message}");
                return problems;
            }

            problems.AddRange(driver.Validate(path, MotorFullStepsPerRevolution).Select(p => p.StartsWith(path + ": ", StringComparison.Ordinal) ? path + "." + p[(path.Length + 2)..] : p));
        }
        else
        {
            problems.Add($"{path}.Slots has an empty entry; expected {{ Name, OffsetMicrosteps }} for every slot");
        }

        return problems;
    }
}

/// <summary>One calibrated slot: its name and where it sits from the index, in microsteps the positive way.</summary>
public sealed class FilterSlotConfiguration
{
    /// <summary>The name operators use ("810/10nm", "532 beacon", "open", "dark", "ND1").</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Microsteps from the index's leading edge to where the slot is centred in the beam.</summary>
    public int OffsetMicrosteps { get; set; }

    /// <summary>The safety supervisor may gate the detectors on in daylight (daylight mode) with this slot in the beam.</summary>
    public bool DaylightApproved { get; set; }
}

/// <summary>Validates <see cref="FilterWheelServiceOptions"/> at start-up.</summary>
public sealed class FilterWheelServiceOptionsValidator : IValidateOptions<FilterWheelServiceOptions>
{
    public ValidateOptionsResult Validate(string? name, FilterWheelServiceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}

using System.Globalization;
using Station.Devices.Tmc5160;
using UnitsNet;

namespace Station.Devices.FilterWheel;

/// <summary>A named slot at its calibrated offset from the index (microsteps in the positive direction).</summary>
/// <param name="Name">Slot name as operators use it ("532nm", "ND2").</param>
/// <param name="OffsetMicrosteps">Where the slot is centred in the beam, from the index's latch position.</param>
public sealed record FilterSlot(string Name, int OffsetMicrosteps);

/// <summary>Mechanics, motion and calibration of one filter wheel. Speeds and accelerations are of the wheel.</summary>
public sealed record FilterWheelOptions
{
    /// <summary>The calibrated slot table.</summary>
    public IReadOnlyList<FilterSlot> Slots { get; init; } = [];

    /// <summary>Motor revolutions per wheel revolution (1 for direct drive).</summary>
    public double GearRatio { get; init; } = 1;

    /// <summary>Wheel speed while looking for the index (slow: the index latch is then repeatable).</summary>
    public RotationalSpeed HomingSpeed { get; init; } = RotationalSpeed.FromRevolutionsPerMinute(15);

    /// <summary>Wheel speed between slots.</summary>
    public RotationalSpeed MoveSpeed { get; init; } = RotationalSpeed.FromRevolutionsPerMinute(60);

    /// <summary>Wheel acceleration and deceleration.</summary>
    public RotationalAcceleration Acceleration { get; init; } = RotationalAcceleration.FromRevolutionsPerSecondSquared(2);

    /// <summary>How far the index latch may lie from where it is expected before the wheel counts as slipped.</summary>
    public int IndexToleranceMicrosteps { get; init; } = 256;

    /// <summary>The hall index sensor pulls REFL low at the magnet (open-drain sensor, pull-up on the board).</summary>
    public bool IndexActiveLow { get; init; } = true;

    /// <summary>StallGuard2 threshold SGT (−64…63).</summary>
    public int StallThreshold { get; init; }

    /// <summary>Lowest wheel speed at which a stall stops the motor (TCOOLTHRS); slower, stalls go unseen.</summary>
    public RotationalSpeed StallDetectionMinimumSpeed { get; init; } = RotationalSpeed.FromRevolutionsPerMinute(6);

    /// <summary>How often the supervisor polls the controller during an operation.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Driver stage settings (currents, microsteps).</summary>
    public Tmc5160DriverSettings Driver { get; init; } = new(RunCurrent: 16, HoldCurrent: 6);

    /// <summary>Microsteps per wheel revolution for a motor with <paramref name="fullStepsPerRevolution"/>.</summary>
    public double MicrostepsPerWheelRevolution(int fullStepsPerRevolution) =>
        fullStepsPerRevolution * (double)Driver.MicrostepsPerFullStep * GearRatio;

    /// <summary>Every problem, each naming the field, its value and what is expected (empty when valid).</summary>
    public IReadOnlyList<string> Validate(string wheel, int fullStepsPerRevolution)
    {
        var problems = new List<string>();
        var c = CultureInfo.InvariantCulture;
        try
        {
            Driver.Validate();
        }
        catch (ArgumentException ex)
        {
            problems.Add($"{wheel}: Driver: {ex.Message}");
        }

        double perRevolution = MicrostepsPerWheelRevolution(fullStepsPerRevolution);
        int revolution = 0;
        if (!double.IsFinite(GearRatio) || GearRatio <= 0)
        {
            problems.Add(string.Create(c, $"{wheel}: GearRatio is {GearRatio}; expected a finite positive ratio."));
        }
        else if (Math.Abs(perRevolution - Math.Round(perRevolution)) > 1e-6 || perRevolution > int.MaxValue / 4)
        {
            problems.Add(string.Create(c, $"{wheel}: GearRatio {GearRatio} gives {perRevolution} microsteps per wheel revolution; expected a whole number below {int.MaxValue / 4}."));
        }
        else
        {
            revolution = (int)Math.Round(perRevolution);
        }

        CheckSpeed(problems, wheel, nameof(HomingSpeed), HomingSpeed);
        CheckSpeed(problems, wheel, nameof(MoveSpeed), MoveSpeed);
        CheckSpeed(problems, wheel, nameof(StallDetectionMinimumSpeed), StallDetectionMinimumSpeed);
        if (!double.IsFinite(Acceleration.RevolutionsPerSecondSquared) || Acceleration.RevolutionsPerSecondSquared <= 0)
        {
            problems.Add(string.Create(c, $"{wheel}: Acceleration is {Acceleration.RevolutionsPerSecondSquared} rev/s²; expected a finite positive acceleration."));
        }

        if (StallThreshold is < -64 or > 63)
        {
            problems.Add(string.Create(c, $"{wheel}: StallThreshold is {StallThreshold}; expected −64…63."));
        }

        if (PollInterval <= TimeSpan.Zero)
        {
            problems.Add(string.Create(c, $"{wheel}: PollInterval is {PollInterval}; expected a positive interval."));
        }

        if (revolution > 0 && (IndexToleranceMicrosteps < 1 || IndexToleranceMicrosteps > revolution / 16))
        {
            problems.Add(string.Create(c, $"{wheel}: IndexToleranceMicrosteps is {IndexToleranceMicrosteps}; expected 1…{revolution / 16} (1/16 revolution)."));
        }

        CheckSlots(problems, wheel, revolution);
        return problems;
    }

    private void CheckSlots(List<string> problems, string wheel, int revolution)
    {
        var c = CultureInfo.InvariantCulture;
        if (Slots is null || Slots.Count == 0)
        {
            problems.Add($"{wheel}: Slots is empty; a filter wheel needs at least one named slot.");
            return;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var offsets = new Dictionary<int, string>();
        for (int i = 0; i < Slots.Count; i++)
        {
            var slot = Slots[i];
            if (slot is null || string.IsNullOrWhiteSpace(slot.Name))
            {
                problems.Add(string.Create(c, $"{wheel}: slot {i} has no name."));
                continue;
            }

            if (!names.Add(slot.Name))
            {
                problems.Add($"{wheel}: slot '{slot.Name}' appears more than once.");
            }

            if (revolution > 0 && (slot.OffsetMicrosteps < 0 || slot.OffsetMicrosteps >= revolution))
            {
                problems.Add(string.Create(c, $"{wheel}: slot '{slot.Name}' offset {slot.OffsetMicrosteps} is outside 0…{revolution - 1} microsteps (one wheel revolution)."));
            }
            else if (!offsets.TryAdd(slot.OffsetMicrosteps, slot.Name))
            {
                problems.Add(string.Create(c, $"{wheel}: slots '{offsets[slot.OffsetMicrosteps]}' and '{slot.Name}' are both at offset {slot.OffsetMicrosteps}."));
            }
        }
    }

    private static void CheckSpeed(List<string> problems, string wheel, string name, RotationalSpeed speed)
    {
        if (!double.IsFinite(speed.RevolutionsPerSecond) || speed.RevolutionsPerSecond <= 0)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{wheel}: {name} is {speed.RevolutionsPerMinute} rpm; expected a finite positive speed."));
        }
    }
}

using System.Globalization;
using System.Text.Json.Nodes;
using Station.Core.Calibration;
using Station.Firmware.Calibration;

namespace Station.Firmware.Filters;

/// <summary>One slot's centre as the scan found it.</summary>
/// <param name="Name">The slot's name (as configured).</param>
/// <param name="OffsetMicrosteps">Microsteps from the index's leading edge to the slot's centre in the beam.</param>
/// <param name="Measured">False for an opaque slot placed from the wheel's geometry and the measured slots.</param>
/// <param name="WidthMicrosteps">Distance between the slot's two half-transmission edges (0 when not measured).</param>
public sealed record FilterSlotCalibration(string Name, int OffsetMicrosteps, bool Measured, double WidthMicrosteps);

/// <summary>One wheel's slot table.</summary>
public sealed record FilterWheelCalibration(string Name, int MicrostepsPerRevolution, IReadOnlyList<FilterSlotCalibration> Slots);

/// <summary>
/// The filter-wheel slot calibration (<c>qkd-station/filter-wheel-slots</c>, version 1), written by
/// <c>host-tools/calibration/filter-wheel-offsets.cs</c> and loaded at start-up from <c>Station:Calibration:FilterWheelsPath</c>:
/// each listed wheel's slot offsets replace the configured <c>OffsetMicrosteps</c>. A listed wheel must be configured,
/// with the same slots by name.
/// </summary>
public sealed record FilterWheelCalibrationFile(CalibrationHeader Header, IReadOnlyList<FilterWheelCalibration> Wheels)
{
    public const string FormatName = "qkd-station/filter-wheel-slots";
    public const int FormatVersion = 1;

    /// <exception cref="CalibrationFileException">Anything malformed or from another station, named with its field.</exception>
    public static FilterWheelCalibrationFile Parse(string json, string source, string? expectedStation)
    {
        var root = CalibrationJson.ParseRoot(json, source);
        var header = CalibrationHeader.Read(root, FormatName, FormatVersion, expectedStation, source);
        var wheels = new List<FilterWheelCalibration>();
        var array = CalibrationJson.Array(root, "wheels", "", source);
        for (int w = 0; w < array.Count; w++)
        {
            string path = string.Create(CultureInfo.InvariantCulture, $"wheels[{w}].");
            var wheel = CalibrationJson.Object(array[w], path.TrimEnd('.'), source);
            string name = CalibrationJson.Text(wheel, "name", path, source);
            int revolution = CalibrationJson.Integer(wheel, "microsteps_per_revolution", path, source, 1, int.MaxValue);
            var slots = new List<FilterSlotCalibration>();
            var slotArray = CalibrationJson.Array(wheel, "slots", path, source);
            for (int s = 0; s < slotArray.Count; s++)
            {
                string slotPath = string.Create(CultureInfo.InvariantCulture, $"{path}slots[{s}].");
                var slot = CalibrationJson.Object(slotArray[s], slotPath.TrimEnd('.'), source);
                string slotName = CalibrationJson.Text(slot, "name", slotPath, source);
                if (slots.Any(x => x.Name == slotName))
                {
                    throw new CalibrationFileException($"{source}: '{slotPath}name' '{slotName}' is listed twice in wheel '{name}'");
                }

                slots.Add(new FilterSlotCalibration(slotName,
                    CalibrationJson.Integer(slot, "offset_microsteps", slotPath, source, 0, revolution - 1),
                    CalibrationJson.Flag(slot, "measured", slotPath, source, fallback: true),
                    CalibrationJson.Number(slot, "width_microsteps", slotPath, source, 0, revolution)));
            }

            if (wheels.Any(x => x.Name == name))
            {
                throw new CalibrationFileException($"{source}: '{path}name' '{name}' is listed twice");
            }

            wheels.Add(new FilterWheelCalibration(name, revolution, slots));
        }

        return wheels.Count > 0 ? new FilterWheelCalibrationFile(header, wheels) : throw new CalibrationFileException($"{source}: 'wheels' is empty");
    }

    public string Serialize(CalibrationHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var root = header.WriteTo([]);
        root["wheels"] = new JsonArray([.. Wheels.Select(w => (JsonNode)new JsonObject
        {
            ["name"] = w.Name,
            ["microsteps_per_revolution"] = w.MicrostepsPerRevolution,
            ["slots"] = new JsonArray([.. w.Slots.Select(s => (JsonNode)new JsonObject
            {
                ["name"] = s.Name,
                ["offset_microsteps"] = s.OffsetMicrosteps,
                ["measured"] = s.Measured,
                ["width_microsteps"] = Math.Round(s.WidthMicrosteps, 1),
            })]),
        })]);
        return root.ToJsonString(CalibrationJson.Indented);
    }

    /// <summary>Why this file does not fit the configured wheels (empty when it does).</summary>
    public IReadOnlyList<string> Mismatches(FilterWheelServiceOptions options, string source)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        foreach (var wheel in Wheels)
        {
            var configured = options.Wheels.FirstOrDefault(w => w?.Name == wheel.Name);
            if (configured is null)
            {
                problems.Add($"{source}: wheel '{wheel.Name}' is not configured in {FilterWheelServiceOptions.SectionName} (configured: {string.Join(", ", options.Wheels.Select(w => w?.Name))})");
                continue;
            }

            var names = configured.Slots.Select(s => s.Name).ToList();
            if (wheel.Slots.Count != configured.SlotCount || !names.Order(StringComparer.Ordinal).SequenceEqual(wheel.Slots.Select(s => s.Name).Order(StringComparer.Ordinal)))
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{source}: wheel '{wheel.Name}' lists {wheel.Slots.Count} slots ({string.Join(", ", wheel.Slots.Select(s => s.Name))}); configured: {configured.SlotCount} ({string.Join(", ", names)})"));
            }

            double revolution = configured.GearRatio * configured.MotorFullStepsPerRevolution * 256;
            if (Math.Abs(revolution - wheel.MicrostepsPerRevolution) > 0.5)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{source}: wheel '{wheel.Name}' was calibrated at {wheel.MicrostepsPerRevolution} microsteps per revolution; configured mechanics give {revolution}"));
            }
        }

        return problems;
    }

    /// <summary>Replaces the offsets of every listed wheel's slots (matched by name).</summary>
    public void ApplyTo(FilterWheelServiceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var wheel in Wheels)
        {
            var configured = options.Wheels.FirstOrDefault(w => w?.Name == wheel.Name);
            foreach (var slot in configured?.Slots ?? [])
            {
                if (wheel.Slots.FirstOrDefault(s => s.Name == slot.Name) is { } calibrated)
                {
                    slot.OffsetMicrosteps = calibrated.OffsetMicrosteps;
                }
            }
        }
    }
}

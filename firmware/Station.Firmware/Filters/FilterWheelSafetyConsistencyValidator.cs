using System.Globalization;
using Microsoft.Extensions.Options;
using Station.Firmware.Safety;

namespace Station.Firmware.Filters;

/// <summary>
/// Checks at start-up that the safety loop's filter wheels (<c>Station:Safety:FilterWheels</c>) are the service's wheels
/// (<c>Station:FilterWheels:Wheels</c>): same count, names and slot names in the same order. The service reports the
/// slot in the beam as an index into its own table and the supervisor approves daylight slots by index into its list,
/// so two lists that disagree would let the detectors open behind the wrong filter. An empty safety list is fine: the
/// loop then takes the service's table (slots marked <c>DaylightApproved</c>).
/// </summary>
public sealed class FilterWheelSafetyConsistencyValidator(IOptions<SafetyHostOptions> safety) : IValidateOptions<FilterWheelServiceOptions>
{
    public ValidateOptionsResult Validate(string? name, FilterWheelServiceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        SafetyHostOptions host;
        try
        {
            host = safety.Value;
        }
        catch (OptionsValidationException)
        {
            return ValidateOptionsResult.Success; // the safety section reports its own problems; they are not the wheels'
        }

        if (!host.Enabled || options.Wheels is null || host.FilterWheels.Count == 0)
        {
            return ValidateOptionsResult.Success;
        }

        var problems = new List<string>();
        var c = CultureInfo.InvariantCulture;
        if (host.FilterWheels.Count != options.Wheels.Count)
        {
            problems.Add(string.Create(c, $"{SafetyHostOptions.SectionName}:FilterWheels lists {host.FilterWheels.Count} wheels but {FilterWheelServiceOptions.SectionName}:Wheels has {options.Wheels.Count}; expected the same wheels in the same order (or no list: the service's)"));
        }

        for (int i = 0; i < Math.Min(host.FilterWheels.Count, options.Wheels.Count); i++)
        {
            var supervised = host.FilterWheels[i];
            var wheel = options.Wheels[i];
            if (wheel is null)
            {
                continue;
            }

            var slots = wheel.Slots?.Select(s => s?.Name ?? string.Empty).ToList() ?? [];
            if (!string.Equals(supervised.Name, wheel.Name, StringComparison.Ordinal) || !supervised.Slots.SequenceEqual(slots, StringComparer.Ordinal))
            {
                problems.Add(string.Create(c,
                    $"{SafetyHostOptions.SectionName}:FilterWheels:{i} is '{supervised.Name}' with slots ({string.Join(", ", supervised.Slots)}) but {FilterWheelServiceOptions.SectionName}:Wheels:{i} is '{wheel.Name}' with slots ({string.Join(", ", slots)}); expected the same name and slot names in the same order (the supervisor judges the slot by its index)"));
            }
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}

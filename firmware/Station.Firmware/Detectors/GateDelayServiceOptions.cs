using System.Globalization;
using Microsoft.Extensions.Options;
using Station.Core.Detectors;
using UnitsNet;

namespace Station.Firmware.Detectors;

/// <summary>
/// The <c>Station:GateDelays</c> configuration section: the source's pulse period, each detector channel's gate
/// width and its instrument delay from calibration, and how often the delays are rewritten during a pass.
/// Plain numbers with the unit in the name, as appsettings.json carries them.
/// </summary>
public sealed class GateDelayServiceOptions
{
    public const string SectionName = "Station:GateDelays";

    /// <summary>One LSB of the board's GATE_* registers.</summary>
    public const double BoardStepNs = 0.01;

    /// <summary>False for a continuous source (entangled pairs): every configured gate then runs free, open the whole period.</summary>
    public bool PulsedSource { get; set; } = true;

    /// <summary>
    /// Pulse period of the source (10 ns: a 100 MHz source). The board's gate clock and the source's pulse clock are
    /// both disciplined to GNSS time, so pulses leave at whole multiples of the period from every UTC second: the
    /// period must divide one second.
    /// </summary>
    public double PulsePeriodNs { get; set; } = 10;

    /// <summary>How often the delays are rewritten while a pass is tracked; each write holds until the next.</summary>
    public double UpdateIntervalMs { get; set; } = 1;

    /// <summary>The gated detector channels.</summary>
    public IList<GateChannelConfiguration> Channels { get; init; } = [];

    /// <summary>The core planner's options for these channels.</summary>
    public GatePlannerOptions ToPlannerOptions() => new()
    {
        PulsedSource = PulsedSource,
        PulsePeriod = Duration.FromNanoseconds(PulsePeriodNs),
        DelayResolution = Duration.FromNanoseconds(BoardStepNs),
        Channels = [.. Channels.Select(c => new GateChannelTiming(Duration.FromNanoseconds(c.WidthNs), Duration.FromNanoseconds(c.InstrumentDelayNs)))],
    };

    /// <summary>
    /// The open fraction of each board channel's gate as the service sets it: width/period for a configured pulsed
    /// channel, 1 for free-running gates, and the board's reset width (10 ns) over the period for the others.
    /// </summary>
    public IReadOnlyList<double> GateDuties(int boardChannels)
    {
        var duties = new double[boardChannels];
        for (int channel = 0; channel < boardChannels; channel++)
        {
            var configured = Channels.FirstOrDefault(c => c?.Channel == channel);
            duties[channel] = configured is null ? Math.Min(1, 10 / PulsePeriodNs)
                : PulsedSource ? Math.Min(1, configured.WidthNs / PulsePeriodNs) : 1;
        }

        return duties;
    }

    /// <summary>Every problem, each naming the option (with its path), its value and what was expected.</summary>
    public IReadOnlyList<string> Validate(string section = SectionName)
    {
        var problems = new List<string>();
        void Require(bool ok, FormattableString text)
        {
            if (!ok)
            {
                problems.Add(text.ToString(CultureInfo.InvariantCulture));
            }
        }

        double steps = PulsePeriodNs / BoardStepNs;
        bool wholeSteps = double.IsFinite(steps) && Math.Abs(steps - Math.Round(steps)) < 1e-6;
        Require(double.IsFinite(PulsePeriodNs) && PulsePeriodNs is >= 2 and <= 1_000_000 && wholeSteps,
            $"{section}.PulsePeriodNs is {PulsePeriodNs}; expected 2…1000000 ns (the board's GATE_PERIOD range) in whole 0.01 ns steps");
        Require(!wholeSteps || PulsePeriodNs < 2 || 100_000_000_000 % (long)Math.Round(steps) == 0,
            $"{section}.PulsePeriodNs is {PulsePeriodNs}; expected a period that divides one second (pulses aligned to UTC seconds)");
        Require(double.IsFinite(UpdateIntervalMs) && UpdateIntervalMs is >= 0.1 and <= 1000,
            $"{section}.UpdateIntervalMs is {UpdateIntervalMs}; expected 0.1…1000");
        if (Channels is null || Channels.Count is < 1 or > 4)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{section}.Channels lists {Channels?.Count ?? 0} channels; expected 1…4 (the board's channels 0–3)"));
            return problems;
        }

        var seen = new Dictionary<int, int>();
        for (int i = 0; i < Channels.Count; i++)
        {
            string path = string.Create(CultureInfo.InvariantCulture, $"{section}.Channels:{i}");
            var channel = Channels[i];
            if (channel is null)
            {
                problems.Add($"{path} is empty; expected {{ Channel, WidthNs, InstrumentDelayNs }}");
                continue;
            }

            Require(channel.Channel is >= 0 and <= 3, $"{path}.Channel is {channel.Channel}; expected a board channel 0…3");
            Require(!seen.TryGetValue(channel.Channel, out int other), $"{path}.Channel {channel.Channel} is already configured by {section}.Channels:{other}");
            seen.TryAdd(channel.Channel, i);
            Require(double.IsFinite(channel.WidthNs) && channel.WidthNs >= 0.1 && channel.WidthNs <= PulsePeriodNs,
                $"{path}.WidthNs is {channel.WidthNs}; expected 0.1 ns (the board's minimum) … the pulse period {PulsePeriodNs} ns");
        }

        if (problems.Count == 0)
        {
            // The planner's own limits: instrument delays within ±1 ms, pulsed gates narrower than the period less the rate squeeze.
            problems.AddRange(ToPlannerOptions().Validate().Select(p => $"{section}: {p}"));
        }

        return problems;
    }
}

/// <summary>One gated detector channel.</summary>
public sealed class GateChannelConfiguration
{
    /// <summary>The board channel (0–3).</summary>
    public int Channel { get; set; }

    /// <summary>How long the gate stays open per pulse.</summary>
    public double WidthNs { get; set; } = 1;

    /// <summary>
    /// From calibration: telescope to detector output (optics, fibre, cables, electronics), plus any fixed offset
    /// between the source's and the board's clocks. Added to the light time.
    /// </summary>
    public double InstrumentDelayNs { get; set; }
}

/// <summary>Validates <see cref="GateDelayServiceOptions"/> at start-up.</summary>
public sealed class GateDelayServiceOptionsValidator : IValidateOptions<GateDelayServiceOptions>
{
    public ValidateOptionsResult Validate(string? name, GateDelayServiceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}

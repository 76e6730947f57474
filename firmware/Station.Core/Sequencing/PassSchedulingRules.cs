using System.Globalization;

namespace Station.Core.Sequencing;

/// <summary>Which passes the station flies and how early it gets ready (section <c>Station:Schedule</c>).</summary>
public sealed record PassSchedulingRules
{
    /// <summary>A pass is flown only when its highest elevation reaches this, degrees.</summary>
    public double MinMaxElevationDeg { get; init; } = 20.0;

    /// <summary>Fly only passes with the station dark at TCA (quantum links need night skies).</summary>
    public bool NightOnly { get; init; } = true;

    /// <summary>
    /// Satellites in priority order (catalogue numbers, highest first). Empty: every satellite, earliest pass first.
    /// Not empty: only these are flown, and of two passes that would overlap the higher-priority one wins.
    /// </summary>
    public IReadOnlyList<int> Priority { get; init; } = [];

    /// <summary>How long before AOS the pre-point slew starts.</summary>
    public TimeSpan PrePointLead { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>A pass already in progress (or resumed after a fault) is joined only if at least this much of it remains.</summary>
    public TimeSpan MinRemaining { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>After LOS the mount parks unless the next pass's pre-point starts within this time.</summary>
    public TimeSpan StayUnparkedFor { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Whether the sequencer asks for the uplink beacon in fine lock (the safety supervisor still decides).</summary>
    public bool UplinkInFineLock { get; init; } = true;

    /// <summary>Checks every value; the message names the rule and what is allowed.</summary>
    /// <exception cref="ArgumentException">A rule is out of range.</exception>
    public void Validate()
    {
        if (!double.IsFinite(MinMaxElevationDeg) || MinMaxElevationDeg is < 0.0 or > 90.0)
        {
            throw new ArgumentOutOfRangeException(nameof(MinMaxElevationDeg), MinMaxElevationDeg,
                "Schedule.MinMaxElevationDeg must be within 0..90 degrees.");
        }

        CheckSpan(PrePointLead, nameof(PrePointLead), TimeSpan.FromHours(1));
        CheckSpan(MinRemaining, nameof(MinRemaining), TimeSpan.FromHours(1));
        CheckSpan(StayUnparkedFor, nameof(StayUnparkedFor), TimeSpan.FromDays(1));
        ArgumentNullException.ThrowIfNull(Priority, nameof(Priority));
        var seen = new HashSet<int>();
        for (var i = 0; i < Priority.Count; i++)
        {
            if (Priority[i] <= 0 || !seen.Add(Priority[i]))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"Schedule.Priority[{i}] = {Priority[i]}: expected a positive catalogue number listed once."), nameof(Priority));
            }
        }
    }

    /// <summary>Rank of a satellite in <see cref="Priority"/> (0 highest), or null when it is not to be flown.</summary>
    public int? RankOf(int catalogNumber)
    {
        if (Priority.Count == 0)
        {
            return 0;
        }

        for (var i = 0; i < Priority.Count; i++)
        {
            if (Priority[i] == catalogNumber)
            {
                return i;
            }
        }

        return null;
    }

    private static void CheckSpan(TimeSpan value, string name, TimeSpan max)
    {
        if (value < TimeSpan.Zero || value > max)
        {
            throw new ArgumentOutOfRangeException(name, value,
                string.Create(CultureInfo.InvariantCulture, $"Schedule.{name} must be within 0..{max}."));
        }
    }
}

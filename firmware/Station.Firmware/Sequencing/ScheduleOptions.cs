using System.Globalization;
using Station.Core.Orbits;
using Station.Core.Sequencing;

namespace Station.Firmware.Sequencing;

/// <summary>The <c>Station:Schedule</c> section: where the station is, which satellites it flies and by which rules.</summary>
public sealed class ScheduleOptions
{
    public const string SectionName = "Station:Schedule";

    /// <summary>The site: a built-in station name (<c>delingha</c>, <c>nanshan</c>) or <c>LAT,LON,HEIGHT_M</c> (degrees, metres).</summary>
    public string Site { get; set; } = "delingha";

    /// <summary>TLE catalogue (two- or three-line sets; several epochs of a satellite allowed, the nearest is used). Empty: fly nothing.</summary>
    public string? TlePath { get; set; }

    /// <summary>Elevation mask that defines AOS and LOS, degrees.</summary>
    public double MinElevationDeg { get; set; } = 10;

    /// <summary>A pass is flown only when it culminates at least this high, degrees.</summary>
    public double MinMaxElevationDeg { get; set; } = 20;

    /// <summary>Fly only passes in the station's night.</summary>
    public bool NightOnly { get; set; } = true;

    /// <summary>Catalogue numbers in priority order (empty: every satellite in the catalogue).</summary>
    public List<int> Priority { get; set; } = [];

    /// <summary>Seconds before AOS the pre-point slew starts.</summary>
    public double PrePointLeadS { get; set; } = 120;

    /// <summary>Seconds of a pass that must remain to join it in progress or resume it after a fault.</summary>
    public double MinRemainingS { get; set; } = 30;

    /// <summary>After LOS the mount parks unless the next pre-point starts within this many seconds.</summary>
    public double StayUnparkedForS { get; set; } = 600;

    /// <summary>Ask for the uplink beacon in fine lock (the safety supervisor still decides).</summary>
    public bool UplinkInFineLock { get; set; } = true;

    /// <summary>Filter slots (wheel → slot) put in the beam when a pass is tracked, for the detectors' link.</summary>
    public Dictionary<string, string> LinkFilters { get; set; } = new() { ["spectral"] = "810/10nm", ["nd"] = "open" };

    /// <summary>Filter slots put in the beam after LOS and on a fault: the detectors see nothing.</summary>
    public Dictionary<string, string> SafeFilters { get; set; } = new() { ["spectral"] = "dark", ["nd"] = "ND4" };

    /// <summary>How far ahead passes are predicted, hours.</summary>
    public double LookaheadHours { get; set; } = 24;

    /// <summary>The site as a ground station; throws <see cref="FormatException"/> naming the option.</summary>
    public GroundStation ParseSite() => StationCatalog.TryParse(Site, out var station, out var problem)
        ? station!
        : throw new FormatException($"{SectionName}:Site: {problem}");

    public PassSchedulingRules ToRules() => new()
    {
        MinMaxElevationDeg = MinMaxElevationDeg,
        NightOnly = NightOnly,
        Priority = [.. Priority],
        PrePointLead = TimeSpan.FromSeconds(PrePointLeadS),
        MinRemaining = TimeSpan.FromSeconds(MinRemainingS),
        StayUnparkedFor = TimeSpan.FromSeconds(StayUnparkedForS),
        UplinkInFineLock = UplinkInFineLock,
    };

    /// <summary>Every problem, each naming the option, its value and what was expected.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        var c = CultureInfo.InvariantCulture;
        if (!StationCatalog.TryParse(Site ?? string.Empty, out _, out var siteProblem))
        {
            problems.Add($"{SectionName}:Site '{Site}': {siteProblem}");
        }

        if (TlePath is { Length: > 0 } path && !File.Exists(path))
        {
            problems.Add($"{SectionName}:TlePath '{path}' does not exist");
        }

        if (!double.IsFinite(MinElevationDeg) || MinElevationDeg is < 0 or > 60)
        {
            problems.Add(string.Create(c, $"{SectionName}:MinElevationDeg is {MinElevationDeg}; expected 0–60 degrees"));
        }

        if (!double.IsFinite(LookaheadHours) || LookaheadHours is < 1 or > 24 * 7)
        {
            problems.Add(string.Create(c, $"{SectionName}:LookaheadHours is {LookaheadHours}; expected 1–168 hours"));
        }

        foreach (var (name, value) in new[] { (nameof(PrePointLeadS), PrePointLeadS), (nameof(MinRemainingS), MinRemainingS), (nameof(StayUnparkedForS), StayUnparkedForS) })
        {
            if (!double.IsFinite(value) || value < 0)
            {
                problems.Add(string.Create(c, $"{SectionName}:{name} is {value}; expected a non-negative number of seconds"));
            }
        }

        if (problems.Count == 0)
        {
            try
            {
                ToRules().Validate();
            }
            catch (ArgumentException exception)
            {
                problems.Add($"{SectionName}: {exception.Message}");
            }
        }

        return problems;
    }
}

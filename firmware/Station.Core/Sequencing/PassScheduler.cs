using Station.Core.Orbits;

namespace Station.Core.Sequencing;

/// <summary>Chooses the next pass to fly from a list of predicted passes, by the scheduling rules.</summary>
public static class PassScheduler
{
    /// <summary>
    /// The pass to fly next at <paramref name="nowUtc"/>: among the passes the rules allow that still have
    /// <see cref="PassSchedulingRules.MinRemaining"/> to run, the earliest — unless a higher-priority pass would
    /// overlap it (starts before it ends, counting the pre-point lead), in which case that one. Null when none.
    /// </summary>
    public static SatellitePass? ChooseNext(IReadOnlyList<SatellitePass> passes, DateTime nowUtc, PassSchedulingRules rules)
    {
        ArgumentNullException.ThrowIfNull(passes);
        ArgumentNullException.ThrowIfNull(rules);
        SatellitePass? earliest = null;
        foreach (var pass in passes)
        {
            if (IsEligible(pass, nowUtc, rules) && (earliest is null || pass.StartUtc < earliest.StartUtc))
            {
                earliest = pass;
            }
        }

        if (earliest is null)
        {
            return null;
        }

        var chosen = earliest;
        var chosenRank = rules.RankOf(earliest.CatalogNumber)!.Value;
        foreach (var pass in passes)
        {
            if (!IsEligible(pass, nowUtc, rules) || pass.StartUtc - rules.PrePointLead >= earliest.EndUtc)
            {
                continue;
            }

            var rank = rules.RankOf(pass.CatalogNumber)!.Value;
            if (rank < chosenRank || (rank == chosenRank && pass.StartUtc < chosen.StartUtc))
            {
                chosen = pass;
                chosenRank = rank;
            }
        }

        return chosen;
    }

    /// <summary>When the pre-point slew for <paramref name="pass"/> starts.</summary>
    public static DateTime PrePointStartUtc(SatellitePass pass, PassSchedulingRules rules) => pass.StartUtc - rules.PrePointLead;

    /// <summary>Whether enough of the pass remains at <paramref name="nowUtc"/> to be worth joining.</summary>
    public static bool StillOn(SatellitePass pass, DateTime nowUtc, PassSchedulingRules rules) =>
        pass.EndUtc - nowUtc >= rules.MinRemaining;

    private static bool IsEligible(SatellitePass pass, DateTime nowUtc, PassSchedulingRules rules) =>
        pass.MaxElevationDeg >= rules.MinMaxElevationDeg
        && (!rules.NightOnly || pass.StationDark)
        && rules.RankOf(pass.CatalogNumber) is not null
        && StillOn(pass, nowUtc, rules);
}

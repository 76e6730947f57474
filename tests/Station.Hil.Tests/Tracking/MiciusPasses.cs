using System.Globalization;
using Station.Cli.Tracking;
using Station.Core.Orbits;

namespace Station.Hil.Tests.Tracking;

/// <summary>Micius (2016-12-18 element set, ~500 km) passes the tracking HIL tests fly.</summary>
internal static class MiciusPasses
{
    public static readonly string File = Path.Combine(OrbitCliTests.RepositoryRoot(), "tests", "Station.Core.Tests", "TestData", "tle", "micius_41731_history.tle");

    /// <summary>A night pass over Delingha culminating at 63.5°, 9.7 minutes above the 3° tracking mask.</summary>
    public const string SixtyDegreePassStart = "2016-12-29T17:00:00Z";

    /// <summary>The same pass seen from a site 235 km towards the ground track, where it culminates at 88.0°.</summary>
    public const string KeyholeStation = "37.88,95.09,3000";

    public static OpenLoopPassRequest Request(GroundStation site, string start)
    {
        DateTime from = DateTime.Parse(start, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
        using var reader = new StreamReader(File);
        var sets = TleCatalog.Parse(reader, ChecksumPolicy.Enforce).ElementSets;
        return new OpenLoopPassRequest(sets.MinBy(e => Math.Abs((e.EpochUtc - from).Ticks))!, site, from) { Seed = 7 };
    }
}

namespace Station.Core.Tests.Orbits;

/// <summary>Paths of the test data copied next to the test assembly.</summary>
internal static class TestDataFiles
{
    public static string Path(params string[] parts) =>
        System.IO.Path.Combine([AppContext.BaseDirectory, "TestData", .. parts]);

    public static string ValladoTle => Path("sgp4", "SGP4-VER.TLE");

    public static string ValladoOutput => Path("sgp4", "tcppver.out");

    public static string TestSet => Path("tle", "test_set_2026-03-19.tle");

    public static string ActiveCatalog => Path("tle", "celestrak_active_2026-03-19.txt");
}

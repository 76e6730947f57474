namespace Station.Tests.Shared;

/// <summary>
/// Bytes that code allocates on the calling thread, for the zero-allocation tests. One run of a loop that allocates
/// nothing once read 1,592 B on CI (PermissionAuditorTests, not reproducible here): the runtime occasionally allocates on
/// the calling thread for its own reasons (first-time initialisation, tiering). Code that allocates on its own path does
/// so on every run, so the fewest bytes over a few runs still catches it while a one-off cannot fail the test.
/// Shared by the test projects (linked, not referenced).
/// </summary>
internal static class Allocations
{
    public static long Of(Action run)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        run();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    /// <summary>The fewest bytes <paramref name="run"/> allocates over up to <paramref name="runs"/> runs (it stops at the first run that allocates nothing).</summary>
    public static long Fewest(Action run, int runs = 3) => Fewest(() => Of(run), runs);

    /// <summary>
    /// The fewest bytes over up to <paramref name="runs"/> runs of <paramref name="measuredRun"/>, which returns what it
    /// measured itself (e.g. summing <see cref="Of"/> over only part of its work).
    /// </summary>
    public static long Fewest(Func<long> measuredRun, int runs = 3)
    {
        long fewest = long.MaxValue;
        for (int i = 0; i < runs && fewest > 0; i++)
        {
            fewest = Math.Min(fewest, measuredRun());
        }

        return fewest;
    }
}

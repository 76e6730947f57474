namespace Station.Hil.Tests;

/// <summary>A fresh telemetry journal path for a host built by a test, so no test writes into the working directory.</summary>
internal static class HostTestJournal
{
    private static readonly string Directory = Path.Combine(Path.GetTempPath(), "station-host-tests-" + Environment.ProcessId);

    public static string NewPath()
    {
        System.IO.Directory.CreateDirectory(Directory);
        return Path.Combine(Directory, Guid.NewGuid().ToString("N") + ".sqlite");
    }
}

namespace Station.Devices.Tests;

/// <summary>Finds the checkout the tests run from, so they can read the committed schematics.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    public static string Combine(string relativePath) => System.IO.Path.Combine(Path, relativePath);

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Controller.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Controller.sln above {AppContext.BaseDirectory}.");
    }
}

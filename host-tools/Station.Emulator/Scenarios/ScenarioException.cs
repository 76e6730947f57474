namespace Station.Emulator.Scenarios;

/// <summary>
/// A scenario file could not be read or is invalid. <see cref="Problems"/> lists every problem found, each naming the
/// JSON path of the key, what was given and what was expected, so one attempt shows everything that needs fixing.
/// </summary>
public sealed class ScenarioException : Exception
{
    public ScenarioException()
        : this("The scenario is invalid.")
    {
    }

    public ScenarioException(string message)
        : base(message)
    {
        Problems = [message];
    }

    public ScenarioException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [message];
    }

    public ScenarioException(string sourceName, IReadOnlyList<string> problems, Exception? innerException = null)
        : base(Describe(sourceName, problems), innerException)
    {
        SourceName = sourceName;
        Problems = problems;
    }

    /// <summary>The file path (or the name given to <see cref="ScenarioLoader.Parse"/>).</summary>
    public string? SourceName { get; }

    /// <summary>Each problem as <c>$.json.path: got …; expected …</c> (without the source name).</summary>
    public IReadOnlyList<string> Problems { get; }

    private static string Describe(string sourceName, IReadOnlyList<string> problems) =>
        problems.Count == 1
            ? $"{sourceName}: {problems[0]}"
            : $"{sourceName}: {problems.Count} scenario problems:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", problems);
}

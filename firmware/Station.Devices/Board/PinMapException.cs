namespace Station.Devices.Board;

/// <summary>
/// The pin map could not be read or breaks a wiring rule. <see cref="Problems"/> lists every problem found, each
/// naming the file, the device(s) and the pin, so one start-up attempt shows everything that needs fixing.
/// </summary>
public sealed class PinMapException : Exception
{
    public PinMapException()
        : this("The pin map is invalid.")
    {
    }

    public PinMapException(string message)
        : base(message)
    {
        Problems = [message];
    }

    public PinMapException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [message];
    }

    public PinMapException(string sourceName, IReadOnlyList<string> problems, Exception? innerException = null)
        : base(Describe(sourceName, problems), innerException)
    {
        SourceName = sourceName;
        Problems = problems;
    }

    public string? SourceName { get; }

    public IReadOnlyList<string> Problems { get; }

    private static string Describe(string sourceName, IReadOnlyList<string> problems) =>
        problems.Count == 1
            ? problems[0]
            : $"{sourceName}: {problems.Count} pin map problems:{Environment.NewLine}  "
              + string.Join(Environment.NewLine + "  ", problems);
}

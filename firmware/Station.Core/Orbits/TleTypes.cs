using System.Globalization;

namespace Station.Core.Orbits;

/// <summary>What to do when a TLE line's checksum (column 69) is wrong.</summary>
public enum ChecksumPolicy
{
    /// <summary>Reject the element set.</summary>
    Enforce,

    /// <summary>Accept the element set and report a warning (for hand-made sets such as Vallado's 33333–33335).</summary>
    Warn,
}

/// <summary>A problem found in TLE text: where it is (file line, 1-based columns) and what was expected.</summary>
/// <param name="LineNumber">1-based line number in the file or text.</param>
/// <param name="FirstColumn">1-based first column, or 0 when the problem concerns the whole line.</param>
/// <param name="LastColumn">1-based last column (equal to <paramref name="FirstColumn"/> for one column).</param>
/// <param name="Problem">What is wrong and what was expected, e.g. <c>checksum is 7, expected 3</c>.</param>
public sealed record TleDiagnostic(int LineNumber, int FirstColumn, int LastColumn, string Problem)
{
    /// <summary>The full message, e.g. <c>line 2, columns 69: checksum is 7, expected 3</c>.</summary>
    public string Message => FirstColumn <= 0
        ? string.Create(CultureInfo.InvariantCulture, $"line {LineNumber}: {Problem}")
        : FirstColumn == LastColumn
            ? string.Create(CultureInfo.InvariantCulture, $"line {LineNumber}, columns {FirstColumn}: {Problem}")
            : string.Create(CultureInfo.InvariantCulture, $"line {LineNumber}, columns {FirstColumn}-{LastColumn}: {Problem}");

    /// <inheritdoc />
    public override string ToString() => Message;
}

/// <summary>
/// The start, stop and step (minutes since epoch) that Vallado's verification file appends to line 2
/// after column 69, telling a driver which times to propagate.
/// </summary>
public readonly record struct ValladoTimeRange(double StartMinutes, double StopMinutes, double StepMinutes);

/// <summary>One element set read from TLE text.</summary>
/// <param name="Elements">The element set.</param>
/// <param name="FirstLineNumber">Line number (in the text) of the set's first line: the name line if present, else line 1.</param>
/// <param name="TimeRange">Vallado's start/stop/step columns, when line 2 carries them.</param>
public sealed record TleEntry(ElementSet Elements, int FirstLineNumber, ValladoTimeRange? TimeRange);

/// <summary>Outcome of parsing one TLE: the entry (null when rejected), errors and warnings.</summary>
public sealed record TleParseResult(TleEntry? Entry, IReadOnlyList<TleDiagnostic> Errors, IReadOnlyList<TleDiagnostic> Warnings)
{
    /// <summary>True when the set was accepted.</summary>
    public bool Success => Entry is not null;
}

/// <summary>Thrown by <see cref="TleParser.Parse(string, string, string?, ChecksumPolicy)"/> for a malformed element set.</summary>
public sealed class TleFormatException : FormatException
{
    /// <summary>Creates the exception from the problems found.</summary>
    public TleFormatException(IReadOnlyList<TleDiagnostic> errors)
        : base(errors is null || errors.Count == 0 ? "Malformed TLE." : string.Join("; ", errors.Select(e => e.Message))) =>
        Errors = errors ?? [];

    /// <summary>Creates an exception with a message only.</summary>
    public TleFormatException() : this([]) { }

    /// <summary>Creates an exception with a message only.</summary>
    public TleFormatException(string message) : base(message) => Errors = [];

    /// <summary>Creates an exception with a message and inner exception.</summary>
    public TleFormatException(string message, Exception innerException) : base(message, innerException) => Errors = [];

    /// <summary>Every problem found, in column order.</summary>
    public IReadOnlyList<TleDiagnostic> Errors { get; }
}

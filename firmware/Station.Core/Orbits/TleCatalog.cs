namespace Station.Core.Orbits;

/// <summary>
/// A catalogue of element sets read from TLE text (2-line or 3-line, mixed freely). Malformed sets are
/// skipped and reported in <see cref="Errors"/>; parsing never throws for bad content.
/// </summary>
/// <remarks>
/// Blank lines and lines starting with '#' (comments, as in Vallado's SGP4-VER.TLE) are ignored. A line
/// is an element line when it starts with a digit 1–9 and a space, or is at least 60 characters long;
/// any other line is a name for the set that follows.
/// </remarks>
public sealed class TleCatalog
{
    private TleCatalog(List<TleEntry> entries, List<TleDiagnostic> errors, List<TleDiagnostic> warnings)
    {
        Entries = entries;
        ElementSets = entries.ConvertAll(e => e.Elements);
        Errors = errors;
        Warnings = warnings;
    }

    /// <summary>The accepted sets in file order, with line numbers and Vallado time ranges.</summary>
    public IReadOnlyList<TleEntry> Entries { get; }

    /// <summary>The accepted element sets in file order.</summary>
    public IReadOnlyList<ElementSet> ElementSets { get; }

    /// <summary>Problems that made sets (or stray lines) be skipped.</summary>
    public IReadOnlyList<TleDiagnostic> Errors { get; }

    /// <summary>Problems tolerated: checksum mismatches under <see cref="ChecksumPolicy.Warn"/>.</summary>
    public IReadOnlyList<TleDiagnostic> Warnings { get; }

    /// <summary>Parses TLE text.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public static TleCatalog Parse(string text, ChecksumPolicy checksumPolicy = ChecksumPolicy.Enforce)
    {
        ArgumentNullException.ThrowIfNull(text);
        using var reader = new StringReader(text);
        return Parse(reader, checksumPolicy);
    }

    /// <summary>Parses TLE text from a reader (read to the end, not disposed).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="reader"/> is null.</exception>
    public static TleCatalog Parse(TextReader reader, ChecksumPolicy checksumPolicy = ChecksumPolicy.Enforce)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var lines = new List<(int Number, string Text)>();
        int number = 0;
        while (reader.ReadLine() is { } raw)
        {
            number++;
            string text = raw.TrimEnd();
            if (text.Length > 0 && !text.StartsWith('#'))
            {
                lines.Add((number, text));
            }
        }

        var entries = new List<TleEntry>();
        var errors = new List<TleDiagnostic>();
        var warnings = new List<TleDiagnostic>();
        (int Number, string Text)? name = null;
        int i = 0;
        while (i < lines.Count)
        {
            (int lineNumber, string line) = lines[i];
            if (!IsElementLine(line))
            {
                if (name is { } orphan)
                {
                    errors.Add(new TleDiagnostic(orphan.Number, 0, 0, $"name '{orphan.Text.Trim()}' is not followed by an element set"));
                }

                name = lines[i];
                i++;
                continue;
            }

            bool hasNext = i + 1 < lines.Count && IsElementLine(lines[i + 1].Text);
            if (!hasNext || IsMissingLine2(line, lines[i + 1].Text) || IsOrphanLine2(line, lines[i + 1].Text))
            {
                string problem = line[0] == '2'
                    ? "line 2 of an element set without its line 1"
                    : "line 1 of an element set without its line 2";
                errors.Add(new TleDiagnostic(lineNumber, 0, 0, problem));
                name = null;
                i++;
                continue;
            }

            TleParseResult result = TleParser.ParseSet(name?.Text, name?.Number ?? 0, line, lineNumber,
                lines[i + 1].Text, lines[i + 1].Number, checksumPolicy);
            errors.AddRange(result.Errors);
            warnings.AddRange(result.Warnings);
            if (result.Entry is not null)
            {
                entries.Add(result.Entry);
            }

            name = null;
            i += 2;
        }

        if (name is { } last)
        {
            errors.Add(new TleDiagnostic(last.Number, 0, 0, $"name '{last.Text.Trim()}' is not followed by an element set"));
        }

        return new TleCatalog(entries, errors, warnings);
    }

    private static bool IsElementLine(string line) =>
        (line.Length >= 2 && line[0] is >= '1' and <= '9' && line[1] == ' ') || (line.Length >= 60 && !line.StartsWith("0 ", StringComparison.Ordinal));

    // "1 …" followed by "1 …": the first set lost its line 2; resynchronise on the second.
    private static bool IsMissingLine2(string line, string next) => line[0] == '1' && next[0] == '1';

    // "2 …" followed by "1 …" or "2 …": a line 2 whose line 1 is missing.
    private static bool IsOrphanLine2(string line, string next) => line[0] == '2' && next[0] is '1' or '2';
}

namespace Station.Tests.Shared;

/// <summary>Splits one CSV line whose fields may be double-quoted (the reference fixtures quote names).
/// Shared by the test projects (linked, not referenced) so both read the fixtures the same way.</summary>
internal static class CsvLine
{
    public static string[] Split(string line)
    {
        var cells = new List<string>();
        var cur = new System.Text.StringBuilder();
        bool quoted = false;
        foreach (char ch in line)
        {
            if (ch == '"')
            {
                quoted = !quoted;
            }
            else if (ch == ',' && !quoted)
            {
                cells.Add(cur.ToString());
                cur.Clear();
            }
            else
            {
                cur.Append(ch);
            }
        }

        cells.Add(cur.ToString());
        return [.. cells];
    }
}

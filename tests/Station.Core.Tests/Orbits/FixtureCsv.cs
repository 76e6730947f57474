using System.Globalization;

namespace Station.Core.Tests.Orbits;

/// <summary>Reads the committed reference CSVs ('#' comment lines, one header row, optional double-quoted fields).</summary>
internal sealed class FixtureCsv
{
    private readonly Dictionary<string, int> columns;

    private FixtureCsv(string[] header, List<string[]> rows)
    {
        columns = header.Select((h, i) => (h, i)).ToDictionary(x => x.h, x => x.i, StringComparer.Ordinal);
        Rows = rows;
    }

    public List<string[]> Rows { get; }

    public static string PathOf(params string[] parts) =>
        Path.Combine([AppContext.BaseDirectory, "TestData", .. parts]);

    public static FixtureCsv Load(params string[] parts)
    {
        string[] lines = File.ReadAllLines(PathOf(parts));
        string[]? header = null;
        var rows = new List<string[]>();
        foreach (string line in lines)
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            string[] cells = Split(line);
            if (header is null)
            {
                header = cells;
            }
            else
            {
                rows.Add(cells);
            }
        }

        return new FixtureCsv(header ?? throw new InvalidDataException("no header"), rows);
    }

    public string Text(string[] row, string column) => row[columns[column]];

    public double Num(string[] row, string column) =>
        double.Parse(row[columns[column]], NumberStyles.Float, CultureInfo.InvariantCulture);

    public DateTime Utc(string[] row, string column) =>
        DateTime.Parse(row[columns[column]], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    private static string[] Split(string line) => Station.Tests.Shared.CsvLine.Split(line);
}

/// <summary>Tracks the largest absolute error seen and where.</summary>
internal sealed class MaxError(string name)
{
    public double Value { get; private set; }

    public string Where { get; private set; } = "";

    public int Count { get; private set; }

    public void Add(double error, string where)
    {
        Count++;
        if (Math.Abs(error) > Value)
        {
            Value = Math.Abs(error);
            Where = where;
        }
    }

    public override string ToString() => FormattableString.Invariant($"{name}: max {Value:G4} over {Count} ({Where})");
}

using System.Globalization;

namespace Station.Core.Orbits;

/// <summary>Reads the fixed-column fields of one TLE line, recording each problem with its columns.</summary>
internal sealed class TleLine(string line, int lineNumber, char expectedLineNumber,
    List<TleDiagnostic> errors, List<TleDiagnostic> checksumProblems)
{
    /// <summary>Checks length and line number; false when the fields cannot be read at their columns.</summary>
    public bool CheckFrame(bool allowExtraNumbers)
    {
        if (line.Length < TleParser.LineLength)
        {
            Error(0, 0, $"line is {line.Length} characters long, expected {TleParser.LineLength}");
            return false;
        }

        if (line[0] != expectedLineNumber)
        {
            Error(1, 1, $"line number is '{line[0]}', expected '{expectedLineNumber}'");
            return false;
        }

        if (line.Length > TleParser.LineLength && !(allowExtraNumbers && char.IsWhiteSpace(line[TleParser.LineLength])))
        {
            Error(TleParser.LineLength + 1, line.Length, $"line is {line.Length} characters long, expected {TleParser.LineLength}");
            return false;
        }

        return true;
    }

    public void ExpectSpaces(params ReadOnlySpan<int> columns)
    {
        foreach (int column in columns)
        {
            if (line[column - 1] != ' ')
            {
                Error(column, column, $"expected a space, found '{line[column - 1]}'");
            }
        }
    }

    public (int Number, string Text) CatalogNumber()
    {
        string field = Field(3, 7);
        string text = field.Trim();
        if (Alpha5.TryDecode(field, out int number))
        {
            return (number, text);
        }

        Error(3, 7, $"catalogue number '{field}' is not valid, expected 5 digits or a letter and 4 digits (Alpha-5)");
        return (-1, text);
    }

    public char Classification()
    {
        char c = line[7];
        if (c is 'U' or 'C' or 'S')
        {
            return c;
        }

        if (c == ' ')
        {
            return 'U';
        }

        Error(8, 8, $"classification is '{c}', expected U, C or S");
        return 'U';
    }

    public string Text(int first, int last) => Field(first, last).Trim();

    public int Integer(int first, int last, string what, string expected, int min, int max, bool allowBlank)
    {
        string field = Field(first, last);
        string s = field.Trim();
        if (s.Length == 0)
        {
            if (!allowBlank)
            {
                Error(first, last, $"{what} is blank, expected {expected}");
            }

            return 0;
        }

        if (!int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out int value))
        {
            Error(first, last, $"{what} '{field}' is not a number, expected {expected}");
            return 0;
        }

        if (value < min || value > max)
        {
            Error(first, last, $"{what} {value} is out of range, expected {expected}");
        }

        return value;
    }

    public double Number(int first, int last, string what, string expected, double min, double max,
        bool minExclusive = false, bool maxExclusive = false)
    {
        string field = Field(first, last);
        string s = field.Trim();
        if (s.Length == 0)
        {
            Error(first, last, $"{what} is blank, expected {expected}");
            return 0.0;
        }

        if (!double.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double value))
        {
            Error(first, last, $"{what} '{field}' is not a number, expected {expected}");
            return 0.0;
        }

        bool belowMin = minExclusive ? value <= min : value < min;
        bool aboveMax = maxExclusive ? value >= max : value > max;
        if (belowMin || aboveMax)
        {
            Error(first, last, $"{what} {TleParser.Invariant(value)} is out of range, expected {expected}");
        }

        return value;
    }

    /// <summary>Reads a field like <c>" 12345-4"</c>: sign, five mantissa digits after an implied "0.", exponent sign and digit.</summary>
    public double Exponent(int first, int last, string what)
    {
        string field = Field(first, last);
        bool ok = field.Length == 8
            && field[0] is ' ' or '+' or '-'
            && !field.AsSpan(1, 5).ContainsAnyExceptInRange('0', '9')
            && field[6] is '+' or '-' or ' '
            && char.IsAsciiDigit(field[7]);
        if (!ok)
        {
            Error(first, last, $"{what} '{field}' is not in TLE exponent form, expected ±NNNNN±N (e.g. ' 12345-4' for 0.12345e-4)");
            return 0.0;
        }

        char sign = field[0] == '-' ? '-' : '+';
        char expSign = field[6] == '-' ? '-' : '+';
        string text = $"{sign}0.{field.AsSpan(1, 5)}e{expSign}{field[7]}";
        return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    /// <summary>Reads digits with an implied leading decimal point (the eccentricity field).</summary>
    public double ImpliedDecimal(int first, int last, string what)
    {
        string field = Field(first, last);
        if (field.AsSpan().ContainsAnyExceptInRange('0', '9'))
        {
            Error(first, last, $"{what} '{field}' is not {field.Length} digits, expected digits after an implied decimal point");
            return 0.0;
        }

        return double.Parse("0." + field, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
    }

    public void Checksum()
    {
        char c = line[TleParser.LineLength - 1];
        int expected = TleParser.ComputeChecksum(line);
        int column = TleParser.LineLength;
        if (!char.IsAsciiDigit(c))
        {
            checksumProblems.Add(new TleDiagnostic(lineNumber, column, column, $"checksum '{c}' is not a digit, expected {expected}"));
        }
        else if (c - '0' != expected)
        {
            checksumProblems.Add(new TleDiagnostic(lineNumber, column, column, $"checksum is {c}, expected {expected}"));
        }
    }

    /// <summary>Vallado's start/stop/step minutes after column 69, if present.</summary>
    public ValladoTimeRange? ExtraTimeRange()
    {
        if (line.Length <= TleParser.LineLength)
        {
            return null;
        }

        string rest = line[TleParser.LineLength..];
        string[] tokens = rest.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var values = new double[tokens.Length];
        bool ok = tokens.Length == 3;
        for (int i = 0; ok && i < tokens.Length; i++)
        {
            ok = double.TryParse(tokens[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) && double.IsFinite(values[i]);
        }

        if (!ok)
        {
            Error(TleParser.LineLength + 1, line.Length,
                $"text after column {TleParser.LineLength} '{rest.Trim()}' is not three numbers, expected start, stop and step minutes");
            return null;
        }

        return new ValladoTimeRange(values[0], values[1], values[2]);
    }

    private string Field(int first, int last) => line[(first - 1)..last];

    private void Error(int first, int last, string problem) => errors.Add(new TleDiagnostic(lineNumber, first, last, problem));
}

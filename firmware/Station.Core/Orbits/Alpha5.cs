namespace Station.Core.Orbits;

/// <summary>
/// Alpha-5 catalogue numbers: a letter (A–Z without I and O, worth 10–33) followed by four digits
/// extends the five-digit TLE field beyond 99999; <c>A0001</c> is 100001, <c>Z9999</c> is 339999.
/// </summary>
public static class Alpha5
{
    private const string Letters = "ABCDEFGHJKLMNPQRSTUVWXYZ";

    /// <summary>Largest number Alpha-5 can write.</summary>
    public const int MaxCatalogNumber = 339999;

    /// <summary>Decodes a catalogue number field (leading blanks allowed); false when it is neither digits nor Alpha-5.</summary>
    public static bool TryDecode(ReadOnlySpan<char> text, out int catalogNumber)
    {
        catalogNumber = -1;
        ReadOnlySpan<char> s = text.Trim();
        if (s.IsEmpty || s.Length > 5)
        {
            return false;
        }

        int value = 0;
        int start = 0;
        if (!char.IsAsciiDigit(s[0]))
        {
            int letter = Letters.IndexOf(s[0]);
            if (letter < 0 || s.Length != 5)
            {
                return false;
            }

            value = letter + 10;
            start = 1;
        }

        foreach (char c in s[start..])
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        catalogNumber = value;
        return true;
    }

    /// <summary>Encodes a catalogue number in the five-character TLE field (zero-padded digits or Alpha-5).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The number is negative or above <see cref="MaxCatalogNumber"/>.</exception>
    public static string Encode(int catalogNumber)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(catalogNumber);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(catalogNumber, MaxCatalogNumber);
        if (catalogNumber < 100000)
        {
            return catalogNumber.ToString("D5", System.Globalization.CultureInfo.InvariantCulture);
        }

        char letter = Letters[(catalogNumber / 10000) - 10];
        return letter + (catalogNumber % 10000).ToString("D4", System.Globalization.CultureInfo.InvariantCulture);
    }
}

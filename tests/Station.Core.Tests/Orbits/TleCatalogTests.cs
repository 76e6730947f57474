using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Station.Core.Orbits;

namespace Station.Core.Tests.Orbits;

public sealed class TleCatalogTests
{
    private const string Iss1 = "1 25544U 98067A   26078.12958500  .00009105  00000+0  17698-3 0  9991";
    private const string Iss2 = "2 25544  51.6344  25.6919 0006229 207.4819 152.5840 15.48370465557798";
    private const string Vanguard1 = "1 00005U 58002B   00179.78495062  .00000023  00000-0  28098-4 0  4753";
    private const string Vanguard2 = "2 00005  34.2682 348.7242 1859667 331.7664  19.3264 10.82419157413667";

    [Fact]
    public void Loads_the_full_celestrak_active_catalogue_without_errors()
    {
        TleCatalog catalog = TleCatalog.Parse(File.ReadAllText(TestDataFiles.ActiveCatalog));
        Assert.Empty(catalog.Errors);
        Assert.Empty(catalog.Warnings);
        Assert.Equal(14710, catalog.Entries.Count);
        Assert.Equal("CALSPHERE 1", catalog.ElementSets[0].Name);
        Assert.All(catalog.ElementSets, e => Assert.False(string.IsNullOrEmpty(e.Name)));
    }

    [Fact]
    public void Loads_the_45_satellite_test_set()
    {
        TleCatalog catalog = TleCatalog.Parse(File.ReadAllText(TestDataFiles.TestSet));
        Assert.Empty(catalog.Errors);
        Assert.Equal(45, catalog.Entries.Count);
        Assert.Equal(25544, catalog.ElementSets[0].CatalogNumber);
    }

    [Fact]
    public void Skips_malformed_sets_and_reports_each_with_its_file_line()
    {
        string text = string.Join("\r\n",
            "ISS (ZARYA)",               // 1
            Iss1,                        // 2
            Iss2,                        // 3
            "BROKEN",                    // 4
            Iss1[..68] + "0",            // 5: wrong checksum
            Iss2,                        // 6
            "",                          // 7
            "# a comment",               // 8
            Vanguard1,                   // 9: line 1 without line 2
            "0 VANGUARD 1",              // 10
            Vanguard1,                   // 11
            Vanguard2,                   // 12
            Iss2,                        // 13: line 2 without line 1
            "LONELY NAME");              // 14

        TleCatalog catalog = TleCatalog.Parse(text);

        Assert.Equal([25544, 5], catalog.ElementSets.Select(e => e.CatalogNumber));
        Assert.Equal([1, 10], catalog.Entries.Select(e => e.FirstLineNumber));
        Assert.Equal("VANGUARD 1", catalog.ElementSets[1].Name);
        Assert.Equal(
            [
                "line 5, columns 69: checksum is 0, expected 1",
                "line 9: line 1 of an element set without its line 2",
                "line 13: line 2 of an element set without its line 1",
                "line 14: name 'LONELY NAME' is not followed by an element set",
            ],
            catalog.Errors.Select(e => e.Message));
    }

    [Fact]
    public void Reads_two_line_sets_without_names()
    {
        TleCatalog catalog = TleCatalog.Parse(Iss1 + "\n" + Iss2 + "\n" + Vanguard1 + "\n" + Vanguard2 + "\n");
        Assert.Empty(catalog.Errors);
        Assert.Equal([null, null], catalog.ElementSets.Select(e => e.Name));
    }

    [Fact]
    public void Null_text_throws()
    {
        Assert.Throws<ArgumentNullException>(() => TleCatalog.Parse((string)null!));
        Assert.Throws<ArgumentNullException>(() => TleCatalog.Parse((TextReader)null!));
    }

    [Property(MaxTest = 300)]
    public Property Never_throws_for_any_text() =>
        Prop.ForAll(ArbMap.Default.ArbFor<string>(), text =>
        {
            TleCatalog c = TleCatalog.Parse(text ?? "");
            return c.Entries.Count + c.Errors.Count >= 0;
        });

    [Property(MaxTest = 300)]
    public Property Never_throws_for_corrupted_sets() =>
        Prop.ForAll(Gen.Choose(0, (3 * 70) - 1).Two().SelectMany(p => Gen.Elements(" -+.0123456789AZxe\t".ToCharArray()).Select(c => (p.Item1, p.Item2, c))).ToArbitrary(),
            t =>
            {
                char[] chars = ("ISS\n" + Iss1 + "\n" + Iss2).ToCharArray();
                chars[t.Item1 % chars.Length] = t.Item3;
                chars[t.Item2 % chars.Length] = t.Item3;
                TleCatalog c = TleCatalog.Parse(new string(chars));
                return c.Entries.Count + c.Errors.Count >= 1;
            });
}

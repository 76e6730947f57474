using System.Globalization;
using Station.Core.Orbits;

namespace Station.Core.Tests.Orbits;

public sealed class PropagationCsvTests
{
    [Fact]
    public void Vallado_csv_reproduces_tcppver_and_its_error_stops()
    {
        using var tle = new StreamReader(TestDataFiles.ValladoTle);
        var csv = new StringWriter(CultureInfo.InvariantCulture);
        var err = new StringWriter(CultureInfo.InvariantCulture);

        PropagationCsv.WriteVallado(tle, csv, err);

        string[] rows = csv.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(PropagationCsv.Header, rows[0]);

        // Every reference row (less 33334's reprinted line) appears, in order, within 1 mm.
        List<ValladoCase> reference = ValladoReferenceOutput.Read(TestDataFiles.ValladoOutput);
        var expected = reference.Where(c => c.CatalogNumber != 33334).SelectMany(c => c.Rows.Select(r => (c.CatalogNumber, Row: r))).ToList();
        Assert.Equal(expected.Count, rows.Length - 1);
        for (int i = 0; i < expected.Count; i++)
        {
            double[] f = rows[i + 1].Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            (int satnum, ValladoRow e) = expected[i];
            Assert.Equal(satnum, (int)f[0]);
            Assert.Equal(e.Minutes, f[1], 1e-6);
            Assert.Equal(e.X, f[2], 1e-6);
            Assert.Equal(e.Z, f[4], 1e-6);
            Assert.Equal(e.Vy, f[6], 1e-8);
        }

        string[] errLines = err.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
            [
                "22312,494.20286720,1",
                "28350,1560.00000000,1",
                "28872,55.00000000,6",
                "29141,440.00000000,6",
                "33333,25.00000000,4",
                "33334,0.00000000,3",
                "20413,1844345.00000000,6",
            ],
            errLines.Where(l => !l.StartsWith('#')));
        // Vallado's hand-made cases 33333-33335 carry wrong checksums: warned about, still propagated.
        Assert.Equal(
            [
                "# warning: line 100, columns 69: checksum is 4, expected 2",
                "# warning: line 101, columns 69: checksum is 8, expected 0",
                "# warning: line 103, columns 69: checksum is 9, expected 6",
                "# warning: line 106, columns 69: checksum is 0, expected 3",
                "# warning: line 107, columns 69: checksum is 1, expected 7",
            ],
            errLines.Where(l => l.StartsWith('#')));
    }

    [Fact]
    public void Grid_csv_includes_the_stop_time_and_refuses_bad_checksums()
    {
        const string Text = """
            ISS (ZARYA)
            1 25544U 98067A   26078.12958500  .00009105  00000+0  17698-3 0  9991
            2 25544  51.6344  25.6919 0006229 207.4819 152.5840 15.48370465557798
            BAD CHECKSUM
            1 00005U 58002B   00179.78495062  .00000023  00000-0  28098-4 0  4754
            2 00005  34.2682 348.7242 1859667 331.7664  19.3264 10.82419157413667
            """;
        var csv = new StringWriter(CultureInfo.InvariantCulture);
        var err = new StringWriter(CultureInfo.InvariantCulture);

        PropagationCsv.WriteGrid(new StringReader(Text), csv, err, -10.0, 25.0, 10.0);

        string[] rows = csv.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["-10.00000000", "0.00000000", "10.00000000", "20.00000000", "25.00000000"], rows.Skip(1).Select(r => r.Split(',')[1]));
        Assert.All(rows.Skip(1), r => Assert.StartsWith("25544,", r, StringComparison.Ordinal));
        Assert.Equal("# error: line 5, columns 69: checksum is 4, expected 3", err.ToString().Trim());

        var iss = new Sgp4Propagator(TleCatalog.Parse(Text).ElementSets[0]);
        Sgp4Result at25 = iss.Propagate(25.0);
        Assert.Equal(at25.XKm, double.Parse(rows[^1].Split(',')[2], CultureInfo.InvariantCulture), 1e-9);
    }

    [Fact]
    public void Grid_rejects_bad_ranges()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PropagationCsv.WriteGrid(new StringReader(""), TextWriter.Null, TextWriter.Null, 0, 10, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => PropagationCsv.WriteGrid(new StringReader(""), TextWriter.Null, TextWriter.Null, 10, 0, 1));
        Assert.Throws<ArgumentNullException>(() => PropagationCsv.WriteVallado(null!, TextWriter.Null, TextWriter.Null));
    }
}

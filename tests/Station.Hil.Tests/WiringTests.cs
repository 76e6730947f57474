using System.Xml.Linq;
using Station.Cli.Wiring;
using Station.Devices.Board;

namespace Station.Hil.Tests;

/// <summary>
/// The committed wiring diagram and pin table are generated from the committed pin map; these tests fail when someone
/// edits one without regenerating the others, so the bench never wires from a stale drawing.
/// </summary>
public sealed class WiringTests
{
    private const string RegenerateHint =
        "Regenerate with `dotnet run --project host-tools/Station.Cli -- wiring` and commit the result.";

    private static readonly string RepositoryRoot = FindRepositoryRoot();
    private static readonly string SchematicsDirectory = Path.Combine(RepositoryRoot, "schematics");
    private static readonly PinMap Map = PinMapLoader.Load(Path.Combine(SchematicsDirectory, "station.pins.json"));

    [Fact]
    public void Committed_wiring_svg_matches_the_pin_map()
    {
        AssertCommittedFileIsCurrent(WiringRenderer.SvgFileName, WiringRenderer.RenderSvg(Map));
    }

    [Fact]
    public void Committed_pins_markdown_matches_the_pin_map()
    {
        AssertCommittedFileIsCurrent(WiringRenderer.MarkdownFileName, WiringRenderer.RenderMarkdown(Map));
    }

    [Fact]
    public void Svg_is_well_formed_and_shows_every_device_and_pin()
    {
        var svg = XDocument.Parse(WiringRenderer.RenderSvg(Map));
        var texts = svg.Descendants().Where(element => element.Name.LocalName == "text").Select(element => element.Value).ToList();

        Assert.All(DeviceId.All, id => Assert.Contains(id, texts));
        Assert.All(Enumerable.Range(1, 40), pin => Assert.Contains(pin.ToString(System.Globalization.CultureInfo.InvariantCulture), texts));
    }

    [Fact]
    public void Rendering_is_deterministic()
    {
        var reloaded = PinMapLoader.Load(Path.Combine(SchematicsDirectory, "station.pins.json"));

        Assert.Equal(WiringRenderer.RenderSvg(Map), WiringRenderer.RenderSvg(reloaded));
        Assert.Equal(WiringRenderer.RenderMarkdown(Map), WiringRenderer.RenderMarkdown(reloaded));
    }

    [Fact]
    public void Markdown_lists_every_physical_pin_and_says_it_is_generated()
    {
        var lines = WiringRenderer.RenderMarkdown(Map).Split('\n');

        Assert.Contains(lines, line => line.Contains("stationctl wiring", StringComparison.Ordinal));
        Assert.Contains("| 24 | 8 | GPIO8 (SPI0 CE0) | az_motor | SPI0 chip select 0 | output |  | low |", lines);
        Assert.Contains("| 29 | 5 | GPIO5 (general purpose) | gate_counter | enable_ch0 | output | none | high |", lines);
        Assert.Equal(40, lines.Count(line => System.Text.RegularExpressions.Regex.IsMatch(line, @"^\| \d+ \| ")));
    }

    [Fact]
    public void Command_writes_both_files_and_says_so()
    {
        var output = Directory.CreateTempSubdirectory("wiring-");
        try
        {
            using var log = new StringWriter();

            var exitCode = WiringCommand.Run(Path.Combine(SchematicsDirectory, "station.pins.json"), output.FullName, log);

            Assert.Equal(WiringCommand.Success, exitCode);
            Assert.Equal(WiringRenderer.RenderSvg(Map), File.ReadAllText(Path.Combine(output.FullName, "wiring.svg")));
            Assert.Equal(WiringRenderer.RenderMarkdown(Map), File.ReadAllText(Path.Combine(output.FullName, "PINS.md")));
            Assert.Contains($"wrote {Path.Combine(output.FullName, "wiring.svg")}", log.ToString(), StringComparison.Ordinal);
            Assert.Contains($"wrote {Path.Combine(output.FullName, "PINS.md")}", log.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    [Fact]
    public void Command_refuses_a_conflicting_pin_map_and_writes_nothing()
    {
        var work = Directory.CreateTempSubdirectory("wiring-");
        try
        {
            var pinMap = Path.Combine(work.FullName, "station.pins.json");
            var json = File.ReadAllText(Path.Combine(SchematicsDirectory, "station.pins.json"));
            File.WriteAllText(pinMap, json.Replace("\"line\": 5,", "\"line\": 8,", StringComparison.Ordinal));
            var outputDirectory = Path.Combine(work.FullName, "out");
            using var log = new StringWriter();

            var exitCode = WiringCommand.Run(pinMap, outputDirectory, log);

            Assert.Equal(WiringCommand.InvalidPinMap, exitCode);
            Assert.Contains("BCM 8 is used by az_motor (SPI0 chip select 0) and by gate_counter (GPIO enable_ch0)", log.ToString(), StringComparison.Ordinal);
            Assert.False(Directory.Exists(outputDirectory));
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static void AssertCommittedFileIsCurrent(string fileName, string expected)
    {
        var path = Path.Combine(SchematicsDirectory, fileName);
        Assert.True(File.Exists(path), $"schematics/{fileName} is missing. {RegenerateHint}");
        var committed = File.ReadAllText(path);
        Assert.True(committed == expected, $"schematics/{fileName} is out of date with schematics/station.pins.json ({FirstDifference(committed, expected)}). {RegenerateHint}");
    }

    private static string FirstDifference(string committed, string expected)
    {
        var committedLines = committed.Split('\n');
        var expectedLines = expected.Split('\n');
        for (var index = 0; index < Math.Max(committedLines.Length, expectedLines.Length); index++)
        {
            var have = index < committedLines.Length ? committedLines[index] : "<end of file>";
            var want = index < expectedLines.Length ? expectedLines[index] : "<end of file>";
            if (have != want)
            {
                return $"first difference at line {index + 1}: committed '{have}', generated '{want}'";
            }
        }

        return "line endings differ";
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Controller.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Controller.sln above {AppContext.BaseDirectory}.");
    }
}

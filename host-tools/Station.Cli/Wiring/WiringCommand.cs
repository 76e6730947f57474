using System.Text;
using Station.Devices.Board;

namespace Station.Cli.Wiring;

/// <summary>The body of <c>stationctl wiring</c>: validate the pin map, then write wiring.svg and PINS.md.</summary>
public static class WiringCommand
{
    public const int Success = 0;
    public const int InvalidPinMap = 1;
    public const int CannotWrite = 2;

    private static readonly UTF8Encoding Utf8WithoutBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <returns>0 when both files were written; 1 when the pin map is invalid (nothing written); 2 on a write error.</returns>
    public static int Run(string pinMapPath, string outputDirectory, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        PinMap map;
        try
        {
            map = PinMapLoader.Load(pinMapPath);
        }
        catch (PinMapException exception)
        {
            output.WriteLine(exception.Message);
            output.WriteLine("Nothing was written.");
            return InvalidPinMap;
        }

        // Render both before writing either, so a renderer failure cannot leave the pair out of step.
        var files = new (string Name, string Content)[]
        {
            (WiringRenderer.SvgFileName, WiringRenderer.RenderSvg(map)),
            (WiringRenderer.MarkdownFileName, WiringRenderer.RenderMarkdown(map)),
        };

        try
        {
            Directory.CreateDirectory(outputDirectory);
            foreach (var (name, content) in files)
            {
                var path = Path.Combine(outputDirectory, name);
                File.WriteAllText(path, content, Utf8WithoutBom);
                output.WriteLine($"wrote {path}");
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            output.WriteLine($"cannot write to {outputDirectory}: {exception.Message}");
            return CannotWrite;
        }

        return Success;
    }
}

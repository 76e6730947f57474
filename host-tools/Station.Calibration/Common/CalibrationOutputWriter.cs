namespace Station.Calibration.Common;

/// <summary>
/// Writes a calibration's file and plot atomically: each goes to a temporary file in the output directory first and is
/// renamed over its final name only when both were written, so a crash or a full disk never leaves a half-written
/// calibration for the firmware to load.
/// </summary>
public static class CalibrationOutputWriter
{
    /// <summary>Writes <paramref name="fileText"/> as <paramref name="fileName"/> and the plot as <paramref name="plotName"/>; returns both paths.</summary>
    public static (string FilePath, string PlotPath) Write(string directory, string fileName, string fileText, string plotName, Action<string> writePlot)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(fileText);
        ArgumentNullException.ThrowIfNull(writePlot);
        Directory.CreateDirectory(directory);
        string filePath = Path.Combine(directory, fileName), plotPath = Path.Combine(directory, plotName);
        string suffix = $".tmp-{Environment.ProcessId}-{Guid.NewGuid():N}";
        string fileTemp = filePath + suffix, plotTemp = plotPath + suffix + ".png";
        try
        {
            File.WriteAllText(fileTemp, fileText);
            writePlot(plotTemp);
            if (!File.Exists(plotTemp))
            {
                throw new IOException($"the plot {plotName} was not written");
            }

            // Same directory, so each rename is atomic; the plot first so a present file always has its plot.
            File.Move(plotTemp, plotPath, overwrite: true);
            File.Move(fileTemp, filePath, overwrite: true);
            return (filePath, plotPath);
        }
        finally
        {
            File.Delete(fileTemp);
            File.Delete(plotTemp);
        }
    }
}

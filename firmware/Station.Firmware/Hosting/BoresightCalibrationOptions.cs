using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Station.Core.Acquisition;
using Station.Core.Calibration;
using Station.Firmware.Acquisition;

namespace Station.Firmware.Hosting;

/// <summary>
/// <c>Station:Calibration:BoresightPath</c>: the camera-boresight calibration file (from <c>camera-boresight.cs</c>).
/// Read and checked at start-up (format, version, station, every field); beacon acquisition then converts centroids
/// to angles with its boresight, plate scale and rotation. Empty: the acquisition tuning's camera geometry is used.
/// </summary>
public sealed class BoresightCalibrationOptions
{
    public const string SectionName = "Station:Calibration";

    public string? BoresightPath { get; set; }

    /// <summary>The camera calibration in the file, or null when none is configured.</summary>
    /// <exception cref="CalibrationFileException">The file is malformed or made for another station.</exception>
    public CameraCalibration? Load(string? expectedStation) =>
        BoresightPath is { Length: > 0 } path ? BoresightFile.Parse(File.ReadAllText(path), path, expectedStation).Camera : null;
}

/// <summary>Start-up check of <see cref="BoresightCalibrationOptions"/>: the file must exist and parse, naming the file and field.</summary>
public sealed class BoresightCalibrationOptionsValidator(IOptions<StationOptions> station) : IValidateOptions<BoresightCalibrationOptions>
{
    public ValidateOptionsResult Validate(string? name, BoresightCalibrationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.BoresightPath is not { Length: > 0 } path)
        {
            return ValidateOptionsResult.Success;
        }

        if (!File.Exists(path))
        {
            return ValidateOptionsResult.Fail($"Station:Calibration:BoresightPath '{path}' does not exist");
        }

        try
        {
            options.Load(station.Value.ExpectedStation);
            return ValidateOptionsResult.Success;
        }
        catch (Exception ex) when (ex is CalibrationFileException or IOException or UnauthorizedAccessException)
        {
            return ValidateOptionsResult.Fail($"Station:Calibration:BoresightPath: {ex.Message}");
        }
    }
}

public static partial class StationHost
{
    /// <summary>Binds and validates the boresight calibration at start-up, and hands its camera geometry to beacon acquisition.</summary>
    public static IServiceCollection AddBoresightCalibration(this IServiceCollection services)
    {
        services.AddOptions<BoresightCalibrationOptions>().BindConfiguration(BoresightCalibrationOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BoresightCalibrationOptions>, BoresightCalibrationOptionsValidator>();
        services.AddOptions<BeaconAcquisitionOptions>().Configure<IOptions<BoresightCalibrationOptions>, IOptions<StationOptions>>((acquisition, boresight, station) =>
        {
            if (boresight.Value.Load(station.Value.ExpectedStation) is { } camera)
            {
                acquisition.Tracker = acquisition.Tracker with { Camera = camera };
            }
        });
        return services;
    }
}

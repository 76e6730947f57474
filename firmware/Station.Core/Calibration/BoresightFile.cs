using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Station.Core.Acquisition;
using UnitsNet;

namespace Station.Core.Calibration;

/// <summary>
/// The camera-boresight calibration file (JSON, versioned) that <c>camera-boresight.cs</c> writes and the firmware loads
/// at start-up (<c>Station:Calibration:BoresightPath</c>) for beacon acquisition's centroid → angle conversion: the
/// header, then the boresight pixel, plate scale, rotation (and its change with elevation), the sensor size and the
/// fit's residual. Parsing names the file and the field of anything wrong.
/// </summary>
public sealed record BoresightFile(CalibrationHeader Header, CameraCalibration Camera, double ResidualRmsPx)
{
    public const string Format = "qkd-station/camera-boresight";
    public const int Version = 1;

    public string ToJson()
    {
        ArgumentNullException.ThrowIfNull(Header);
        var root = Header.WriteTo([]);
        root["sensor_width_px"] = Camera.SensorWidth;
        root["sensor_height_px"] = Camera.SensorHeight;
        root["boresight_x_px"] = Camera.BoresightXPx;
        root["boresight_y_px"] = Camera.BoresightYPx;
        root["plate_scale_urad_per_px"] = Camera.PlateScale.Microradians;
        root["rotation_deg"] = Camera.Rotation.Degrees;
        root["elevation_rotation_factor"] = Camera.ElevationRotationFactor;
        root["mirrored"] = Camera.Mirrored;
        root["residual_rms_px"] = ResidualRmsPx;
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>Parses a file; <paramref name="source"/> names it in messages; with <paramref name="expectedStation"/> another station's file is refused.</summary>
    /// <exception cref="CalibrationFileException">Anything missing, malformed, out of range or for another station.</exception>
    public static BoresightFile Parse(string json, string source, string? expectedStation = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonObject root;
        try
        {
            root = JsonNode.Parse(json) as JsonObject ?? throw new CalibrationFileException($"{source}: expected a JSON object at the top level");
        }
        catch (JsonException ex)
        {
            throw new CalibrationFileException($"{source}: not valid JSON (line {ex.LineNumber + 1}): {ex.Message}");
        }

        var header = CalibrationHeader.Read(root, Format, Version, expectedStation, source);
        var camera = new CameraCalibration
        {
            SensorWidth = (int)Number(root, "sensor_width_px", source, 1, 16384),
            SensorHeight = (int)Number(root, "sensor_height_px", source, 1, 16384),
            BoresightXPx = Number(root, "boresight_x_px", source, 0, 16383),
            BoresightYPx = Number(root, "boresight_y_px", source, 0, 16383),
            PlateScale = Angle.FromMicroradians(Number(root, "plate_scale_urad_per_px", source, 0.001, 1e5)),
            Rotation = Angle.FromDegrees(Number(root, "rotation_deg", source, -180, 180)),
            ElevationRotationFactor = Number(root, "elevation_rotation_factor", source, -1, 1),
            Mirrored = root["mirrored"]?.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? root["mirrored"]!.GetValue<bool>()
                : throw new CalibrationFileException($"{source}: 'mirrored' is {root["mirrored"]?.ToJsonString() ?? "missing"}; expected true or false"),
        };
        try
        {
            camera.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new CalibrationFileException($"{source}: {ex.Message}");
        }

        return new BoresightFile(header, camera, Number(root, "residual_rms_px", source, 0, 1e6));
    }

    private static double Number(JsonObject root, string key, string source, double min, double max)
    {
        var node = root[key];
        if (node is null || node.GetValueKind() != JsonValueKind.Number)
        {
            throw new CalibrationFileException($"{source}: '{key}' is {node?.ToJsonString() ?? "missing"}; expected a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}");
        }

        double value = node.GetValue<double>();
        return double.IsFinite(value) && value >= min && value <= max ? value
            : throw new CalibrationFileException(string.Create(CultureInfo.InvariantCulture, $"{source}: '{key}' is {value}; expected a number from {min} to {max}"));
    }
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Station.Core.Calibration;
using UnitsNet;

namespace Station.Core.Pointing;

/// <summary>
/// The pointing-model calibration file (JSON, versioned) that the calibration script writes and the firmware
/// loads at start-up: the calibration header (format, version, station, created_utc, inputs — see
/// <see cref="CalibrationHeader"/>), the fitted terms with their uncertainties and the fit's residuals.
/// Parsing rejects anything it does not understand with the field named, so a damaged file, or one made for another
/// station, cannot silently load a wrong model.
/// </summary>
public sealed record PointingModelFile(string Station, DateTimeOffset CreatedUtc, int ObservationCount, IReadOnlyList<FittedTerm> Terms, double RmsBeforeArcsec, double RmsAfterArcsec)
{
    public const string Format = "qkd-station/pointing-model";
    public const int Version = 1;

    /// <summary>What the calibration was made from (script options, stars, weather…): the header's <c>inputs</c>.</summary>
    public JsonObject Inputs { get; init; } = [];

    /// <summary>The header this file carries.</summary>
    public CalibrationHeader Header => new(Format, Version, Station, CreatedUtc, Inputs);

    /// <summary>The model the file describes.</summary>
    public PointingModel ToModel() => new(Terms.ToDictionary(t => t.Term, t => t.Value));

    /// <summary>A file from a fit.</summary>
    public static PointingModelFile FromFit(PointingFitResult fit, string station, DateTimeOffset createdUtc)
    {
        ArgumentNullException.ThrowIfNull(fit);
        return new PointingModelFile(station, createdUtc, fit.ObservationCount, fit.Terms, fit.RmsBefore.Arcseconds, fit.RmsAfter.Arcseconds);
    }

    public string ToJson()
    {
        var terms = new JsonObject();
        foreach (var t in Terms)
        {
            var entry = new JsonObject { ["value_arcsec"] = t.Value.Arcseconds };
            entry["sigma_arcsec"] = t.Uncertainty is { } u ? u.Arcseconds : null;
            terms[t.Term.ToString()] = entry;
        }

        var root = Header.WriteTo([]);
        root["observations"] = ObservationCount;
        root["rms_before_arcsec"] = RmsBeforeArcsec;
        root["rms_after_arcsec"] = RmsAfterArcsec;
        root["terms"] = terms;
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>
    /// Parses a file; <paramref name="source"/> names it in error messages. With <paramref name="expectedStation"/>, a
    /// file made for another station is refused.
    /// </summary>
    public static PointingModelFile Parse(string json, string source, string? expectedStation = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"{source}: not valid JSON (line {ex.LineNumber + 1}): {ex.Message}", ex);
        }

        if (root is not JsonObject obj)
        {
            throw new FormatException($"{source}: expected a JSON object at the top level.");
        }

        if (obj["station"] is { } stationNode && stationNode.GetValueKind() != JsonValueKind.String)
        {
            throw new FormatException($"{source}: 'station' is {stationNode.ToJsonString()}, expected a string.");
        }

        CalibrationHeader header;
        try
        {
            header = CalibrationHeader.Read(obj, Format, Version, expectedStation, source);
        }
        catch (CalibrationFileException ex)
        {
            throw new FormatException(ex.Message, ex);
        }

        if (obj["terms"] is not JsonObject termsObj)
        {
            throw new FormatException($"{source}: 'terms' is missing or not an object.");
        }

        var terms = new List<FittedTerm>();
        foreach (var (name, node) in termsObj)
        {
            if (!Enum.TryParse<PointingTerm>(name, ignoreCase: false, out var term) || !Enum.IsDefined(term))
            {
                throw new FormatException($"{source}: unknown pointing term '{name}'; expected one of {string.Join(", ", PointingTerms.All)}.");
            }

            if (node is not JsonObject entry)
            {
                throw new FormatException($"{source}: terms.{name} must be an object with value_arcsec and sigma_arcsec.");
            }

            double value = Required<double>(entry, "value_arcsec", $"{source}: terms.{name}");
            double? sigma = entry["sigma_arcsec"] is null ? null : Required<double>(entry, "sigma_arcsec", $"{source}: terms.{name}");
            if (!double.IsFinite(value) || Math.Abs(value) > 3600)
            {
                throw new FormatException($"{source}: terms.{name}.value_arcsec {value} is outside ±3600″; a pointing term that large means a wrong file or a broken mount.");
            }

            terms.Add(new FittedTerm(term, Angle.FromArcseconds(value), sigma is { } s ? Angle.FromArcseconds(s) : null));
        }

        return new PointingModelFile(
            header.Station,
            header.CreatedUtc,
            Required<int>(obj, "observations", source),
            terms,
            Required<double>(obj, "rms_before_arcsec", source),
            Required<double>(obj, "rms_after_arcsec", source))
        {
            Inputs = header.Inputs,
        };
    }

    private static T Required<T>(JsonObject obj, string key, string where)
    {
        var node = obj[key] ?? throw new FormatException($"{where}: '{key}' is missing.");
        try
        {
            return node.GetValue<T>();
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException)
        {
            throw new FormatException($"{where}: '{key}' is {node.ToJsonString()}, expected a {(typeof(T) == typeof(string) ? "string" : "number")}.", ex);
        }
    }
}

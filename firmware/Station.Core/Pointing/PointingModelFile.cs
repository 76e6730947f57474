using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using UnitsNet;

namespace Station.Core.Pointing;

/// <summary>
/// The pointing-model calibration file (JSON, versioned) that the calibration script writes and the firmware
/// loads at start-up: the fitted terms with their uncertainties, the fit's residuals, when and for which station.
/// Parsing rejects anything it does not understand with the field named, so a damaged file cannot silently
/// load a wrong model.
/// </summary>
public sealed record PointingModelFile(string Station, DateTimeOffset CreatedUtc, int ObservationCount, IReadOnlyList<FittedTerm> Terms, double RmsBeforeArcsec, double RmsAfterArcsec)
{
    public const string Format = "qkd-station/pointing-model";
    public const int Version = 1;

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

        var root = new JsonObject
        {
            ["format"] = Format,
            ["version"] = Version,
            ["station"] = Station,
            ["created_utc"] = CreatedUtc.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["observations"] = ObservationCount,
            ["rms_before_arcsec"] = RmsBeforeArcsec,
            ["rms_after_arcsec"] = RmsAfterArcsec,
            ["terms"] = terms,
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>Parses a file; <paramref name="source"/> names it in error messages.</summary>
    public static PointingModelFile Parse(string json, string source)
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

        string format = Required<string>(obj, "format", source);
        if (format != Format)
        {
            throw new FormatException($"{source}: format is '{format}', expected '{Format}'.");
        }

        int version = Required<int>(obj, "version", source);
        if (version != Version)
        {
            throw new FormatException($"{source}: version {version} is not supported; this firmware reads version {Version}.");
        }

        string created = Required<string>(obj, "created_utc", source);
        if (!DateTimeOffset.TryParse(created, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var createdUtc))
        {
            throw new FormatException($"{source}: created_utc '{created}' is not an ISO 8601 time.");
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
            Required<string>(obj, "station", source),
            createdUtc,
            Required<int>(obj, "observations", source),
            terms,
            Required<double>(obj, "rms_before_arcsec", source),
            Required<double>(obj, "rms_after_arcsec", source));
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

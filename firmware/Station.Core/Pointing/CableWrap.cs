using System.Globalization;

namespace Station.Core.Pointing;

/// <summary>
/// Cable-wrap choice: a pass's sky azimuths (0–360°, wrapping at north) become one continuous mount track,
/// placed on the wrap side where the whole track fits the travel, nearest the mount's present azimuth, so the
/// mount never unwinds during a pass.
/// </summary>
public static class CableWrap
{
    /// <summary>Turns sky azimuths (degrees, any branch) into a continuous track starting in [0°, 360°).</summary>
    public static void Unwrap(ReadOnlySpan<double> skyAzimuthDeg, Span<double> continuousDeg)
    {
        if (continuousDeg.Length < skyAzimuthDeg.Length)
        {
            throw new ArgumentException("The output is shorter than the input.", nameof(continuousDeg));
        }

        if (skyAzimuthDeg.IsEmpty)
        {
            return;
        }

        double previous = Normalize(skyAzimuthDeg[0]);
        continuousDeg[0] = previous;
        for (int i = 1; i < skyAzimuthDeg.Length; i++)
        {
            double step = Math.IEEERemainder(skyAzimuthDeg[i] - previous, 360);
            previous += step;
            continuousDeg[i] = previous;
        }
    }

    /// <summary>
    /// The multiple of 360° to add to a continuous track so it fits [min, max], choosing among the fitting ones
    /// the start nearest <paramref name="currentAzimuthDeg"/>. Returns null with the reason when none fits.
    /// </summary>
    public static (double? OffsetDeg, string? Refusal) ChooseOffset(ReadOnlySpan<double> continuousDeg, double currentAzimuthDeg, MountLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (continuousDeg.IsEmpty)
        {
            return (null, "the track is empty");
        }

        double low = double.PositiveInfinity, high = double.NegativeInfinity;
        foreach (double az in continuousDeg)
        {
            low = Math.Min(low, az);
            high = Math.Max(high, az);
        }

        double? best = null;
        double bestDistance = double.PositiveInfinity;
        int kMin = (int)Math.Floor((limits.AzimuthMinDeg - low) / 360) - 1;
        int kMax = (int)Math.Ceiling((limits.AzimuthMaxDeg - high) / 360) + 1;
        for (int k = kMin; k <= kMax; k++)
        {
            double offset = 360.0 * k;
            if (low + offset < limits.AzimuthMinDeg || high + offset > limits.AzimuthMaxDeg)
            {
                continue;
            }

            double distance = Math.Abs(continuousDeg[0] + offset - currentAzimuthDeg);
            if (distance < bestDistance)
            {
                best = offset;
                bestDistance = distance;
            }
        }

        return best is null
            ? (null, string.Create(CultureInfo.InvariantCulture, $"the pass sweeps {high - low:0.#}° of azimuth, which fits no wrap of the travel {limits.AzimuthMinDeg}°…{limits.AzimuthMaxDeg}°"))
            : (best, null);
    }

    private static double Normalize(double deg)
    {
        double r = deg % 360;
        return r < 0 ? r + 360 : r;
    }
}
